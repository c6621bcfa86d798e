"""Query and Scan with IndexName, beyond test_indexes.py: what each index type and projection
returns by default and on request, LSI reads of unprojected attributes (filters included),
paging hash-only, LSI and multi-attribute indexes with Limit and with 1 MB pages, parallel
scans of an index, LastEvaluatedKey/ExclusiveStartKey of index pages, and every validation
error of an index read, with DynamoDB's messages. (boto3 1.26 sends multi-attribute GSI key
schemas as they are: conftest's clients skip client-side validation.)"""
import time

import pytest
from botocore.exceptions import ClientError

from index_support import INVALID, fails, put_batch, gsi, make_table, n, query_all, s


@pytest.fixture
def catalog(client):
    """Products keyed by shop (pk) and sku (sk): a GSI by category and price (INCLUDE name),
    a hash-only GSI by brand (KEYS_ONLY), a GSI by colour (ALL), an LSI by price (INCLUDE
    name) and an LSI by stock (KEYS_ONLY)."""
    name = make_table(
        client, {"pk": "S", "sk": "S", "category": "S", "price": "N", "brand": "S",
                 "colour": "S", "stock": "N"},
        gsis=[gsi("by_category", ("category", "HASH"), ("price", "RANGE"),
                  projection="INCLUDE", non_key=["name"]),
              gsi("by_brand", ("brand", "HASH"), projection="KEYS_ONLY"),
              gsi("by_colour", ("colour", "HASH"))],
        lsis=[gsi("by_price", ("pk", "HASH"), ("price", "RANGE"), projection="INCLUDE",
                  non_key=["name"]),
              gsi("by_stock", ("pk", "HASH"), ("stock", "RANGE"), projection="KEYS_ONLY")])
    yield name
    client.delete_table(TableName=name)


def product(shop, sku, **attrs):
    item = {"pk": s(shop), "sk": s(sku)}
    for k, v in attrs.items():
        item[k] = n(v) if isinstance(v, (int, float)) else s(v)
    return item


def eq(attr, value):
    return {attr: {"ComparisonOperator": "EQ", "AttributeValueList": [value]}}


# ---------------------------------------------------------------------------------------
# What an index read returns.

def test_default_select_is_all_projected_attributes(client, catalog):
    item = product("s1", "k1", category="tea", price=4, brand="b", colour="red", stock=9,
                   name="green tea", note="loose leaf")
    client.put_item(TableName=catalog, Item=item)
    keys = {"pk": s("s1"), "sk": s("k1")}
    cases = [("by_category", eq("category", s("tea")),
              {**keys, "category": s("tea"), "price": n(4), "name": s("green tea")}),
             ("by_brand", eq("brand", s("b")), {**keys, "brand": s("b")}),
             ("by_colour", eq("colour", s("red")), item),
             ("by_price", eq("pk", s("s1")),
              {**keys, "price": n(4), "name": s("green tea")}),
             ("by_stock", eq("pk", s("s1")), {**keys, "stock": n(9)})]
    for index, condition, expected in cases:
        for select in ({}, {"Select": "ALL_PROJECTED_ATTRIBUTES"}):
            r = client.query(TableName=catalog, IndexName=index, KeyConditions=condition, **select)
            assert r["Items"] == [expected], (index, select)
        assert client.scan(TableName=catalog, IndexName=index)["Items"] == [expected], index
        r = client.query(TableName=catalog, IndexName=index, KeyConditions=condition,
                         Select="COUNT")
        assert "Items" not in r and r["Count"] == 1 and r["ScannedCount"] == 1


def test_all_projected_attributes_needs_an_index_name(client, catalog):
    assert fails(client.query, TableName=catalog, Select="ALL_PROJECTED_ATTRIBUTES",
                 KeyConditions=eq("pk", s("s1"))) == (
        "ValidationException",
        "1 validation error detected: ALL_PROJECTED_ATTRIBUTES can be used only when Querying "
        "using an IndexName")
    assert fails(client.scan, TableName=catalog, Select="ALL_PROJECTED_ATTRIBUTES") == (
        "ValidationException",
        "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")


def test_lsi_fetches_what_it_does_not_project_from_the_table(client, catalog):
    items = [product("s1", f"k{i}", price=i, stock=10 - i, name=f"n{i}", note=f"note{i}",
                     weight=i * 100) for i in range(6)]
    put_batch(client, catalog, items)
    common = dict(TableName=catalog, IndexName="by_stock", KeyConditionExpression="pk = :p",
                  ExpressionAttributeValues={":p": s("s1")})
    # In the LSI's order (stock), whole table items.
    r = client.query(Select="ALL_ATTRIBUTES", **common)
    assert r["Items"] == sorted(items, key=lambda i: int(i["stock"]["N"]))
    r = client.query(ProjectionExpression="note, stock", **common)
    assert r["Items"][0] == {"note": s("note5"), "stock": n(5)}
    r = client.query(AttributesToGet=["weight", "sk"], TableName=catalog, IndexName="by_stock",
                     KeyConditions=eq("pk", s("s1")))
    assert r["Items"][0] == {"weight": n(500), "sk": s("k5")}
    # A filter on an unprojected attribute reads it from the table; what is returned is
    # still what the index projects.
    r = client.query(FilterExpression="weight >= :w",
                     **{**common, "ExpressionAttributeValues": {":p": s("s1"), ":w": n(300)}})
    assert r["Count"] == 3 and r["ScannedCount"] == 6
    assert r["Items"] == [{"pk": s("s1"), "sk": s(f"k{i}"), "stock": n(10 - i)}
                          for i in (5, 4, 3)]
    r = client.query(QueryFilter={"note": {"ComparisonOperator": "EQ",
                                           "AttributeValueList": [s("note2")]}},
                     TableName=catalog, IndexName="by_stock", KeyConditions=eq("pk", s("s1")))
    assert r["Items"] == [{"pk": s("s1"), "sk": s("k2"), "stock": n(8)}]
    r = client.scan(TableName=catalog, IndexName="by_price", Select="ALL_ATTRIBUTES",
                    ScanFilter={"weight": {"ComparisonOperator": "LT",
                                           "AttributeValueList": [n(200)]}})
    assert [i["sk"]["S"] for i in r["Items"]] == ["k0", "k1"]
    assert r["Items"][0]["note"] == s("note0")


def test_sparse_index_scans_hold_only_indexed_items(client, catalog):
    put_batch(client, catalog, [
        product("s1", "k1", category="tea", price=1),
        product("s1", "k2", category="tea"),           # no price: not in by_category
        product("s1", "k3", price=3),                   # no category
        product("s1", "k4", brand="b", stock=1),
        product("s2", "k1", colour="red"),
    ])
    counts = {index: client.scan(TableName=catalog, IndexName=index)["Count"]
              for index in ("by_category", "by_brand", "by_colour", "by_price", "by_stock")}
    assert counts == {"by_category": 1, "by_brand": 1, "by_colour": 1, "by_price": 2,
                      "by_stock": 1}
    assert client.scan(TableName=catalog)["Count"] == 5


# ---------------------------------------------------------------------------------------
# Order and paging.

def test_hash_only_gsi_pages_through_items_sharing_its_key(client, catalog):
    put_batch(client, catalog, [product(f"s{i % 3}", f"k{i:02d}", brand="acme")
                              for i in range(20)])
    for forward in (True, False):
        pages = 0
        items, start = [], None
        while True:
            kwargs = dict(TableName=catalog, IndexName="by_brand", Limit=6,
                          ScanIndexForward=forward, KeyConditions=eq("brand", s("acme")))
            if start:
                kwargs["ExclusiveStartKey"] = start
            r = client.query(**kwargs)
            pages += 1
            items += r["Items"]
            start = r.get("LastEvaluatedKey")
            if start:
                assert set(start) == {"pk", "sk", "brand"}
            else:
                break
        assert pages == 4
        got = [(i["pk"]["S"], i["sk"]["S"]) for i in items]
        assert len(set(got)) == 20
        assert got == sorted(got, reverse=not forward)  # ties ordered by the table key


def test_index_ordering_by_number_sort_key_both_ways(client, catalog):
    prices = [5, -2, 100, 0, 7, 7, 3.5, 1e3]
    put_batch(client, catalog, [product("s1", f"k{i}", category="tea", price=p)
                              for i, p in enumerate(prices)])
    for forward in (True, False):
        r = client.query(TableName=catalog, IndexName="by_category", ScanIndexForward=forward,
                         KeyConditionExpression="category = :c AND price BETWEEN :a AND :b",
                         ExpressionAttributeValues={":c": s("tea"), ":a": n(0), ":b": n(100)})
        got = [float(i["price"]["N"]) for i in r["Items"]]
        assert got == sorted([p for p in prices if 0 <= p <= 100], reverse=not forward)
        assert "LastEvaluatedKey" not in r


def test_lsi_and_gsi_last_evaluated_keys(client, catalog):
    put_batch(client, catalog, [product("s1", f"k{i}", category="tea", price=i, stock=i)
                              for i in range(3)])
    r = client.query(TableName=catalog, IndexName="by_category", Limit=1,
                     KeyConditions=eq("category", s("tea")))
    assert r["LastEvaluatedKey"] == {"pk": s("s1"), "sk": s("k0"), "category": s("tea"),
                                     "price": n(0)}
    r = client.query(TableName=catalog, IndexName="by_stock", Limit=2,
                     KeyConditions=eq("pk", s("s1")))
    assert r["LastEvaluatedKey"] == {"pk": s("s1"), "sk": s("k1"), "stock": n(1)}
    r = client.scan(TableName=catalog, IndexName="by_price", Limit=1)
    assert r["LastEvaluatedKey"] == {"pk": s("s1"), "sk": s("k0"), "price": n(0)}
    # An equality on the whole index key may still match many entries: the page ends with
    # a key, and resuming from it works.
    put_batch(client, catalog, [product("s2", f"k{i}", category="tea", price=0) for i in range(3)])
    r = client.query(TableName=catalog, IndexName="by_category", Limit=2,
                     KeyConditionExpression="category = :c AND price = :p",
                     ExpressionAttributeValues={":c": s("tea"), ":p": n(0)})
    assert r["Count"] == 2 and "LastEvaluatedKey" in r
    rest = client.query(TableName=catalog, IndexName="by_category",
                        ExclusiveStartKey=r["LastEvaluatedKey"],
                        KeyConditionExpression="category = :c AND price = :p",
                        ExpressionAttributeValues={":c": s("tea"), ":p": n(0)})
    assert rest["Count"] == 2


def test_index_pages_stop_at_one_megabyte(client, catalog):
    blob = "x" * (100 * 1024)
    put_batch(client, catalog, [product("s1", f"k{i:02d}", colour="red", data=blob)
                              for i in range(25)])
    for read in ("query", "scan"):
        seen, start, pages = [], None, 0
        while True:
            kwargs = dict(TableName=catalog, IndexName="by_colour")
            if read == "query":
                kwargs["KeyConditions"] = eq("colour", s("red"))
            if start:
                kwargs["ExclusiveStartKey"] = start
            r = getattr(client, read)(**kwargs)
            pages += 1
            assert r["Count"] <= 11
            seen += [i["sk"]["S"] for i in r["Items"]]
            start = r.get("LastEvaluatedKey")
            if not start:
                break
        assert pages == 3, read
        assert sorted(seen) == [f"k{i:02d}" for i in range(25)], read
    # A KEYS_ONLY index holds small entries: all of them fit one page.
    put_batch(client, catalog, [product("s1", f"k{i:02d}", brand="b", data=blob)
                              for i in range(25)])
    r = client.query(TableName=catalog, IndexName="by_brand", KeyConditions=eq("brand", s("b")))
    assert r["Count"] == 25 and "LastEvaluatedKey" not in r


def test_parallel_scans_of_each_index_union_to_exactly_the_index(client, catalog):
    put_batch(client, catalog, [product(f"s{i}", f"k{i % 4}", category=f"c{i % 5}", price=i,
                                      stock=i)
                              for i in range(60)])
    for index in ("by_category", "by_stock"):
        whole = sorted((i["pk"]["S"], i["sk"]["S"])
                       for i in client.scan(TableName=catalog, IndexName=index)["Items"])
        assert len(whole) == 60
        for total in (2, 3):
            seen = []
            for segment in range(total):
                start = None
                while True:
                    kwargs = dict(TableName=catalog, IndexName=index, Segment=segment,
                                  TotalSegments=total, Limit=7)
                    if start:
                        kwargs["ExclusiveStartKey"] = start
                    r = client.scan(**kwargs)
                    seen += [(i["pk"]["S"], i["sk"]["S"]) for i in r["Items"]]
                    start = r.get("LastEvaluatedKey")
                    if not start:
                        break
            assert sorted(seen) == whole, (index, total)


def test_multi_attribute_gsi_pages_both_ways(client):
    name = make_table(
        client, {"pk": "S", "sk": "S", "t": "S", "y": "N", "m": "N"},
        gsis=[gsi("by_time", ("t", "HASH"), ("y", "RANGE"), ("m", "RANGE"),
                  projection="KEYS_ONLY")])
    try:
        put_batch(client, name, [{"pk": s(f"p{i}"), "sk": s("x"), "t": s("a"),
                                "y": n(2020 + i % 3), "m": n(i % 4)} for i in range(24)])
        for forward in (True, False):
            items = query_all(client, TableName=name, IndexName="by_time", Limit=5,
                              ScanIndexForward=forward,
                              KeyConditionExpression="t = :t AND y = :y AND m >= :m",
                              ExpressionAttributeValues={":t": s("a"), ":y": n(2021),
                                                         ":m": n(2)})
            got = [(int(i["m"]["N"]), i["pk"]["S"]) for i in items]
            assert len(got) == 4
            assert got == sorted(got, reverse=not forward)
            assert all(m >= 2 for m, _ in got)
        # Legacy KeyConditions may name every key attribute of the index.
        r = client.query(TableName=name, IndexName="by_time",
                         KeyConditions={**eq("t", s("a")), **eq("y", n(2020)),
                                        "m": {"ComparisonOperator": "LT",
                                              "AttributeValueList": [n(2)]}})
        assert r["Count"] == 4
        page = client.query(TableName=name, IndexName="by_time", Limit=1,
                            KeyConditionExpression="t = :t",
                            ExpressionAttributeValues={":t": s("a")})
        assert set(page["LastEvaluatedKey"]) == {"pk", "sk", "t", "y", "m"}
        e = fails(client.query, TableName=name, IndexName="by_time",
                  ExclusiveStartKey=page["LastEvaluatedKey"],
                  KeyConditionExpression="t = :t AND y = :y",
                  ExpressionAttributeValues={":t": s("a"), ":y": n(2022)})
        assert e == ("ValidationException",
                     "The provided starting key does not match the range key predicate")
    finally:
        client.delete_table(TableName=name)


# ---------------------------------------------------------------------------------------
# Validation errors.

def test_index_read_errors(client, catalog):
    q = dict(TableName=catalog, IndexName="by_category",
             KeyConditions=eq("category", s("tea")))
    assert fails(client.scan, TableName=catalog, IndexName="nope") == (
        "ValidationException", "The table does not have the specified index: nope")
    assert fails(client.scan, TableName=catalog, IndexName="by_brand", ConsistentRead=True) == (
        "ValidationException", "Consistent reads are not supported on global secondary indexes")
    client.scan(TableName=catalog, IndexName="by_stock", ConsistentRead=True)  # an LSI may
    assert fails(client.query, Select="ALL_ATTRIBUTES", **q) == (
        "ValidationException",
        INVALID + "Select type ALL_ATTRIBUTES is not supported for global secondary index "
        "by_category because its projection type is not ALL")
    assert fails(client.scan, TableName=catalog, IndexName="by_brand",
                 Select="ALL_ATTRIBUTES")[1].startswith(INVALID + "Select type ALL_ATTRIBUTES")
    client.query(TableName=catalog, IndexName="by_colour", Select="ALL_ATTRIBUTES",
                 KeyConditions=eq("colour", s("red")))  # a GSI projecting ALL may
    assert fails(client.query, ProjectionExpression="note, pk, stock", **q) == (
        "ValidationException", INVALID + "Global secondary index by_category does not project "
        "[note, stock]")
    assert fails(client.scan, TableName=catalog, IndexName="by_brand",
                 AttributesToGet=["brand", "name"]) == (
        "ValidationException", INVALID + "Global secondary index by_brand does not project "
        "[name]")
    assert fails(client.query, TableName=catalog, IndexName="by_category",
                 KeyConditionExpression="category = :c", FilterExpression="stock > :z",
                 ExpressionAttributeValues={":c": s("tea"), ":z": n(1)}) == (
        "ValidationException", INVALID + "Secondary index by_category does not project one or "
        "more filter attributes: [stock]")


def test_index_key_condition_errors(client, catalog):
    def query(index, expression, values):
        return fails(client.query, TableName=catalog, IndexName=index,
                     KeyConditionExpression=expression, ExpressionAttributeValues=values)
    assert query("by_category", "pk = :p", {":p": s("s1")}) == (
        "ValidationException", "Query condition missed key schema element: category")
    assert query("by_category", "category = :c AND sk > :k", {":c": s("t"), ":k": s("k")}) == (
        "ValidationException", "Query condition missed key schema element: price")
    assert query("by_category", "category = :c AND price > :p", {":c": s("t"), ":p": s("1")}) == (
        "ValidationException",
        INVALID + "Condition parameter type does not match schema type")
    assert query("by_category", "category < :c", {":c": s("t")}) == (
        "ValidationException", "Query key condition not supported")
    assert query("by_brand", "brand = :b AND pk = :p", {":b": s("b"), ":p": s("s")}) == (
        "ValidationException", "Query key condition not supported")
    assert query("by_stock", "pk = :p AND stock = :s AND price = :x",
                 {":p": s("s"), ":s": n(1), ":x": n(1)}) == (
        "ValidationException", "The number of query conditions (3) exceeds the number of key "
        "attributes defined in the schema (2)")
    # A filter may not name the index's key attributes; the table's are fine on a GSI.
    r = client.query(TableName=catalog, IndexName="by_category",
                     KeyConditionExpression="category = :c", FilterExpression="sk = :k",
                     ExpressionAttributeValues={":c": s("t"), ":k": s("k")})
    assert r["Count"] == 0
    assert fails(client.query, TableName=catalog, IndexName="by_category",
                 KeyConditionExpression="category = :c", FilterExpression="price > :p",
                 ExpressionAttributeValues={":c": s("t"), ":p": n(1)}) == (
        "ValidationException", "Filter Expression can only contain non-primary key attributes: "
        "Primary key attribute: price")
    assert fails(client.query, TableName=catalog, IndexName="by_stock",
                 KeyConditions=eq("pk", s("s")),
                 QueryFilter={"stock": {"ComparisonOperator": "GT",
                                        "AttributeValueList": [n(1)]}}) == (
        "ValidationException", "QueryFilter can only contain non-primary key attributes: "
        "Primary key attribute: stock")


def test_multi_attribute_key_condition_errors(client):
    name = make_table(
        client, {"pk": "S", "sk": "S", "a": "S", "b": "N", "x": "S", "y": "N"},
        gsis=[gsi("multi", ("a", "HASH"), ("b", "HASH"), ("x", "RANGE"), ("y", "RANGE"))])
    try:
        def message(expression, **values):
            return fails(client.query, TableName=name, IndexName="multi",
                         KeyConditionExpression=expression,
                         ExpressionAttributeValues={f":{k}": v for k, v in values.items()})[1]
        assert message("a = :a", a=s("1")) == (
            "Query key condition not supported: every HASH key attribute of a multi-attribute "
            "key needs an equality condition; missing for: b")
        assert message("a = :a AND b > :b", a=s("1"), b=n(1)).endswith("missing for: b")
        expected_range = (
            "Query key condition not supported: RANGE key attributes of a multi-attribute key "
            "must be given left to right without gaps, with equality conditions on all but the "
            "last; out of order: y")
        assert message("a = :a AND b = :b AND y = :y", a=s("1"), b=n(1), y=n(1)) == expected_range
        assert message("a = :a AND b = :b AND x > :x AND y = :y",
                       a=s("1"), b=n(1), x=s("x"), y=n(1)) == expected_range
        assert message("a = :a AND b = :b AND z = :z", a=s("1"), b=n(1), z=n(1)) == (
            "Query condition missed key schema element: x")
        assert message("a = :a AND b = :b AND x = :x AND y BETWEEN :l AND :h AND z = :z",
                       a=s("1"), b=n(1), x=s("x"), l=n(1), h=n(2), z=n(3)) == (
            "The number of query conditions (5) exceeds the number of key attributes defined "
            "in the schema (4)")
        assert fails(client.query, TableName=name, IndexName="multi",
                     KeyConditionExpression="a = :a AND b = :b", FilterExpression="y > :y",
                     ExpressionAttributeValues={":a": s("1"), ":b": n(1), ":y": n(1)})[1] == (
            "Filter Expression can only contain non-primary key attributes: Primary key "
            "attribute: y")
    finally:
        client.delete_table(TableName=name)


def test_index_exclusive_start_key_errors(client, catalog):
    q = dict(TableName=catalog, IndexName="by_category", KeyConditionExpression="category = :c",
             ExpressionAttributeValues={":c": s("tea")})
    full = {"pk": s("s1"), "sk": s("k1"), "category": s("tea"), "price": n(3)}
    client.query(ExclusiveStartKey=full, **q)
    client.scan(TableName=catalog, IndexName="by_category", ExclusiveStartKey=full)
    invalid = ("ValidationException", "The provided starting key is invalid")
    for start in ({k: v for k, v in full.items() if k != "price"},
                  {k: v for k, v in full.items() if k != "sk"},
                  {**full, "extra": s("x")},
                  {"pk": s("s1"), "sk": s("k1"), "category": s("tea"), "stock": n(3)}):
        assert fails(client.query, ExclusiveStartKey=start, **q) == invalid, start
        assert fails(client.scan, TableName=catalog, IndexName="by_category",
                     ExclusiveStartKey=start) == invalid, start
    assert fails(client.query, ExclusiveStartKey={**full, "price": s("3")}, **q) == (
        "ValidationException", "The provided key element does not match the schema")
    assert fails(client.query, ExclusiveStartKey={**full, "sk": n(1)}, **q) == (
        "ValidationException",
        "The provided starting key is invalid: The provided key element does not match the "
        "schema")
    assert fails(client.query, ExclusiveStartKey={**full, "category": s("coffee")}, **q) == (
        "ValidationException",
        "The provided starting key is outside query boundaries based on provided conditions")
    ranged = {**q, "KeyConditionExpression": "category = :c AND price > :p",
              "ExpressionAttributeValues": {":c": s("tea"), ":p": n(5)}}
    assert fails(client.query, ExclusiveStartKey=full, **ranged) == (
        "ValidationException", "The provided starting key does not match the range key predicate")
    # The hash-only GSI and the LSI: their own key attributes, plus the table's.
    client.query(TableName=catalog, IndexName="by_brand", KeyConditions=eq("brand", s("b")),
                 ExclusiveStartKey={"pk": s("s1"), "sk": s("k1"), "brand": s("b")})
    assert fails(client.query, TableName=catalog, IndexName="by_brand",
                 KeyConditions=eq("brand", s("b")),
                 ExclusiveStartKey={"pk": s("s1"), "sk": s("k1"), "brand": s("c")}) == (
        "ValidationException",
        "The provided starting key is outside query boundaries based on provided conditions")
    client.query(TableName=catalog, IndexName="by_stock", KeyConditions=eq("pk", s("s1")),
                 ExclusiveStartKey={"pk": s("s1"), "sk": s("k1"), "stock": n(2)})
    assert fails(client.query, TableName=catalog, IndexName="by_stock",
                 KeyConditions=eq("pk", s("s1")),
                 ExclusiveStartKey={"pk": s("s1"), "sk": s("k1")}) == invalid


def test_reading_a_backfilling_gsi_is_refused(client):
    name = make_table(client, {"pk": "S", "sk": "S"})
    try:
        # Enough items that the backfill outlasts many queries (about 50 for 3000 here).
        put_batch(client, name, [{"pk": s(f"p{i}"), "sk": s("x"), "g": s(f"g{i % 10}")}
                               for i in range(6000)])
        client.update_table(
            TableName=name, AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=[{"Create": gsi("by_g", ("g", "HASH"))}])
        refusals = 0
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                r = client.query(TableName=name, IndexName="by_g",
                                 KeyConditions=eq("g", s("g1")))
            except ClientError as e:
                assert (e.response["Error"]["Code"], e.response["Error"]["Message"]) == (
                    "ValidationException", "Cannot read from backfilling global secondary index")
                refusals += 1
                continue
            # Readable only once ACTIVE, and then complete.
            status = client.describe_table(TableName=name)["Table"][
                "GlobalSecondaryIndexes"][0]["IndexStatus"]
            assert status == "ACTIVE"
            assert r["Count"] == 600
            break
        else:
            pytest.fail("the index never became readable")
        assert refusals > 0
    finally:
        while any(g["IndexStatus"] != "ACTIVE" for g in client.describe_table(TableName=name)[
                "Table"].get("GlobalSecondaryIndexes", [])):
            time.sleep(0.05)
        client.delete_table(TableName=name)
