"""Wrong JSON types and missing members for every operation."""
import copy
import json
import random
import socket

import pytest
import requests

from malformed.common import *  # noqa: F401,F403

# ---------------------------------------------------------------------------------------
# Valid requests, one per operation, and the JSON type of each top-level member.
# ---------------------------------------------------------------------------------------

_create_counter = [0]


def create_table_body(**overrides):
    """A valid CreateTable request for a table no other case uses, so that a request that
    is wrongly accepted cannot make a later case fail for the wrong reason."""
    _create_counter[0] += 1
    body = {
        "TableName": f"{CREATE_PREFIX}{_create_counter[0]:04d}",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "BillingMode": "PAY_PER_REQUEST",
    }
    body.update(overrides)
    return body


BASE_BODIES = {
    "CreateTable": create_table_body,
    "DescribeTable": lambda: {"TableName": TABLE},
    "ListTables": lambda: {"Limit": 5},
    "DeleteTable": lambda: {"TableName": "cairn_malformed_absent_table"},
    "UpdateTable": lambda: {"TableName": TABLE, "DeletionProtectionEnabled": False},
    "PutItem": lambda: {"TableName": TABLE, "Item": {"pk": {"S": "put-target"}, "v": {"N": "1"}}},
    "GetItem": lambda: {"TableName": TABLE, "Key": copy.deepcopy(SENTINEL_KEY)},
    "DeleteItem": lambda: {"TableName": TABLE, "Key": {"pk": {"S": "delete-target"}}},
    "BatchWriteItem": lambda: {
        "RequestItems": {TABLE: [{"PutRequest": {"Item": {"pk": {"S": "batch-target"}}}}]}
    },
    "BatchGetItem": lambda: {"RequestItems": {TABLE: {"Keys": [copy.deepcopy(SENTINEL_KEY)]}}},
    "TagResource": lambda: {"ResourceArn": ARN_PLACEHOLDER, "Tags": [{"Key": "k", "Value": "v"}]},
    "UntagResource": lambda: {"ResourceArn": ARN_PLACEHOLDER, "TagKeys": ["k"]},
    "ListTagsOfResource": lambda: {"ResourceArn": ARN_PLACEHOLDER},
}

# s: string, i: integer, b: boolean, l: list, m: map, o: structure (object).
MEMBERS = {
    "CreateTable": {
        "TableName": "s",
        "KeySchema": "l",
        "AttributeDefinitions": "l",
        "LocalSecondaryIndexes": "l",
        "GlobalSecondaryIndexes": "l",
        "BillingMode": "s",
        "ProvisionedThroughput": "o",
        "StreamSpecification": "o",
        "SSESpecification": "o",
        "Tags": "l",
        "TableClass": "s",
        "DeletionProtectionEnabled": "b",
    },
    "DescribeTable": {"TableName": "s"},
    "ListTables": {"ExclusiveStartTableName": "s", "Limit": "i"},
    "DeleteTable": {"TableName": "s"},
    "UpdateTable": {
        "TableName": "s",
        "AttributeDefinitions": "l",
        "BillingMode": "s",
        "ProvisionedThroughput": "o",
        "GlobalSecondaryIndexUpdates": "l",
        "StreamSpecification": "o",
        "SSESpecification": "o",
        "ReplicaUpdates": "l",
        "TableClass": "s",
        "DeletionProtectionEnabled": "b",
    },
    "PutItem": {
        "TableName": "s",
        "Item": "m",
        "Expected": "m",
        "ReturnValues": "s",
        "ReturnConsumedCapacity": "s",
        "ReturnItemCollectionMetrics": "s",
        "ConditionalOperator": "s",
        "ConditionExpression": "s",
        "ExpressionAttributeNames": "m",
        "ExpressionAttributeValues": "m",
    },
    "GetItem": {
        "TableName": "s",
        "Key": "m",
        "AttributesToGet": "l",
        "ConsistentRead": "b",
        "ReturnConsumedCapacity": "s",
        "ProjectionExpression": "s",
        "ExpressionAttributeNames": "m",
    },
    "DeleteItem": {
        "TableName": "s",
        "Key": "m",
        "Expected": "m",
        "ConditionalOperator": "s",
        "ReturnValues": "s",
        "ReturnConsumedCapacity": "s",
        "ReturnItemCollectionMetrics": "s",
        "ConditionExpression": "s",
        "ExpressionAttributeNames": "m",
        "ExpressionAttributeValues": "m",
    },
    "BatchWriteItem": {
        "RequestItems": "m",
        "ReturnConsumedCapacity": "s",
        "ReturnItemCollectionMetrics": "s",
    },
    "BatchGetItem": {"RequestItems": "m", "ReturnConsumedCapacity": "s"},
    "TagResource": {"ResourceArn": "s", "Tags": "l"},
    "UntagResource": {"ResourceArn": "s", "TagKeys": "l"},
    "ListTagsOfResource": {"ResourceArn": "s", "NextToken": "s"},
}

REQUIRED = {
    "CreateTable": ["TableName", "KeySchema", "AttributeDefinitions"],
    "DescribeTable": ["TableName"],
    "DeleteTable": ["TableName"],
    "UpdateTable": ["TableName"],
    "PutItem": ["TableName", "Item"],
    "GetItem": ["TableName", "Key"],
    "DeleteItem": ["TableName", "Key"],
    "BatchWriteItem": ["RequestItems"],
    "BatchGetItem": ["RequestItems"],
    "TagResource": ["ResourceArn", "Tags"],
    "UntagResource": ["ResourceArn", "TagKeys"],
    "ListTagsOfResource": ["ResourceArn"],
}

# Values of every JSON type but the one a member is declared with.
WRONG_VALUES = {
    "s": [("number", 5), ("float", 1.5), ("true", True), ("false", False), ("list", ["x"]),
          ("emptylist", []), ("object", {"S": "x"}), ("emptyobject", {})],
    "i": [("string", "5"), ("float", 1.5), ("true", True), ("list", [5]), ("object", {"N": "5"}),
          ("huge", 10**30), ("u64", 2**63), ("float1e30", 1e30)],
    "b": [("string", "true"), ("number", 1), ("zero", 0), ("list", [True]), ("object", {})],
    "l": [("string", "x"), ("number", 5), ("true", True), ("object", {"a": "b"}),
          ("emptyobject", {})],
    "m": [("string", "x"), ("number", 5), ("true", True), ("list", [{"S": "x"}]),
          ("emptylist", [])],
}
WRONG_VALUES["o"] = WRONG_VALUES["m"]


# Members Cairn does not implement yet: it refuses their mere presence with a
# ValidationException ("... is not supported yet") before looking at their type.
UNSUPPORTED = {
    "UpdateTable": {"AttributeDefinitions", "GlobalSecondaryIndexUpdates", "StreamSpecification"},
    "PutItem": {"Expected", "ConditionalOperator", "ConditionExpression",
                "ExpressionAttributeNames", "ExpressionAttributeValues"},
    "GetItem": {"AttributesToGet", "ProjectionExpression", "ExpressionAttributeNames"},
    "DeleteItem": {"Expected", "ConditionalOperator", "ConditionExpression",
                   "ExpressionAttributeNames", "ExpressionAttributeValues"},
}


def wrong_type_cases():
    for operation, members in MEMBERS.items():
        for member, kind in members.items():
            unsupported = member in UNSUPPORTED.get(operation, ())
            for label, value in WRONG_VALUES[kind]:
                body = BASE_BODIES[operation]()
                body[member] = value
                yield Case(f"wrongtype-{operation}-{member}-{label}", operation, dump(body),
                           BAD_INPUT if unsupported else SERIALIZATION)


def missing_member_cases():
    for operation, required in REQUIRED.items():
        for member in required:
            body = BASE_BODIES[operation]()
            del body[member]
            yield Case(f"missing-{operation}-{member}", operation, dump(body), VALIDATION)
            body[member] = None
            yield Case(f"null-{operation}-{member}", operation, dump(body), VALIDATION)
        yield Case(f"missing-{operation}-all", operation, b"{}", VALIDATION)
        yield Case(f"missing-{operation}-emptybody", operation, b"", VALIDATION)


