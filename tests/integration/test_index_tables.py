"""CreateTable, DescribeTable and DeleteTable with secondary indexes: DynamoDB's exact
validation messages (member constraints and semantic checks, in its order), the index
descriptions, index item counts and sizes, and the index-key checks of every write path."""
import pytest
from botocore.exceptions import ClientError

from conftest import error_of, unique_name
from index_support import INVALID, definitions, gsi as index, key_schema as keys, make_table


def create(client, defs, gsis=None, lsis=None, range_key=True, **extra):
    """Creates a table keyed (pk, sk) (or pk alone) with these indexes; returns its name."""
    return make_table(client, defs, gsis, lsis, "sk" if range_key else None, **extra)


def create_error(client, *args, **kwargs):
    with pytest.raises(ClientError) as e:
        create(client, *args, **kwargs)
    code, message = error_of(e)
    assert code == "ValidationException"
    return message


@pytest.fixture
def indexed(client):
    """pk/sk table with an LSI on d (KEYS_ONLY), a GSI on g/d (INCLUDE z, a) and a GSI on
    d (ALL)."""
    name = create(client, definitions("pk", "sk", "g", "d"),
                  gsis=[index("by_g", ("g", "HASH"), ("d", "RANGE"), projection="INCLUDE",
                              non_key=["z", "a"]),
                        index("by_d", ("d", "HASH"))],
                  lsis=[index("lsi_d", ("pk", "HASH"), ("d", "RANGE"), projection="KEYS_ONLY")])
    yield name
    client.delete_table(TableName=name)


def test_describe_table_lists_each_index_as_dynamodb_does(client, indexed):
    table = client.describe_table(TableName=indexed)["Table"]
    assert table["AttributeDefinitions"] == definitions("d", "g", "pk", "sk")
    arn = table["TableArn"]
    assert table["LocalSecondaryIndexes"] == [{
        "IndexName": "lsi_d",
        "KeySchema": keys(("pk", "HASH"), ("d", "RANGE")),
        "Projection": {"ProjectionType": "KEYS_ONLY"},
        "IndexSizeBytes": 0, "ItemCount": 0, "IndexArn": arn + "/index/lsi_d"}]
    zero = {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0}
    assert table["GlobalSecondaryIndexes"] == [
        {"IndexName": "by_g", "KeySchema": keys(("g", "HASH"), ("d", "RANGE")),
         # NonKeyAttributes come back sorted by name.
         "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["a", "z"]},
         "IndexStatus": "ACTIVE", "ProvisionedThroughput": zero,
         "IndexSizeBytes": 0, "ItemCount": 0, "IndexArn": arn + "/index/by_g"},
        {"IndexName": "by_d", "KeySchema": keys(("d", "HASH")),
         "Projection": {"ProjectionType": "ALL"},
         "IndexStatus": "ACTIVE", "ProvisionedThroughput": zero,
         "IndexSizeBytes": 0, "ItemCount": 0, "IndexArn": arn + "/index/by_d"}]


def test_create_table_returns_the_indexes_and_delete_table_does_not(client):
    name = unique_name()
    created = client.create_table(
        TableName=name, KeySchema=keys(("pk", "HASH"), ("sk", "RANGE")),
        AttributeDefinitions=definitions("pk", "sk", "x"), BillingMode="PAY_PER_REQUEST",
        GlobalSecondaryIndexes=[index("by_x", ("x", "HASH"))],
        LocalSecondaryIndexes=[index("lsi_x", ("pk", "HASH"), ("x", "RANGE"))])["TableDescription"]
    assert [i["IndexName"] for i in created["GlobalSecondaryIndexes"]] == ["by_x"]
    assert [i["IndexName"] for i in created["LocalSecondaryIndexes"]] == ["lsi_x"]
    deleted = client.delete_table(TableName=name)["TableDescription"]
    assert "GlobalSecondaryIndexes" not in deleted and "LocalSecondaryIndexes" not in deleted


def test_provisioned_global_index_reports_its_throughput(client):
    name = create(client, definitions("pk", "sk", "x"),
                  gsis=[index("by_x", ("x", "HASH"), ProvisionedThroughput={
                      "ReadCapacityUnits": 7, "WriteCapacityUnits": 3})],
                  BillingMode="PROVISIONED",
                  ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    try:
        gsi = client.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"][0]
        assert gsi["ProvisionedThroughput"] == {
            "NumberOfDecreasesToday": 0, "ReadCapacityUnits": 7, "WriteCapacityUnits": 3}
    finally:
        client.delete_table(TableName=name)


def test_index_counts_follow_writes_and_sparse_items(client, indexed):
    def counts():
        table = client.describe_table(TableName=indexed)["Table"]
        out = {i["IndexName"]: (i["ItemCount"], i["IndexSizeBytes"])
               for i in table["GlobalSecondaryIndexes"] + table["LocalSecondaryIndexes"]}
        return {k: v[0] for k, v in out.items()}, {k: v[1] for k, v in out.items()}

    put = lambda item: client.put_item(TableName=indexed, Item=item)  # noqa: E731
    put({"pk": {"S": "1"}, "sk": {"S": "a"}, "g": {"S": "g"}, "d": {"S": "d1"}, "z": {"S": "z"},
         "big": {"S": "x" * 1000}})
    put({"pk": {"S": "2"}, "sk": {"S": "a"}, "d": {"S": "d2"}})  # not in by_g
    put({"pk": {"S": "3"}, "sk": {"S": "a"}, "other": {"S": "o"}})  # in no index
    n, size = counts()
    assert n == {"by_g": 1, "by_d": 2, "lsi_d": 2}
    # ALL holds the whole item, INCLUDE only keys and z, KEYS_ONLY only keys.
    assert size["by_d"] > 1000 > size["by_g"] > 0 and size["lsi_d"] > 0
    client.delete_item(TableName=indexed, Key={"pk": {"S": "1"}, "sk": {"S": "a"}})
    client.update_item(TableName=indexed, Key={"pk": {"S": "3"}, "sk": {"S": "a"}},
                       UpdateExpression="SET g = :g, d = :d",
                       ExpressionAttributeValues={":g": {"S": "g"}, ":d": {"S": "d3"}})
    n, _ = counts()
    assert n == {"by_g": 1, "by_d": 2, "lsi_d": 2}


def test_multi_attribute_global_index_keys(client):
    hashes = [f"h{i}" for i in range(4)]
    ranges = [f"r{i}" for i in range(4)]
    name = create(client, definitions("pk", "sk", *hashes, *ranges, types={"r0": "N"}),
                  gsis=[index("wide", *[(h, "HASH") for h in hashes],
                              *[(r, "RANGE") for r in ranges])])
    try:
        gsi = client.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"][0]
        assert gsi["KeySchema"] == keys(*[(h, "HASH") for h in hashes],
                                        *[(r, "RANGE") for r in ranges])
        item = {"pk": {"S": "p"}, "sk": {"S": "s"}, **{h: {"S": h} for h in hashes},
                **{r: {"S": r} for r in ranges[1:]}, "r0": {"N": "1"}}
        client.put_item(TableName=name, Item=item)
        del item["h3"]  # sparse: an item lacking any one key attribute is not indexed
        item["pk"] = {"S": "q"}
        client.put_item(TableName=name, Item=item)
        gsi = client.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"][0]
        assert gsi["ItemCount"] == 1
        with pytest.raises(ClientError) as e:
            client.put_item(TableName=name, Item={**item, "h3": {"S": "x"}, "r0": {"S": "1"}})
        assert error_of(e) == ("ValidationException",
                               INVALID + "Type mismatch for Index Key r0 Expected: N Actual: S "
                               "IndexName: wide")
    finally:
        client.delete_table(TableName=name)


SEMANTIC_ERRORS = [
    # (definitions, gsis, lsis, table has a sort key, extra, exact message)
    (["pk", "sk", "x"], [], None, True, {}, INVALID + "List of GlobalSecondaryIndexes is empty"),
    (["pk", "sk", "x"], None, [], True, {}, INVALID + "List of LocalSecondaryIndexes is empty"),
    (["pk", "x"], None, [index("lsi_x", ("pk", "HASH"), ("x", "RANGE"))], False, {},
     INVALID + "Table KeySchema does not have a range key, which is required when specifying a "
     "LocalSecondaryIndex"),
    (["pk", "sk", "x"], None, [index("lsi_x", ("x", "HASH"), ("sk", "RANGE"))], True, {},
     INVALID + "Index KeySchema does not have the same leading hash key as table KeySchema for "
     "index: lsi_x. index hash key: x, table hash key: pk"),
    (["pk", "sk"], None, [index("lsi_x", ("pk", "HASH"))], True, {},
     INVALID + "Index KeySchema does not have a range key for index: lsi_x"),
    (["pk", "sk", "x"], None, [index("lsi_x", ("pk", "HASH"), ("x", "HASH"))], True, {},
     "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"),
    (["pk", "sk", "x"], [index("gsi_x", ("x", "RANGE"))], None, True, {},
     "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
    (["pk", "sk", "x"], [index("gsi_x", ("x", "HASH"), ("x", "RANGE"))], None, True, {},
     "Both the Hash Key and the Range Key element in the KeySchema have the same name"),
    (["pk", "sk", "a", "b"], [index("gsi_x", ("a", "HASH"), ("b", "HASH"), ("a", "RANGE"))],
     None, True, {}, "The KeySchema contains multiple key attributes with the same name"),
    (["pk", "sk", "a", "b", "c"],
     [index("gsi_x", ("a", "HASH"), ("b", "RANGE"), ("c", "HASH"))], None, True, {},
     INVALID + "All HASH key attributes must precede RANGE key attributes in the KeySchema"),
    (["pk", "sk", "a", "b", "c", "d", "e"],
     [index("gsi_x", *[(k, "HASH") for k in "abcde"])], None, True, {},
     INVALID + "The KeySchema exceeds the maximum allowed number of HASH key attributes"),
    (["pk", "sk", "a", "b", "c", "d", "e", "f"],
     [index("gsi_x", ("f", "HASH"), *[(k, "RANGE") for k in "abcde"])], None, True, {},
     INVALID + "The KeySchema exceeds the maximum allowed number of RANGE key attributes"),
    (["pk", "sk"], [index("gsi_x", ("q", "HASH"))], None, True, {},
     INVALID + "Some index key attributes are not defined in AttributeDefinitions. Keys: [q], "
     "AttributeDefinitions: [sk, pk]"),
    (["sk", "a", "b", "pk", "c"], [index("gsi_a", ("a", "HASH"))], None, True, {},
     INVALID + "Some AttributeDefinitions are not used. AttributeDefinitions: [sk, a, b, pk, c], "
     "keys used: [a, sk, pk]"),
    # An unused definition hides an index's projection errors.
    (["pk", "sk", "a", "b"], [index("gsi_a", ("a", "HASH"), projection="INCLUDE")], None, True,
     {}, INVALID + "Some AttributeDefinitions are not used. AttributeDefinitions: [pk, sk, a, b], "
     "keys used: [a, sk, pk]"),
    (["pk", "sk", "x"], [{"IndexName": "gsi_x", "KeySchema": keys(("x", "HASH")),
                          "Projection": {}}], None, True, {},
     INVALID + "Unknown ProjectionType: null"),
    (["pk", "sk", "x"], [index("gsi_x", ("x", "HASH"), projection="INCLUDE")], None, True, {},
     INVALID + "ProjectionType is INCLUDE, but NonKeyAttributes is not specified"),
    (["pk", "sk", "x"], [index("gsi_x", ("x", "HASH"), projection="KEYS_ONLY", non_key=["a"])],
     None, True, {}, INVALID + "ProjectionType is KEYS_ONLY, but NonKeyAttributes is specified"),
    (["pk", "sk", "x"],
     [index("gsi_x", ("x", "HASH"), projection="INCLUDE", non_key=["a", "b", "a"])], None, True,
     {}, INVALID + "Duplicate element in NonKeyAttributes: a"),
    (["pk", "sk", "x"], [index("gsi_x", ("x", "HASH"))], None, True,
     {"BillingMode": "PROVISIONED",
      "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}},
     INVALID + "ProvisionedThroughput is not specified for index: gsi_x"),
    (["pk", "sk", "x"],
     [index("gsi_x", ("x", "HASH"),
            ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})],
     None, True, {}, INVALID + "ProvisionedThroughput should not be specified for index: gsi_x "
     "when BillingMode is PAY_PER_REQUEST"),
    (["pk", "sk", "x"], [index("same", ("x", "HASH"))],
     [index("same", ("pk", "HASH"), ("x", "RANGE"))], True, {},
     INVALID + "Duplicate index name: same"),
    (["pk", "sk", "x"], None,
     [index(f"lsi{i}", ("pk", "HASH"), ("x", "RANGE")) for i in range(6)], True, {},
     INVALID + "Number of LocalSecondaryIndexes exceeds per-table limit of 5"),
    (["pk", "sk", "x"], [index(f"gsi{i}", ("x", "HASH")) for i in range(21)], None, True, {},
     INVALID + "GlobalSecondaryIndex count exceeds the per-table limit of 20"),
    (["pk", "sk", "x"],
     [index(f"gsi{i}", ("x", "HASH"), projection="INCLUDE",
            non_key=[f"a{k}" for k in range(20)]) for i in range(6)], None, True, {},
     INVALID + "Number of projected attributes in all indexes exceeds limit of 100"),
]


@pytest.mark.parametrize("defs,gsis,lsis,range_key,extra,expected", SEMANTIC_ERRORS)
def test_create_table_index_errors(client, defs, gsis, lsis, range_key, extra, expected):
    assert create_error(client, definitions(*defs), gsis=gsis, lsis=lsis, range_key=range_key,
                        **extra) == expected


def test_index_member_constraints_are_reported_together(client):
    message = create_error(client, definitions("pk", "sk", "x"), gsis=[
        {"IndexName": "x;", "KeySchema": [],
         "Projection": {"ProjectionType": "all", "NonKeyAttributes": []}}])
    at = "globalSecondaryIndexes.1.member."
    assert message == (
        "5 validation errors detected: "
        f"Value 'x;' at '{at}indexName' failed to satisfy constraint: Member must satisfy regular "
        "expression pattern: [a-zA-Z0-9_.-]+; "
        f"Value 'x;' at '{at}indexName' failed to satisfy constraint: Member must have length "
        "greater than or equal to 3; "
        f"Value '[]' at '{at}keySchema' failed to satisfy constraint: Member must have length "
        "greater than or equal to 1; "
        f"Value 'all' at '{at}projection.projectionType' failed to satisfy constraint: Member must "
        "satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]; "
        f"Value '[]' at '{at}projection.nonKeyAttributes' failed to satisfy constraint: Member "
        "must have length greater than or equal to 1")


def test_local_index_key_schema_has_at_most_two_elements(client):
    message = create_error(client, definitions("pk", "sk", "x"), lsis=[
        index("lsi_x", ("pk", "HASH"), ("sk", "RANGE"), ("x", "RANGE"))])
    assert message == (
        "1 validation error detected: Value '[KeySchemaElement(attributeName=pk, keyType=HASH), "
        "KeySchemaElement(attributeName=sk, keyType=RANGE), KeySchemaElement(attributeName=x, "
        "keyType=RANGE)]' at 'localSecondaryIndexes.1.member.keySchema' failed to satisfy "
        "constraint: Member must have length less than or equal to 2")


def test_projection_and_throughput_member_constraints(client):
    message = create_error(client, definitions("pk", "sk", "x"), gsis=[
        index("gsi_x", ("x", "HASH"), projection="INCLUDE", non_key=[f"a{k}" for k in range(21)],
              ProvisionedThroughput={"ReadCapacityUnits": 0, "WriteCapacityUnits": 1})])
    names = ", ".join(f"a{k}" for k in range(21))
    assert message == (
        "2 validation errors detected: "
        f"Value '[{names}]' at 'globalSecondaryIndexes.1.member.projection.nonKeyAttributes' "
        "failed to satisfy constraint: Member must have length less than or equal to 20; "
        "Value '0' at 'globalSecondaryIndexes.1.member.provisionedThroughput.readCapacityUnits' "
        "failed to satisfy constraint: Member must have value greater than or equal to 1")


@pytest.fixture
def gsi_table(client):
    """pk table with a GSI on string x (by_x) and one on number y (by_y)."""
    name = create(client, definitions("pk", "x", "y", types={"y": "N"}), range_key=False,
                  gsis=[index("by_x", ("x", "HASH")), index("by_y", ("y", "HASH"))])
    yield name
    client.delete_table(TableName=name)


def test_writes_check_index_key_types_and_empty_values(client, gsi_table):
    mismatch = INVALID + "Type mismatch for Index Key x Expected: S Actual: N IndexName: by_x"
    empty_put = ("One or more parameter values are not valid. A value specified for a secondary "
                 "index key is not supported. The AttributeValue for a key attribute cannot "
                 "contain an empty string value. IndexName: by_x, IndexKey: x")
    empty_update = ("One or more parameter values are not valid. The update expression attempted "
                    "to update a secondary index key to a value that is not supported. The "
                    "AttributeValue for a key attribute cannot contain an empty string value. "
                    "IndexName: by_x, IndexKey: x")
    key = {"pk": {"S": "k"}}
    cases = [
        (lambda: client.put_item(TableName=gsi_table, Item={**key, "x": {"N": "1"}}), mismatch),
        (lambda: client.put_item(TableName=gsi_table, Item={**key, "x": {"S": ""}}), empty_put),
        (lambda: client.update_item(TableName=gsi_table, Key=key, UpdateExpression="SET x = :v",
                                    ExpressionAttributeValues={":v": {"N": "1"}}), mismatch),
        (lambda: client.update_item(TableName=gsi_table, Key=key, UpdateExpression="SET x = :v",
                                    ExpressionAttributeValues={":v": {"S": ""}}), empty_update),
        (lambda: client.batch_write_item(RequestItems={gsi_table: [
            {"PutRequest": {"Item": {"pk": {"S": "ok"}, "x": {"S": "fine"}}}},
            {"PutRequest": {"Item": {**key, "x": {"N": "1"}}}}]}), mismatch),
        (lambda: client.put_item(TableName=gsi_table, Item={**key, "y": {"S": "1"}}),
         INVALID + "Type mismatch for Index Key y Expected: N Actual: S IndexName: by_y"),
    ]
    for write, expected in cases:
        with pytest.raises(ClientError) as e:
            write()
        assert error_of(e) == ("ValidationException", expected)
    # Nothing was written, not even the valid half of the batch.
    assert client.scan(TableName=gsi_table)["Count"] == 0
    # Items without the index keys are fine (the GSIs are sparse).
    client.put_item(TableName=gsi_table, Item={**key, "other": {"N": "1"}})
