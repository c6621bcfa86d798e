"""A stream consumer written with the AWS SDK for JavaScript v3
(@aws-sdk/client-dynamodb-streams, installed from npm into tests/integration/js) reads a
Cairn stream end to end: ListStreams, DescribeStream, GetShardIterator, GetRecords paging."""
import json
import os
import shutil
import subprocess

import pytest

from conftest import create_table

JS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "js")


@pytest.fixture(scope="module")
def consumer():
    npm = shutil.which("npm")
    assert npm, "npm is needed for the JavaScript SDK test (scripts/install-deps installs it)"
    if not os.path.isdir(os.path.join(JS_DIR, "node_modules", "@aws-sdk", "client-dynamodb-streams")):
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=JS_DIR, check=True, capture_output=True, timeout=600
        )
    return [shutil.which("node"), os.path.join(JS_DIR, "consumer.mjs")]


def test_javascript_sdk_consumer_reads_the_stream_end_to_end(client, server, consumer):
    name = create_table(
        client, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    )
    for i in range(5):
        client.put_item(TableName=name, Item={"pk": {"S": f"k{i}"}, "v": {"N": str(i)}})
    client.update_item(
        TableName=name,
        Key={"pk": {"S": "k1"}},
        UpdateExpression="SET v = :v",
        ExpressionAttributeValues={":v": {"N": "10"}},
    )
    client.delete_item(TableName=name, Key={"pk": {"S": "k2"}})
    out = subprocess.run(consumer + [server.url, name], check=True, capture_output=True, text=True, timeout=120)
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert [(r["eventName"], r["keys"]["pk"]["S"]) for r in records] == [
        ("INSERT", "k0"),
        ("INSERT", "k1"),
        ("INSERT", "k2"),
        ("INSERT", "k3"),
        ("INSERT", "k4"),
        ("MODIFY", "k1"),
        ("REMOVE", "k2"),
    ]
    assert records[5]["oldImage"] == {"pk": {"S": "k1"}, "v": {"N": "1"}}
    assert records[5]["newImage"] == {"pk": {"S": "k1"}, "v": {"N": "10"}}
    assert records[6]["newImage"] is None
    assert all(r["created"] for r in records)
    seqs = [int(r["sequenceNumber"]) for r in records]
    assert seqs == sorted(seqs)
