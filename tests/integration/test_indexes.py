"""Secondary indexes through boto3: creation and its validations, DescribeTable, every
projection, sparse indexes, ordering, paging and parallel scans of an index, LSI reads of
unprojected attributes, multi-attribute GSI keys, and index maintenance by every write
path (put, update, delete, batch, transaction)."""
import pytest
from botocore.exceptions import ClientError

from conftest import error_of
from index_support import gsi, key_schema, make_table, n, query_all, s


@pytest.fixture
def shop(client):
    """Orders keyed by customer (pk) and order id (sk), with a GSI by status and date
    (ALL), a GSI by product (KEYS_ONLY), a GSI by region (INCLUDE total) and an LSI by
    date (KEYS_ONLY)."""
    name = make_table(
        client, {"pk": "S", "sk": "S", "status": "S", "date": "S", "product": "S",
                 "region": "S"},
        gsis=[gsi("by_status", ("status", "HASH"), ("date", "RANGE")),
              gsi("by_product", ("product", "HASH"), projection="KEYS_ONLY"),
              gsi("by_region", ("region", "HASH"), projection="INCLUDE", non_key=["total"])],
        lsis=[gsi("by_date", ("pk", "HASH"), ("date", "RANGE"), projection="KEYS_ONLY")])
    yield name
    client.delete_table(TableName=name)


def order(pk, sk, **attrs):
    item = {"pk": s(pk), "sk": s(sk)}
    for k, v in attrs.items():
        item[k] = n(v) if isinstance(v, int) else s(v)
    return item


def test_describe_table_shows_each_index(client, shop):
    client.put_item(TableName=shop, Item=order("c1", "o1", status="open", date="2026-01-01",
                                               product="book", region="eu", total=5))
    t = client.describe_table(TableName=shop)["Table"]
    gsis = {g["IndexName"]: g for g in t["GlobalSecondaryIndexes"]}
    assert set(gsis) == {"by_status", "by_product", "by_region"}
    g = gsis["by_region"]
    assert g["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["total"]}
    assert g["IndexStatus"] == "ACTIVE"
    assert g["IndexArn"] == t["TableArn"] + "/index/by_region"
    assert g["ItemCount"] == 1 and g["IndexSizeBytes"] > 0
    assert g["ProvisionedThroughput"]["ReadCapacityUnits"] == 0
    [lsi] = t["LocalSecondaryIndexes"]
    assert lsi["IndexName"] == "by_date"
    assert lsi["KeySchema"] == key_schema(("pk", "HASH"), ("date", "RANGE"))
    assert "IndexStatus" not in lsi
    assert lsi["ItemCount"] == 1
    assert {d["AttributeName"] for d in t["AttributeDefinitions"]} == {
        "pk", "sk", "status", "date", "product", "region"}


def test_each_projection_returns_what_it_projects(client, shop):
    item = order("c1", "o1", status="open", date="2026-01-01", product="book", region="eu",
                 total=5, note="fragile")
    client.put_item(TableName=shop, Item=item)
    all_ = client.query(TableName=shop, IndexName="by_status",
                        KeyConditionExpression="#s = :s", ExpressionAttributeNames={"#s": "status"},
                        ExpressionAttributeValues={":s": s("open")})["Items"]
    assert all_ == [item]
    keys = client.query(TableName=shop, IndexName="by_product",
                        KeyConditionExpression="product = :p",
                        ExpressionAttributeValues={":p": s("book")})["Items"]
    assert keys == [{"pk": s("c1"), "sk": s("o1"), "product": s("book")}]
    include = client.query(TableName=shop, IndexName="by_region",
                           KeyConditionExpression="#r = :r", ExpressionAttributeNames={"#r": "region"},
                           ExpressionAttributeValues={":r": s("eu")})["Items"]
    assert include == [{"pk": s("c1"), "sk": s("o1"), "region": s("eu"), "total": n(5)}]


def test_an_lsi_reads_unprojected_attributes_from_the_table(client, shop):
    item = order("c1", "o1", date="2026-02-01", note="fragile")
    client.put_item(TableName=shop, Item=item)
    common = dict(TableName=shop, IndexName="by_date", KeyConditionExpression="pk = :p",
                  ExpressionAttributeValues={":p": s("c1")})
    assert client.query(**common)["Items"] == [{"pk": s("c1"), "sk": s("o1"),
                                                 "date": s("2026-02-01")}]
    assert client.query(Select="ALL_ATTRIBUTES", **common)["Items"] == [item]
    assert client.query(ProjectionExpression="note", **common)["Items"] == [{"note": s("fragile")}]


def test_a_gsi_refuses_what_it_cannot_serve(client, shop):
    common = dict(TableName=shop, IndexName="by_product", KeyConditionExpression="product = :p",
                  ExpressionAttributeValues={":p": s("book")})
    with pytest.raises(ClientError) as e:
        client.query(Select="ALL_ATTRIBUTES", **common)
    assert "ALL_ATTRIBUTES" in error_of(e)[1]
    with pytest.raises(ClientError) as e:
        client.query(ProjectionExpression="note", **common)
    assert "project" in error_of(e)[1]
    with pytest.raises(ClientError) as e:
        client.query(ConsistentRead=True, **common)
    assert error_of(e) == ("ValidationException",
                           "Consistent reads are not supported on global secondary indexes")
    with pytest.raises(ClientError) as e:
        client.query(**{**common, "IndexName": "nope"})
    assert error_of(e) == ("ValidationException",
                           "The table does not have the specified index: nope")
    # An LSI may be read consistently.
    client.query(TableName=shop, IndexName="by_date", ConsistentRead=True,
                 KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": s("c1")})


def test_sparse_indexes_hold_only_items_with_their_keys(client, shop):
    client.put_item(TableName=shop, Item=order("c1", "o1", status="open", date="d1"))
    client.put_item(TableName=shop, Item=order("c1", "o2", status="open"))  # no date
    client.put_item(TableName=shop, Item=order("c1", "o3", product="pen"))
    assert client.scan(TableName=shop, IndexName="by_status")["Count"] == 1
    assert client.scan(TableName=shop, IndexName="by_product")["Count"] == 1
    assert client.scan(TableName=shop, IndexName="by_region")["Count"] == 0
    assert client.scan(TableName=shop, IndexName="by_date")["Count"] == 1


def test_every_write_path_keeps_indexes_in_step(client, shop):
    client.put_item(TableName=shop, Item=order("c1", "o1", product="book"))
    client.update_item(TableName=shop, Key={"pk": s("c1"), "sk": s("o1")},
                       UpdateExpression="SET product = :p", ExpressionAttributeValues={":p": s("pen")})
    client.batch_write_item(RequestItems={shop: [
        {"PutRequest": {"Item": order("c2", "o1", product="pen")}},
        {"PutRequest": {"Item": order("c3", "o1", product="ink")}}]})
    client.transact_write_items(TransactItems=[
        {"Delete": {"TableName": shop, "Key": {"pk": s("c3"), "sk": s("o1")}}},
        {"Put": {"TableName": shop, "Item": order("c4", "o1", product="pen")}}])
    client.delete_item(TableName=shop, Key={"pk": s("c2"), "sk": s("o1")})

    def product(p):
        return sorted(i["pk"]["S"] for i in client.query(
            TableName=shop, IndexName="by_product", KeyConditionExpression="product = :p",
            ExpressionAttributeValues={":p": s(p)})["Items"])
    assert product("book") == []
    assert product("pen") == ["c1", "c4"]
    assert product("ink") == []
    client.update_item(TableName=shop, Key={"pk": s("c1"), "sk": s("o1")},
                       UpdateExpression="REMOVE product")
    assert product("pen") == ["c4"]


def test_index_order_and_paging_in_both_directions(client, shop):
    dates = [f"2026-01-{d:02d}" for d in range(1, 31)]
    with_ties = dates + ["2026-01-15"] * 5
    client.batch_write_item(RequestItems={shop: [
        {"PutRequest": {"Item": order("c1", f"o{i:03d}", status="open", date=d)}}
        for i, d in enumerate(with_ties[:25])]})
    client.batch_write_item(RequestItems={shop: [
        {"PutRequest": {"Item": order("c1", f"o{i:03d}", status="open", date=d)}}
        for i, d in enumerate(with_ties) if i >= 25]})
    for forward in (True, False):
        items = query_all(client, TableName=shop, IndexName="by_status", Limit=4,
                          ScanIndexForward=forward, KeyConditionExpression="#s = :s",
                          ExpressionAttributeNames={"#s": "status"},
                          ExpressionAttributeValues={":s": s("open")})
        got = [(i["date"]["S"], i["sk"]["S"]) for i in items]
        assert len(got) == len(with_ties) == len(set(got))
        assert got == sorted(got, reverse=not forward)
    page = client.query(TableName=shop, IndexName="by_status", Limit=3,
                        KeyConditionExpression="#s = :s AND #d BETWEEN :a AND :b",
                        ExpressionAttributeNames={"#s": "status", "#d": "date"},
                        ExpressionAttributeValues={":s": s("open"), ":a": s("2026-01-10"),
                                                   ":b": s("2026-01-20")})
    assert set(page["LastEvaluatedKey"]) == {"pk", "sk", "status", "date"}
    # The LSI pages by its own sort key within the partition.
    items = query_all(client, TableName=shop, IndexName="by_date", Limit=7,
                      KeyConditionExpression="pk = :p AND #d >= :d",
                      ExpressionAttributeNames={"#d": "date"},
                      ExpressionAttributeValues={":p": s("c1"), ":d": s("2026-01-15")})
    assert [i["date"]["S"] for i in items] == sorted(d for d in with_ties if d >= "2026-01-15")


def test_parallel_scans_of_an_index_cover_it_exactly_once(client, shop):
    client.batch_write_item(RequestItems={shop: [
        {"PutRequest": {"Item": order(f"c{i}", "o", product=f"p{i % 7}")}} for i in range(25)]})
    seen = []
    for segment in range(4):
        start = None
        while True:
            kwargs = dict(TableName=shop, IndexName="by_product", Segment=segment,
                          TotalSegments=4, Limit=3)
            if start:
                kwargs["ExclusiveStartKey"] = start
            r = client.scan(**kwargs)
            seen += [i["pk"]["S"] for i in r["Items"]]
            start = r.get("LastEvaluatedKey")
            if not start:
                break
    assert sorted(seen) == sorted(f"c{i}" for i in range(25))


def test_index_key_writes_are_validated(client, shop):
    with pytest.raises(ClientError) as e:
        client.put_item(TableName=shop, Item={"pk": s("c"), "sk": s("o"), "status": n(1)})
    assert error_of(e) == (
        "ValidationException",
        "One or more parameter values were invalid: Type mismatch for Index Key status "
        "Expected: S Actual: N IndexName: by_status")
    with pytest.raises(ClientError) as e:
        client.put_item(TableName=shop, Item={"pk": s("c"), "sk": s("o"), "product": s("")})
    assert error_of(e)[1] == (
        "One or more parameter values are not valid. A value specified for a secondary index key "
        "is not supported. The AttributeValue for a key attribute cannot contain an empty string "
        "value. IndexName: by_product, IndexKey: product")
    with pytest.raises(ClientError) as e:
        client.update_item(TableName=shop, Key={"pk": s("c"), "sk": s("o")},
                           UpdateExpression="SET product = :e",
                           ExpressionAttributeValues={":e": s("")})
    assert "The update expression attempted to update a secondary index key" in error_of(e)[1]
    with pytest.raises(ClientError) as e:
        client.put_item(TableName=shop, Item={"pk": s("c"), "sk": s("o"), "product": s("x" * 2049)})
    assert "2048" in error_of(e)[1]
    assert "Item" not in client.get_item(TableName=shop, Key={"pk": s("c"), "sk": s("o")})


CREATE_ERRORS = [
    # (definitions, gsis, lsis, range_key, extra, expected message fragment)
    ({"pk": "S", "x": "S"}, None, [gsi("lsi1", ("pk", "HASH"), ("x", "RANGE"))], None, {},
     "Table KeySchema does not have a range key, which is required when specifying a "
     "LocalSecondaryIndex"),
    ({"pk": "S", "sk": "S", "x": "S"}, None, [gsi("lsi1", ("x", "HASH"), ("sk", "RANGE"))], "sk",
     {}, "hash key"),
    ({"pk": "S", "sk": "S"}, None, [gsi("lsi1", ("pk", "HASH"))], "sk", {},
     "Index KeySchema does not have a range key for index: lsi1"),
    ({"pk": "S", "sk": "S", "x": "S"},
     [gsi("dup", ("x", "HASH"))], [gsi("dup", ("pk", "HASH"), ("x", "RANGE"))], "sk", {},
     "Duplicate index name: dup"),
    ({"pk": "S", "sk": "S"}, [gsi("gsi1", ("x", "HASH"))], None, "sk", {},
     "Some index key attributes are not defined in AttributeDefinitions"),
    ({"pk": "S", "sk": "S", "x": "S", "y": "S"}, [gsi("gsi1", ("x", "HASH"))], None, "sk", {},
     "Some AttributeDefinitions are not used"),
    ({"pk": "S", "sk": "S", "x": "S"}, [gsi("gsi1", ("x", "HASH"), projection="INCLUDE")], None,
     "sk", {}, "NonKeyAttributes"),
    ({"pk": "S", "sk": "S", "x": "S"}, [gsi("gsi1", ("x", "HASH"), non_key=["a"])], None, "sk",
     {}, "ProjectionType is ALL, but NonKeyAttributes is specified"),
    ({"pk": "S", "sk": "S", "x": "S"}, [gsi("gsi1", ("x", "HASH"))], None, "sk",
     {"BillingMode": "PROVISIONED",
      "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}},
     "ProvisionedThroughput is not specified for index: gsi1"),
    ({"pk": "S", "sk": "S", "x": "S"},
     [gsi("gsi1", ("x", "HASH"),
          ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})],
     None, "sk", {}, "ProvisionedThroughput should not be specified for index: gsi1"),
    ({"pk": "S", "sk": "S", "x": "S"}, [], None, "sk", {},
     "List of GlobalSecondaryIndexes is empty"),
    ({"pk": "S", "sk": "S", **{f"a{i}": "S" for i in range(6)}}, None,
     [gsi(f"lsi{i}", ("pk", "HASH"), (f"a{i}", "RANGE")) for i in range(6)], "sk", {},
     "exceeds per-table limit of 5"),
    ({"pk": "S", "sk": "S", "a": "S", "b": "S", "c": "S"},
     [gsi("gsi1", ("a", "HASH"), ("b", "RANGE"), ("c", "HASH"))], None, "sk", {},
     "All HASH key attributes must precede RANGE key attributes in the KeySchema"),
    ({"pk": "S", "sk": "S", **{f"h{i}": "S" for i in range(5)}},
     [gsi("gsi1", *[(f"h{i}", "HASH") for i in range(5)])], None, "sk", {},
     "The KeySchema exceeds the maximum allowed number of HASH key attributes"),
    ({"pk": "S", "sk": "S", "a": "S"}, [gsi("g", ("a", "HASH"))], None, "sk", {},
     "indexName"),
]


@pytest.mark.parametrize("definitions,gsis,lsis,range_key,extra,expected", CREATE_ERRORS)
def test_create_table_index_validations(client, definitions, gsis, lsis, range_key, extra,
                                        expected):
    with pytest.raises(ClientError) as e:
        make_table(client, definitions, gsis=gsis, lsis=lsis, range_key=range_key, **extra)
    code, message = error_of(e)
    assert code == "ValidationException"
    assert expected in message


def test_multi_attribute_gsi_keys(client):
    name = make_table(
        client, {"pk": "S", "sk": "S", "tenant": "S", "region": "S", "year": "N", "month": "N"},
        gsis=[gsi("by_tenant", ("tenant", "HASH"), ("region", "HASH"), ("year", "RANGE"),
                  ("month", "RANGE"))])
    try:
        desc = client.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"][0]
        assert [k["KeyType"] for k in desc["KeySchema"]] == ["HASH", "HASH", "RANGE", "RANGE"]
        items = [{"pk": s(f"i{y}{m}"), "sk": s("x"), "tenant": s("t"), "region": s("eu"),
                  "year": n(y), "month": n(m)} for y in (2024, 2025) for m in (1, 6, 12)]
        items.append({"pk": s("other"), "sk": s("x"), "tenant": s("t"), "region": s("us"),
                      "year": n(2025), "month": n(1)})
        items.append({"pk": s("sparse"), "sk": s("x"), "tenant": s("t"), "region": s("eu")})
        for item in items:
            client.put_item(TableName=name, Item=item)
        values = {":t": s("t"), ":r": s("eu")}
        names = {"#r": "region", "#y": "year", "#m": "month"}

        def q(condition, **more):
            used = {k: v for k, v in names.items() if k in condition}
            extra = {"ExpressionAttributeNames": used} if used else {}
            return [(int(i["year"]["N"]), int(i["month"]["N"])) for i in query_all(
                client, TableName=name, IndexName="by_tenant", KeyConditionExpression=condition,
                ExpressionAttributeValues={k: v for k, v in {**values, **more}.items()
                                           if k in condition}, Limit=2, **extra)]
        assert q("tenant = :t AND #r = :r") == [
            (2024, 1), (2024, 6), (2024, 12), (2025, 1), (2025, 6), (2025, 12)]
        assert q("tenant = :t AND #r = :r AND #y = :y", **{":y": n(2025)}) == [
            (2025, 1), (2025, 6), (2025, 12)]
        assert q("tenant = :t AND #r = :r AND #y = :y AND #m > :m",
                 **{":y": n(2024), ":m": n(1)}) == [(2024, 6), (2024, 12)]
        with pytest.raises(ClientError) as e:
            q("tenant = :t")
        assert "HASH" in error_of(e)[1] and "equality" in error_of(e)[1]
        with pytest.raises(ClientError) as e:
            q("tenant = :t AND #r = :r AND #m = :m", **{":m": n(1)})
        assert "RANGE" in error_of(e)[1] and "equality" in error_of(e)[1]
    finally:
        client.delete_table(TableName=name)


def test_capacity_and_collection_metrics_with_indexes(client, shop):
    r = client.put_item(TableName=shop, Item=order("c1", "o1", status="open", date="d",
                                                   product="book"),
                        ReturnConsumedCapacity="INDEXES", ReturnItemCollectionMetrics="SIZE")
    cc = r["ConsumedCapacity"]
    assert cc["Table"]["CapacityUnits"] == 1
    assert set(cc["GlobalSecondaryIndexes"]) == {"by_status", "by_product"}
    assert set(cc["LocalSecondaryIndexes"]) == {"by_date"}
    assert cc["CapacityUnits"] == 4
    assert r["ItemCollectionMetrics"]["ItemCollectionKey"] == {"pk": s("c1")}
    assert r["ItemCollectionMetrics"]["SizeEstimateRangeGB"] == [0.0, 1.0]
    # Changing only an unprojected attribute leaves KEYS_ONLY indexes alone.
    r = client.update_item(TableName=shop, Key={"pk": s("c1"), "sk": s("o1")},
                           UpdateExpression="SET note = :n", ExpressionAttributeValues={":n": s("x")},
                           ReturnConsumedCapacity="INDEXES")
    assert set(r["ConsumedCapacity"].get("GlobalSecondaryIndexes", {})) == {"by_status"}
    assert "LocalSecondaryIndexes" not in r["ConsumedCapacity"]
    r = client.query(TableName=shop, IndexName="by_product", KeyConditionExpression="product = :p",
                     ExpressionAttributeValues={":p": s("book")}, ReturnConsumedCapacity="INDEXES")
    cc = r["ConsumedCapacity"]
    # A read of an index alone names the table's share, nothing (DynamoDB Local 3.3.1 does
    # the same; test_consumed_capacity_shape.py).
    assert cc["Table"] == {"CapacityUnits": 0.0}
    assert cc["GlobalSecondaryIndexes"] == {"by_product": {"CapacityUnits": 0.5}}
