"""ReturnConsumedCapacity on the data-plane operations, against DynamoDB's documented
arithmetic: reads in 4 KB units (halved when eventually consistent), writes in 1 KB units
of the larger of the old and new item, transactions doubled, batches per table; a Scan
by the four partitions of a new table."""
import pytest
from botocore.exceptions import ClientError


def s(v):
    return {"S": v}


def item_of_size(pk, size):
    """An item whose DynamoDB size is exactly `size` bytes (names + values)."""
    # "pk" (2) + pk value + "v" (1) + the padding.
    return {"pk": s(pk), "v": s("x" * (size - 2 - len(pk) - 1))}


def units(response):
    return response["ConsumedCapacity"]["CapacityUnits"]


def test_get_item_reads_4kb_units_halved_when_eventually_consistent(client, table_s):
    client.put_item(TableName=table_s, Item=item_of_size("a", 4096))
    client.put_item(TableName=table_s, Item=item_of_size("b", 4097))
    for pk, consistent, expected in [("a", True, 1), ("a", False, 0.5), ("b", True, 2),
                                     ("b", False, 1), ("missing", True, 1),
                                     ("missing", False, 0.5)]:
        r = client.get_item(TableName=table_s, Key={"pk": s(pk)}, ConsistentRead=consistent,
                            ReturnConsumedCapacity="TOTAL")
        assert r["ConsumedCapacity"]["TableName"] == table_s
        assert units(r) == expected, (pk, consistent)
    # Projection does not change what was read.
    r = client.get_item(TableName=table_s, Key={"pk": s("b")}, ProjectionExpression="pk",
                        ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
    assert units(r) == 2


def test_writes_charge_1kb_units_of_the_larger_item(client, table_s):
    r = client.put_item(TableName=table_s, Item=item_of_size("p", 1024),
                        ReturnConsumedCapacity="TOTAL")
    # A single-item operation reports CapacityUnits alone (test_consumed_capacity_shape.py).
    assert r["ConsumedCapacity"] == {"TableName": table_s, "CapacityUnits": 1.0}
    r = client.put_item(TableName=table_s, Item=item_of_size("p", 2500),
                        ReturnConsumedCapacity="TOTAL")
    assert units(r) == 3
    r = client.put_item(TableName=table_s, Item={"pk": s("p")}, ReturnConsumedCapacity="TOTAL")
    assert units(r) == 3  # the replaced item was larger
    r = client.update_item(TableName=table_s, Key={"pk": s("p")},
                           UpdateExpression="SET v = :v",
                           ExpressionAttributeValues={":v": s("y" * 3000)},
                           ReturnConsumedCapacity="TOTAL")
    assert units(r) == 3
    r = client.delete_item(TableName=table_s, Key={"pk": s("p")}, ReturnConsumedCapacity="TOTAL")
    assert units(r) == 3
    r = client.delete_item(TableName=table_s, Key={"pk": s("p")}, ReturnConsumedCapacity="TOTAL")
    assert units(r) == 1


def test_no_consumed_capacity_unless_asked(client, table_s):
    assert "ConsumedCapacity" not in client.put_item(TableName=table_s, Item={"pk": s("a")})
    assert "ConsumedCapacity" not in client.get_item(
        TableName=table_s, Key={"pk": s("a")}, ReturnConsumedCapacity="NONE")


def test_indexes_detail_repeats_the_table_share(client, table_s):
    r = client.put_item(TableName=table_s, Item={"pk": s("a")},
                        ReturnConsumedCapacity="INDEXES")
    cc = r["ConsumedCapacity"]
    assert cc["CapacityUnits"] == 1
    assert cc["Table"]["CapacityUnits"] == 1
    assert "GlobalSecondaryIndexes" not in cc and "LocalSecondaryIndexes" not in cc


def test_batches_report_one_entry_per_table(client, table_s, table_ss):
    r = client.batch_write_item(RequestItems={
        table_s: [{"PutRequest": {"Item": item_of_size(f"k{i}", 1500)}} for i in range(3)],
        table_ss: [{"PutRequest": {"Item": {"pk": s("a"), "sk": s("b")}}}],
    }, ReturnConsumedCapacity="TOTAL")
    by_table = {c["TableName"]: c["CapacityUnits"] for c in r["ConsumedCapacity"]}
    assert by_table == {table_s: 6, table_ss: 1}
    r = client.batch_get_item(RequestItems={
        table_s: {"Keys": [{"pk": s(f"k{i}")} for i in range(3)] + [{"pk": s("none")}]},
        table_ss: {"Keys": [{"pk": s("a"), "sk": s("b")}], "ConsistentRead": True},
    }, ReturnConsumedCapacity="TOTAL")
    by_table = {c["TableName"]: c["CapacityUnits"] for c in r["ConsumedCapacity"]}
    assert by_table == {table_s: 2.0, table_ss: 1}


def test_transactions_cost_twice(client, table_s):
    client.put_item(TableName=table_s, Item=item_of_size("check", 5000))
    r = client.transact_write_items(TransactItems=[
        {"Put": {"TableName": table_s, "Item": item_of_size("t1", 1500)}},
        {"ConditionCheck": {"TableName": table_s, "Key": {"pk": s("check")},
                            "ConditionExpression": "attribute_exists(pk)"}},
    ], ReturnConsumedCapacity="TOTAL")
    [cc] = r["ConsumedCapacity"]
    assert cc["TableName"] == table_s
    assert cc["CapacityUnits"] == 2 * 2 + 2 * 2  # put: 2 WCU x2; check: 2 RCU x2
    r = client.transact_get_items(TransactItems=[
        {"Get": {"TableName": table_s, "Key": {"pk": s("check")}}},
        {"Get": {"TableName": table_s, "Key": {"pk": s("t1")}}},
    ], ReturnConsumedCapacity="TOTAL")
    [cc] = r["ConsumedCapacity"]
    assert cc["CapacityUnits"] == 2 * 2 + 2 * 1


def test_a_replayed_transaction_reports_the_reads_of_its_items(client, table_s):
    # DynamoDB: the first call with a ClientRequestToken reports the write units of its
    # changes; a replay of it changes nothing and reports the read units of reading the
    # items (transactional reads: 2 per 4 KB, a missing item still 2).
    client.put_item(TableName=table_s, Item=item_of_size("replay-check", 5000))
    request = dict(TransactItems=[
        {"Put": {"TableName": table_s, "Item": item_of_size("replay-put", 1500)}},
        {"Delete": {"TableName": table_s, "Key": {"pk": s("replay-gone")}}},
        {"ConditionCheck": {"TableName": table_s, "Key": {"pk": s("replay-check")},
                            "ConditionExpression": "attribute_exists(pk)"}},
    ], ReturnConsumedCapacity="TOTAL", ClientRequestToken="replay-token")
    [first] = client.transact_write_items(**request)["ConsumedCapacity"]
    assert first["WriteCapacityUnits"] == 2 * 2 + 2 * 1
    [again] = client.transact_write_items(**request)["ConsumedCapacity"]
    assert again == {"TableName": table_s, "CapacityUnits": 2 * 1 + 2 * 1 + 2 * 2,
                     "ReadCapacityUnits": 2 * 1 + 2 * 1 + 2 * 2}
    replay = client.transact_write_items(**dict(request, ReturnConsumedCapacity="NONE"))
    assert "ConsumedCapacity" not in replay


def test_an_unknown_detail_is_refused(client, table_s):
    with pytest.raises(ClientError) as e:
        client.get_item(TableName=table_s, Key={"pk": s("a")}, ReturnConsumedCapacity="ALL")
    assert "returnConsumedCapacity" in e.value.response["Error"]["Message"]


def test_query_and_scan_round_the_total_size_read(client, table_ss):
    # 10 items of 1000 bytes: 10,000 bytes read -> 3 units (rounded once, not per item).
    for i in range(10):
        item = {"pk": s("p"), "sk": s(f"{i:02d}"), "v": s("x" * (1000 - 1 - 2 - 2 - 1))}
        client.put_item(TableName=table_ss, Item=item)
    r = client.query(TableName=table_ss, KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": s("p")}, ConsistentRead=True,
                     ReturnConsumedCapacity="TOTAL")
    assert units(r) == 3
    r = client.query(TableName=table_ss, KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": s("p")}, ReturnConsumedCapacity="TOTAL")
    assert units(r) == 1.5
    # A filter does not reduce what was read; Limit does.
    r = client.query(TableName=table_ss, KeyConditionExpression="pk = :p",
                     FilterExpression="v = :none", ConsistentRead=True,
                     ExpressionAttributeValues={":p": s("p"), ":none": s("zz")},
                     ReturnConsumedCapacity="TOTAL")
    assert r["Count"] == 0 and units(r) == 3
    r = client.query(TableName=table_ss, KeyConditionExpression="pk = :p", Limit=4,
                     ExpressionAttributeValues={":p": s("p")}, ConsistentRead=True,
                     ReturnConsumedCapacity="TOTAL")
    assert units(r) == 1
    # A Scan pays the same 3 units in the partition that holds the items, and one unit for
    # each of the table's three other (empty) partitions.
    r = client.scan(TableName=table_ss, ConsistentRead=True, ReturnConsumedCapacity="INDEXES")
    assert r["ConsumedCapacity"] == {"TableName": table_ss, "CapacityUnits": 6.0,
                                     "Table": {"CapacityUnits": 6.0}}


def test_a_scan_pays_for_each_of_the_four_partitions_it_reads(client, table_s):
    # As DynamoDB reports it for a new table: a Scan of one tiny item costs 4 units (2
    # eventually consistent), one per partition, while a Query of it costs 1 (0.5).
    client.put_item(TableName=table_s, Item={"pk": s("only"), "animal": s("cat")})
    for consistent, expected in ((True, 4.0), (False, 2.0)):
        r = client.scan(TableName=table_s, ConsistentRead=consistent,
                        ReturnConsumedCapacity="TOTAL")
        assert r["Count"] == 1 and units(r) == expected
        r = client.query(TableName=table_s, KeyConditionExpression="pk = :p",
                         ExpressionAttributeValues={":p": s("only")},
                         ConsistentRead=consistent, ReturnConsumedCapacity="TOTAL")
        assert units(r) == expected / 4
    # Four parallel segments read one partition each; two read two each.
    for total, expected in ((4, 1.0), (2, 2.0)):
        for segment in range(total):
            r = client.scan(TableName=table_s, ConsistentRead=True, Segment=segment,
                            TotalSegments=total, ReturnConsumedCapacity="TOTAL")
            assert units(r) == expected
