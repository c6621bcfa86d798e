"""BatchWriteItem and BatchGetItem."""
import pytest
from botocore.exceptions import ClientError

from conftest import create_table, error_of



def put(pk, **attrs):
    item = {"pk": {"S": pk}}
    item.update({k: {"S": v} for k, v in attrs.items()})
    return {"PutRequest": {"Item": item}}


def delete(pk):
    return {"DeleteRequest": {"Key": {"pk": {"S": pk}}}}


def test_batch_write_puts_and_deletes_over_two_tables(client, table_s):
    other = create_table(client)
    try:
        client.put_item(TableName=table_s, Item={"pk": {"S": "gone"}})
        r = client.batch_write_item(RequestItems={
            table_s: [put("a", v="1"), put("b", v="2"), delete("gone")],
            other: [put("c", v="3")],
        })
        assert r["UnprocessedItems"] == {}
        got = client.batch_get_item(RequestItems={
            table_s: {"Keys": [{"pk": {"S": k}} for k in ("a", "b", "gone")]},
            other: {"Keys": [{"pk": {"S": "c"}}], "ConsistentRead": True},
        })
        assert sorted(i["pk"]["S"] for i in got["Responses"][table_s]) == ["a", "b"]
        assert got["Responses"][other] == [{"pk": {"S": "c"}, "v": {"S": "3"}}]
        assert got["UnprocessedKeys"] == {}
    finally:
        client.delete_table(TableName=other)


def test_batch_write_limit_is_25(client, table_s):
    with pytest.raises(ClientError) as e:
        client.batch_write_item(RequestItems={table_s: [put(str(i)) for i in range(26)]})
    assert error_of(e)[0] == "ValidationException" and "length less than or equal to 25" in error_of(e)[1]
    other = create_table(client)
    try:
        with pytest.raises(ClientError) as e:
            client.batch_write_item(RequestItems={table_s: [put(str(i)) for i in range(13)],
                                                  other: [put(str(i)) for i in range(13)]})
        assert error_of(e) == ("ValidationException",
                               "Too many items requested for the BatchWriteItem call")
    finally:
        client.delete_table(TableName=other)


def test_batch_write_rejects_duplicates_and_writes_nothing(client, table_s):
    for requests in ([put("x"), put("x")], [put("x"), delete("x")], [delete("x"), delete("x")]):
        with pytest.raises(ClientError) as e:
            client.batch_write_item(RequestItems={table_s: [put("y")] + requests})
        assert error_of(e) == ("ValidationException", "Provided list of item keys contains duplicates")
    assert "Item" not in client.get_item(TableName=table_s, Key={"pk": {"S": "y"}})


def test_batch_write_with_an_invalid_item_writes_nothing(client, table_s):
    with pytest.raises(ClientError) as e:
        client.batch_write_item(RequestItems={table_s: [
            put("ok1"), {"PutRequest": {"Item": {"pk": {"N": "3"}}}}, put("ok2")]})
    assert error_of(e)[0] == "ValidationException"
    for k in ("ok1", "ok2"):
        assert "Item" not in client.get_item(TableName=table_s, Key={"pk": {"S": k}})


def test_batch_write_missing_table(client):
    with pytest.raises(ClientError) as e:
        client.batch_write_item(RequestItems={"no_such_table": [put("a")]})
    assert error_of(e)[0] == "ResourceNotFoundException"


def test_batch_get_limits_and_duplicates(client, table_s):
    with pytest.raises(ClientError) as e:
        client.batch_get_item(RequestItems={table_s: {"Keys": [{"pk": {"S": str(i)}} for i in range(101)]}})
    assert error_of(e)[0] == "ValidationException"
    with pytest.raises(ClientError) as e:
        client.batch_get_item(RequestItems={table_s: {"Keys": [{"pk": {"S": "a"}}, {"pk": {"S": "a"}}]}})
    assert error_of(e) == ("ValidationException", "Provided list of item keys contains duplicates")
    with pytest.raises(ClientError) as e:
        client.batch_get_item(RequestItems={table_s: {"Keys": []}})
    assert error_of(e)[0] == "ValidationException"
    with pytest.raises(ClientError) as e:
        client.batch_get_item(RequestItems={table_s: {"Keys": [{"pk": {"N": "1"}}]}})
    assert error_of(e) == ("ValidationException", "The provided key element does not match the schema")


def test_batch_get_over_16mb_returns_unprocessed_keys(client, table_s):
    big = "x" * (390 * 1024)
    keys = [f"k{i}" for i in range(50)]
    for i in range(0, 50, 5):
        client.batch_write_item(RequestItems={table_s: [put(k, v=big) for k in keys[i:i + 5]]})
    got, pending = [], {table_s: {"Keys": [{"pk": {"S": k}} for k in keys]}}
    rounds = 0
    while pending:
        r = client.batch_get_item(RequestItems=pending)
        got += r["Responses"].get(table_s, [])
        pending = r["UnprocessedKeys"]
        rounds += 1
    assert rounds >= 2
    assert sorted(i["pk"]["S"] for i in got) == sorted(keys)
