"""Query and Scan: every validation error, with DynamoDB's messages."""
import pytest
from botocore.exceptions import ClientError

from conftest import error_of
from test_query_scan import write_all


# ---------------------------------------------------------------------------------------
# Validation errors, with DynamoDB's messages.

KC_P = {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]}}
EAV_P = {":p": {"S": "p"}}
ENUM = ("[IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, "
        "CONTAINS]")
SELECT_ENUM = "[SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]"

QUERY_ERRORS = [
    ({}, "Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
         "request."),
    ({"KeyConditions": {}}, "Conditions can be of length 1 or 2 only"),
    ({"KeyConditionExpression": ""},
     "Invalid KeyConditionExpression: The expression can not be empty;"),
    ({"KeyConditionExpression": "sk = :v", "ExpressionAttributeValues": {":v": {"N": "1"}}},
     "Query condition missed key schema element: pk"),
    ({"KeyConditionExpression": "pk < :p", "ExpressionAttributeValues": EAV_P},
     "Query key condition not supported"),
    ({"KeyConditionExpression": "pk = :p OR sk = :v",
      "ExpressionAttributeValues": {**EAV_P, ":v": {"N": "1"}}},
     "Invalid operator used in KeyConditionExpression: OR"),
    ({"KeyConditionExpression": "pk = :p AND sk > :a AND sk < :b",
      "ExpressionAttributeValues": {**EAV_P, ":a": {"N": "1"}, ":b": {"N": "5"}}},
     "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition "
     "per key"),
    ({"KeyConditionExpression": "pk = :p AND sk > :a AND x = :b",
      "ExpressionAttributeValues": {**EAV_P, ":a": {"N": "1"}, ":b": {"N": "5"}}},
     "The number of query conditions (3) exceeds the number of key attributes defined in the "
     "schema (2)"),
    ({"KeyConditionExpression": "pk = :p AND x.y = :v",
      "ExpressionAttributeValues": {**EAV_P, ":v": {"N": "1"}}},
     "KeyConditionExpressions cannot have conditions on nested attributes"),
    ({"KeyConditionExpression": "pk = :p AND sk = :s",
      "ExpressionAttributeValues": {**EAV_P, ":s": {"S": "1"}}},
     "One or more parameter values were invalid: Condition parameter type does not match schema "
     "type"),
    ({"KeyConditionExpression": "pk = :p AND begins_with(sk, :s)",
      "ExpressionAttributeValues": {**EAV_P, ":s": {"S": "1"}}},
     "One or more parameter values were invalid: Condition parameter type does not match schema "
     "type"),
    ({"KeyConditionExpression": "pk = :e", "ExpressionAttributeValues": {":e": {"S": ""}}},
     "One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
     "contain an empty string value. Key: pk"),
    ({"KeyConditions": {"pk": {"ComparisonOperator": "eq", "AttributeValueList": [{"S": "p"}]}}},
     f"1 validation error detected: Value 'eq' at 'keyConditions.pk.member.comparisonOperator' "
     f"failed to satisfy constraint: Member must satisfy enum value set: {ENUM}"),
    ({"KeyConditions": {"pk": {"AttributeValueList": [{"S": "p"}]}}},
     "1 validation error detected: Value null at 'keyConditions.pk.member.comparisonOperator' "
     "failed to satisfy constraint: Member must not be null"),
    ({"KeyConditions": {"pk": {"ComparisonOperator": "EQ",
                               "AttributeValueList": [{"S": "p"}, {"S": "q"}]}}},
     "One or more parameter values were invalid: Invalid number of argument(s) for the EQ "
     "ComparisonOperator"),
    ({"KeyConditions": {"pk": {"ComparisonOperator": "NE", "AttributeValueList": [{"S": "p"}]}}},
     "Attempted conditional constraint is not an indexable operation"),
    # Query's Limit is in DynamoDB's newer shape (nubo-db/dynamodb-conformance,
    # tests/tier3/error-messages/query.test.ts); Scan's is not (scan.test.ts).
    ({"KeyConditions": KC_P, "Limit": 0},
     "1 validation error detected: Value at 'Limit' failed to satisfy constraint: Member "
     "must have value greater than or equal to 1"),
    ({"KeyConditions": KC_P, "Select": "count"},
     f"1 validation error detected: Value 'count' at 'select' failed to satisfy constraint: "
     f"Member must satisfy enum value set: {SELECT_ENUM}"),
    ({"KeyConditions": KC_P, "Select": "SPECIFIC_ATTRIBUTES"},
     "1 validation error detected: Must specify the AttributesToGet or ProjectionExpression when "
     "choosing to get SPECIFIC_ATTRIBUTES"),
    ({"KeyConditions": KC_P, "Select": "ALL_ATTRIBUTES", "ProjectionExpression": "a"},
     "1 validation error detected: Cannot specify the ProjectionExpression when choosing to get "
     "ALL_ATTRIBUTES"),
    ({"KeyConditions": KC_P, "Select": "COUNT", "AttributesToGet": ["a"]},
     "1 validation error detected: Cannot specify the AttributesToGet when choosing to get only "
     "the Count"),
    ({"KeyConditions": KC_P, "Select": "ALL_PROJECTED_ATTRIBUTES"},
     "1 validation error detected: ALL_PROJECTED_ATTRIBUTES can be used only when Querying using "
     "an IndexName"),
    ({"KeyConditions": KC_P, "IndexName": "by_other"},
     "The table does not have the specified index: by_other"),
    ({"KeyConditions": KC_P, "AttributesToGet": []},
     "1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy constraint: "
     "Member must have length greater than or equal to 1"),
    ({"KeyConditionExpression": "pk = :p", "FilterExpression": "a = :v AND sk > :v",
      "ExpressionAttributeValues": {**EAV_P, ":v": {"N": "1"}}},
     "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk"),
    ({"KeyConditions": KC_P,
      "QueryFilter": {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]}}},
     "QueryFilter can only contain non-primary key attributes: Primary key attribute: pk"),
    ({"KeyConditions": KC_P, "KeyConditionExpression": "pk = :p",
      "ExpressionAttributeValues": EAV_P},
     "Can not use both expression and non-expression parameters in the same request: "
     "Non-expression parameters: {KeyConditions} Expression parameters: {KeyConditionExpression}"),
    ({"KeyConditions": KC_P, "FilterExpression": "a = :v", "ExpressionAttributeValues":
      {":v": {"N": "1"}}, "QueryFilter": {"a": {"ComparisonOperator": "NULL"}}},
     "Can not use both expression and non-expression parameters in the same request: "
     "Non-expression parameters: {QueryFilter} Expression parameters: {FilterExpression}"),
    ({"KeyConditions": KC_P, "ExpressionAttributeValues": EAV_P},
     "ExpressionAttributeValues can only be specified when using expressions: FilterExpression "
     "and KeyConditionExpression are null"),
    ({"KeyConditions": KC_P, "ExpressionAttributeNames": {"#a": "a"}},
     "ExpressionAttributeNames can only be specified when using expressions"),
    ({"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {**EAV_P, ":unused": {
        "N": "1"}}},
     "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}"),
    ({"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": EAV_P,
      "ExpressionAttributeNames": {"#a": "a"}},
     "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}"),
    ({"KeyConditions": KC_P, "ConditionalOperator": "OR"},
     "ConditionalOperator can only be used when Expected or QueryFilter or ScanFilter is present "
     "and has at least one condition"),
    ({"KeyConditions": KC_P, "ExclusiveStartKey": {"pk": {"S": "p"}}},
     "The provided starting key is invalid"),
    ({"KeyConditions": KC_P, "ExclusiveStartKey": {"pk": {"S": "p"}, "sk": {"N": "1"},
                                                   "x": {"N": "1"}}},
     "The provided starting key is invalid"),
    ({"KeyConditions": KC_P, "ExclusiveStartKey": {"pk": {"S": "p"}, "sk": {"S": "1"}}},
     "The provided key element does not match the schema"),
    ({"KeyConditions": KC_P, "ExclusiveStartKey": {"pk": {"S": "q"}, "sk": {"N": "1"}}},
     "The provided starting key is outside query boundaries based on provided conditions"),
    ({"KeyConditionExpression": "pk = :p AND sk > :v",
      "ExpressionAttributeValues": {**EAV_P, ":v": {"N": "5"}},
      "ExclusiveStartKey": {"pk": {"S": "p"}, "sk": {"N": "1"}}},
     "The provided starting key does not match the range key predicate"),
    ({"KeyConditions": KC_P, "ExclusiveStartKey": {"pk": {"S": ""}, "sk": {"N": "1"}}},
     "The provided starting key is invalid: One or more parameter values are not valid. The "
     "AttributeValue for a key attribute cannot contain an empty string value. Key: pk"),
    ({"KeyConditions": KC_P, "ExclusiveStartKey": {"pk": {"S": "p" * 2049}, "sk": {"N": "1"}}},
     "The provided starting key is invalid: One or more parameter values were invalid: Size of "
     "hashkey has exceeded the maximum size limit of2048 bytes"),
]


@pytest.mark.parametrize("kwargs,message", QUERY_ERRORS)
def test_query_validation_errors(client, table_sn, kwargs, message):
    with pytest.raises(ClientError) as e:
        client.query(TableName=table_sn, **kwargs)
    assert error_of(e) == ("ValidationException", message)


def test_query_start_key_on_hash_only_table(client, table_s):
    with pytest.raises(ClientError) as e:
        client.query(TableName=table_s, KeyConditions={
            "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]}},
            ExclusiveStartKey={"pk": {"S": "p"}})
    assert error_of(e) == ("ValidationException", "The provided exclusive start key is invalid: "
                           "ExclusiveStartKey: {pk=AttributeValue: {S:p}}")


SCAN_ERRORS = [
    ({"Segment": 0}, "The TotalSegments parameter is required but was not present in the request "
                     "when Segment parameter is present"),
    ({"TotalSegments": 4}, "The Segment parameter is required but was not present in the request "
                           "when parameter TotalSegments is present"),
    ({"Segment": 4, "TotalSegments": 4},
     "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: "
     "4 is not less than TotalSegments: 4"),
    ({"Segment": 0, "TotalSegments": 1000001},
     "1 validation error detected: Value '1000001' at 'totalSegments' failed to satisfy "
     "constraint: Member must have value less than or equal to 1000000"),
    ({"Segment": -1, "TotalSegments": 0},
     "2 validation errors detected: Value '0' at 'totalSegments' failed to satisfy constraint: "
     "Member must have value greater than or equal to 1; Value '-1' at 'segment' failed to "
     "satisfy constraint: Member must have value greater than or equal to 0"),
    ({"Limit": -1}, "1 validation error detected: Value '-1' at 'limit' failed to satisfy "
                    "constraint: Member must have value greater than or equal to 1"),
    ({"Select": "SPECIFIC_ATTRIBUTES"},
     "Must specify the AttributesToGet or ProjectionExpression when choosing to get "
     "SPECIFIC_ATTRIBUTES"),
    ({"Select": "COUNT", "ProjectionExpression": "a"},
     "Cannot specify the ProjectionExpression when choosing to get only the Count"),
    ({"Select": "ALL_PROJECTED_ATTRIBUTES"},
     "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"),
    ({"ExpressionAttributeValues": {":v": {"N": "1"}}, "ProjectionExpression": "a"},
     "ExpressionAttributeValues can only be specified when using expressions: FilterExpression "
     "is null"),
    ({"FilterExpression": "a = :v", "ExpressionAttributeValues": {":v": {"N": "1"}},
      "AttributesToGet": ["a"]},
     "Can not use both expression and non-expression parameters in the same request: "
     "Non-expression parameters: {AttributesToGet} Expression parameters: {FilterExpression}"),
    ({"ScanFilter": {"a": {"AttributeValueList": [{"N": "1"}]}}},
     "1 validation error detected: Value null at 'scanFilter.a.member.comparisonOperator' failed "
     "to satisfy constraint: Member must not be null"),
    ({"ScanFilter": {"a": {"ComparisonOperator": "IN", "AttributeValueList": []}}},
     "One or more parameter values were invalid: Invalid number of argument(s) for the IN "
     "ComparisonOperator"),
    ({"FilterExpression": "a BETWEEN :b AND :a",
      "ExpressionAttributeValues": {":a": {"N": "1"}, ":b": {"N": "2"}}},
     "Invalid FilterExpression: The BETWEEN operator requires upper bound to be greater than or "
     "equal to lower bound; lower bound operand: AttributeValue: {N:2}, upper bound operand: "
     "AttributeValue: {N:1}"),
    ({"ExclusiveStartKey": {"pk": {"S": "p"}}},
     "The provided starting key is invalid: The provided key element does not match the schema"),
    ({"ExclusiveStartKey": {"pk": {"S": "p", "N": "1"}, "sk": {"N": "1"}}},
     "The provided starting key is invalid: Supplied AttributeValue has more than one datatypes "
     "set, must contain exactly one of the supported datatypes"),
    ({"ExclusiveStartKey": {"pk": {"S": "p"}, "sk": {"N": "abc"}}},
     "The parameter cannot be converted to a numeric value: abc"),
    ({"ExclusiveStartKey": {"pk": {"S": "p"}, "sk": {"S": "1"}}},
     "The provided starting key is invalid: The provided key element does not match the schema"),
]


@pytest.mark.parametrize("kwargs,message", SCAN_ERRORS)
def test_scan_validation_errors(client, table_sn, kwargs, message):
    with pytest.raises(ClientError) as e:
        client.scan(TableName=table_sn, **kwargs)
    assert error_of(e) == ("ValidationException", message)


def test_scan_start_key_must_lie_in_the_segment(client, table_s):
    items = [{"pk": f"k{n}"} for n in range(200)]
    write_all(client, table_s, items)
    first = client.scan(TableName=table_s, Segment=0, TotalSegments=2, Limit=1)
    key = first["LastEvaluatedKey"]
    # The key resumes its own segment...
    client.scan(TableName=table_s, Segment=0, TotalSegments=2, ExclusiveStartKey=key)
    # ...but no other one.
    with pytest.raises(ClientError) as e:
        client.scan(TableName=table_s, Segment=1, TotalSegments=2, ExclusiveStartKey=key)
    assert error_of(e) == (
        "ValidationException",
        "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use "
        "ExclusiveStartKey with correct Segment. TotalSegments: 2 Segment: 1")


@pytest.mark.parametrize("operation", ["query", "scan"])
def test_missing_table(client, operation):
    kwargs = {"KeyConditions": KC_P} if operation == "query" else {}
    with pytest.raises(ClientError) as e:
        getattr(client, operation)(TableName="no_such_table", **kwargs)
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_consistent_read_and_scan_index_forward_are_type_checked(client, table_sn):
    client.query(TableName=table_sn, KeyConditions=KC_P, ConsistentRead=False)
    with pytest.raises(ClientError) as e:
        client.query(TableName=table_sn, KeyConditions=KC_P, ScanIndexForward="yes")
    assert e.value.response["Error"]["Code"] == "SerializationException"
