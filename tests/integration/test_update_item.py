"""UpdateItem: every update action, AttributeUpdates, ReturnValues and atomicity."""
from concurrent.futures import ThreadPoolExecutor

import pytest
from botocore.exceptions import ClientError

from conftest import error_of



def item_of(client, table, pk="k"):
    return client.get_item(TableName=table, Key={"pk": {"S": pk}}).get("Item")


def update(client, table, expression, values=None, names=None, pk="k", **extra):
    kwargs = dict(TableName=table, Key={"pk": {"S": pk}}, UpdateExpression=expression, **extra)
    if values:
        kwargs["ExpressionAttributeValues"] = values
    if names:
        kwargs["ExpressionAttributeNames"] = names
    return client.update_item(**kwargs)


def test_update_creates_the_item(client, table_s):
    update(client, table_s, "SET a = :v", {":v": {"S": "x"}})
    assert item_of(client, table_s) == {"pk": {"S": "k"}, "a": {"S": "x"}}


def test_set_arithmetic_and_functions(client, table_s):
    update(client, table_s, "SET n = :ten, l = :list, m = :map",
           {":ten": {"N": "10"}, ":list": {"L": [{"N": "1"}]}, ":map": {"M": {"x": {"S": "y"}}}})
    update(client, table_s, "SET n = n - :three, l = list_append(l, :more), m.z = :z, "
           "c = if_not_exists(c, :zero) + :one",
           {":three": {"N": "3"}, ":more": {"L": [{"N": "2"}]}, ":z": {"N": "5"}, ":zero": {"N": "0"},
            ":one": {"N": "1"}})
    item = item_of(client, table_s)
    assert item["n"] == {"N": "7"}
    assert item["l"] == {"L": [{"N": "1"}, {"N": "2"}]}
    assert item["m"] == {"M": {"x": {"S": "y"}, "z": {"N": "5"}}}
    assert item["c"] == {"N": "1"}


def test_remove_add_delete(client, table_s):
    update(client, table_s, "SET l = :l, s = :s, gone = :one",
           {":l": {"L": [{"N": "0"}, {"N": "1"}, {"N": "2"}]}, ":s": {"SS": ["a", "b", "c"]},
            ":one": {"N": "1"}})
    update(client, table_s, "REMOVE gone, l[1] ADD tally :five, s :d",
           {":five": {"N": "5"}, ":d": {"SS": ["d"]}})
    update(client, table_s, "DELETE s :ab", {":ab": {"SS": ["a", "b"]}})
    item = item_of(client, table_s)
    assert "gone" not in item
    assert item["l"] == {"L": [{"N": "0"}, {"N": "2"}]}
    assert item["tally"] == {"N": "5"}
    assert sorted(item["s"]["SS"]) == ["c", "d"]
    update(client, table_s, "DELETE s :cd", {":cd": {"SS": ["c", "d"]}})
    assert "s" not in item_of(client, table_s)


def test_update_only_removing_does_not_create_an_item(client, table_s):
    update(client, table_s, "REMOVE a", pk="absent")
    assert item_of(client, table_s, "absent") is None
    client.update_item(TableName=table_s, Key={"pk": {"S": "bare"}})
    assert item_of(client, table_s, "bare") == {"pk": {"S": "bare"}}


@pytest.mark.parametrize("mode,expected", [
    ("NONE", None),
    ("ALL_OLD", {"pk": {"S": "k"}, "a": {"N": "1"}, "b": {"N": "2"}}),
    ("UPDATED_OLD", {"a": {"N": "1"}}),
    ("ALL_NEW", {"pk": {"S": "k"}, "a": {"N": "5"}, "b": {"N": "2"}}),
    ("UPDATED_NEW", {"a": {"N": "5"}}),
])
def test_return_values(client, table_s, mode, expected):
    client.put_item(TableName=table_s, Item={"pk": {"S": "k"}, "a": {"N": "1"}, "b": {"N": "2"}})
    r = update(client, table_s, "SET a = :v", {":v": {"N": "5"}}, ReturnValues=mode)
    assert r.get("Attributes") == expected


def test_update_errors(client, table_s):
    client.put_item(TableName=table_s, Item={"pk": {"S": "k"}, "s": {"S": "x"}})
    cases = [
        ("SET pk = :v", {":v": {"S": "y"}},
         "One or more parameter values were invalid: Cannot update attribute pk. This attribute "
         "is part of the key"),
        ("SET a = :v, a = :v", {":v": {"S": "y"}},
         "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
         "rewrite one of these paths; path one: [a], path two: [a]"),
        ("SET x = s + :v", {":v": {"N": "1"}},
         "An operand in the update expression has an incorrect data type"),
        ("SET absent.deep = :v", {":v": {"N": "1"}},
         "The document path provided in the update expression is invalid for update"),
    ]
    for expression, values, message in cases:
        with pytest.raises(ClientError) as e:
            update(client, table_s, expression, values)
        assert error_of(e) == ("ValidationException", message), expression
    with pytest.raises(ClientError) as e:
        update(client, table_s, "SET a = :v", {":v": {"S": "y"}}, ReturnValues="EVERYTHING")
    assert error_of(e)[0] == "ValidationException"


def test_attribute_updates_legacy(client, table_s):
    client.update_item(TableName=table_s, Key={"pk": {"S": "k"}}, AttributeUpdates={
        "a": {"Action": "PUT", "Value": {"N": "1"}},
        "n": {"Action": "ADD", "Value": {"N": "2"}},
        "l": {"Action": "ADD", "Value": {"L": [{"S": "x"}]}},
    })
    client.update_item(TableName=table_s, Key={"pk": {"S": "k"}}, AttributeUpdates={
        "a": {"Action": "DELETE"},
        "n": {"Action": "ADD", "Value": {"N": "3"}},
        "l": {"Action": "ADD", "Value": {"L": [{"S": "y"}]}},
    })
    assert item_of(client, table_s) == {"pk": {"S": "k"}, "n": {"N": "5"},
                                        "l": {"L": [{"S": "x"}, {"S": "y"}]}}


def test_projection_on_get_item(client, table_s):
    client.put_item(TableName=table_s, Item={
        "pk": {"S": "k"}, "a": {"M": {"b": {"L": [{"N": "0"}, {"M": {"c": {"N": "1"}, "d": {"N": "2"}}}]}}},
        "e": {"S": "x"}})
    got = client.get_item(TableName=table_s, Key={"pk": {"S": "k"}},
                          ProjectionExpression="a.b[1].c, #e", ExpressionAttributeNames={"#e": "e"})
    assert got["Item"] == {"a": {"M": {"b": {"L": [{"M": {"c": {"N": "1"}}}]}}}, "e": {"S": "x"}}
    got = client.get_item(TableName=table_s, Key={"pk": {"S": "k"}}, AttributesToGet=["e", "zz"])
    assert got["Item"] == {"e": {"S": "x"}}


def test_thousand_concurrent_adds(client, table_s):
    def add(_):
        update(client, table_s, "ADD c :one", {":one": {"N": "1"}}, pk="counter")

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(add, range(1000)))
    assert item_of(client, table_s, "counter")["c"] == {"N": "1000"}


# An update that creates the item starts from its key (DynamoDB: the key attributes are
# part of the new item before the update expression applies; reported by a client suite
# recorded against DynamoDB in 2026, issue 19): "SET b = a" copies the key.
def test_an_update_that_creates_the_item_sees_its_key(client, table_sn):
    r = client.update_item(TableName=table_sn, Key={"pk": {"S": "k2"}, "sk": {"N": "5"}},
                           UpdateExpression="SET b = pk, c = sk + :one",
                           ExpressionAttributeValues={":one": {"N": "1"}},
                           ReturnValues="ALL_NEW")
    assert r["Attributes"] == {"pk": {"S": "k2"}, "sk": {"N": "5"}, "b": {"S": "k2"},
                               "c": {"N": "6"}}
    item = client.get_item(TableName=table_sn, Key={"pk": {"S": "k2"}, "sk": {"N": "5"}})["Item"]
    assert item == r["Attributes"]


def test_a_condition_still_sees_no_item_when_the_update_would_create_it(client, table_s):
    # attribute_exists(pk) is how clients refuse to create an item with UpdateItem.
    with pytest.raises(ClientError) as e:
        client.update_item(TableName=table_s, Key={"pk": {"S": "missing"}},
                           UpdateExpression="SET b = pk", ConditionExpression="attribute_exists(pk)")
    assert error_of(e)[0] == "ConditionalCheckFailedException"
    assert "Item" not in client.get_item(TableName=table_s, Key={"pk": {"S": "missing"}})
