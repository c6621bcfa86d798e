"""DynamoDB reads the whole request, then validates it, then looks the table up.

Evidence: a catalogue of DynamoDB's error messages observed on DynamoDB in 2026 (an AWS
controllers project's) notes that the shape validator "fires BEFORE existence checks" and that
UpdateTable with an invalid shape on a missing table is a ValidationException; the conformance
suite recorded against DynamoDB (nubo-db/dynamodb-conformance, tier3/validation-ordering)
pins several of these orders. DynamoDB Local 3.3.1 differs: it looks the table up first, and
answers a wrongly typed value with a 500 InternalFailure.
"""
import json

import pytest

from conftest import raw_request

MISSING = "no_such_table_validated_first"
BIG = "x" * (410 * 1024)


def answer(server, operation, body):
    response = raw_request(server.url, operation, json.dumps(body))
    payload = response.json()
    return response.status_code, payload["__type"].split("#")[-1], payload.get("message")


@pytest.mark.parametrize("operation,body,message", [
    ("PutItem", {"TableName": MISSING, "Item": {"pk": {"S": "a"}, "big": {"S": BIG}}},
     "Item size has exceeded the maximum allowed size"),
    ("BatchWriteItem",
     {"RequestItems": {MISSING: [{"PutRequest": {"Item": {"pk": {"S": "a"}, "big": {"S": BIG}}}}]}},
     "Item size has exceeded the maximum allowed size"),
    ("TransactWriteItems",
     {"TransactItems": [{"Put": {"TableName": MISSING,
                                 "Item": {"pk": {"S": "a"}, "big": {"S": BIG}}}}]},
     "Item size has exceeded the maximum allowed size"),
    ("GetItem", {"TableName": MISSING, "Key": {"pk": {"S": "a"}}, "ProjectionExpression": "a b c"},
     'Invalid ProjectionExpression: Syntax error; token: "b", near: "a b c"'),
    ("UpdateItem", {"TableName": MISSING, "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET"},
     'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "SET"'),
    ("Query", {"TableName": MISSING, "Limit": 0, "KeyConditionExpression": "pk = :v",
               "ExpressionAttributeValues": {":v": {"S": "a"}}},
     "1 validation error detected: Value at 'Limit' failed to satisfy constraint: Member must "
     "have value greater than or equal to 1"),
    ("PutItem", {"TableName": MISSING, "Item": {"pk": {"SS": []}}},
     "One or more parameter values were invalid: An string set  may not be empty"),
])
def test_validation_comes_before_the_table_lookup(server, operation, body, message):
    assert answer(server, operation, body) == (400, "ValidationException", message)


@pytest.mark.parametrize("operation,body", [
    ("GetItem", {"Key": {"a": "x"}}),  # before the missing TableName
    ("GetItem", {"TableName": MISSING, "Key": {"a": "x"}, "ProjectionExpression": "a b c"}),
    ("DeleteItem", {"TableName": "x", "Key": {"a": ["x"]}}),  # before the short TableName
    ("Query", {"TableName": MISSING, "KeyConditionExpression": "pk = :v",
               "ExpressionAttributeValues": {":v": "a"}, "Limit": 0}),
    ("BatchGetItem", {"RequestItems": {MISSING: {"Keys": [{"pk": 5}]}}}),
    ("BatchWriteItem", {"RequestItems": {MISSING: [{"DeleteRequest": {"Key": {"pk": True}}}]}}),
    ("TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": MISSING, "Item": {"pk": {"S": "a"}}}},
        {"Update": {"TableName": MISSING, "Key": {"pk": "a"}, "UpdateExpression": "SET"}}]}),
    ("PutItem", {"TableName": MISSING, "Item": {"pk": {"S": "a"}},
                 "Expected": {"pk": {"Value": "a"}}}),
])
def test_a_wrongly_typed_value_is_a_serialization_error_first(server, operation, body):
    status, kind, _ = answer(server, operation, body)
    assert (status, kind) == (400, "SerializationException")


def test_semantic_errors_in_values_keep_their_place(server):
    # A value of the right JSON type but not a valid number is found while validating, after
    # the request's shape: the missing TableName is reported first.
    status, kind, message = answer(server, "GetItem", {"Key": {"a": {"N": "abc"}}})
    assert (kind, message) == ("ValidationException",
                               "1 validation error detected: Value null at 'tableName' failed "
                               "to satisfy constraint: Member must not be null")
