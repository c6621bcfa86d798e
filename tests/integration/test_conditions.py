"""ConditionExpression and Expected on PutItem, DeleteItem and UpdateItem."""
import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from botocore.exceptions import ClientError

from conftest import error_of, raw_request



def put(client, table, pk, **attrs):
    item = {"pk": {"S": pk}}
    item.update(attrs)
    client.put_item(TableName=table, Item=item)


@pytest.mark.parametrize("condition,holds", [
    ("attribute_exists(a)", True),
    ("attribute_not_exists(a)", False),
    ("attribute_not_exists(nothing)", True),
    ("a = :one", True),
    ("a <> :one", False),
    ("nothing <> :one", True),
    ("a < :two AND a >= :one", True),
    ("a > :two OR s = :str", True),
    ("NOT a = :one", False),
    ("a BETWEEN :one AND :two", True),
    ("a IN (:two, :one)", True),
    ("begins_with(s, :prefix)", True),
    ("contains(s, :prefix)", True),
    ("contains(ss, :str)", True),
    ("size(s) = :five", True),
    ("size(l) > :one", True),
    ("attribute_type(a, :n)", True),
    ("attribute_type(a, :s)", False),
    ("a = :str", False),  # different types are unequal, not an error
    ("a < :str", False),
    ("m.x = :one", True),
    ("l[1] = :two", True),
    ("(a = :one OR a = :two) AND NOT (s = :one)", True),
])
def test_condition_operators(client, table_s, condition, holds):
    put(client, table_s, "k", a={"N": "1"}, s={"S": "hello"}, ss={"SS": ["hello", "x"]},
        l={"L": [{"N": "1"}, {"N": "2"}]}, m={"M": {"x": {"N": "1"}}})
    values = {":one": {"N": "1"}, ":two": {"N": "2"}, ":str": {"S": "hello"},
              ":prefix": {"S": "hel"}, ":five": {"N": "5"}, ":n": {"S": "N"}, ":s": {"S": "S"}}
    placeholders = set(re.findall(r":[a-z]+", condition))
    used = {k: v for k, v in values.items() if k in placeholders}
    kwargs = dict(TableName=table_s, Key={"pk": {"S": "k"}}, UpdateExpression="SET done = :one",
                  ConditionExpression=condition, ExpressionAttributeValues={**used, ":one": values[":one"]})
    if holds:
        client.update_item(**kwargs)
        assert client.get_item(TableName=table_s, Key={"pk": {"S": "k"}})["Item"]["done"] == {"N": "1"}
    else:
        with pytest.raises(ClientError) as e:
            client.update_item(**kwargs)
        assert error_of(e) == ("ConditionalCheckFailedException", "The conditional request failed")


def test_failed_condition_returns_old_item_on_request(client, server, table_s):
    # Debian's boto3 predates ReturnValuesOnConditionCheckFailure: raw JSON.
    put(client, table_s, "k", a={"N": "1"})
    r = raw_request(server.url, "PutItem", json.dumps({
        "TableName": table_s, "Item": {"pk": {"S": "k"}}, "ConditionExpression": "a = :two",
        "ExpressionAttributeValues": {":two": {"N": "2"}},
        "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}))
    assert r.status_code == 400
    body = r.json()
    assert body["__type"].endswith("#ConditionalCheckFailedException")
    assert body["Item"] == {"pk": {"S": "k"}, "a": {"N": "1"}}
    with pytest.raises(ClientError) as e:
        client.delete_item(TableName=table_s, Key={"pk": {"S": "k"}}, ConditionExpression="a = :two",
                           ExpressionAttributeValues={":two": {"N": "2"}})
    assert "Item" not in e.value.response


def test_conditional_delete(client, table_s):
    put(client, table_s, "k", a={"N": "1"})
    client.delete_item(TableName=table_s, Key={"pk": {"S": "k"}}, ConditionExpression="a = :one",
                       ExpressionAttributeValues={":one": {"N": "1"}})
    assert "Item" not in client.get_item(TableName=table_s, Key={"pk": {"S": "k"}})


def test_expected_legacy_conditions(client, table_s):
    put(client, table_s, "k", a={"N": "1"}, s={"S": "abc"})
    client.put_item(TableName=table_s, Item={"pk": {"S": "k"}, "a": {"N": "2"}},
                    Expected={"a": {"Value": {"N": "1"}}, "zz": {"Exists": False}})
    with pytest.raises(ClientError) as e:
        client.put_item(TableName=table_s, Item={"pk": {"S": "k"}},
                        Expected={"a": {"ComparisonOperator": "LT", "AttributeValueList": [{"N": "2"}]}})
    assert error_of(e)[0] == "ConditionalCheckFailedException"
    client.put_item(TableName=table_s, Item={"pk": {"S": "k"}, "a": {"N": "3"}},
                    Expected={"a": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "9"}]},
                              "pk": {"ComparisonOperator": "NOT_NULL"}},
                    ConditionalOperator="OR")
    with pytest.raises(ClientError) as e:
        client.put_item(TableName=table_s, Item={"pk": {"S": "k"}},
                        Expected={"a": {"ComparisonOperator": "BETWEEN",
                                        "AttributeValueList": [{"N": "4"}, {"N": "3"}]}})
    assert error_of(e)[0] == "ValidationException"


def test_expression_parameter_errors(client, table_s):
    key = {"pk": {"S": "k"}}
    cases = [
        (dict(ConditionExpression="a = :v"),
         "Invalid ConditionExpression: An expression attribute value used in expression is not "
         "defined; attribute value: :v"),
        (dict(ConditionExpression="attribute_exists(#n)"),
         "Invalid ConditionExpression: An expression attribute name used in the document path is "
         "not defined; attribute name: #n"),
        (dict(ConditionExpression="a = :v", ExpressionAttributeValues={":v": {"N": "1"}, ":w": {"N": "2"}}),
         "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}"),
        # The suffix: the conformance suite recorded against DynamoDB (nubo-db/dynamodb-conformance,
        # tests/tier3/error-messages/putItem.test.ts).
        (dict(ExpressionAttributeValues={":v": {"N": "1"}}),
         "ExpressionAttributeValues can only be specified when using expressions: "
         "ConditionExpression is null"),
        (dict(ConditionExpression="name = :v", ExpressionAttributeValues={":v": {"N": "1"}}),
         "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name"),
        (dict(ConditionExpression="a = :v", Expected={"a": {"Exists": False}},
              ExpressionAttributeValues={":v": {"N": "1"}}),
         "Can not use both expression and non-expression parameters in the same request: "
         "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ClientError) as e:
            client.delete_item(TableName=table_s, Key=key, **kwargs)
        assert error_of(e) == ("ValidationException", message), kwargs


def test_racing_conditional_puts_only_one_wins(client, table_s):
    def attempt(i):
        try:
            client.put_item(TableName=table_s, Item={"pk": {"S": "race"}, "who": {"N": str(i)}},
                            ConditionExpression="attribute_not_exists(pk)")
            return True
        except ClientError as e:
            assert e.response["Error"]["Code"] == "ConditionalCheckFailedException"
            return False

    for round_ in range(5):
        client.delete_item(TableName=table_s, Key={"pk": {"S": "race"}})
        with ThreadPoolExecutor(8) as pool:
            wins = list(pool.map(attempt, range(16)))
        assert wins.count(True) == 1, round_


def test_conditional_writes_return_nothing_without_return_values(client, table_s):
    put(client, table_s, "k", a={"N": "1"})
    r = client.put_item(TableName=table_s, Item={"pk": {"S": "k"}, "a": {"N": "2"}},
                        ConditionExpression="a = :one", ExpressionAttributeValues={":one": {"N": "1"}})
    assert "Attributes" not in r
    r = client.delete_item(TableName=table_s, Key={"pk": {"S": "k"}}, ConditionExpression="a = :two",
                           ExpressionAttributeValues={":two": {"N": "2"}})
    assert "Attributes" not in r


def test_size_of_a_string_counts_characters(client):
    # Decision 0024: DynamoDB counts a string's UTF-16 code units, as DynamoDB Local 3.3.1 does
    # ("abÿ" is 3, "日本" is 2, an emoji is 2); a binary's size stays its bytes.
    from conftest import create_table
    name = create_table(client)
    try:
        key = {"pk": {"S": "sized"}}
        client.put_item(TableName=name, Item=dict(key, a={"S": "abÿ"}, j={"S": "日本"},
                                                  e={"S": "\U0001F600"}, b={"B": "ÿ".encode()}))
        for attribute, size in [("a", 3), ("j", 2), ("e", 2), ("b", 2)]:
            found = client.scan(TableName=name, FilterExpression=f"size({attribute}) = :n",
                                ExpressionAttributeValues={":n": {"N": str(size)}})["Items"]
            assert [i["pk"] for i in found] == [key["pk"]], (attribute, size)
        client.delete_item(TableName=name, Key=key, ConditionExpression="size(a) = :three",
                           ExpressionAttributeValues={":three": {"N": "3"}})
    finally:
        client.delete_table(TableName=name)
