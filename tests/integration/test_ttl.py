"""Time to Live: UpdateTimeToLive and DescribeTimeToLive with DynamoDB's messages, and the
expirer (`cairn serve --ttl-interval`) deleting exactly the items whose TTL attribute, a
Number of epoch seconds, has passed: with their index entries, whatever attribute TTL is on
(key attributes included), for items written before TTL was enabled and after a restart."""
import json
import subprocess
import tempfile
import time
from decimal import Decimal

import pytest
from botocore.exceptions import ClientError

from conftest import BINARY, Server, create_table, error_of, make_client, raw_request, unique_name

INTERVAL = 0.2  # seconds between two passes of the expirer


@pytest.fixture(scope="module")
def ttl_server():
    srv = Server(extra_args=["--ttl-interval", str(INTERVAL)]).start()
    yield srv
    assert srv.alive(), "the server died during the tests"
    srv.stop()


@pytest.fixture(scope="module")
def ddb(ttl_server):
    return make_client(ttl_server.url)


@pytest.fixture
def table(ddb):
    name = create_table(ddb)
    yield name
    ddb.delete_table(TableName=name)


def enable(ddb, table, attribute="exp"):
    spec = {"AttributeName": attribute, "Enabled": True}
    assert ddb.update_time_to_live(TableName=table, TimeToLiveSpecification=spec)[
        "TimeToLiveSpecification"] == spec


def description(ddb, table):
    return ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"]


def exists(ddb, table, key):
    return "Item" in ddb.get_item(TableName=table, Key=key, ConsistentRead=True)


def wait_until(predicate, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def now():
    return int(time.time())


def pk(value):
    return {"pk": {"S": value}}


# --- UpdateTimeToLive and DescribeTimeToLive ------------------------------------------------


def test_describe_states_through_enable_and_disable(ddb, table):
    assert description(ddb, table) == {"TimeToLiveStatus": "DISABLED"}
    enable(ddb, table)
    assert description(ddb, table) == {"TimeToLiveStatus": "ENABLED", "AttributeName": "exp"}
    spec = {"AttributeName": "exp", "Enabled": False}
    assert ddb.update_time_to_live(TableName=table, TimeToLiveSpecification=spec)[
        "TimeToLiveSpecification"] == spec
    assert description(ddb, table) == {"TimeToLiveStatus": "DISABLED"}
    # Another attribute after disabling (DynamoDB's hourly limit on changes is not enforced).
    enable(ddb, table, "other")
    assert description(ddb, table) == {"TimeToLiveStatus": "ENABLED", "AttributeName": "other"}


def update_error(ddb, table, attribute, enabled):
    with pytest.raises(ClientError) as e:
        ddb.update_time_to_live(TableName=table, TimeToLiveSpecification={
            "AttributeName": attribute, "Enabled": enabled})
    return error_of(e)


def test_setting_messages(ddb, table):
    assert update_error(ddb, table, "exp", False) == (
        "ValidationException", "TimeToLive is already disabled")
    enable(ddb, table)
    assert update_error(ddb, table, "exp", True) == (
        "ValidationException", "TimeToLive is already enabled")
    different = ("ValidationException",
                 "TimeToLive is active on a different AttributeName: current AttributeName is exp")
    assert update_error(ddb, table, "other", True) == different
    assert update_error(ddb, table, "other", False) == different
    assert description(ddb, table) == {"TimeToLiveStatus": "ENABLED", "AttributeName": "exp"}


def test_missing_table(ddb):
    name = unique_name()
    message = f"Requested resource not found: Table: {name} not found"
    assert update_error(ddb, name, "exp", True) == ("ResourceNotFoundException", message)
    with pytest.raises(ClientError) as e:
        ddb.describe_time_to_live(TableName=name)
    assert error_of(e) == ("ResourceNotFoundException", message)


def null(member):
    return f"Value null at '{member}' failed to satisfy constraint: Member must not be null"


LONG = "a" * 256


@pytest.mark.parametrize("spec, message", [
    (None, "1 validation error detected: " + null("timeToLiveSpecification")),
    ({"Enabled": True}, "1 validation error detected: " +
     null("timeToLiveSpecification.attributeName")),
    ({"AttributeName": "exp"}, "1 validation error detected: " +
     null("timeToLiveSpecification.enabled")),
    ({}, "2 validation errors detected: " + null("timeToLiveSpecification.enabled") + "; " +
     null("timeToLiveSpecification.attributeName")),
    ({"AttributeName": "", "Enabled": True},
     "1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName' failed "
     "to satisfy constraint: Member must have length greater than or equal to 1"),
    ({"AttributeName": LONG, "Enabled": True},
     f"1 validation error detected: Value '{LONG}' at 'timeToLiveSpecification.attributeName' "
     "failed to satisfy constraint: Member must have length less than or equal to 255"),
])
def test_specification_member_messages(ttl_server, table, spec, message):
    body = {"TableName": table}
    if spec is not None:
        body["TimeToLiveSpecification"] = spec
    r = raw_request(ttl_server.url, "UpdateTimeToLive", json.dumps(body))
    assert r.status_code == 400
    assert r.json() == {"__type": "com.amazon.coral.validate#ValidationException",
                        "message": message}


def test_attribute_name_of_255_characters(ddb, table):
    enable(ddb, table, "b" * 255)
    assert description(ddb, table)["AttributeName"] == "b" * 255


@pytest.mark.parametrize("spec", [
    {"AttributeName": "exp", "Enabled": "dog"},
    {"AttributeName": 3, "Enabled": True},
])
def test_wrong_member_types_are_serialization_errors(ttl_server, table, spec):
    r = raw_request(ttl_server.url, "UpdateTimeToLive",
                    json.dumps({"TableName": table, "TimeToLiveSpecification": spec}))
    assert r.status_code == 400
    assert r.json()["__type"].endswith("#SerializationException")


@pytest.mark.parametrize("operation, body", [
    ("UpdateTimeToLive", {"TimeToLiveSpecification": {"AttributeName": "e", "Enabled": True}}),
    ("DescribeTimeToLive", {}),
])
def test_table_name_is_required(ttl_server, operation, body):
    r = raw_request(ttl_server.url, operation, json.dumps(body))
    assert r.json() == {"__type": "com.amazon.coral.validate#ValidationException",
                        "message": "1 validation error detected: " + null("tableName")}


# --- Expiry -------------------------------------------------------------------------------


def test_expiry_deletes_exactly_the_expired_items(ttl_server, ddb, table):
    enable(ddb, table)
    t = now()
    expiring = {
        "past": {"N": str(t - 60)},
        "exponent": {"N": f"{(t - 60) // 10}e1"},
        "fractional": {"N": str(Decimal(str(time.time() - 60)))},
        "soon": {"N": str(t + 1)},
    }
    staying = {
        "future": {"N": str(t + 3600)},
        "string": {"S": str(t - 60)},
        "ancient": {"N": "162777600"},  # more than five years ago: DynamoDB keeps it
        "negative": {"N": "-5"},
        "binary": {"B": b"1"},
    }
    for name, value in {**expiring, **staying}.items():
        ddb.put_item(TableName=table, Item={"pk": {"S": name}, "exp": value})
    ddb.put_item(TableName=table, Item={"pk": {"S": "missing"}})
    staying["missing"] = None

    assert wait_until(lambda: not any(exists(ddb, table, pk(k)) for k in expiring))
    time.sleep(3 * INTERVAL)
    for name in staying:
        assert exists(ddb, table, pk(name)), name


def test_an_item_pushed_into_the_future_does_not_expire(ddb, table):
    enable(ddb, table)
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "exp": {"N": str(now() + 2)}})
    ddb.update_item(TableName=table, Key=pk("a"), UpdateExpression="SET exp = :e",
                    ExpressionAttributeValues={":e": {"N": str(now() + 3600)}})
    time.sleep(3.5)
    assert exists(ddb, table, pk("a"))


def test_removing_the_attribute_stops_expiry(ddb, table):
    enable(ddb, table)
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "exp": {"N": str(now() + 1)}})
    ddb.update_item(TableName=table, Key=pk("a"), UpdateExpression="REMOVE exp")
    time.sleep(2.5)
    assert exists(ddb, table, pk("a"))


def test_items_written_before_enabling_expire(ddb, table):
    ddb.batch_write_item(RequestItems={table: [
        {"PutRequest": {"Item": {"pk": {"S": f"k{i}"},
                                 "exp": {"N": str(now() - 5 if i % 2 else now() + 3600)}}}}
        for i in range(20)]})
    time.sleep(3 * INTERVAL)
    assert exists(ddb, table, pk("k1"))  # nothing expires while TTL is disabled
    enable(ddb, table)
    assert wait_until(lambda: not any(exists(ddb, table, pk(f"k{i}")) for i in range(1, 20, 2)))
    assert all(exists(ddb, table, pk(f"k{i}")) for i in range(0, 20, 2))


def test_disabling_stops_expiry(ddb, table):
    enable(ddb, table)
    ddb.update_time_to_live(TableName=table,
                            TimeToLiveSpecification={"AttributeName": "exp", "Enabled": False})
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "exp": {"N": str(now() - 60)}})
    time.sleep(5 * INTERVAL)
    assert exists(ddb, table, pk("a"))


def test_transactional_writes_expire(ddb, table):
    enable(ddb, table)
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": table, "Item": {"pk": {"S": "t"}, "exp": {"N": str(now() - 1)}}}}])
    assert wait_until(lambda: not exists(ddb, table, pk("t")))


def test_expiry_removes_gsi_and_lsi_entries(ddb):
    name = unique_name()
    ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "p", "KeyType": "HASH"},
                   {"AttributeName": "c", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in "pcgl"],
        LocalSecondaryIndexes=[{"IndexName": "lsi", "KeySchema": [
            {"AttributeName": "p", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"}}],
        GlobalSecondaryIndexes=[{"IndexName": "gsi", "KeySchema": [
            {"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}])
    try:
        enable(ddb, name)
        item = {"p": {"S": "p"}, "c": {"S": "c"}, "g": {"S": "g"}, "l": {"S": "l"}}
        ddb.put_item(TableName=name, Item=item)
        ddb.put_item(TableName=name, Item={**item, "c": {"S": "c2"},
                                           "exp": {"N": str(now() - 60)}})

        def counts():
            gsi = ddb.query(TableName=name, IndexName="gsi", KeyConditionExpression="g = :g",
                            ExpressionAttributeValues={":g": {"S": "g"}})["Count"]
            lsi = ddb.query(TableName=name, IndexName="lsi",
                            KeyConditionExpression="p = :p AND l = :l",
                            ExpressionAttributeValues={":p": {"S": "p"}, ":l": {"S": "l"}})["Count"]
            table = ddb.scan(TableName=name)["Count"]
            return table, gsi, lsi

        assert wait_until(lambda: counts() == (1, 1, 1))
    finally:
        ddb.delete_table(TableName=name)


@pytest.mark.parametrize("key_schema, definitions, attribute, key_of", [
    ([("p", "HASH")], [("p", "N")], "p",
     lambda t: {"p": {"N": str(t)}}),
    ([("p", "HASH"), ("c", "RANGE")], [("p", "S"), ("c", "N")], "c",
     lambda t: {"p": {"S": "x"}, "c": {"N": str(t)}}),
], ids=["hash key", "range key"])
def test_ttl_on_a_key_attribute(ddb, key_schema, definitions, attribute, key_of):
    name = unique_name()
    ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                     KeySchema=[{"AttributeName": a, "KeyType": k} for a, k in key_schema],
                     AttributeDefinitions=[{"AttributeName": a, "AttributeType": t}
                                           for a, t in definitions])
    try:
        enable(ddb, name, attribute)
        past, future = key_of(now() - 60), key_of(now() + 3600)
        ddb.put_item(TableName=name, Item=past)
        ddb.put_item(TableName=name, Item=future)
        assert wait_until(lambda: not exists(ddb, name, past))
        assert exists(ddb, name, future)
    finally:
        ddb.delete_table(TableName=name)


def test_ttl_on_an_lsi_key(ddb):
    name = unique_name()
    ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "p", "KeyType": "HASH"},
                   {"AttributeName": "c", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"},
                              {"AttributeName": "c", "AttributeType": "S"},
                              {"AttributeName": "l", "AttributeType": "N"}],
        LocalSecondaryIndexes=[{"IndexName": "lsi", "KeySchema": [
            {"AttributeName": "p", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"}}])
    try:
        enable(ddb, name, "l")
        ddb.put_item(TableName=name, Item={"p": {"S": "p"}, "c": {"S": "old"},
                                           "l": {"N": str(now() - 60)}})
        ddb.put_item(TableName=name, Item={"p": {"S": "p"}, "c": {"S": "new"},
                                           "l": {"N": str(now() + 3600)}})
        key = {"p": {"S": "p"}, "c": {"S": "old"}}
        assert wait_until(lambda: not exists(ddb, name, key))
        lsi = ddb.query(TableName=name, IndexName="lsi", KeyConditionExpression="p = :p",
                        ExpressionAttributeValues={":p": {"S": "p"}})["Items"]
        assert [i["c"]["S"] for i in lsi] == ["new"]
    finally:
        ddb.delete_table(TableName=name)


def test_a_recreated_table_starts_without_ttl(ddb):
    name = create_table(ddb)
    enable(ddb, name)
    ddb.delete_table(TableName=name)
    create_table(ddb, name=name)
    try:
        assert description(ddb, name) == {"TimeToLiveStatus": "DISABLED"}
        ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "exp": {"N": str(now() - 60)}})
        time.sleep(5 * INTERVAL)
        assert exists(ddb, name, pk("a"))
    finally:
        ddb.delete_table(TableName=name)


def test_expiry_survives_a_restart():
    with tempfile.TemporaryDirectory(prefix="cairn-ttl-") as data_dir:
        flags = ["--ttl-interval", str(INTERVAL)]
        srv = Server(data_dir=data_dir, extra_args=flags).start()
        try:
            ddb = make_client(srv.url)
            name = create_table(ddb)
            ddb.put_item(TableName=name, Item={"pk": {"S": "before"}, "exp": {"N": str(now() - 5)}})
            enable(ddb, name)
            ddb.put_item(TableName=name, Item={"pk": {"S": "later"}, "exp": {"N": str(now() + 3)}})
            ddb.put_item(TableName=name, Item={"pk": {"S": "kept"}, "exp": {"N": str(now() + 3600)}})
        finally:
            srv.kill()
        srv = Server(data_dir=data_dir, extra_args=flags).start()
        try:
            ddb = make_client(srv.url)
            assert description(ddb, name) == {"TimeToLiveStatus": "ENABLED", "AttributeName": "exp"}
            assert wait_until(lambda: not exists(ddb, name, pk("before")))
            assert wait_until(lambda: not exists(ddb, name, pk("later")))
            assert exists(ddb, name, pk("kept"))
        finally:
            srv.stop()


@pytest.mark.parametrize("value", ["0", "-1", "abc", "100000"])
def test_ttl_interval_flag_is_checked(value):
    r = subprocess.run([BINARY, "serve", "--in-memory", "--port", "0", "--ttl-interval", value],
                       capture_output=True, text=True, timeout=20)
    assert r.returncode == 2
    assert "--ttl-interval needs a number of seconds from 0.001 to 86400" in r.stderr
