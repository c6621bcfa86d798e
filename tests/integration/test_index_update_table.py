"""UpdateTable's GlobalSecondaryIndexUpdates: adding a GSI to a populated table (backfilled
while the table keeps serving writes), deleting one, updating its throughput, and every
validation error, with DynamoDB's messages."""
import json
import random
import tempfile
import threading
import time

import pytest
from botocore.exceptions import ClientError

from conftest import Server, create_table, error_of, make_client, raw_request, unique_name
from index_support import INVALID, put_batch, scan_all


def create_gsi(name, attr, attr_type="S", **extra):
    """UpdateTable arguments that add GSI `name` keyed on `attr`."""
    create = {"IndexName": name, "KeySchema": [{"AttributeName": attr, "KeyType": "HASH"}],
              "Projection": {"ProjectionType": "ALL"}}
    create.update(extra)
    return {"AttributeDefinitions": [{"AttributeName": attr, "AttributeType": attr_type}],
            "GlobalSecondaryIndexUpdates": [{"Create": create}]}


def index_description(client, table, index):
    desc = client.describe_table(TableName=table)["Table"]
    for i in desc.get("GlobalSecondaryIndexes", []):
        if i["IndexName"] == index:
            return i
    return None


def wait_for_active(client, table, index, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        i = index_description(client, table, index)
        assert i is not None, f"index {index} vanished"
        if i["IndexStatus"] == "ACTIVE":
            assert "Backfilling" not in i
            return i
        time.sleep(0.05)
    raise AssertionError(f"index {index} did not become ACTIVE")


def as_set(items):
    return {json.dumps(i, sort_keys=True) for i in items}


def indexed_items(items, attr):
    """The items a GSI on string attribute `attr` (projection ALL) must hold."""
    return [i for i in items if "S" in i.get(attr, {}) and i[attr]["S"] != ""]


@pytest.fixture
def table(client):
    name = create_table(client)
    yield name
    for _ in range(100):  # a table is not deleted while one of its indexes is being created
        try:
            client.delete_table(TableName=name)
            return
        except ClientError as e:
            if e.response["Error"]["Code"] != "ResourceInUseException":
                raise
            time.sleep(0.1)


@pytest.fixture
def provisioned_table(client):
    name = create_table(client, BillingMode="PROVISIONED",
                        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    yield name
    client.delete_table(TableName=name)


def test_create_index_on_populated_table(client, table):
    items = [{"pk": {"S": f"p{i}"}, "x": {"S": f"x{i % 10}"}, "n": {"N": str(i)}}
             for i in range(300)]
    items += [{"pk": {"S": f"q{i}"}, "n": {"N": str(i)}} for i in range(20)]  # no x: sparse
    items += [{"pk": {"S": f"r{i}"}, "x": {"N": str(i)}} for i in range(20)]  # wrong type: skipped
    items += [{"pk": {"S": "empty"}, "x": {"S": ""}}]  # an empty key value: skipped
    put_batch(client, table, items)

    desc = client.update_table(TableName=table, **create_gsi("by_x", "x"))["TableDescription"]
    [gsi] = desc["GlobalSecondaryIndexes"]
    assert gsi["IndexName"] == "by_x"
    assert gsi["IndexStatus"] == "CREATING"
    assert gsi["Backfilling"] is True
    assert gsi["KeySchema"] == [{"AttributeName": "x", "KeyType": "HASH"}]
    assert {"AttributeName": "x", "AttributeType": "S"} in desc["AttributeDefinitions"]

    wait_for_active(client, table, "by_x")
    assert as_set(scan_all(client, table, IndexName="by_x")) == as_set(indexed_items(items, "x"))
    got = client.query(TableName=table, IndexName="by_x", KeyConditionExpression="x = :x",
                       ExpressionAttributeValues={":x": {"S": "x3"}})["Items"]
    assert len(got) == 30
    # The index now types x: a number is refused, a missing x is fine.
    with pytest.raises(ClientError) as e:
        client.put_item(TableName=table, Item={"pk": {"S": "new"}, "x": {"N": "1"}})
    assert error_of(e) == ("ValidationException",
                           "One or more parameter values were invalid: Type mismatch for Index Key "
                           "x Expected: S Actual: N IndexName: by_x")
    client.put_item(TableName=table, Item={"pk": {"S": "new"}})


def test_backfill_under_concurrent_writers_is_exact(server, client, table):
    rng = random.Random(7)
    keys = [f"k{i}" for i in range(4000)]
    put_batch(client, table, [{"pk": {"S": k}, "x": {"S": f"v{rng.randrange(20)}"}} for k in keys])
    stop = threading.Event()
    counts = []

    def writer(seed):
        w = make_client(server.url)
        r = random.Random(seed)
        n = 0
        while not stop.is_set():
            k = {"pk": {"S": r.choice(keys) if r.random() < 0.9 else f"new{r.randrange(300)}"}}
            op = r.randrange(4)
            if op == 0:
                w.put_item(TableName=table, Item={**k, "x": {"S": f"w{r.randrange(20)}"}})
            elif op == 1:
                w.delete_item(TableName=table, Key=k)
            elif op == 2:
                w.update_item(TableName=table, Key=k, UpdateExpression="SET x = :x",
                              ExpressionAttributeValues={":x": {"S": f"u{seed}"}})
            else:
                w.update_item(TableName=table, Key=k, UpdateExpression="REMOVE x")
            n += 1
        counts.append(n)

    threads = [threading.Thread(target=writer, args=(s,)) for s in range(4)]
    for t in threads:
        t.start()
    try:
        time.sleep(0.3)
        client.update_table(TableName=table, **create_gsi("by_x", "x"))
        wait_for_active(client, table, "by_x")
        time.sleep(0.3)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert sum(counts) > 100
    expected = indexed_items(scan_all(client, table), "x")
    assert len(expected) > 1000
    index = scan_all(client, table, IndexName="by_x")
    assert len(index) == len(expected)  # each item exactly once
    assert as_set(index) == as_set(expected)


def test_delete_index(client, table):
    client.update_table(TableName=table, **create_gsi("by_x", "x"))
    wait_for_active(client, table, "by_x")
    client.put_item(TableName=table, Item={"pk": {"S": "a"}, "x": {"S": "b"}})
    client.update_table(TableName=table, GlobalSecondaryIndexUpdates=[
        {"Delete": {"IndexName": "by_x"}}])
    desc = client.describe_table(TableName=table)["Table"]
    assert "GlobalSecondaryIndexes" not in desc
    # x keyed only the index: its definition goes with it.
    assert desc["AttributeDefinitions"] == [{"AttributeName": "pk", "AttributeType": "S"}]
    with pytest.raises(ClientError) as e:
        client.query(TableName=table, IndexName="by_x", KeyConditionExpression="x = :x",
                     ExpressionAttributeValues={":x": {"S": "b"}})
    assert error_of(e)[0] == "ValidationException" and "by_x" in error_of(e)[1]
    client.put_item(TableName=table, Item={"pk": {"S": "a"}, "x": {"N": "7"}})
    # Deleted again: it is not there.
    with pytest.raises(ClientError) as e:
        client.update_table(TableName=table, GlobalSecondaryIndexUpdates=[
            {"Delete": {"IndexName": "by_x"}}])
    assert error_of(e) == ("ResourceNotFoundException",
                           f"Requested resource not found: Index by_x for table {table}")
    # And re-created under the same name, with the new type.
    client.update_table(TableName=table, **create_gsi("by_x", "x", "N"))
    wait_for_active(client, table, "by_x")
    assert scan_all(client, table, IndexName="by_x") == [{"pk": {"S": "a"}, "x": {"N": "7"}}]


def test_delete_response_shows_the_index_deleting(client, table):
    client.update_table(TableName=table, **create_gsi("by_x", "x"))
    wait_for_active(client, table, "by_x")
    desc = client.update_table(TableName=table, GlobalSecondaryIndexUpdates=[
        {"Delete": {"IndexName": "by_x"}}])["TableDescription"]
    assert desc["TableStatus"] == "UPDATING"
    assert [(i["IndexName"], i["IndexStatus"]) for i in desc["GlobalSecondaryIndexes"]] == [
        ("by_x", "DELETING")]
    assert "GlobalSecondaryIndexes" not in client.describe_table(TableName=table)["Table"]


def test_update_index_throughput(client, provisioned_table):
    table = provisioned_table
    client.update_table(TableName=table, **create_gsi(
        "by_x", "x", ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 2}))
    wait_for_active(client, table, "by_x")
    desc = client.update_table(TableName=table, GlobalSecondaryIndexUpdates=[{"Update": {
        "IndexName": "by_x",
        "ProvisionedThroughput": {"ReadCapacityUnits": 3, "WriteCapacityUnits": 1}}}])
    assert desc["TableDescription"]["TableStatus"] == "ACTIVE"
    tp = index_description(client, table, "by_x")["ProvisionedThroughput"]
    assert (tp["ReadCapacityUnits"], tp["WriteCapacityUnits"]) == (3, 1)
    assert tp["NumberOfDecreasesToday"] == 1
    with pytest.raises(ClientError) as e:
        client.update_table(TableName=table, GlobalSecondaryIndexUpdates=[{"Update": {
            "IndexName": "by_x",
            "ProvisionedThroughput": {"ReadCapacityUnits": 3, "WriteCapacityUnits": 1}}}])
    assert error_of(e) == ("ValidationException",
                           "The provisioned throughput for the index by_x will not change. The "
                           "requested value equals the current value. Current ReadCapacityUnits "
                           "provisioned for index by_x: 3. Requested ReadCapacityUnits: 3. Current "
                           "WriteCapacityUnits provisioned for index by_x: 1. Requested "
                           "WriteCapacityUnits: 1. Refer to the Amazon DynamoDB Developer Guide "
                           "for current limits and how to request higher limits.")
    # To PAY_PER_REQUEST: the index has no throughput of its own any more.
    client.update_table(TableName=table, BillingMode="PAY_PER_REQUEST")
    tp = index_description(client, table, "by_x")["ProvisionedThroughput"]
    assert (tp["ReadCapacityUnits"], tp["WriteCapacityUnits"]) == (0, 0)
    with pytest.raises(ClientError) as e:
        client.update_table(TableName=table, GlobalSecondaryIndexUpdates=[{"Update": {
            "IndexName": "by_x",
            "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}}])
    assert error_of(e) == ("ValidationException",
                           "One or more parameter values were invalid: The only Updates for index: "
                           "by_x when TableThroughputMode is PAY_PER_REQUEST can be to "
                           "OnDemandThroughput, WarmThroughput")
    # Back to PROVISIONED: every index needs its throughput in the same request.
    pt = {"ReadCapacityUnits": 4, "WriteCapacityUnits": 4}
    with pytest.raises(ClientError) as e:
        client.update_table(TableName=table, BillingMode="PROVISIONED", ProvisionedThroughput=pt)
    assert error_of(e) == ("ValidationException", "One or more parameter values were invalid: "
                           "ProvisionedThroughput must be specified for index: by_x")
    client.update_table(TableName=table, BillingMode="PROVISIONED", ProvisionedThroughput=pt,
                        GlobalSecondaryIndexUpdates=[{"Update": {
                            "IndexName": "by_x", "ProvisionedThroughput": pt}}])
    tp = index_description(client, table, "by_x")["ProvisionedThroughput"]
    assert (tp["ReadCapacityUnits"], tp["WriteCapacityUnits"]) == (4, 4)


def test_creates_and_deletes_in_sequence(client, table):
    client.put_item(TableName=table, Item={"pk": {"S": "a"}, "x": {"S": "1"}, "y": {"S": "2"}})
    client.update_table(TableName=table, **create_gsi("gsi_x", "x"))
    wait_for_active(client, table, "gsi_x")
    client.update_table(TableName=table, **create_gsi("gsi_y", "y"))
    wait_for_active(client, table, "gsi_y")
    names = [i["IndexName"] for i in client.describe_table(TableName=table)["Table"][
        "GlobalSecondaryIndexes"]]
    assert names == ["gsi_x", "gsi_y"]
    client.update_table(TableName=table,
                        GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "gsi_x"}}])
    assert len(scan_all(client, table, IndexName="gsi_y")) == 1


def test_twenty_indexes_at_most(client, table):
    for i in range(20):
        client.update_table(TableName=table, **create_gsi(f"g{i:02}", f"a{i}"))
        wait_for_active(client, table, f"g{i:02}")
    with pytest.raises(ClientError) as e:
        client.update_table(TableName=table, **create_gsi("g20", "a20"))
    assert error_of(e) == ("LimitExceededException", "Subscriber limit exceeded: Number of global "
                           "secondary indexes exceeds per-table limit of 20")


def gsi_request(table, **body):
    body["TableName"] = table
    return body


CREATE_X = {"Create": {"IndexName": "gsi_x",
                       "KeySchema": [{"AttributeName": "x", "KeyType": "HASH"}],
                       "Projection": {"ProjectionType": "ALL"}}}
DEFS_X = [{"AttributeName": "x", "AttributeType": "S"}]
# DynamoDB's current wording, from a catalogue of messages observed on DynamoDB in 2026.
NOTHING_TO_UPDATE = (
    "ValidationException",
    "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
    "GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, "
    "ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, OnDemandThroughput, "
    "WarmThroughput or TableClass is required")
ONE_AT_A_TIME = ("LimitExceededException", "Subscriber limit exceeded: Only 1 online index can be "
                 "created or deleted simultaneously per table")


@pytest.mark.parametrize("body, error", [
    ({"GlobalSecondaryIndexUpdates": []},
     NOTHING_TO_UPDATE),
    ({"AttributeDefinitions": DEFS_X},
     NOTHING_TO_UPDATE),
    ({"GlobalSecondaryIndexUpdates": [], "BillingMode": "PAY_PER_REQUEST"},
     ("ValidationException", INVALID + "List of GlobalSecondaryIndexUpdates is empty")),
    ({"GlobalSecondaryIndexUpdates": [{}]},
     ("ValidationException", INVALID + "One of GlobalSecondaryIndexUpdate.Update, "
      "GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null")),
    ({"AttributeDefinitions": DEFS_X,
      "GlobalSecondaryIndexUpdates": [{**CREATE_X, "Delete": {"IndexName": "other"}}]},
     ("ValidationException", INVALID + "Only one global secondary index action is allowed per "
      "GlobalSecondaryIndexUpdate object")),
    ({"GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "abc"}},
                                      {"Delete": {"IndexName": "abc"}}]},
     ("ValidationException", INVALID + "Only one global secondary index update per index is "
      "allowed simultaneously. Index: abc")),
    ({"AttributeDefinitions": DEFS_X,
      "GlobalSecondaryIndexUpdates": [CREATE_X, {"Delete": {"IndexName": "other"}}]},
     ONE_AT_A_TIME),
    ({"GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "gsi1"}},
                                      {"Delete": {"IndexName": "gsi2"}}]},
     ONE_AT_A_TIME),
    ({"GlobalSecondaryIndexUpdates": [CREATE_X]},
     ("ValidationException", INVALID + "AttributeDefinitions is not specified for index: gsi_x")),
    ({"AttributeDefinitions": DEFS_X, "GlobalSecondaryIndexUpdates": [CREATE_X],
      "DeletionProtectionEnabled": True},
     ("ValidationException", INVALID + "DeletionProtection modification must be the only "
      "operation in the request")),
    ({"AttributeDefinitions": DEFS_X, "GlobalSecondaryIndexUpdates": [CREATE_X],
      "TableClass": "STANDARD_INFREQUENT_ACCESS"},
     ("ValidationException", INVALID + "TableClass modification must be the only operation in "
      "the request")),
    ({"GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "nope"}}]},
     ("ResourceNotFoundException", "Requested resource not found: Index nope for table {table}")),
    ({"GlobalSecondaryIndexUpdates": [{"Update": {"IndexName": "nope", "ProvisionedThroughput": {
        "ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}}]},
     ("ResourceNotFoundException", "Requested resource not found: Index nope for table {table}")),
    ({"AttributeDefinitions": DEFS_X, "GlobalSecondaryIndexUpdates": [
        {"Create": {**CREATE_X["Create"], "ProvisionedThroughput": {
            "ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}}]},
     ("ValidationException", INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be "
      "specified for index: gsi_x when BillingMode is PAY_PER_REQUEST")),
    ({"GlobalSecondaryIndexUpdates": [{"Update": {"IndexName": "a"}}]},
     ("ValidationException", "2 validation errors detected: Value 'a' at "
      "'globalSecondaryIndexUpdates.1.member.update.indexName' failed to satisfy constraint: "
      "Member must have length greater than or equal to 3; Value null at "
      "'globalSecondaryIndexUpdates.1.member.update.provisionedThroughput' failed to satisfy "
      "constraint: Member must not be null")),
    ({"GlobalSecondaryIndexUpdates": [{"Delete": {}}]},
     ("ValidationException", "1 validation error detected: Value null at "
      "'globalSecondaryIndexUpdates.1.member.delete.indexName' failed to satisfy constraint: "
      "Member must not be null")),
])
def test_validation_errors(server, table, body, error):
    r = raw_request(server.url, "UpdateTable", json.dumps(gsi_request(table, **body)))
    assert r.status_code == 400, r.text
    code, message = error
    assert r.json()["__type"].endswith("#" + code)
    assert r.json()["message"] == message.replace("{table}", table)


def test_errors_against_existing_indexes(client, provisioned_table):
    table = provisioned_table
    pt = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
    with pytest.raises(ClientError) as e:
        client.update_table(TableName=table, **create_gsi("gsi_x", "x"))
    assert error_of(e) == ("ValidationException", INVALID + "Both ReadCapacityUnits and "
                           "WriteCapacityUnits must be specified for index: gsi_x")
    with pytest.raises(ClientError) as e:
        client.update_table(TableName=table,
                            ProvisionedThroughput={"ReadCapacityUnits": 9, "WriteCapacityUnits": 9},
                            **create_gsi("gsi_x", "x", ProvisionedThroughput=pt))
    assert error_of(e) == ("ValidationException", INVALID + "You cannot create or delete index "
                           "while updating table IOPS")
    client.update_table(TableName=table, **create_gsi("gsi_x", "x", ProvisionedThroughput=pt))
    wait_for_active(client, table, "gsi_x")
    with pytest.raises(ClientError) as e:
        client.update_table(TableName=table, **create_gsi("gsi_x", "y", ProvisionedThroughput=pt))
    assert error_of(e) == ("ValidationException", "Attempting to create an index which already "
                           "exists")
    with pytest.raises(ClientError) as e:
        client.update_table(TableName=table,
                            **create_gsi("gsi_y", "x", "N", ProvisionedThroughput=pt))
    assert error_of(e) == ("ValidationException", INVALID + "Attributes cannot be redefined. "
                           "Please check that your attribute has the same type as previously "
                           "defined. Existing schema: Schema:[SchemaElement: key{x:S:HASH}] New "
                           "schema: Schema:[SchemaElement: key{x:N:HASH}]")
    # Unrelated entries of AttributeDefinitions are ignored, as DynamoDB ignores them.
    client.update_table(TableName=table, AttributeDefinitions=[
        {"AttributeName": "pk", "AttributeType": "N"}, {"AttributeName": "y", "AttributeType": "S"},
        {"AttributeName": "z", "AttributeType": "B"}],
        GlobalSecondaryIndexUpdates=[{"Create": {
            "IndexName": "gsi_y", "KeySchema": [{"AttributeName": "y", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"}, "ProvisionedThroughput": pt}}])
    defs = client.describe_table(TableName=table)["Table"]["AttributeDefinitions"]
    assert defs == [{"AttributeName": "pk", "AttributeType": "S"},
                    {"AttributeName": "x", "AttributeType": "S"},
                    {"AttributeName": "y", "AttributeType": "S"}]
    wait_for_active(client, table, "gsi_y")


def test_lsi_is_not_a_gsi(client):
    name = unique_name()
    client.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                   {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "S"},
                              {"AttributeName": "l", "AttributeType": "S"}],
        LocalSecondaryIndexes=[{"IndexName": "lsi", "Projection": {"ProjectionType": "ALL"},
                                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                              {"AttributeName": "l", "KeyType": "RANGE"}]}])
    try:
        with pytest.raises(ClientError) as e:
            client.update_table(TableName=name, GlobalSecondaryIndexUpdates=[
                {"Delete": {"IndexName": "lsi"}}])
        assert error_of(e) == ("ValidationException",
                               "Cannot delete an index that is not a GlobalSecondaryIndex: lsi")
        with pytest.raises(ClientError) as e:
            client.update_table(TableName=name, **create_gsi("lsi", "l"))
        assert error_of(e) == ("ValidationException",
                               "Attempting to create an index which already exists")
        # A GSI on the LSI's key attribute, declared again in the request.
        client.update_table(TableName=name, **create_gsi("gsi", "l"))
        wait_for_active(client, name, "gsi")
    finally:
        client.delete_table(TableName=name)


def test_backfill_interrupted_by_a_crash_resumes_at_start():
    with tempfile.TemporaryDirectory(prefix="cairn-backfill-") as data_dir:
        srv = Server(data_dir=data_dir).start()
        try:
            c = make_client(srv.url)
            name = create_table(c)
            items = [{"pk": {"S": f"p{i}"}, "x": {"S": f"x{i % 50}"}} for i in range(5000)]
            put_batch(c, name, items)
            c.update_table(TableName=name, **create_gsi("by_x", "x"))
            srv.kill()  # most likely mid-backfill; if not, the index is simply ACTIVE
            srv.start()
            c = make_client(srv.url)
            wait_for_active(c, name, "by_x")
            assert as_set(scan_all(c, name, IndexName="by_x")) == as_set(items)
        finally:
            if srv.alive():
                srv.stop()
