"""Shard iterators are signed by the server: a client cannot forge one (an iterator
"issued" in the year 9999 would never expire; one issued at -2^63 overflowed the expiry
check), and the server's signing key lives in its data directory, so iterators survive a
restart."""
import base64

import pytest
from botocore.exceptions import ClientError

from conftest import Server, error_of, make_client
from streams_support import all_shards, make_streams_client, stream_table


def fnv1a(text):
    h = 0xcbf29ce484222325
    for c in text.encode():
        h = ((h ^ c) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def unkeyed_token(arn, shard_id, position, issued_ms):
    """A token as version 1 issued them: its checksum is one anyone can compute."""
    body = f"1|{arn}|{shard_id}|{position}|{issued_ms}"
    return base64.b64encode(f"{body}|{fnv1a(body)}".encode()).decode()


@pytest.mark.parametrize("issued_ms", [253402300799999, -2**63, 0])
def test_an_iterator_the_server_did_not_sign_is_invalid(server, client, issued_ms):
    streams = make_streams_client(server.url)
    _, arn = stream_table(client)
    shard = all_shards(streams, arn)[0]["ShardId"]
    with pytest.raises(ClientError) as e:
        streams.get_records(ShardIterator=unkeyed_token(arn, shard, 0, issued_ms))
    assert error_of(e) == ("ValidationException", "Invalid ShardIterator")


def test_a_changed_iterator_is_invalid(server, client):
    streams = make_streams_client(server.url)
    _, arn = stream_table(client)
    shard = all_shards(streams, arn)[0]["ShardId"]
    token = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                       ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    raw = bytearray(base64.b64decode(token))
    raw[-40] ^= 1  # a digit of the position or the issue time
    with pytest.raises(ClientError) as e:
        streams.get_records(ShardIterator=base64.b64encode(bytes(raw)).decode())
    assert error_of(e) == ("ValidationException", "Invalid ShardIterator")


def test_an_iterator_survives_a_restart(tmp_path):
    srv = Server(data_dir=str(tmp_path)).start()
    try:
        client = make_client(srv.url)
        table, arn = stream_table(client)
        client.put_item(TableName=table, Item={"pk": {"S": "a"}})
        streams = make_streams_client(srv.url)
        shard = all_shards(streams, arn)[0]["ShardId"]
        token = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                           ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    finally:
        srv.stop()
    srv = Server(data_dir=str(tmp_path)).start()
    try:
        records = make_streams_client(srv.url).get_records(ShardIterator=token)["Records"]
        assert [r["dynamodb"]["Keys"] for r in records] == [{"pk": {"S": "a"}}]
    finally:
        srv.stop()
