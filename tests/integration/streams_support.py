"""Helpers shared by the DynamoDB Streams tests: a Streams client, a table with a stream,
reading shards and streams whole, raw Streams API calls and error codes."""
import json

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import create_table, credentials, region

VIEW_TYPES = ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"]


def make_streams_client(url):
    return boto3.client(
        "dynamodbstreams",
        endpoint_url=url,
        region_name=region(),
        config=Config(retries={"max_attempts": 1}),
        **credentials(),
    )


def stream_table(client, view="NEW_AND_OLD_IMAGES", range_type=None):
    name = create_table(
        client,
        range_type=range_type,
        StreamSpecification={"StreamEnabled": True, "StreamViewType": view},
    )
    return name, client.describe_table(TableName=name)["Table"]["LatestStreamArn"]


def all_shards(streams, arn):
    shards, start = [], None
    while True:
        kw = {"ExclusiveStartShardId": start} if start else {}
        desc = streams.describe_stream(StreamArn=arn, **kw)["StreamDescription"]
        shards += desc["Shards"]
        start = desc.get("LastEvaluatedShardId")
        if not start:
            return shards


def read_shard(streams, arn, shard_id, iterator_type="TRIM_HORIZON", **kw):
    """Every record of one shard from the iterator's position to what is there now."""
    it = streams.get_shard_iterator(
        StreamArn=arn, ShardId=shard_id, ShardIteratorType=iterator_type, **kw
    )["ShardIterator"]
    records = []
    while it:
        r = streams.get_records(ShardIterator=it)
        records += r["Records"]
        if not r["Records"]:
            break
        it = r.get("NextShardIterator")
    return records


def read_stream(streams, arn):
    """Every record of the stream, parents before children."""
    records = []
    for shard in all_shards(streams, arn):
        records += read_shard(streams, arn, shard["ShardId"])
    return records


def summary(records):
    out = []
    for r in records:
        d = r["dynamodb"]
        out.append((r["eventName"], d["Keys"], d.get("OldImage"), d.get("NewImage")))
    return out


def S(v):
    return {"S": v}


def N(v):
    return {"N": str(v)}


def raw_streams_call(url, operation, body):
    """A Streams API request sent as is (no client-side parameter validation)."""
    r = requests.post(
        url,
        data=json.dumps(body),
        headers={
            "X-Amz-Target": f"DynamoDBStreams_20120810.{operation}",
            "Content-Type": "application/x-amz-json-1.0",
        },
    )
    return r.status_code, r.json()


def raw_error(url, operation, body):
    status, reply = raw_streams_call(url, operation, body)
    assert status == 400
    return reply["__type"].split("#")[1], reply.get("message", "")


def error_of(call, **kw):
    with pytest.raises(ClientError) as e:
        call(**kw)
    return e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]
