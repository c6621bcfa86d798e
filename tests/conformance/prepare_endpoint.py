#!/usr/bin/python3
"""Prepares a Cairn endpoint for ScyllaDB's third-party DynamoDB suite (test/alternator,
run with ../shared/conformance/run_suite.sh).

When the endpoint is not AWS, the suite's helpers read two Scylla system tables: the
region from `.scylla.alternator.system.local` (get_region) and settings such as the TTL
period from `.scylla.alternator.system.config` (scylla_config_read, and
scylla_config_temporary, which also writes to it). On Cairn they are ordinary tables that
this script creates as test data; Cairn knows nothing of them.

    tests/conformance/prepare_endpoint.py http://127.0.0.1:8000 [--ttl-interval 1]

Pass the server's own --ttl-interval, so that the suite's TTL tests wait as long as they
need (with --runveryslow, the slow TTL tests run too)."""
import argparse

import boto3

parser = argparse.ArgumentParser()
parser.add_argument("endpoint")
parser.add_argument("--ttl-interval", default="1")
parser.add_argument("--region", default="us-east-1")
args = parser.parse_args()

ddb = boto3.client("dynamodb", endpoint_url=args.endpoint, region_name=args.region,
                   aws_access_key_id="conformance", aws_secret_access_key="conformance")
tables = {
    ".scylla.alternator.system.config": ("name", {"name": "alternator_ttl_period_in_seconds",
                                                   "value": args.ttl_interval}),
    ".scylla.alternator.system.local": ("key", {"key": "local", "data_center": args.region}),
}
existing = set(ddb.list_tables()["TableNames"])
for name, (key, item) in tables.items():
    if name not in existing:
        ddb.create_table(TableName=name, KeySchema=[{"AttributeName": key, "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"}],
                         BillingMode="PAY_PER_REQUEST")
    ddb.put_item(TableName=name, Item={k: {"S": v} for k, v in item.items()})
print("prepared", args.endpoint)
