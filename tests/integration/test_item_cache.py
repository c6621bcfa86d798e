"""The item cache (--item-cache-mb): whatever its size, every read shows the latest
acknowledged write, under concurrent writers of every kind, and across a table's deletion."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import Server, create_table, make_client


@pytest.fixture(scope="module", params=["0", "1", "64"], ids=["off", "tiny", "default"])
def cached_client(request):
    srv = Server(extra_args=["--item-cache-mb", request.param]).start()
    yield make_client(srv.url)
    assert srv.alive()
    srv.stop()


def key(pk):
    return {"pk": {"S": pk}}


def test_reads_follow_every_kind_of_write(cached_client):
    c = cached_client
    table = create_table(c)
    c.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "1"}})
    assert c.get_item(TableName=table, Key=key("a"))["Item"]["v"] == {"N": "1"}
    c.update_item(TableName=table, Key=key("a"), UpdateExpression="SET v = :v",
                  ExpressionAttributeValues={":v": {"N": "2"}})
    assert c.get_item(TableName=table, Key=key("a"))["Item"]["v"] == {"N": "2"}
    c.batch_write_item(RequestItems={table: [
        {"PutRequest": {"Item": {"pk": {"S": "a"}, "v": {"N": "3"}}}}]})
    assert c.get_item(TableName=table, Key=key("a"))["Item"]["v"] == {"N": "3"}
    c.transact_write_items(TransactItems=[{"Update": {
        "TableName": table, "Key": key("a"), "UpdateExpression": "SET v = :v",
        "ExpressionAttributeValues": {":v": {"N": "4"}}}}])
    assert c.get_item(TableName=table, Key=key("a"))["Item"]["v"] == {"N": "4"}
    c.delete_item(TableName=table, Key=key("a"))
    assert "Item" not in c.get_item(TableName=table, Key=key("a"))
    # A table deleted and created again under its name starts empty.
    c.put_item(TableName=table, Item={"pk": {"S": "b"}})
    assert "Item" in c.get_item(TableName=table, Key=key("b"))
    c.delete_table(TableName=table)
    c.get_waiter("table_not_exists").wait(TableName=table)
    create_table(c, name=table)
    assert "Item" not in c.get_item(TableName=table, Key=key("b"))


def test_concurrent_writers_lose_nothing_and_readers_never_go_back(cached_client):
    c = cached_client
    table = create_table(c)
    keys = [f"k{i}" for i in range(3)]
    for k in keys:
        c.put_item(TableName=table, Item={"pk": {"S": k}, "n": {"N": "0"}})

    def writer(w):
        for i in range(150):
            k = keys[(i + w) % len(keys)]
            new = c.update_item(TableName=table, Key=key(k), UpdateExpression="ADD n :one",
                                ExpressionAttributeValues={":one": {"N": "1"}},
                                ReturnValues="UPDATED_NEW")["Attributes"]["n"]["N"]
            # The writer's own acknowledged write, or a later one, is what a read shows.
            seen = c.get_item(TableName=table, Key=key(k))["Item"]["n"]["N"]
            assert int(seen) >= int(new)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(writer, range(8)))
    total = sum(int(c.get_item(TableName=table, Key=key(k))["Item"]["n"]["N"]) for k in keys)
    assert total == 8 * 150
