"""Query and Scan: key conditions, paging, filters, counts, projections, parallel scan,
scans under concurrent writes, and every validation error with DynamoDB's message."""
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from boto3.dynamodb.types import Binary, TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from conftest import create_table, error_of, make_client

SERIALIZE = TypeSerializer().serialize
DESERIALIZE = TypeDeserializer().deserialize


def av(value):
    """A Python value (str, int, Decimal, bytes, ...) as a DynamoDB attribute value."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = Decimal(str(value))
    return SERIALIZE(value)


def plain(item):
    return {k: DESERIALIZE(v) for k, v in item.items()}



def write_all(client, table, items):
    for i in range(0, len(items), 25):
        batch = [{"PutRequest": {"Item": {k: av(v) for k, v in item.items()}}}
                 for item in items[i:i + 25]]
        assert client.batch_write_item(RequestItems={table: batch})["UnprocessedItems"] == {}


def pages(client, operation, **kwargs):
    """Every page of a Query or Scan, following LastEvaluatedKey."""
    call = getattr(client, operation)
    out = []
    while True:
        page = call(**kwargs)
        out.append(page)
        if "LastEvaluatedKey" not in page:
            return out
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def all_items(client, operation, **kwargs):
    return [plain(i) for page in pages(client, operation, **kwargs) for i in page["Items"]]


# ---------------------------------------------------------------------------------------
# Sort-key operators, for every key type.

SORT_KEYS = {
    "N": [Decimal(x) for x in ("-1E+10", "-100", "-2.5", "-1", "-0.001", "0", "0.001", "1", "2.5",
                               "10", "100", "1E+10")],
    "S": ["a", "ab", "abc", "abd", "ab\x7f", "b", "\u00ff", "\u00ff\u00ff", "\U0001f600"],
    "B": [b"\x00", b"\x00\x00", b"\x00\xff", b"\x01", b"\x7f", b"\x80", b"\xfe\xff", b"\xff",
          b"\xff\x00", b"\xff\xff", b"\xff\xff\xff"],
}
OPERANDS = {
    "N": [Decimal("-2.5"), Decimal("-3"), Decimal("0"), Decimal("99"), Decimal("1E+11")],
    "S": ["ab", "a", "abc", "c", "\u00ff"],
    "B": [b"\x00", b"\xff", b"\x7f", b"\xff\xff", b"\x00\xff"],
}


def order_key(value):
    """DynamoDB's order: numbers numerically, strings by UTF-8 bytes, binaries bytewise."""
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, Binary):
        return value.value
    return value


def holds(op, sk, a, b=None):
    k, a = order_key(sk), order_key(a)
    return {
        "EQ": lambda: k == a, "LT": lambda: k < a, "LE": lambda: k <= a, "GT": lambda: k > a,
        "GE": lambda: k >= a, "BETWEEN": lambda: a <= k <= order_key(b),
        "BEGINS_WITH": lambda: k.startswith(a),
    }[op]()


EXPRESSIONS = {"EQ": "sk = :a", "LT": "sk < :a", "LE": ":a >= sk", "GT": ":a < sk", "GE": "sk >= :a",
               "BETWEEN": "sk BETWEEN :a AND :b", "BEGINS_WITH": "begins_with(sk, :a)"}


@pytest.mark.parametrize("key_type", ["N", "S", "B"])
def test_every_sort_key_operator(client, key_type, request):
    table = request.getfixturevalue({"N": "table_sn", "S": "table_ss", "B": "table_sb"}[key_type])
    keys = SORT_KEYS[key_type]
    items = [{"pk": "part", "sk": k, "i": n} for n, k in enumerate(keys)]
    items += [{"pk": "elsewhere", "sk": k} for k in keys]
    write_all(client, table, items)
    operands = OPERANDS[key_type]
    ops = ["EQ", "LT", "LE", "GT", "GE", "BETWEEN"] + (["BEGINS_WITH"] if key_type != "N" else [])
    for op in ops:
        for a in operands:
            for b in (operands if op == "BETWEEN" else [None]):
                if op == "BETWEEN" and order_key(a) > order_key(b):
                    continue
                want = [i for i in items[:len(keys)] if holds(op, i["sk"], a, b)]
                values = {":p": av("part"), ":a": av(a)}
                legacy = [av(a)]
                if b is not None:
                    values[":b"] = av(b)
                    legacy.append(av(b))
                for forward in (True, False):
                    expected = want if forward else want[::-1]
                    got = all_items(client, "query", TableName=table, Limit=3,
                                    ScanIndexForward=forward,
                                    KeyConditionExpression="pk = :p AND " + EXPRESSIONS[op],
                                    ExpressionAttributeValues=values)
                    assert got == expected, (op, a, b, forward)
                    got = all_items(client, "query", TableName=table, ScanIndexForward=forward,
                                    KeyConditions={
                                        "pk": {"ComparisonOperator": "EQ",
                                               "AttributeValueList": [av("part")]},
                                        "sk": {"ComparisonOperator": op,
                                               "AttributeValueList": legacy}})
                    assert got == expected, (op, a, b, forward, "legacy")


def test_hash_only_query_returns_the_one_item(client, table_s):
    write_all(client, table_s, [{"pk": "a", "v": 1}, {"pk": "b", "v": 2}])
    got = client.query(TableName=table_s, KeyConditionExpression="pk = :p",
                       ExpressionAttributeValues={":p": av("b")})
    assert [plain(i) for i in got["Items"]] == [{"pk": "b", "v": 2}]
    assert got["Count"] == 1 and got["ScannedCount"] == 1 and "LastEvaluatedKey" not in got


def test_a_query_of_at_most_one_item_cannot_be_resumed(client, table_s, table_sn):
    write_all(client, table_s, [{"pk": "a"}])
    write_all(client, table_sn, [{"pk": "a", "sk": 1}, {"pk": "a", "sk": 2}])
    got = client.query(TableName=table_s, KeyConditionExpression="pk = :p", Limit=1,
                       ExpressionAttributeValues={":p": av("a")})
    assert got["Count"] == 1 and "LastEvaluatedKey" not in got
    got = client.query(TableName=table_sn, KeyConditionExpression="pk = :p AND sk = :s", Limit=1,
                       ExpressionAttributeValues={":p": av("a"), ":s": av(1)})
    assert got["Count"] == 1 and "LastEvaluatedKey" not in got
    got = client.query(TableName=table_sn, KeyConditionExpression="pk = :p AND sk >= :s", Limit=1,
                       ExpressionAttributeValues={":p": av("a"), ":s": av(1)})
    assert got["Count"] == 1 and plain(got["LastEvaluatedKey"]) == {"pk": "a", "sk": 1}


def test_number_key_values_compare_numerically(client, table_sn):
    write_all(client, table_sn, [{"pk": "n", "sk": 1000}])
    got = client.query(TableName=table_sn, KeyConditionExpression="pk = :p AND sk = :v",
                       ExpressionAttributeValues={":p": av("n"), ":v": {"N": "1E+3"}})
    assert [plain(i)["sk"] for i in got["Items"]] == [1000]


# ---------------------------------------------------------------------------------------
# Paging.

@pytest.fixture(scope="module")
def big_partition(client):
    """3000 items of about 1 KB in one partition (three 1 MB pages), plus another partition."""
    table = create_table(client, range_type="N")
    pad = "x" * 1000
    items = [{"pk": "big", "sk": n, "v": n % 3, "pad": pad} for n in range(3000)]
    write_all(client, table, items + [{"pk": "other", "sk": n} for n in range(10)])
    yield table, items
    client.delete_table(TableName=table)


@pytest.mark.parametrize("forward", [True, False])
@pytest.mark.parametrize("limit", [None, 1000, 257])
@pytest.mark.parametrize("filtered", [False, True])
def test_query_pages_through_thousands(client, big_partition, forward, limit, filtered):
    table, items = big_partition
    kwargs = dict(TableName=table, ScanIndexForward=forward, KeyConditionExpression="pk = :p",
                  ExpressionAttributeValues={":p": av("big")})
    if limit:
        kwargs["Limit"] = limit
    if filtered:
        kwargs["FilterExpression"] = "v = :one"
        kwargs["ExpressionAttributeValues"][":one"] = av(1)
    got_pages = pages(client, "query", **kwargs)
    want = [i for i in items if not filtered or i["v"] == 1]
    got = [plain(i) for p in got_pages for i in p["Items"]]
    assert got == (want if forward else want[::-1])
    assert sum(p["ScannedCount"] for p in got_pages) == len(items)
    assert sum(p["Count"] for p in got_pages) == len(want)
    for p in got_pages[:-1]:
        assert p["ScannedCount"] == (limit or p["ScannedCount"])
        if not limit:
            # A page stops once 1 MB has been read: about a thousand 1 KB items.
            assert 900 < p["ScannedCount"] < 1100
    # LastEvaluatedKey is the key of the last item read, not of the last one returned.
    first = got_pages[0]
    scanned = first["ScannedCount"]
    last = items[scanned - 1] if forward else items[-scanned]
    assert plain(first["LastEvaluatedKey"]) == {"pk": "big", "sk": last["sk"]}


def test_exclusive_start_key_need_not_exist(client, table_sn):
    write_all(client, table_sn, [{"pk": "p", "sk": n} for n in range(0, 40, 2)])
    for start, forward in [(-3, True), (0, True), (17, True), (80, True), (17, False), (1, False)]:
        got = client.query(TableName=table_sn, KeyConditionExpression="pk = :p",
                           ExpressionAttributeValues={":p": av("p")}, Limit=5,
                           ScanIndexForward=forward,
                           ExclusiveStartKey={"pk": av("p"), "sk": av(start)})
        evens = list(range(0, 40, 2))
        want = [n for n in evens if n > start][:5] if forward else \
            [n for n in reversed(evens) if n < start][:5]
        assert [plain(i)["sk"] for i in got["Items"]] == want, (start, forward)


@pytest.mark.parametrize("filtered", [False, True])
def test_scan_pages_through_thousands(client, table_s, filtered):
    items = [{"pk": f"k{n}", "v": n % 4} for n in range(2500)]
    write_all(client, table_s, items)
    kwargs = dict(TableName=table_s, Limit=300)
    if filtered:
        kwargs.update(FilterExpression="v = :two", ExpressionAttributeValues={":two": av(2)})
    got_pages = pages(client, "scan", **kwargs)
    got = [plain(i) for p in got_pages for i in p["Items"]]
    want = [i for i in items if not filtered or i["v"] == 2]
    assert sorted(got, key=lambda i: i["pk"]) == sorted(want, key=lambda i: i["pk"])
    assert len({i["pk"] for i in got}) == len(got)
    assert sum(p["ScannedCount"] for p in got_pages) == len(items)
    # Without a Limit a small table comes back in one page.
    one = client.scan(TableName=table_s)
    assert one["Count"] == len(items) and "LastEvaluatedKey" not in one


def test_scan_page_stops_after_one_megabyte(client, table_s):
    pad = "y" * (100 * 1024)
    write_all(client, table_s, [{"pk": f"k{n}", "pad": pad} for n in range(25)])
    first = client.scan(TableName=table_s)
    assert 8 <= first["Count"] <= 11 and "LastEvaluatedKey" in first
    assert len(all_items(client, "scan", TableName=table_s)) == 25


# ---------------------------------------------------------------------------------------
# Filters, counts, Select and projections.

def test_limit_counts_items_before_the_filter(client, table_sn):
    write_all(client, table_sn, [{"pk": "p", "sk": n, "even": n % 2 == 0} for n in range(10)])
    got = client.query(TableName=table_sn, KeyConditionExpression="pk = :p", Limit=4,
                       FilterExpression="even = :t",
                       ExpressionAttributeValues={":p": av("p"), ":t": av(True)})
    assert [plain(i)["sk"] for i in got["Items"]] == [0, 2]
    assert got["Count"] == 2 and got["ScannedCount"] == 4
    assert plain(got["LastEvaluatedKey"]) == {"pk": "p", "sk": 3}
    # A page may be empty and still not be the last.
    got = client.query(TableName=table_sn, KeyConditionExpression="pk = :p", Limit=1,
                       FilterExpression="even = :t",
                       ExclusiveStartKey={"pk": av("p"), "sk": av(4)},
                       ExpressionAttributeValues={":p": av("p"), ":t": av(True)})
    assert got["Items"] == [] and got["Count"] == 0 and got["ScannedCount"] == 1
    assert "LastEvaluatedKey" in got


def test_query_filter_and_conditional_operator(client, table_sn):
    write_all(client, table_sn, [{"pk": "p", "sk": n, "a": n % 2, "b": n % 3} for n in range(12)])
    base = dict(TableName=table_sn, KeyConditions={
        "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [av("p")]}})
    both = {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [av(0)]},
            "b": {"ComparisonOperator": "EQ", "AttributeValueList": [av(0)]}}
    got = client.query(**base, QueryFilter=both)
    assert [plain(i)["sk"] for i in got["Items"]] == [0, 6]
    assert got["ScannedCount"] == 12
    got = client.query(**base, QueryFilter=both, ConditionalOperator="OR")
    assert [plain(i)["sk"] for i in got["Items"]] == [0, 2, 3, 4, 6, 8, 9, 10]
    assert client.query(**base, QueryFilter={})["Count"] == 12
    # KeyConditions may accompany a FilterExpression and a ProjectionExpression.
    got = client.query(**base, FilterExpression="b = :two", ProjectionExpression="sk",
                       ExpressionAttributeValues={":two": av(2)})
    assert [plain(i) for i in got["Items"]] == [{"sk": 2}, {"sk": 5}, {"sk": 8}, {"sk": 11}]


def test_scan_filter_may_name_key_attributes(client, table_sn):
    write_all(client, table_sn, [{"pk": f"p{n % 3}", "sk": n} for n in range(9)])
    got = all_items(client, "scan", TableName=table_sn, FilterExpression="pk = :p AND sk > :s",
                    ExpressionAttributeValues={":p": av("p1"), ":s": av(3)})
    assert sorted(i["sk"] for i in got) == [4, 7]
    got = all_items(client, "scan", TableName=table_sn, ScanFilter={
        "sk": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [av(2), av(3)]}})
    assert sorted(i["sk"] for i in got) == [2, 3]


@pytest.mark.parametrize("operation", ["query", "scan"])
def test_select_count(client, table_sn, operation):
    write_all(client, table_sn, [{"pk": "p", "sk": n, "x": n % 2} for n in range(7)])
    kwargs = dict(TableName=table_sn, Select="COUNT", FilterExpression="x = :one",
                  ExpressionAttributeValues={":one": av(1)})
    if operation == "query":
        kwargs["KeyConditionExpression"] = "pk = :p"
        kwargs["ExpressionAttributeValues"][":p"] = av("p")
    got = getattr(client, operation)(**kwargs)
    assert "Items" not in got
    assert got["Count"] == 3 and got["ScannedCount"] == 7
    limited = getattr(client, operation)(**kwargs, Limit=2)
    assert "Items" not in limited and limited["ScannedCount"] == 2
    assert "LastEvaluatedKey" in limited


@pytest.mark.parametrize("operation", ["query", "scan"])
def test_projections(client, table_sn, operation):
    write_all(client, table_sn, [
        {"pk": "p", "sk": 1, "a": {"b": 1, "c": [1, 2, 3]}, "d": "x"},
        {"pk": "p", "sk": 2, "d": "y"},
    ])
    base = dict(TableName=table_sn)
    if operation == "query":
        base.update(KeyConditions={"pk": {"ComparisonOperator": "EQ",
                                          "AttributeValueList": [av("p")]}})
    call = getattr(client, operation)
    got = call(**base, ProjectionExpression="a.c[2], #d", ExpressionAttributeNames={"#d": "d"})
    assert sorted(map(plain, got["Items"]), key=str) == [{"a": {"c": [3]}, "d": "x"}, {"d": "y"}]
    got = call(**base, AttributesToGet=["sk", "nothing"], Select="SPECIFIC_ATTRIBUTES")
    assert sorted(plain(i)["sk"] for i in got["Items"]) == [1, 2]
    assert all(set(i) == {"sk"} for i in got["Items"])
    got = call(**base, ProjectionExpression="nothing")
    assert got["Items"] == [{}, {}] and got["Count"] == 2
    # The filter sees the whole item, the response only the projection.
    got = call(**base, QueryFilter={"d": {"ComparisonOperator": "EQ",
                                          "AttributeValueList": [av("y")]}},
               AttributesToGet=["sk"]) if operation == "query" else \
        call(**base, ScanFilter={"d": {"ComparisonOperator": "EQ",
                                       "AttributeValueList": [av("y")]}},
             AttributesToGet=["sk"])
    assert [plain(i) for i in got["Items"]] == [{"sk": 2}]


# ---------------------------------------------------------------------------------------
# Parallel scan and scans under concurrent writes.

def test_parallel_scan_segments_cover_the_table_exactly_once(client, table_sn):
    items = [{"pk": f"p{n}", "sk": n % 5} for n in range(1500)]
    write_all(client, table_sn, items)
    want = sorted((i["pk"], i["sk"]) for i in items)
    for total in [1, 2, 3, 7, 16, 100]:
        def segment(s):
            return all_items(client, "scan", TableName=table_sn, Segment=s, TotalSegments=total,
                             Limit=97)
        with ThreadPoolExecutor(8) as pool:
            got = [i for part in pool.map(segment, range(total)) for i in part]
        assert sorted((i["pk"], i["sk"]) for i in got) == want, total


def test_scan_under_concurrent_writes_neither_repeats_nor_skips(server, client, table_s):
    originals = [f"orig{n:05d}" for n in range(3000)]
    write_all(client, table_s, [{"pk": k, "gen": 0} for k in originals])
    stop = threading.Event()
    errors = []
    writes = [0] * 4
    started = threading.Barrier(5)

    def writer(w):
        c = make_client(server.url)
        started.wait()
        n = 0
        try:
            while not stop.is_set():
                n += 1
                # New items may or may not be seen; existing ones are rewritten in place.
                c.put_item(TableName=table_s, Item={"pk": av(f"new{w}-{n}"), "gen": av(n)})
                c.put_item(TableName=table_s,
                           Item={"pk": av(originals[(n * 7919 + w) % len(originals)]),
                                 "gen": av(n)})
                if n % 3 == 0:
                    c.delete_item(TableName=table_s, Key={"pk": av(f"new{w}-{n - 1}")})
                writes[w] = n
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    try:
        started.wait()
        seen = [i["pk"] for i in all_items(client, "scan", TableName=table_s, Limit=20)]
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors
    assert min(writes) > 10, "the writers did not overlap the scan"
    assert len(seen) == len(set(seen)), "an item was returned twice"
    assert set(originals) <= set(seen), "an item present for the whole scan was skipped"
