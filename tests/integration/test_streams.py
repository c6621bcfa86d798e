"""DynamoDB Streams: StreamSpecification on CreateTable/UpdateTable, the Streams API
(ListStreams, DescribeStream, GetShardIterator, GetRecords), exactly one record per real
change in order, for every write path, and DynamoDB's errors."""
import pytest
from botocore.exceptions import ClientError

from conftest import create_table, make_client
from streams_support import (
    VIEW_TYPES,
    N,
    S,
    all_shards,
    error_of,
    make_streams_client,
    raw_error,
    read_shard,
    read_stream,
    stream_table,
    summary,
)


@pytest.fixture(scope="module")
def streams(server):
    return make_streams_client(server.url)


# ----- StreamSpecification and the table description -----


def test_create_table_with_a_stream_describes_it(client, streams):
    name, arn = stream_table(client, "NEW_IMAGE")
    table = client.describe_table(TableName=name)["Table"]
    assert table["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
    assert arn == table["TableArn"] + "/stream/" + table["LatestStreamLabel"]
    listed = streams.list_streams(TableName=name)["Streams"]
    assert listed == [{"StreamArn": arn, "TableName": name, "StreamLabel": table["LatestStreamLabel"]}]
    desc = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert desc["StreamStatus"] == "ENABLED"
    assert desc["StreamViewType"] == "NEW_IMAGE"
    assert desc["TableName"] == name
    assert desc["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}]
    assert len(desc["Shards"]) == 1
    shard = desc["Shards"][0]
    assert 28 <= len(shard["ShardId"]) <= 65
    assert "ParentShardId" not in shard
    assert shard["SequenceNumberRange"]["StartingSequenceNumber"].isdecimal()
    assert "EndingSequenceNumber" not in shard["SequenceNumberRange"]


def test_stream_enabled_false_is_no_stream(client, streams):
    name = create_table(client, StreamSpecification={"StreamEnabled": False})
    table = client.describe_table(TableName=name)["Table"]
    assert "StreamSpecification" not in table and "LatestStreamArn" not in table
    assert streams.list_streams(TableName=name)["Streams"] == []


def test_stream_specification_errors(client):
    with pytest.raises(ClientError) as e:
        create_table(client, StreamSpecification={"StreamEnabled": True, "StreamViewType": "Fisk"})
    assert e.value.response["Error"]["Code"] == "ValidationException"
    assert "streamSpecification.streamViewType" in e.value.response["Error"]["Message"]
    name = create_table(client)
    with pytest.raises(ClientError) as e:
        client.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})
    assert e.value.response["Error"]["Code"] == "ValidationException"
    assert "stream" in e.value.response["Error"]["Message"]
    client.update_table(
        TableName=name, StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}
    )
    for view in ["KEYS_ONLY", "OLD_IMAGE"]:
        with pytest.raises(ClientError) as e:
            client.update_table(
                TableName=name, StreamSpecification={"StreamEnabled": True, "StreamViewType": view}
            )
        assert e.value.response["Error"]["Code"] == "ValidationException"
        assert "already" in e.value.response["Error"]["Message"]


def test_enable_disable_cycles_make_new_streams_and_keep_old_ones_readable(client, streams):
    name = create_table(client)
    arns = []
    for i, view in enumerate(VIEW_TYPES):
        desc = client.update_table(
            TableName=name, StreamSpecification={"StreamEnabled": True, "StreamViewType": view}
        )["TableDescription"]
        arns.append(desc["LatestStreamArn"])
        client.put_item(TableName=name, Item={"pk": S(f"k{i}")})
        desc = client.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})[
            "TableDescription"
        ]
        assert "StreamSpecification" not in desc
        assert desc["LatestStreamArn"] == arns[-1]
        client.put_item(TableName=name, Item={"pk": S(f"after{i}")})  # no stream: no record
    assert len(set(arns)) == len(arns)
    listed = {s["StreamArn"] for s in streams.list_streams(TableName=name)["Streams"]}
    assert listed == set(arns)
    for i, (arn, view) in enumerate(zip(arns, VIEW_TYPES)):
        desc = streams.describe_stream(StreamArn=arn)["StreamDescription"]
        assert desc["StreamStatus"] == "DISABLED"
        assert desc["StreamViewType"] == view
        for shard in desc["Shards"]:
            assert "EndingSequenceNumber" in shard["SequenceNumberRange"]
        records = read_stream(streams, arn)
        assert [r["dynamodb"]["Keys"] for r in records] == [{"pk": S(f"k{i}")}]
        assert records[0]["dynamodb"]["StreamViewType"] == view


def test_a_deleted_tables_stream_stays_readable(client, streams):
    name, arn = stream_table(client)
    client.put_item(TableName=name, Item={"pk": S("x")})
    client.delete_table(TableName=name)
    desc = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert desc["StreamStatus"] == "DISABLED"
    assert len(read_stream(streams, arn)) == 1


# ----- records: what, in which order, and with which images -----


@pytest.mark.parametrize("view", VIEW_TYPES)
def test_each_view_type_keeps_its_images(client, streams, view):
    name, arn = stream_table(client, view, range_type="N")
    key = {"pk": S("a"), "sk": N(1)}
    client.put_item(TableName=name, Item={**key, "v": S("one")})
    client.update_item(
        TableName=name,
        Key=key,
        UpdateExpression="SET v = :v",
        ExpressionAttributeValues={":v": S("two")},
    )
    client.delete_item(TableName=name, Key=key)
    v1, v2 = {**key, "v": S("one")}, {**key, "v": S("two")}
    keep_new = view in ("NEW_IMAGE", "NEW_AND_OLD_IMAGES")
    keep_old = view in ("OLD_IMAGE", "NEW_AND_OLD_IMAGES")
    expected = [
        ("INSERT", key, None, v1 if keep_new else None),
        ("MODIFY", key, v1 if keep_old else None, v2 if keep_new else None),
        ("REMOVE", key, v2 if keep_old else None, None),
    ]
    records = read_stream(streams, arn)
    assert summary(records) == expected
    for r in records:
        assert r["eventVersion"] == "1.1"
        assert r["eventSource"] == "aws:dynamodb"
        assert r["awsRegion"] == "us-east-1"
        assert r["dynamodb"]["StreamViewType"] == view
        assert r["dynamodb"]["SizeBytes"] > 0
        assert "userIdentity" not in r
    assert len({r["eventID"] for r in records}) == 3
    seqs = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
    assert seqs == sorted(seqs) and len(set(seqs)) == 3


def test_writes_that_change_nothing_make_no_record(client, streams):
    name, arn = stream_table(client)
    item = {"pk": S("a"), "m": {"M": {"x": N(1), "y": N(2)}}, "s": {"SS": ["b", "a"]}}
    client.put_item(TableName=name, Item=item)
    client.put_item(TableName=name, Item=item)  # identical
    client.put_item(
        TableName=name,
        Item={"pk": S("a"), "m": {"M": {"y": N(2), "x": N("1.0")}}, "s": {"SS": ["a", "b"]}},
    )  # equal values, written differently
    client.update_item(TableName=name, Key={"pk": S("a")}, UpdateExpression="REMOVE absent_attr")
    client.update_item(
        TableName=name,
        Key={"pk": S("a")},
        UpdateExpression="ADD n :z",
        ExpressionAttributeValues={":z": N(0)},
    )  # adds a new attribute n = 0: a change
    client.delete_item(TableName=name, Key={"pk": S("nothing")})  # absent
    client.batch_write_item(
        RequestItems={name: [{"DeleteRequest": {"Key": {"pk": S("also-nothing")}}}]}
    )
    assert [r["eventName"] for r in read_stream(streams, arn)] == ["INSERT", "MODIFY"]


def test_failed_conditional_writes_make_no_record(client, streams):
    name, arn = stream_table(client)
    client.put_item(TableName=name, Item={"pk": S("a")})
    with pytest.raises(ClientError):
        client.put_item(
            TableName=name, Item={"pk": S("a"), "x": N(1)}, ConditionExpression="attribute_not_exists(pk)"
        )
    assert [r["eventName"] for r in read_stream(streams, arn)] == ["INSERT"]


def test_batch_writes_make_one_record_each(client, streams):
    name, arn = stream_table(client)
    client.put_item(TableName=name, Item={"pk": S("old"), "v": N(1)})
    client.batch_write_item(
        RequestItems={
            name: [
                {"PutRequest": {"Item": {"pk": S("new1")}}},
                {"PutRequest": {"Item": {"pk": S("old"), "v": N(2)}}},
                {"PutRequest": {"Item": {"pk": S("new2")}}},
                {"DeleteRequest": {"Key": {"pk": S("missing")}}},
            ]
        }
    )
    client.batch_write_item(RequestItems={name: [{"DeleteRequest": {"Key": {"pk": S("new1")}}}]})
    got = sorted((e, k["pk"]["S"]) for e, k, _, _ in summary(read_stream(streams, arn)))
    assert got == sorted(
        [("INSERT", "old"), ("INSERT", "new1"), ("MODIFY", "old"), ("INSERT", "new2"), ("REMOVE", "new1")]
    )


def test_a_batch_in_one_partition_makes_each_items_own_record(client, streams):
    # Several items of one partition in one BatchWriteItem, committed together: every
    # record still carries its own item's keys and images. DynamoDB orders records per
    # item only, so they are compared per item (a stable sort by sort key).
    name, arn = stream_table(client, range_type="N")

    def key(sk):
        return {"pk": S("p"), "sk": N(sk)}

    def item(sk, v):
        return {**key(sk), "v": N(v)}

    client.batch_write_item(
        RequestItems={name: [{"PutRequest": {"Item": item(sk, sk)}} for sk in range(3)]}
    )
    client.batch_write_item(
        RequestItems={
            name: [
                {"PutRequest": {"Item": item(0, 100)}},
                {"DeleteRequest": {"Key": key(1)}},
                {"DeleteRequest": {"Key": key(7)}},  # absent: no record
                {"PutRequest": {"Item": item(2, 102)}},
                {"PutRequest": {"Item": item(3, 103)}},
            ]
        }
    )
    per_item = sorted(summary(read_stream(streams, arn)), key=lambda r: int(r[1]["sk"]["N"]))
    assert per_item == [
        ("INSERT", key(0), None, item(0, 0)),
        ("MODIFY", key(0), item(0, 0), item(0, 100)),
        ("INSERT", key(1), None, item(1, 1)),
        ("REMOVE", key(1), item(1, 1), None),
        ("INSERT", key(2), None, item(2, 2)),
        ("MODIFY", key(2), item(2, 2), item(2, 102)),
        ("INSERT", key(3), None, item(3, 103)),
    ]


def test_transactions_make_records_in_every_table_or_none(client, streams):
    a, arn_a = stream_table(client)
    b, arn_b = stream_table(client, "KEYS_ONLY")
    client.put_item(TableName=a, Item={"pk": S("acct"), "bal": N(10)})
    client.transact_write_items(
        TransactItems=[
            {
                "Update": {
                    "TableName": a,
                    "Key": {"pk": S("acct")},
                    "UpdateExpression": "SET bal = bal - :d",
                    "ExpressionAttributeValues": {":d": N(3)},
                }
            },
            {"Put": {"TableName": b, "Item": {"pk": S("log1")}}},
            {
                "ConditionCheck": {
                    "TableName": b,
                    "Key": {"pk": S("log0")},
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            },
        ]
    )
    with pytest.raises(ClientError) as e:
        client.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": b, "Item": {"pk": S("log2")}}},
                {"Delete": {"TableName": a, "Key": {"pk": S("acct")}, "ConditionExpression": "bal > :big", "ExpressionAttributeValues": {":big": N(100)}}},
            ]
        )
    assert e.value.response["Error"]["Code"] == "TransactionCanceledException"
    assert summary(read_stream(streams, arn_a)) == [
        ("INSERT", {"pk": S("acct")}, None, {"pk": S("acct"), "bal": N(10)}),
        ("MODIFY", {"pk": S("acct")}, {"pk": S("acct"), "bal": N(10)}, {"pk": S("acct"), "bal": N(7)}),
    ]
    assert summary(read_stream(streams, arn_b)) == [("INSERT", {"pk": S("log1")}, None, None)]


def test_per_item_order_holds_under_concurrent_writers(client, streams, server):
    import threading

    name, arn = stream_table(client, "NEW_IMAGE")
    writers, per_writer = 4, 50

    errors = []

    def work(w):
        c = make_client(server.url)
        try:
            for i in range(per_writer):
                c.update_item(
                    TableName=name,
                    Key={"pk": S(f"item{i % 5}")},
                    UpdateExpression="ADD n :one SET writer = :w",
                    ExpressionAttributeValues={":one": N(1), ":w": N(w)},
                )
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    records = read_stream(streams, arn)
    assert len(records) == writers * per_writer
    counts = {}
    for r in records:  # each item's counter rises by exactly one per record, in order
        key = r["dynamodb"]["Keys"]["pk"]["S"]
        counts[key] = counts.get(key, 0) + 1
        assert int(r["dynamodb"]["NewImage"]["n"]["N"]) == counts[key]


# ----- iterators -----


def test_every_iterator_type(client, streams):
    name, arn = stream_table(client, "KEYS_ONLY")
    shard = all_shards(streams, arn)[0]["ShardId"]
    latest_before = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="LATEST")[
        "ShardIterator"
    ]
    for i in range(5):
        client.put_item(TableName=name, Item={"pk": S(f"k{i}")})
    everything = read_shard(streams, arn, shard)
    keys = [r["dynamodb"]["Keys"]["pk"]["S"] for r in everything]
    assert keys == [f"k{i}" for i in range(5)]
    seqs = [r["dynamodb"]["SequenceNumber"] for r in everything]
    at = read_shard(streams, arn, shard, "AT_SEQUENCE_NUMBER", SequenceNumber=seqs[2])
    assert [r["dynamodb"]["SequenceNumber"] for r in at] == seqs[2:]
    after = read_shard(streams, arn, shard, "AFTER_SEQUENCE_NUMBER", SequenceNumber=seqs[2])
    assert [r["dynamodb"]["SequenceNumber"] for r in after] == seqs[3:]
    assert len(streams.get_records(ShardIterator=latest_before)["Records"]) == 5
    latest_now = read_shard(streams, arn, shard, "LATEST")
    assert latest_now == []
    # Limit pages through the shard.
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")[
        "ShardIterator"
    ]
    pages = []
    for _ in range(3):
        r = streams.get_records(ShardIterator=it, Limit=2)
        pages.append([x["dynamodb"]["SequenceNumber"] for x in r["Records"]])
        it = r["NextShardIterator"]
    assert pages == [seqs[0:2], seqs[2:4], seqs[4:5]]
    # An open shard always gives a next iterator, even with nothing new.
    r = streams.get_records(ShardIterator=it)
    assert r["Records"] == [] and "NextShardIterator" in r


def test_a_closed_shard_ends_without_next_iterator(client, streams):
    name, arn = stream_table(client, "KEYS_ONLY")
    client.put_item(TableName=name, Item={"pk": S("a")})
    client.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})
    shard = all_shards(streams, arn)[0]
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")[
        "ShardIterator"
    ]
    r = streams.get_records(ShardIterator=it)
    assert len(r["Records"]) == 1
    if "NextShardIterator" in r:
        r = streams.get_records(ShardIterator=r["NextShardIterator"])
        assert r["Records"] == [] and "NextShardIterator" not in r


def test_streams_api_errors(client, streams, server):
    name, arn = stream_table(client, "KEYS_ONLY")
    shard = all_shards(streams, arn)[0]
    shard_id = shard["ShardId"]
    seq = shard["SequenceNumberRange"]["StartingSequenceNumber"]
    gsi = streams.get_shard_iterator
    for t in ["AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"]:
        assert error_of(gsi, StreamArn=arn, ShardId=shard_id, ShardIteratorType=t)[0] == "ValidationException"
    for t in ["TRIM_HORIZON", "LATEST"]:
        code, _ = error_of(gsi, StreamArn=arn, ShardId=shard_id, ShardIteratorType=t, SequenceNumber=seq)
        assert code == "ValidationException"
    code, msg = error_of(gsi, StreamArn=arn, ShardId=shard_id, ShardIteratorType="bulle")
    assert code == "ValidationException" and "shardIteratorType" in msg
    assert error_of(gsi, StreamArn="x" * 40, ShardId=shard_id, ShardIteratorType="LATEST")[0] == "ValidationException"
    code, _ = error_of(gsi, StreamArn=arn, ShardId="shardId-00000000000000000000-00000000", ShardIteratorType="LATEST")
    assert code == "ResourceNotFoundException"
    other = arn.replace(name, name + "x")
    assert error_of(streams.describe_stream, StreamArn=other)[0] == "ResourceNotFoundException"
    assert error_of(streams.describe_stream, StreamArn="y" * 40)[0] == "ValidationException"
    code, msg = error_of(streams.get_records, ShardIterator="garbage" * 8)
    assert code == "ValidationException"
    it = gsi(StreamArn=arn, ShardId=shard_id, ShardIteratorType="LATEST")["ShardIterator"]
    for limit in [0, -1, 1001]:
        code, msg = raw_error(server.url, "GetRecords", {"ShardIterator": it, "Limit": limit})
        assert code == "ValidationException" and "limit" in msg
    assert raw_error(server.url, "ListStreams", {"Limit": 0})[0] == "ValidationException"
    code, msg = raw_error(
        server.url,
        "DescribeStream",
        {"StreamArn": arn, "ShardFilter": {"Type": "CHILD_SHARDS", "ShardId": "qwerty"}},
    )
    assert code == "ValidationException" and "shardFilter.shardId" in msg
    code, msg = raw_error(
        server.url, "DescribeStream", {"StreamArn": arn, "ShardFilter": {"Type": "foo", "ShardId": shard_id}}
    )
    assert code == "ValidationException" and "shardFilter.type" in msg


def test_list_streams_pages_by_arn(client, streams):
    names = [stream_table(client, "KEYS_ONLY")[0] for _ in range(3)]
    seen, start = [], None
    while True:
        kw = {"ExclusiveStartStreamArn": start} if start else {}
        page = streams.list_streams(Limit=1, **kw)
        assert len(page["Streams"]) <= 1
        seen += [s["TableName"] for s in page["Streams"]]
        start = page.get("LastEvaluatedStreamArn")
        if not start:
            break
    for n in names:
        assert seen.count(n) == 1
