"""Tables live in regions: with --auth none each region a client names has its own tables, as
DynamoDB Local keeps them (its -sharedDb habit is --shared-regions); ARNs and stream records
carry the region. With --auth sigv4 a request must be scoped to the server's --region
(test_auth_sigv4.py)."""
import json

import boto3
from botocore.config import Config

from conftest import Server, raw_request


def client(server, region, service="dynamodb"):
    return boto3.client(service, endpoint_url=server.url, region_name=region,
                        aws_access_key_id="local", aws_secret_access_key="local",
                        config=Config(retries={"max_attempts": 1}))


def spec(name, **extra):
    return dict(TableName=name, BillingMode="PAY_PER_REQUEST",
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], **extra)


def test_each_region_has_its_own_tables():
    with Server().start() as server:
        east, west = client(server, "us-east-1"), client(server, "eu-west-1")
        east.create_table(**spec("shared"))
        assert west.list_tables()["TableNames"] == []
        made = west.create_table(**spec("shared", StreamSpecification={
            "StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}))["TableDescription"]
        assert made["TableArn"] == "arn:aws:dynamodb:eu-west-1:000000000000:table/shared"
        assert east.describe_table(TableName="shared")["Table"]["TableArn"].split(":")[3] == "us-east-1"
        west.put_item(TableName="shared", Item={"pk": {"S": "w"}})
        assert "Item" not in east.get_item(TableName="shared", Key={"pk": {"S": "w"}})
        streams = client(server, "eu-west-1", "dynamodbstreams")
        arn = made["LatestStreamArn"]
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        records = streams.get_records(ShardIterator=iterator)["Records"]
        assert [r["awsRegion"] for r in records] == ["eu-west-1"]
        assert client(server, "us-east-1", "dynamodbstreams").list_streams()["Streams"] == []
        # A request that names no region (unsigned) addresses the server's --region.
        unsigned = raw_request(server.url, "ListTables", "{}")
        assert json.loads(unsigned.text)["TableNames"] == ["shared"]


def test_shared_regions_merge_them():
    with Server(extra_args=["--shared-regions", "--region", "us-west-2"]).start() as server:
        client(server, "us-east-1").create_table(**spec("one"))
        west = client(server, "eu-west-1")
        assert west.list_tables()["TableNames"] == ["one"]
        arn = west.describe_table(TableName="one")["Table"]["TableArn"]
        assert arn == "arn:aws:dynamodb:us-west-2:000000000000:table/one"


def test_a_regions_tables_survive_a_restart(tmp_path):
    for round_ in range(2):
        with Server(data_dir=str(tmp_path)).start() as server:
            west = client(server, "eu-west-1")
            if round_ == 0:
                west.create_table(**spec("kept"))
            assert west.list_tables()["TableNames"] == ["kept"]
            assert client(server, "us-east-1").list_tables()["TableNames"] == []
