"""Required parameters and constraint failures, in DynamoDB's current words.

Evidence: the conformance suite recorded against DynamoDB in 2026
(github.com/nubo-db/dynamodb-conformance, tests/tier3/error-messages/*.test.ts). DynamoDB is
part-way through moving its checks to a newer message shape ("Value at 'Limit' ...", member
named as in the API, value not echoed): Query's Limit and BatchGetItem's key count have moved,
Scan's Limit, table names, enums and transaction lengths have not. Each check follows what
DynamoDB answers for it today.
"""
import json

import pytest
from botocore.exceptions import ClientError

from conftest import error_of, raw_request

KEY_SCHEMA = [{"AttributeName": "pk", "KeyType": "HASH"}]
DEFINITIONS = [{"AttributeName": "pk", "AttributeType": "S"}]


def test_create_table_without_a_name(server):
    body = {"KeySchema": KEY_SCHEMA, "AttributeDefinitions": DEFINITIONS,
            "BillingMode": "PAY_PER_REQUEST"}
    response = raw_request(server.url, "CreateTable", json.dumps(body))
    assert response.status_code == 400
    assert response.json()["message"] == (
        "The parameter 'TableName' is required but was not present in the request")


@pytest.mark.parametrize("operation", ["BatchGetItem", "BatchWriteItem"])
def test_batches_without_requests(client, operation):
    call = client.batch_get_item if operation == "BatchGetItem" else client.batch_write_item
    with pytest.raises(ClientError) as e:
        call(RequestItems={})
    assert error_of(e) == ("ValidationException",
                           f"The requestItems parameter is required for {operation}")


def test_batch_get_of_more_than_100_keys(client, table_s):
    keys = [{"pk": {"S": f"k{i}"}} for i in range(101)]
    with pytest.raises(ClientError) as e:
        client.batch_get_item(RequestItems={table_s: {"Keys": keys}})
    assert error_of(e) == (
        "ValidationException",
        f"1 validation error detected: Value at 'RequestItems.{table_s}.member.Keys' failed to "
        "satisfy constraint: Member must have length less than or equal to 100")


def test_batch_write_of_more_than_25_requests_echoes_them(client, table_s):
    requests = [{"PutRequest": {"Item": {"pk": {"S": f"k{i}"}}}} for i in range(26)]
    with pytest.raises(ClientError) as e:
        client.batch_write_item(RequestItems={table_s: requests})
    kind, message = error_of(e)
    assert kind == "ValidationException"
    # DynamoDB echoes the requests as its Java objects print; Cairn as the JSON they came as.
    assert message.startswith(
        f"1 validation error detected: Value '{{{table_s}=[{{\"PutRequest\":{{\"Item\":"
        "{\"pk\":{\"S\":\"k0\"}}}}, ")
    assert message.endswith(
        "]}' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: "
        "[Member must have length less than or equal to 25, Member must have length greater "
        "than or equal to 1]")


def test_query_limit_uses_the_newer_shape_and_scan_limit_the_older(client, table_s):
    with pytest.raises(ClientError) as e:
        client.query(TableName=table_s, KeyConditionExpression="pk = :v",
                     ExpressionAttributeValues={":v": {"S": "a"}}, Limit=0)
    assert error_of(e) == ("ValidationException",
                           "1 validation error detected: Value at 'Limit' failed to satisfy "
                           "constraint: Member must have value greater than or equal to 1")
    with pytest.raises(ClientError) as e:
        client.scan(TableName=table_s, Limit=0)
    assert error_of(e) == ("ValidationException",
                           "1 validation error detected: Value '0' at 'limit' failed to satisfy "
                           "constraint: Member must have value greater than or equal to 1")


def test_an_empty_table_name_fails_the_length_of_one(server):
    # Item operations take a table's name or ARN; only the model's length of 1 is reported.
    response = raw_request(server.url, "PutItem", json.dumps({"TableName": "", "Item": {"pk": {"S": "a"}}}))
    assert response.json()["message"] == (
        "1 validation error detected: Value '' at 'tableName' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1")


@pytest.mark.parametrize("name,constraint", [
    ("xx", "Member must have length greater than or equal to 3"),  # also ScyllaDB's test_item.py
    ("a" * 256, "Member must have length less than or equal to 255"),
    ("bad table!@#", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
])
def test_item_operation_table_name_rules(client, name, constraint):
    with pytest.raises(ClientError) as e:
        client.put_item(TableName=name, Item={"pk": {"S": "a"}})
    assert error_of(e) == ("ValidationException",
                           f"1 validation error detected: Value '{name}' at 'tableName' failed to "
                           f"satisfy constraint: {constraint}")


def test_put_item_without_a_table_name(server):
    response = raw_request(server.url, "PutItem", json.dumps({"Item": {"pk": {"S": "a"}}}))
    assert response.json()["message"] == (
        "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: "
        "Member must not be null")


def test_values_without_an_expression_name_the_expressions_that_take_them(client, table_s):
    with pytest.raises(ClientError) as e:
        client.put_item(TableName=table_s, Item={"pk": {"S": "a"}},
                        ExpressionAttributeValues={":v": {"S": "x"}})
    assert error_of(e) == ("ValidationException",
                           "ExpressionAttributeValues can only be specified when using "
                           "expressions: ConditionExpression is null")


def test_a_long_echo_keeps_the_constraint_in_the_message(client, table_s):
    # ScyllaDB's test_batch_write_item_too_many (written against DynamoDB) expects the word
    # "length" for 105 requests: the echoed requests are cut, the constraint is kept.
    requests = [{"PutRequest": {"Item": {"pk": {"S": f"k{i}"}}}} for i in range(105)]
    with pytest.raises(ClientError) as e:
        client.batch_write_item(RequestItems={table_s: requests})
    kind, message = error_of(e)
    assert kind == "ValidationException" and len(message) < 4096
    assert message.endswith("...' at 'requestItems' failed to satisfy constraint: Map value must "
                            "satisfy constraint: [Member must have length less than or equal to "
                            "25, Member must have length greater than or equal to 1]")
