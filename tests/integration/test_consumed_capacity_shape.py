"""The shape of ConsumedCapacity, operation by operation.

Evidence: DynamoDB Local 3.3.1 (measured: TOTAL is TableName and CapacityUnits; INDEXES adds
"Table", 0.0 for a read of an index alone, and an index map only for indexes charged); the
API reference's examples (TableName and CapacityUnits); and an emulator's capacity shapes
"captured against real DynamoDB" (nubo-db/dynoxide, src/types.rs, which passes the 2026
conformance suite recorded against DynamoDB): single-item operations, Query, Scan and the
batches report CapacityUnits alone at every level, while the transactions also report
ReadCapacityUnits or WriteCapacityUnits at every level. DynamoDB Local omits those two for
transactions too; Cairn follows DynamoDB.
"""
from index_support import definitions, gsi, make_table, s

ONLY_UNITS = {"CapacityUnits"}


def test_single_item_operations_report_capacity_units_alone(client, table_s):
    key = {"pk": s("shape")}
    calls = [
        lambda d: client.put_item(TableName=table_s, Item=key, ReturnConsumedCapacity=d),
        lambda d: client.get_item(TableName=table_s, Key=key, ReturnConsumedCapacity=d),
        lambda d: client.update_item(TableName=table_s, Key=key, UpdateExpression="SET v = :v",
                                     ExpressionAttributeValues={":v": s("x")},
                                     ReturnConsumedCapacity=d),
        lambda d: client.query(TableName=table_s, KeyConditionExpression="pk = :p",
                               ExpressionAttributeValues={":p": key["pk"]},
                               ReturnConsumedCapacity=d),
        lambda d: client.scan(TableName=table_s, ReturnConsumedCapacity=d),
        lambda d: client.delete_item(TableName=table_s, Key=key, ReturnConsumedCapacity=d),
    ]
    for call in calls:
        total = call("TOTAL")["ConsumedCapacity"]
        assert set(total) == {"TableName", "CapacityUnits"}
        indexes = call("INDEXES")["ConsumedCapacity"]
        assert set(indexes) == {"TableName", "CapacityUnits", "Table"}
        assert set(indexes["Table"]) == ONLY_UNITS
        assert indexes["Table"]["CapacityUnits"] == indexes["CapacityUnits"]


def test_batches_report_capacity_units_alone(client, table_s):
    item = {"pk": s("batched")}
    written = client.batch_write_item(RequestItems={table_s: [{"PutRequest": {"Item": item}}]},
                                      ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
    assert written == [{"TableName": table_s, "CapacityUnits": 1.0}]
    read = client.batch_get_item(RequestItems={table_s: {"Keys": [item]}},
                                 ReturnConsumedCapacity="INDEXES")["ConsumedCapacity"]
    assert read == [{"TableName": table_s, "CapacityUnits": 0.5, "Table": {"CapacityUnits": 0.5}}]


def test_transactions_also_report_read_or_write_units(client, table_s):
    item = {"pk": s("transacted")}
    [written] = client.transact_write_items(
        TransactItems=[{"Put": {"TableName": table_s, "Item": item}}],
        ReturnConsumedCapacity="INDEXES")["ConsumedCapacity"]
    assert written == {"TableName": table_s, "CapacityUnits": 2.0, "WriteCapacityUnits": 2.0,
                       "Table": {"CapacityUnits": 2.0, "WriteCapacityUnits": 2.0}}
    [read] = client.transact_get_items(TransactItems=[{"Get": {"TableName": table_s, "Key": item}}],
                                       ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
    assert read == {"TableName": table_s, "CapacityUnits": 2.0, "ReadCapacityUnits": 2.0}


def test_a_read_of_an_index_names_the_table_with_nothing_charged(client):
    name = make_table(client, definitions("pk", "g"), range_key=None,
                      gsis=[gsi("by_g", ("g", "HASH"))])
    try:
        written = client.put_item(TableName=name, Item={"pk": s("a"), "g": s("x")},
                                  ReturnConsumedCapacity="INDEXES")["ConsumedCapacity"]
        assert written == {"TableName": name, "CapacityUnits": 2.0, "Table": {"CapacityUnits": 1.0},
                           "GlobalSecondaryIndexes": {"by_g": {"CapacityUnits": 1.0}}}
        for read in (client.query(TableName=name, IndexName="by_g", KeyConditionExpression="g = :g",
                                  ExpressionAttributeValues={":g": s("x")},
                                  ReturnConsumedCapacity="INDEXES"),
                     client.scan(TableName=name, IndexName="by_g", ReturnConsumedCapacity="INDEXES")):
            cc = read["ConsumedCapacity"]
            assert cc["Table"] == {"CapacityUnits": 0.0}
            assert set(cc["GlobalSecondaryIndexes"]["by_g"]) == ONLY_UNITS
            assert cc["CapacityUnits"] == cc["GlobalSecondaryIndexes"]["by_g"]["CapacityUnits"]
            assert "LocalSecondaryIndexes" not in cc
    finally:
        client.delete_table(TableName=name)
