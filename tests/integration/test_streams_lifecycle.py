"""DynamoDB Streams over time, each on a server of its own: shards that roll over,
retention that trims records and expires disabled streams, streams across a kill and a
restart, and the REMOVE records of TTL expiry."""
import time

import pytest

from conftest import Server, make_client
from streams_support import (
    N,
    S,
    all_shards,
    error_of,
    make_streams_client,
    raw_streams_call,
    read_stream,
    stream_table,
)


@pytest.fixture(scope="module")
def short_lived_server():
    srv = Server(extra_args=["--stream-shard-lifetime", "1", "--stream-retention", "3"]).start()
    yield srv
    srv.stop()


def test_shards_roll_over_and_consumers_follow_parents(short_lived_server):
    client = make_client(short_lived_server.url)
    streams = make_streams_client(short_lived_server.url)
    name, arn = stream_table(client, "KEYS_ONLY")
    client.put_item(TableName=name, Item={"pk": S("first")})
    time.sleep(1.2)
    client.put_item(TableName=name, Item={"pk": S("second")})
    shards = all_shards(streams, arn)
    assert len(shards) == 2
    parent, child = shards
    assert "EndingSequenceNumber" in parent["SequenceNumberRange"]
    assert child["ParentShardId"] == parent["ShardId"]
    assert "EndingSequenceNumber" not in child["SequenceNumberRange"]
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in read_stream(streams, arn)] == ["first", "second"]
    status, reply = raw_streams_call(
        short_lived_server.url,
        "DescribeStream",
        {"StreamArn": arn, "ShardFilter": {"Type": "CHILD_SHARDS", "ShardId": parent["ShardId"]}},
    )
    assert status == 200
    assert [s["ShardId"] for s in reply["StreamDescription"]["Shards"]] == [child["ShardId"]]


def test_records_older_than_the_retention_are_trimmed(short_lived_server):
    client = make_client(short_lived_server.url)
    streams = make_streams_client(short_lived_server.url)
    name, arn = stream_table(client, "KEYS_ONLY")
    client.put_item(TableName=name, Item={"pk": S("old")})
    shard = all_shards(streams, arn)[0]
    first_seq = shard["SequenceNumberRange"]["StartingSequenceNumber"]
    old_iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")[
        "ShardIterator"
    ]
    deadline = time.time() + 20
    while time.time() < deadline and read_stream(streams, arn):
        time.sleep(0.5)
    assert read_stream(streams, arn) == []
    code, _ = error_of(streams.get_records, ShardIterator=old_iterator)
    assert code == "TrimmedDataAccessException"
    if any(s["ShardId"] == shard["ShardId"] for s in all_shards(streams, arn)):
        code, _ = error_of(
            streams.get_shard_iterator,
            StreamArn=arn,
            ShardId=shard["ShardId"],
            ShardIteratorType="AT_SEQUENCE_NUMBER",
            SequenceNumber=first_seq,
        )
        assert code == "TrimmedDataAccessException"
    client.put_item(TableName=name, Item={"pk": S("new")})
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in read_stream(streams, arn)] == ["new"]


def test_a_disabled_stream_expires_after_the_retention(short_lived_server):
    client = make_client(short_lived_server.url)
    streams = make_streams_client(short_lived_server.url)
    name, arn = stream_table(client, "KEYS_ONLY")
    client.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})
    deadline = time.time() + 20
    while time.time() < deadline and streams.list_streams(TableName=name)["Streams"]:
        time.sleep(0.5)
    assert streams.list_streams(TableName=name)["Streams"] == []
    assert error_of(streams.describe_stream, StreamArn=arn)[0] == "ResourceNotFoundException"


def test_streams_survive_a_kill(tmp_path):
    srv = Server(data_dir=str(tmp_path)).start()
    client = make_client(srv.url)
    name, arn = stream_table(client)
    for i in range(20):
        client.put_item(TableName=name, Item={"pk": S(f"k{i}")})
    srv.kill()
    srv = Server(data_dir=str(tmp_path)).start()
    try:
        client = make_client(srv.url)
        streams = make_streams_client(srv.url)
        records = read_stream(streams, arn)
        assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in records] == [f"k{i}" for i in range(20)]
        client.put_item(TableName=name, Item={"pk": S("after")})
        records = read_stream(streams, arn)
        assert records[-1]["dynamodb"]["Keys"]["pk"]["S"] == "after"
        seqs = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    finally:
        srv.stop()


def test_ttl_expiry_writes_remove_records_by_the_service():
    srv = Server(extra_args=["--ttl-interval", "0.2"]).start()
    try:
        client = make_client(srv.url)
        streams = make_streams_client(srv.url)
        name, arn = stream_table(client)
        client.update_time_to_live(
            TableName=name, TimeToLiveSpecification={"AttributeName": "expires", "Enabled": True}
        )
        gone = {"pk": S("gone"), "expires": N(int(time.time()) - 10)}
        client.put_item(TableName=name, Item=gone)
        client.put_item(TableName=name, Item={"pk": S("kept"), "expires": N(int(time.time()) + 3600)})
        client.delete_item(TableName=name, Key={"pk": S("kept")})  # a user's delete
        deadline = time.time() + 20
        while time.time() < deadline and len(read_stream(streams, arn)) < 4:
            time.sleep(0.2)
        by_key = {}
        for r in read_stream(streams, arn):
            by_key.setdefault(r["dynamodb"]["Keys"]["pk"]["S"], []).append(r)
        assert [r["eventName"] for r in by_key["gone"]] == ["INSERT", "REMOVE"]
        assert [r["eventName"] for r in by_key["kept"]] == ["INSERT", "REMOVE"]
        assert "userIdentity" not in by_key["kept"][1]
        expired = by_key["gone"][1]
        assert expired["userIdentity"] == {"Type": "Service", "PrincipalId": "dynamodb.amazonaws.com"}
        assert expired["dynamodb"]["OldImage"] == gone
        assert "Item" not in client.get_item(TableName=name, Key={"pk": S("gone")})
    finally:
        srv.stop()
