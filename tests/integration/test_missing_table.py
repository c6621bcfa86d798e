"""A table that does not exist, in each operation's words.

Evidence: the conformance suite recorded against DynamoDB in 2026
(github.com/nubo-db/dynamodb-conformance, tests/tier3/error-messages/*.test.ts) expects a bare
"Requested resource not found" from GetItem, PutItem, DeleteItem, Scan, BatchGetItem,
BatchWriteItem, TransactGetItems and TransactWriteItems, while DescribeTable names the table
(also ScyllaDB's test_describe_table.py, written against DynamoDB). UpdateItem and Query answer
as their siblings do.
"""
import pytest
from botocore.exceptions import ClientError

from conftest import error_of

MISSING = "no_such_table_for_items"
KEY = {"pk": {"S": "a"}}

ITEM_OPERATIONS = {
    "GetItem": lambda c: c.get_item(TableName=MISSING, Key=KEY),
    "PutItem": lambda c: c.put_item(TableName=MISSING, Item=KEY),
    "UpdateItem": lambda c: c.update_item(TableName=MISSING, Key=KEY,
                                          UpdateExpression="SET b = :v",
                                          ExpressionAttributeValues={":v": {"S": "x"}}),
    "DeleteItem": lambda c: c.delete_item(TableName=MISSING, Key=KEY),
    "Query": lambda c: c.query(TableName=MISSING, KeyConditionExpression="pk = :v",
                               ExpressionAttributeValues={":v": {"S": "a"}}),
    "Scan": lambda c: c.scan(TableName=MISSING),
    "BatchGetItem": lambda c: c.batch_get_item(RequestItems={MISSING: {"Keys": [KEY]}}),
    "BatchWriteItem": lambda c: c.batch_write_item(
        RequestItems={MISSING: [{"PutRequest": {"Item": KEY}}]}),
    "TransactGetItems": lambda c: c.transact_get_items(
        TransactItems=[{"Get": {"TableName": MISSING, "Key": KEY}}]),
    "TransactWriteItems": lambda c: c.transact_write_items(
        TransactItems=[{"Put": {"TableName": MISSING, "Item": KEY}}]),
}


@pytest.mark.parametrize("operation", sorted(ITEM_OPERATIONS))
def test_item_operations_say_requested_resource_not_found(client, operation):
    with pytest.raises(ClientError) as e:
        ITEM_OPERATIONS[operation](client)
    assert error_of(e) == ("ResourceNotFoundException", "Requested resource not found")


TABLE_OPERATIONS = {
    "DescribeTable": lambda c: c.describe_table(TableName=MISSING),
    "DeleteTable": lambda c: c.delete_table(TableName=MISSING),
    "UpdateTable": lambda c: c.update_table(TableName=MISSING, BillingMode="PAY_PER_REQUEST"),
}


@pytest.mark.parametrize("operation", sorted(TABLE_OPERATIONS))
def test_table_operations_name_the_table(client, operation):
    with pytest.raises(ClientError) as e:
        TABLE_OPERATIONS[operation](client)
    assert error_of(e) == ("ResourceNotFoundException",
                           f"Requested resource not found: Table: {MISSING} not found")
