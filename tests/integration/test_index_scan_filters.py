"""A filter on attributes an index does not project: refused for a Query of a GSI, served for
a Scan, where the filter sees the index's rows (the attribute is absent there).

Evidence: DynamoDB Local 3.3.1 (measured) serves the Scan and refuses the Query with
"Secondary index g does not project one or more filter attributes: [v]"; Local evaluates the
Scan's filter against the base item, which a GSI, a table of its own on DynamoDB, does not
hold; an emulator's PartiQL tests, written from probes of DynamoDB, record that such an
unkeyed index read "matches nothing rather than failing". Cairn follows DynamoDB's model:
the index row is what the filter sees (the note on issue 19 records the disagreement).
"""
from index_support import INVALID, definitions, fails, gsi, make_table, s, scan_all


def test_scan_of_a_gsi_filters_on_what_the_index_holds(client):
    name = make_table(client, definitions("pk", "g"), range_key=None,
                      gsis=[gsi("by_g", ("g", "HASH"), projection="KEYS_ONLY")])
    try:
        client.put_item(TableName=name, Item={"pk": s("a"), "g": s("x"), "v": s("seen")})
        client.put_item(TableName=name, Item={"pk": s("b"), "g": s("y")})
        matching = scan_all(client, name, IndexName="by_g", FilterExpression="v = :v",
                            ExpressionAttributeValues={":v": s("seen")})
        assert matching == []
        absent = scan_all(client, name, IndexName="by_g", FilterExpression="attribute_not_exists(v)")
        assert sorted(i["pk"]["S"] for i in absent) == ["a", "b"]
        assert all(set(i) == {"pk", "g"} for i in absent)
        code, message = fails(client.query, TableName=name, IndexName="by_g",
                              KeyConditionExpression="g = :g", FilterExpression="v = :v",
                              ExpressionAttributeValues={":g": s("x"), ":v": s("seen")})
        assert (code, message) == (
            "ValidationException",
            INVALID + "Secondary index by_g does not project one or more filter attributes: [v]")
    finally:
        client.delete_table(TableName=name)
