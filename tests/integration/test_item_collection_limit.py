"""The item-collection size limit of tables with local secondary indexes: a write that
would grow one partition key value's items and LSI entries past the limit fails with
ItemCollectionSizeLimitExceededException (a transaction: its cancellation reason), while
shrinking writes, deletes, other collections and tables without LSIs go on. The server
runs with a small `--item-collection-limit`, so the tests need not write 10 GB."""
import pytest
from botocore.exceptions import ClientError

from conftest import Server, create_table, error_of, make_client

LIMIT = 20_000
MESSAGE = "The total size of an item collection has exceeded the maximum limit of 10 gigabytes."


def start_server(data_dir):
    return Server(data_dir=str(data_dir), extra_args=["--item-collection-limit", str(LIMIT)]).start()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("collections")


@pytest.fixture(scope="module")
def limited(data_dir):
    srv = start_server(data_dir)
    yield srv
    srv.stop()


@pytest.fixture
def client(limited):
    return make_client(limited.url)


def lsi_table(client):
    return create_table(
        client, range_type="S", attributes={"l": "S"},
        LocalSecondaryIndexes=[{"IndexName": "by_l",
                                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                              {"AttributeName": "l", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "ALL"}}])


def item(pk, sk, size):
    return {"pk": {"S": pk}, "sk": {"S": sk}, "l": {"S": "x"}, "v": {"S": "v" * size}}


def collection_gb(client, table, pk, sk, size):
    """Writes an item and returns the collection size DynamoDB-style metrics report."""
    r = client.put_item(TableName=table, Item=item(pk, sk, size),
                        ReturnItemCollectionMetrics="SIZE")
    return r["ItemCollectionMetrics"]["SizeEstimateRangeGB"]


def assert_limit_error(excinfo):
    assert error_of(excinfo) == ("ItemCollectionSizeLimitExceededException", MESSAGE)


def fill(client, table, pk="full"):
    """Two items whose collection (items + ALL-projected LSI entries) is near the limit."""
    for sk in ("a", "b"):
        client.put_item(TableName=table, Item=item(pk, sk, 4_500))  # ~9 KB each with its entry


def test_a_put_past_the_limit_is_refused(client):
    table = lsi_table(client)
    fill(client, table)
    with pytest.raises(ClientError) as e:
        client.put_item(TableName=table, Item=item("full", "c", 2_000))
    assert_limit_error(e)
    assert "Item" not in client.get_item(TableName=table, Key={"pk": {"S": "full"}, "sk": {"S": "c"}})
    # Another collection of the same table has room of its own.
    client.put_item(TableName=table, Item=item("other", "c", 2_000))


def test_an_update_that_grows_an_item_past_the_limit_is_refused(client):
    table = lsi_table(client)
    fill(client, table)
    key = {"pk": {"S": "full"}, "sk": {"S": "a"}}
    with pytest.raises(ClientError) as e:
        client.update_item(TableName=table, Key=key, UpdateExpression="SET w = :w",
                           ExpressionAttributeValues={":w": {"S": "w" * 2_000}})
    assert_limit_error(e)
    assert "w" not in client.get_item(TableName=table, Key=key)["Item"]
    # Shrinking is always allowed, and makes room.
    client.update_item(TableName=table, Key=key, UpdateExpression="REMOVE v")
    client.put_item(TableName=table, Item=item("full", "c", 2_000))


def test_a_batch_past_the_limit_writes_nothing(client):
    table = lsi_table(client)
    fill(client, table)
    with pytest.raises(ClientError) as e:
        client.batch_write_item(RequestItems={table: [
            {"PutRequest": {"Item": item("fresh", "a", 10)}},
            {"PutRequest": {"Item": item("full", "c", 2_000)}}]})
    assert_limit_error(e)
    got = client.get_item(TableName=table, Key={"pk": {"S": "fresh"}, "sk": {"S": "a"}})
    assert "Item" not in got


def test_a_transaction_past_the_limit_is_canceled_with_its_reason(client):
    table = lsi_table(client)
    fill(client, table)
    with pytest.raises(ClientError) as e:
        client.transact_write_items(TransactItems=[
            {"Put": {"TableName": table, "Item": item("fresh", "a", 10)}},
            {"Put": {"TableName": table, "Item": item("full", "c", 2_000)}}])
    assert e.value.response["Error"]["Code"] == "TransactionCanceledException"
    reasons = e.value.response["CancellationReasons"]
    assert [r["Code"] for r in reasons] == ["None", "ItemCollectionSizeLimitExceeded"]
    assert reasons[1]["Message"] == MESSAGE
    assert "Item" not in client.get_item(TableName=table,
                                         Key={"pk": {"S": "fresh"}, "sk": {"S": "a"}})


def test_deletes_always_succeed_and_free_room(client):
    table = lsi_table(client)
    fill(client, table)
    client.delete_item(TableName=table, Key={"pk": {"S": "full"}, "sk": {"S": "a"}})
    client.put_item(TableName=table, Item=item("full", "c", 4_000))


def test_a_table_without_local_indexes_has_no_collection_limit(client):
    table = create_table(client, range_type="S")
    for sk in "abcdef":
        client.put_item(TableName=table, Item=item("full", sk, 8_000))


def test_collection_sizes_survive_a_kill(limited, data_dir):
    client = make_client(limited.url)
    table = lsi_table(client)
    fill(client, table, pk="kept")
    limited.kill()
    limited.start()
    client = make_client(limited.url)
    with pytest.raises(ClientError) as e:
        client.put_item(TableName=table, Item=item("kept", "c", 2_000))
    assert_limit_error(e)
    assert collection_gb(client, table, "kept", "a", 10) == [0.0, 1.0]
