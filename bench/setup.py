#!/usr/bin/python3
"""Creates the benchmark's two tables on ENDPOINT and loads KEYS items into each:
`plain` (pk S HASH, sk S RANGE, no index) and `gsi2` (the same key schema with two GSIs
projecting ALL attributes: by_g1 on gpk1 S / gsk1 N, by_g2 on gpk2 S / gsk2 S)."""
import random
import sys

import boto3

endpoint, keys = sys.argv[1], int(sys.argv[2])
ddb = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="bench", aws_secret_access_key="bench")
key_schema = [{"AttributeName": "pk", "KeyType": "HASH"},
              {"AttributeName": "sk", "KeyType": "RANGE"}]
definitions = [{"AttributeName": "pk", "AttributeType": "S"},
               {"AttributeName": "sk", "AttributeType": "S"}]
ddb.create_table(TableName="plain", KeySchema=key_schema, AttributeDefinitions=definitions,
                 BillingMode="PAY_PER_REQUEST")


def gsi(name, pk, sk):
    return {"IndexName": name,
            "KeySchema": [{"AttributeName": pk, "KeyType": "HASH"},
                          {"AttributeName": sk, "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"}}


ddb.create_table(
    TableName="gsi2", KeySchema=key_schema, BillingMode="PAY_PER_REQUEST",
    AttributeDefinitions=definitions + [
        {"AttributeName": "gpk1", "AttributeType": "S"},
        {"AttributeName": "gsk1", "AttributeType": "N"},
        {"AttributeName": "gpk2", "AttributeType": "S"},
        {"AttributeName": "gsk2", "AttributeType": "S"}],
    GlobalSecondaryIndexes=[gsi("by_g1", "gpk1", "gsk1"), gsi("by_g2", "gpk2", "gsk2")])

rng = random.Random(7)
for table in ("plain", "gsi2"):
    for start in range(0, keys, 25):
        requests = []
        for k in range(start, min(start + 25, keys)):
            requests.append({"PutRequest": {"Item": {
                "pk": {"S": "p%06d" % (k // 10)}, "sk": {"S": "s%04d" % (k % 10)},
                "gpk1": {"S": "g%03d" % rng.randrange(1000)},
                "gsk1": {"N": str(rng.randrange(1000000))},
                "gpk2": {"S": "h%03d" % rng.randrange(1000)},
                "gsk2": {"S": "t%08d" % rng.randrange(100000000)},
                "v": {"S": "x" * rng.randrange(450, 650)}}}})
        ddb.batch_write_item(RequestItems={table: requests})
