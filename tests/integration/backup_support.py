"""Helpers shared by the backup tests (on-demand backups and point-in-time recovery): a
table with a global and a local secondary index, writing to it, and reading it whole
(items and index answers) in a comparable form."""
import math
import time

import pytest
from botocore.exceptions import ClientError

GSI = "by_colour"
LSI = "by_size"


def make_table(client, name):
    client.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                   {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": t}
                              for n, t in (("pk", "S"), ("sk", "N"), ("colour", "S"),
                                           ("size", "N"))],
        GlobalSecondaryIndexes=[{"IndexName": GSI,
                                 "KeySchema": [{"AttributeName": "colour", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}}],
        LocalSecondaryIndexes=[{"IndexName": LSI,
                                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                              {"AttributeName": "size", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "KEYS_ONLY"}}])


def put(client, table, pk, sk, colour, size):
    client.put_item(TableName=table, Item={"pk": {"S": pk}, "sk": {"N": str(sk)},
                                           "colour": {"S": colour}, "size": {"N": str(size)}})


def contents(client, table):
    """The table's items, and what each index answers, in a comparable form. (`size` is a
    reserved word: an expression naming it must go through ExpressionAttributeNames.)"""
    items = sorted((i["pk"]["S"], i["sk"]["N"], i["colour"]["S"], i["size"]["N"])
                   for i in client.scan(TableName=table, ConsistentRead=True)["Items"])
    by_colour = {c: sorted((i["pk"]["S"], i["sk"]["N"]) for i in client.query(
        TableName=table, IndexName=GSI, KeyConditionExpression="colour = :c",
        ExpressionAttributeValues={":c": {"S": c}})["Items"]) for c in ("red", "blue", "green")}
    by_size = {p: [(i["size"]["N"], i["sk"]["N"]) for i in client.query(
        TableName=table, IndexName=LSI, KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": p}})["Items"]] for p in ("a", "b")}
    return items, by_colour, by_size


def error_of(call):
    """(error code, message) of the ClientError that call() raises."""
    with pytest.raises(ClientError) as e:
        call()
    return e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]


def fill(client, table):
    for n in range(12):
        put(client, table, "ab"[n % 2], n, ("red", "blue", "green")[n % 3], 100 - n)


def quiet_mark(last_write):
    """The first whole second at least 0.5 s after last_write (time.time() once the last
    write was acknowledged), returned once 0.6 s have passed it, so that the next write
    comes at least 0.6 s after it. boto3 sends RestoreDateTime in whole seconds, so a time
    to restore to must be whole to mean what it says."""
    mark = math.ceil(last_write + 0.5)
    time.sleep(max(0.0, mark + 0.6 - time.time()))
    return mark
