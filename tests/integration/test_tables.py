"""CreateTable, DescribeTable, ListTables, DeleteTable, UpdateTable through boto3."""
import json
import re

import pytest
from botocore.exceptions import ClientError

from conftest import create_table, error_of, raw_request, unique_name



def test_create_describe_delete_round_trip(client):
    name = unique_name()
    created = client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "N"}],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 7},
    )["TableDescription"]
    assert created["TableStatus"] == "ACTIVE"
    described = client.describe_table(TableName=name)["Table"]
    assert described["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"},
                                      {"AttributeName": "sk", "KeyType": "RANGE"}]
    assert sorted(d["AttributeName"] for d in described["AttributeDefinitions"]) == ["pk", "sk"]
    assert described["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert described["ProvisionedThroughput"]["WriteCapacityUnits"] == 7
    assert described["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert described["ItemCount"] == 0 and described["TableSizeBytes"] == 0
    assert described["TableArn"] == f"arn:aws:dynamodb:us-east-1:000000000000:table/{name}"
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
                        described["TableId"])
    assert described["CreationDateTime"] == created["CreationDateTime"]
    deleted = client.delete_table(TableName=name)["TableDescription"]
    assert deleted["TableStatus"] == "DELETING"
    assert "KeySchema" not in deleted and "CreationDateTime" not in deleted
    with pytest.raises(ClientError) as e:
        client.describe_table(TableName=name)
    assert error_of(e) == ("ResourceNotFoundException",
                           f"Requested resource not found: Table: {name} not found")


def test_pay_per_request_billing_summary(client, table_s):
    t = client.describe_table(TableName=table_s)["Table"]
    assert t["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert t["BillingModeSummary"]["LastUpdateToPayPerRequestDateTime"] == t["CreationDateTime"]
    assert t["ProvisionedThroughput"] == {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0,
                                          "WriteCapacityUnits": 0}


def test_duplicate_table_is_resource_in_use(client, table_s):
    with pytest.raises(ClientError) as e:
        create_table(client, table_s)
    assert error_of(e) == ("ResourceInUseException", f"Table already exists: {table_s}")


@pytest.mark.parametrize("name,message", [
    ("ab", "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: "
           "Member must have length greater than or equal to 3"),
    ("n" * 256, "1 validation error detected: Value '" + "n" * 256 + "' at 'tableName' failed to "
                "satisfy constraint: Member must have length less than or equal to 255"),
    ("bad@name", "1 validation error detected: Value 'bad@name' at 'tableName' failed to satisfy "
                 "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
    ("a@", "2 validation errors detected: Value 'a@' at 'tableName' failed to satisfy constraint: "
           "Member must have length greater than or equal to 3; Value 'a@' at 'tableName' failed "
           "to satisfy constraint: Member must satisfy regular expression pattern: "
           "[a-zA-Z0-9_.-]+"),
])
def test_table_name_rules(client, name, message):
    with pytest.raises(ClientError) as e:
        create_table(client, name)
    assert error_of(e) == ("ValidationException", message)


def test_names_of_255_characters_and_dots_are_allowed(client):
    for name in ["n" * 255, ".starts.with.dot", "a-b_c.d"]:
        create_table(client, name)
        client.delete_table(TableName=name)


def bad_schema(client, key_schema, defs, **extra):
    extra.setdefault("BillingMode", "PAY_PER_REQUEST")
    with pytest.raises(ClientError) as e:
        client.create_table(TableName=unique_name(), KeySchema=key_schema,
                            AttributeDefinitions=defs, **extra)
    return error_of(e)


H = {"AttributeName": "p", "KeyType": "HASH"}
R = {"AttributeName": "c", "KeyType": "RANGE"}
PS = {"AttributeName": "p", "AttributeType": "S"}
CS = {"AttributeName": "c", "AttributeType": "S"}


def test_key_schema_rules(client):
    assert bad_schema(client, [R], [CS]) == (
        "ValidationException", "Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
    assert bad_schema(client, [H, dict(H, AttributeName="c")], [PS, CS]) == (
        "ValidationException", "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")
    # DynamoDB's words for a table key naming one attribute twice: the conformance suite
    # recorded against DynamoDB (nubo-db/dynamodb-conformance, error-messages/createTable.test.ts).
    assert bad_schema(client, [H, dict(R, AttributeName="p")], [PS]) == (
        "ValidationException", "Invalid KeySchema: Some index key attribute have no definition")
    code, message = bad_schema(client, [H, R, R], [PS, CS])
    assert code == "ValidationException" and "keySchema" in message and "less than or equal to 2" in message


def test_attribute_definition_rules(client):
    assert bad_schema(client, [H], [PS, CS]) == (
        "ValidationException",
        "One or more parameter values were invalid: Number of attributes in KeySchema does not "
        "exactly match number of attributes defined in AttributeDefinitions")
    assert bad_schema(client, [H], [CS]) == (
        "ValidationException",
        "One or more parameter values were invalid: Some index key attributes are not defined in "
        "AttributeDefinitions. Keys: [p], AttributeDefinitions: [c]")
    # DynamoDB's words, as a catalogue of CreateTable messages observed on DynamoDB in 2026
    # reports them (ScyllaDB's test_create_table_duplicate_attribute_name matches it too).
    assert bad_schema(client, [H], [PS, dict(PS, AttributeType="N")]) == (
        "ValidationException", "Attribute Name is duplicated: p")
    for t in ["BOOL", "SS", "M", "Q"]:
        assert bad_schema(client, [H], [dict(PS, AttributeType=t)]) == (
            "ValidationException",
            f"1 validation error detected: Value '{t}' at 'attributeDefinitions.1.member."
            "attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]")
    code, message = bad_schema(client, [H], [{"AttributeType": "S"}])
    assert message == ("1 validation error detected: Value null at 'attributeDefinitions.1.member."
                       "attributeName' failed to satisfy constraint: Member must not be null")


def test_billing_mode_rules(client):
    code, message = bad_schema(client, [H], [PS], BillingMode="pay_per_request")
    assert code == "ValidationException" and "billingMode" in message
    assert bad_schema(client, [H], [PS], BillingMode="PAY_PER_REQUEST",
                      ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}) == (
        "ValidationException",
        "One or more parameter values were invalid: Neither ReadCapacityUnits nor "
        "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
    with pytest.raises(ClientError) as e:
        client.create_table(TableName=unique_name(), KeySchema=[H], AttributeDefinitions=[PS])
    assert error_of(e) == (
        "ValidationException",
        "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must "
        "both be specified when BillingMode is PROVISIONED")
    code, message = bad_schema(client, [H], [PS], BillingMode="PROVISIONED",
                               ProvisionedThroughput={"ReadCapacityUnits": 0, "WriteCapacityUnits": 1})
    assert message == ("1 validation error detected: Value '0' at 'provisionedThroughput."
                       "readCapacityUnits' failed to satisfy constraint: Member must have value "
                       "greater than or equal to 1")


def test_list_tables_pages_in_name_order(client):
    names = sorted(create_table(client, unique_name("list")) for _ in range(5))
    try:
        seen, start = [], None
        while True:
            kwargs = {"Limit": 2}
            if start:
                kwargs["ExclusiveStartTableName"] = start
            page = client.list_tables(**kwargs)
            assert len(page["TableNames"]) <= 2
            seen += page["TableNames"]
            start = page.get("LastEvaluatedTableName")
            if not start:
                break
            assert start == page["TableNames"][-1]
        assert seen == sorted(seen)
        assert set(names) <= set(seen)
    finally:
        for n in names:
            client.delete_table(TableName=n)


@pytest.mark.parametrize("limit", [0, 101])
def test_list_tables_limit_range(client, limit):
    with pytest.raises(ClientError) as e:
        client.list_tables(Limit=limit)
    assert error_of(e)[0] == "ValidationException"


def test_deletion_protection(client, server):
    # Debian's boto3 predates DeletionProtectionEnabled, so this one speaks raw JSON.
    name = unique_name()
    r = raw_request(server.url, "CreateTable", json.dumps({
        "TableName": name, "BillingMode": "PAY_PER_REQUEST", "DeletionProtectionEnabled": True,
        "KeySchema": [H], "AttributeDefinitions": [PS]}))
    assert r.status_code == 200, r.text
    r = raw_request(server.url, "DescribeTable", json.dumps({"TableName": name}))
    assert r.json()["Table"]["DeletionProtectionEnabled"] is True
    with pytest.raises(ClientError) as e:
        client.delete_table(TableName=name)
    assert error_of(e)[0] == "ValidationException" and "protected against deletion" in error_of(e)[1]
    r = raw_request(server.url, "UpdateTable", json.dumps(
        {"TableName": name, "DeletionProtectionEnabled": False}))
    assert r.status_code == 200, r.text
    assert r.json()["TableDescription"]["DeletionProtectionEnabled"] is False
    client.delete_table(TableName=name)


def test_update_table_billing_and_throughput(client, table_s):
    t = client.update_table(TableName=table_s, BillingMode="PROVISIONED",
                            ProvisionedThroughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 4})
    desc = t["TableDescription"]
    assert desc["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert desc["ProvisionedThroughput"]["ReadCapacityUnits"] == 3
    desc = client.update_table(TableName=table_s, ProvisionedThroughput={
        "ReadCapacityUnits": 2, "WriteCapacityUnits": 4})["TableDescription"]
    assert desc["ProvisionedThroughput"]["NumberOfDecreasesToday"] == 1
    assert "LastDecreaseDateTime" in desc["ProvisionedThroughput"]
    desc = client.update_table(TableName=table_s, BillingMode="PAY_PER_REQUEST")["TableDescription"]
    assert desc["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert desc["ProvisionedThroughput"]["ReadCapacityUnits"] == 0


def test_update_table_errors(client, table_s):
    with pytest.raises(ClientError) as e:
        client.update_table(TableName=unique_name(), BillingMode="PAY_PER_REQUEST")
    assert error_of(e)[0] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as e:
        client.update_table(TableName=table_s)
    assert error_of(e)[0] == "ValidationException"
    with pytest.raises(ClientError) as e:
        client.update_table(TableName=table_s,
                            ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    assert "PAY_PER_REQUEST" in error_of(e)[1]


def test_table_class(client):
    name = create_table(client, TableClass="STANDARD_INFREQUENT_ACCESS")
    t = client.describe_table(TableName=name)["Table"]
    assert t["TableClassSummary"]["TableClass"] == "STANDARD_INFREQUENT_ACCESS"
    client.delete_table(TableName=name)


def test_item_count_and_size(client, table_s):
    client.put_item(TableName=table_s, Item={"pk": {"S": "ab"}, "x": {"N": "12"}})
    t = client.describe_table(TableName=table_s)["Table"]
    assert t["ItemCount"] == 1
    assert t["TableSizeBytes"] == len("pk") + 2 + len("x") + 2


def test_recreated_table_starts_empty(client):
    name = create_table(client)
    client.put_item(TableName=name, Item={"pk": {"S": "a"}})
    client.delete_table(TableName=name)
    create_table(client, name)
    assert "Item" not in client.get_item(TableName=name, Key={"pk": {"S": "a"}})
    client.delete_table(TableName=name)


def test_describe_limits(client):
    limits = client.describe_limits()
    assert limits["TableMaxReadCapacityUnits"] == 40000
    assert limits["AccountMaxWriteCapacityUnits"] == 80000


def test_describe_endpoints_names_this_server(client, server):
    endpoints = client.describe_endpoints()["Endpoints"]
    assert endpoints == [{"Address": f"127.0.0.1:{server.port}", "CachePeriodInMinutes": 1440}]
