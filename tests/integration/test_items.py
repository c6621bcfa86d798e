"""PutItem, GetItem, DeleteItem: all ten types, numbers, keys and limits."""
import base64

import pytest
from botocore.exceptions import ClientError

from conftest import error_of



def put_error(client, table, item, **extra):
    with pytest.raises(ClientError) as e:
        client.put_item(TableName=table, Item=item, **extra)
    return error_of(e)


ALL_TYPES = {
    "pk": {"S": "all"},
    "s": {"S": "héllo \"quoted\" \n"},
    "empty": {"S": ""},
    "n": {"N": "-12.5"},
    "b": {"B": b"\x00\x01\xff"},
    "t": {"BOOL": True},
    "f": {"BOOL": False},
    "nul": {"NULL": True},
    "m": {"M": {"inner": {"L": [{"N": "1"}, {"M": {}}, {"SS": ["x"]}]}}},
    "l": {"L": []},
    "ss": {"SS": ["a", "b"]},
    "ns": {"NS": ["1", "2.5"]},
    "bs": {"BS": [b"x", b"y"]},
}


def test_all_ten_types_round_trip(client, table_s):
    client.put_item(TableName=table_s, Item=ALL_TYPES)
    got = client.get_item(TableName=table_s, Key={"pk": {"S": "all"}}, ConsistentRead=True)["Item"]
    for k in ("ss", "ns", "bs"):
        got[k] = {t: sorted(v) for t, v in got[k].items()}
    assert got == ALL_TYPES


def test_missing_item_has_no_item_member(client, table_s):
    assert "Item" not in client.get_item(TableName=table_s, Key={"pk": {"S": "nothing"}})


def test_put_replaces_whole_item_and_returns_old(client, table_s):
    key = {"pk": {"S": "r"}}
    assert "Attributes" not in client.put_item(TableName=table_s, Item={**key, "a": {"S": "1"}},
                                               ReturnValues="ALL_OLD")
    old = client.put_item(TableName=table_s, Item={**key, "b": {"S": "2"}}, ReturnValues="ALL_OLD")
    assert old["Attributes"] == {**key, "a": {"S": "1"}}
    assert client.get_item(TableName=table_s, Key=key)["Item"] == {**key, "b": {"S": "2"}}


def test_delete_returns_old_item(client, table_s):
    key = {"pk": {"S": "d"}}
    client.put_item(TableName=table_s, Item={**key, "v": {"N": "1"}})
    assert client.delete_item(TableName=table_s, Key=key, ReturnValues="ALL_OLD")["Attributes"] == \
        {**key, "v": {"N": "1"}}
    assert "Item" not in client.get_item(TableName=table_s, Key=key)
    assert "Attributes" not in client.delete_item(TableName=table_s, Key=key, ReturnValues="ALL_OLD")


def test_return_values_other_than_all_old_are_refused(client, table_s):
    assert put_error(client, table_s, {"pk": {"S": "x"}}, ReturnValues="ALL_NEW") == (
        "ValidationException", "ReturnValues can only be ALL_OLD or NONE")
    code, message = put_error(client, table_s, {"pk": {"S": "x"}}, ReturnValues="EVERYTHING")
    assert code == "ValidationException" and "returnValues" in message


@pytest.mark.parametrize("text,canonical", [
    ("1e3", "1000"), ("+1.50", "1.5"), ("-0", "0"), (".5", "0.5"), ("0001.230", "1.23"),
    ("1e-130", "0." + "0" * 129 + "1"), ("9.99e125", "999" + "0" * 123),
])
def test_numbers_come_back_in_canonical_form(client, table_s, text, canonical):
    client.put_item(TableName=table_s, Item={"pk": {"S": "num"}, "n": {"N": text}, "ns": {"NS": [text]}})
    item = client.get_item(TableName=table_s, Key={"pk": {"S": "num"}})["Item"]
    assert item["n"] == {"N": canonical} and item["ns"] == {"NS": [canonical]}


@pytest.mark.parametrize("text,fragment", [
    ("1e126", "Number overflow"), ("1e-131", "Number underflow"),
    ("1" * 39, "38 significant digits"), ("abc", "cannot be converted to a numeric value: abc"),
    ("NaN", "numeric value"), (" 1", "numeric value"),
])
def test_invalid_numbers(client, table_s, text, fragment):
    code, message = put_error(client, table_s, {"pk": {"S": "x"}, "n": {"N": text}})
    assert code == "ValidationException" and fragment in message


def test_number_keys_are_compared_numerically(client, table_sn):
    client.put_item(TableName=table_sn, Item={"pk": {"S": "p"}, "sk": {"N": "1000"}, "v": {"S": "a"}})
    got = client.get_item(TableName=table_sn, Key={"pk": {"S": "p"}, "sk": {"N": "1e3"}})["Item"]
    assert got["sk"] == {"N": "1000"} and got["v"] == {"S": "a"}


def test_key_attribute_rules_on_put(client, table_s):
    assert put_error(client, table_s, {"x": {"S": "1"}}) == (
        "ValidationException", "One or more parameter values were invalid: Missing the key pk in the item")
    assert put_error(client, table_s, {"pk": {"N": "1"}}) == (
        "ValidationException",
        "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N")
    code, message = put_error(client, table_s, {"pk": {"S": ""}})
    assert code == "ValidationException" and "empty string value. Key: pk" in message


def test_key_rules_on_get_and_delete(client, table_s):
    for key in ({"pk": {"N": "1"}}, {"other": {"S": "x"}}, {"pk": {"S": "a"}, "x": {"S": "b"}}, {}):
        with pytest.raises(ClientError) as e:
            client.get_item(TableName=table_s, Key=key)
        assert error_of(e) == ("ValidationException", "The provided key element does not match the schema")
        with pytest.raises(ClientError) as e:
            client.delete_item(TableName=table_s, Key=key)
        assert error_of(e)[0] == "ValidationException"


def test_key_size_limits(client, table_sn):
    client.put_item(TableName=table_sn, Item={"pk": {"S": "a" * 2048}, "sk": {"N": "1"}})
    code, message = put_error(client, table_sn, {"pk": {"S": "a" * 2049}, "sk": {"N": "1"}})
    assert code == "ValidationException" and "2048 bytes" in message


def test_sort_key_size_limit(client):
    from conftest import create_table
    name = create_table(client, range_type="B")
    try:
        client.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"B": b"x" * 1024}})
        code, message = put_error(client, name, {"pk": {"S": "a"}, "sk": {"B": b"x" * 1025}})
        assert code == "ValidationException" and "1024 bytes" in message
        code, message = put_error(client, name, {"pk": {"S": "a"}, "sk": {"B": b""}})
        assert "empty binary value" in message
    finally:
        client.delete_table(TableName=name)


def test_item_size_limit_counts_names_and_values(client, table_s):
    limit = 400 * 1024
    overhead = len("pk") + 1 + len("v")  # "pk" -> "a", plus the name "v"
    client.put_item(TableName=table_s, Item={"pk": {"S": "a"}, "v": {"S": "x" * (limit - overhead)}})
    assert put_error(client, table_s, {"pk": {"S": "a"}, "v": {"S": "x" * (limit - overhead + 1)}}) == (
        "ValidationException", "Item size has exceeded the maximum allowed size")


@pytest.mark.parametrize("value,fragment", [
    ({}, "Supplied AttributeValue is empty"),
    ({"S": "a", "N": "1"}, "more than one datatypes"),
    ({"NULL": False}, "Null attribute value types must have the value of true"),
    ({"SS": []}, "An string set  may not be empty"),
    ({"NS": []}, "An number set  may not be empty"),
    ({"SS": ["a", "a"]}, "Input collection [a, a] contains duplicates."),
    ({"NS": ["1", "1.0"]}, "contains duplicates"),
])
def test_attribute_value_validation(client, table_s, value, fragment):
    code, message = put_error(client, table_s, {"pk": {"S": "x"}, "v": value})
    assert code == "ValidationException" and fragment in message, message


def test_nesting_limit(client, table_s):
    value = {"S": "leaf"}
    for _ in range(32):
        value = {"L": [value]}
    client.put_item(TableName=table_s, Item={"pk": {"S": "deep"}, "v": value})
    code, message = put_error(client, table_s, {"pk": {"S": "deep"}, "v": {"M": {"m": value}}})
    assert code == "ValidationException"
    assert message == (
        "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels "
        "beyond supported limit"
    )


def test_binary_keys_sort_and_round_trip(client):
    from conftest import create_table
    name = create_table(client, hash_type="B")
    try:
        for raw in [b"\x00", b"\x00\x00", b"\xff", b"a\x00b"]:
            client.put_item(TableName=name, Item={"pk": {"B": raw}, "v": {"S": base64.b64encode(raw).decode()}})
        for raw in [b"\x00", b"\x00\x00", b"\xff", b"a\x00b"]:
            item = client.get_item(TableName=name, Key={"pk": {"B": raw}})["Item"]
            assert item["pk"]["B"] == raw
    finally:
        client.delete_table(TableName=name)


def test_concurrent_puts_to_one_key_leave_one_whole_item(client, table_s):
    from concurrent.futures import ThreadPoolExecutor
    key = {"pk": {"S": "race"}}

    def put(i):
        client.put_item(TableName=table_s, Item={**key, "a": {"N": str(i)}, "b": {"N": str(i)}})

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(put, range(200)))
    item = client.get_item(TableName=table_s, Key=key)["Item"]
    assert item["a"] == item["b"]


def test_attribute_name_rules(client, table_s):
    too_long = "n" * 65536
    for item in ({"pk": {"S": "a"}, "": {"N": "1"}}, {"pk": {"S": "a"}, too_long: {"N": "1"}}):
        code, message = put_error(client, table_s, item)
        assert code == "ValidationException"
        assert "Empty attribute name" in message or "65535" in message
    with pytest.raises(ClientError) as e:
        client.get_item(TableName=table_s, Key={"pk": {"S": "a"}}, AttributesToGet=[""])
    assert "Empty attribute name" in error_of(e)[1]
    with pytest.raises(ClientError) as e:
        client.get_item(TableName=table_s, Key={"pk": {"S": "a"}}, ProjectionExpression="#n",
                        ExpressionAttributeNames={"#n": too_long})
    assert "65535" in error_of(e)[1]
    client.put_item(TableName=table_s, Item={"pk": {"S": "a"}, "n" * 65535: {"N": "1"}})


def test_an_error_about_a_huge_input_stays_small(client, table_s):
    """A 10 MB string set with duplicates: the message that echoes it is cut to 4 KB."""
    members = ["m%07d" % i for i in range(1_000_000)] + ["m0000000"]
    with pytest.raises(ClientError) as e:
        client.put_item(TableName=table_s, Item={"pk": {"S": "big"}, "s": {"SS": members}})
    code, message = error_of(e)
    assert code == "ValidationException"
    assert message.startswith("One or more parameter values were invalid: Input collection [")
    assert len(message.encode()) <= 4096 and message.endswith("...")
