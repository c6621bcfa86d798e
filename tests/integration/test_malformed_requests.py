"""Hostile and malformed requests over raw HTTP.

Every case here must be answered with an HTTP 4xx whose body is a DynamoDB error object
({"__type": "...#<ErrorName>", "message": ...}); none may crash, hang or 5xx the server,
which must keep serving afterwards. The cases are generated deterministically (seeded
random) when the module is collected, one test id per case.
"""
import copy
import json
import random
import socket

import pytest
import requests

from conftest import create_table, raw_request

TABLE = "cairn_malformed_requests"
CREATE_PREFIX = "cairn_malformed_ct_"  # tables that a wrongly accepted CreateTable would make
ARN_PLACEHOLDER = "@@TABLE_ARN@@"
SENTINEL_KEY = {"pk": {"S": "sentinel"}}
SENTINEL_ITEM = {"pk": {"S": "sentinel"}, "payload": {"S": "still here"}}
MAX_BODY = 16 * 1024 * 1024

VALIDATION = "ValidationException"
SERIALIZATION = "SerializationException"
UNKNOWN_OPERATION = "UnknownOperationException"
NOT_FOUND = "ResourceNotFoundException"
ACCESS_DENIED = "AccessDeniedException"
ALLOWED = frozenset({VALIDATION, SERIALIZATION, UNKNOWN_OPERATION, NOT_FOUND, ACCESS_DENIED})
BAD_INPUT = frozenset({VALIDATION, SERIALIZATION})


class Case:
    """One malformed request: the body, the operation named in X-Amz-Target (or explicit
    headers), and the error names any of which is an acceptable answer."""

    def __init__(self, case_id, operation, body, expect=ALLOWED, headers=None):
        self.id = case_id
        self.operation = operation
        self.body = body if isinstance(body, bytes) else body.encode("utf-8")
        self.expect = frozenset([expect]) if isinstance(expect, str) else frozenset(expect)
        self.headers = headers


def dump(obj):
    return json.dumps(obj).encode("utf-8")


# ---------------------------------------------------------------------------------------
# Valid requests, one per operation, and the JSON type of each top-level member.
# ---------------------------------------------------------------------------------------

_create_counter = [0]


def create_table_body(**overrides):
    """A valid CreateTable request for a table no other case uses, so that a request that
    is wrongly accepted cannot make a later case fail for the wrong reason."""
    _create_counter[0] += 1
    body = {
        "TableName": f"{CREATE_PREFIX}{_create_counter[0]:04d}",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "BillingMode": "PAY_PER_REQUEST",
    }
    body.update(overrides)
    return body


BASE_BODIES = {
    "CreateTable": create_table_body,
    "DescribeTable": lambda: {"TableName": TABLE},
    "ListTables": lambda: {"Limit": 5},
    "DeleteTable": lambda: {"TableName": "cairn_malformed_absent_table"},
    "UpdateTable": lambda: {"TableName": TABLE, "DeletionProtectionEnabled": False},
    "PutItem": lambda: {"TableName": TABLE, "Item": {"pk": {"S": "put-target"}, "v": {"N": "1"}}},
    "GetItem": lambda: {"TableName": TABLE, "Key": copy.deepcopy(SENTINEL_KEY)},
    "DeleteItem": lambda: {"TableName": TABLE, "Key": {"pk": {"S": "delete-target"}}},
    "BatchWriteItem": lambda: {
        "RequestItems": {TABLE: [{"PutRequest": {"Item": {"pk": {"S": "batch-target"}}}}]}
    },
    "BatchGetItem": lambda: {"RequestItems": {TABLE: {"Keys": [copy.deepcopy(SENTINEL_KEY)]}}},
    "TagResource": lambda: {"ResourceArn": ARN_PLACEHOLDER, "Tags": [{"Key": "k", "Value": "v"}]},
    "UntagResource": lambda: {"ResourceArn": ARN_PLACEHOLDER, "TagKeys": ["k"]},
    "ListTagsOfResource": lambda: {"ResourceArn": ARN_PLACEHOLDER},
}

# s: string, i: integer, b: boolean, l: list, m: map, o: structure (object).
MEMBERS = {
    "CreateTable": {
        "TableName": "s",
        "KeySchema": "l",
        "AttributeDefinitions": "l",
        "LocalSecondaryIndexes": "l",
        "GlobalSecondaryIndexes": "l",
        "BillingMode": "s",
        "ProvisionedThroughput": "o",
        "StreamSpecification": "o",
        "SSESpecification": "o",
        "Tags": "l",
        "TableClass": "s",
        "DeletionProtectionEnabled": "b",
    },
    "DescribeTable": {"TableName": "s"},
    "ListTables": {"ExclusiveStartTableName": "s", "Limit": "i"},
    "DeleteTable": {"TableName": "s"},
    "UpdateTable": {
        "TableName": "s",
        "AttributeDefinitions": "l",
        "BillingMode": "s",
        "ProvisionedThroughput": "o",
        "GlobalSecondaryIndexUpdates": "l",
        "StreamSpecification": "o",
        "SSESpecification": "o",
        "ReplicaUpdates": "l",
        "TableClass": "s",
        "DeletionProtectionEnabled": "b",
    },
    "PutItem": {
        "TableName": "s",
        "Item": "m",
        "Expected": "m",
        "ReturnValues": "s",
        "ReturnConsumedCapacity": "s",
        "ReturnItemCollectionMetrics": "s",
        "ConditionalOperator": "s",
        "ConditionExpression": "s",
        "ExpressionAttributeNames": "m",
        "ExpressionAttributeValues": "m",
    },
    "GetItem": {
        "TableName": "s",
        "Key": "m",
        "AttributesToGet": "l",
        "ConsistentRead": "b",
        "ReturnConsumedCapacity": "s",
        "ProjectionExpression": "s",
        "ExpressionAttributeNames": "m",
    },
    "DeleteItem": {
        "TableName": "s",
        "Key": "m",
        "Expected": "m",
        "ConditionalOperator": "s",
        "ReturnValues": "s",
        "ReturnConsumedCapacity": "s",
        "ReturnItemCollectionMetrics": "s",
        "ConditionExpression": "s",
        "ExpressionAttributeNames": "m",
        "ExpressionAttributeValues": "m",
    },
    "BatchWriteItem": {
        "RequestItems": "m",
        "ReturnConsumedCapacity": "s",
        "ReturnItemCollectionMetrics": "s",
    },
    "BatchGetItem": {"RequestItems": "m", "ReturnConsumedCapacity": "s"},
    "TagResource": {"ResourceArn": "s", "Tags": "l"},
    "UntagResource": {"ResourceArn": "s", "TagKeys": "l"},
    "ListTagsOfResource": {"ResourceArn": "s", "NextToken": "s"},
}

REQUIRED = {
    "CreateTable": ["TableName", "KeySchema", "AttributeDefinitions"],
    "DescribeTable": ["TableName"],
    "DeleteTable": ["TableName"],
    "UpdateTable": ["TableName"],
    "PutItem": ["TableName", "Item"],
    "GetItem": ["TableName", "Key"],
    "DeleteItem": ["TableName", "Key"],
    "BatchWriteItem": ["RequestItems"],
    "BatchGetItem": ["RequestItems"],
    "TagResource": ["ResourceArn", "Tags"],
    "UntagResource": ["ResourceArn", "TagKeys"],
    "ListTagsOfResource": ["ResourceArn"],
}

# Values of every JSON type but the one a member is declared with.
WRONG_VALUES = {
    "s": [("number", 5), ("float", 1.5), ("true", True), ("false", False), ("list", ["x"]),
          ("emptylist", []), ("object", {"S": "x"}), ("emptyobject", {})],
    "i": [("string", "5"), ("float", 1.5), ("true", True), ("list", [5]), ("object", {"N": "5"}),
          ("huge", 10**30), ("u64", 2**63), ("float1e30", 1e30)],
    "b": [("string", "true"), ("number", 1), ("zero", 0), ("list", [True]), ("object", {})],
    "l": [("string", "x"), ("number", 5), ("true", True), ("object", {"a": "b"}),
          ("emptyobject", {})],
    "m": [("string", "x"), ("number", 5), ("true", True), ("list", [{"S": "x"}]),
          ("emptylist", [])],
}
WRONG_VALUES["o"] = WRONG_VALUES["m"]


# Members Cairn does not implement yet: it refuses their mere presence with a
# ValidationException ("... is not supported yet") before looking at their type.
UNSUPPORTED = {
    "CreateTable": {"LocalSecondaryIndexes", "GlobalSecondaryIndexes"},
    "UpdateTable": {"AttributeDefinitions", "GlobalSecondaryIndexUpdates", "StreamSpecification"},
    "PutItem": {"Expected", "ConditionalOperator", "ConditionExpression",
                "ExpressionAttributeNames", "ExpressionAttributeValues"},
    "GetItem": {"AttributesToGet", "ProjectionExpression", "ExpressionAttributeNames"},
    "DeleteItem": {"Expected", "ConditionalOperator", "ConditionExpression",
                   "ExpressionAttributeNames", "ExpressionAttributeValues"},
}


def wrong_type_cases():
    for operation, members in MEMBERS.items():
        for member, kind in members.items():
            unsupported = member in UNSUPPORTED.get(operation, ())
            for label, value in WRONG_VALUES[kind]:
                body = BASE_BODIES[operation]()
                body[member] = value
                yield Case(f"wrongtype-{operation}-{member}-{label}", operation, dump(body),
                           BAD_INPUT if unsupported else SERIALIZATION)


def missing_member_cases():
    for operation, required in REQUIRED.items():
        for member in required:
            body = BASE_BODIES[operation]()
            del body[member]
            yield Case(f"missing-{operation}-{member}", operation, dump(body), VALIDATION)
            body[member] = None
            yield Case(f"null-{operation}-{member}", operation, dump(body), VALIDATION)
        yield Case(f"missing-{operation}-all", operation, b"{}", VALIDATION)
        yield Case(f"missing-{operation}-emptybody", operation, b"", VALIDATION)


# ---------------------------------------------------------------------------------------
# Invalid JSON.
# ---------------------------------------------------------------------------------------

VALID_PUT = dump(
    {
        "TableName": TABLE,
        "Item": {
            "pk": {"S": "truncated"},
            "n": {"N": "-12.5e3"},
            "l": {"L": [{"BOOL": True}, {"NULL": True}, {"B": "AAEC"}]},
            "m": {"M": {"ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2"]}}},
        },
        "ReturnValues": "NONE",
    }
)


def bad_json_cases():
    # Every proper prefix of a valid PutItem: none is a complete JSON document (the empty
    # prefix is an empty request, which lacks its required members).
    for n in range(len(VALID_PUT)):
        expect = VALIDATION if n == 0 else SERIALIZATION
        yield Case(f"truncated-{n:03d}", "PutItem", VALID_PUT[:n], expect)

    syntax = [
        ("open-brace", b"{"),
        ("close-brace", b"}"),
        ("open-bracket", b"["),
        ("quote", b'"'),
        ("single-quotes", b"{'TableName': 'x'}"),
        ("trailing-comma", b'{"Limit": 5,}'),
        ("missing-colon", b'{"Limit" 5}'),
        ("missing-comma", b'{"Limit": 5 "ExclusiveStartTableName": "abc"}'),
        ("nan-literal", b'{"Limit": NaN}'),
        ("infinity-literal", b'{"Limit": Infinity}'),
        ("trailing-garbage", b'{"Limit": 5} trailing'),
        ("two-documents", b"{}{}"),
        ("bad-literal", b'{"a": tru}'),
        ("bad-escape", b'{"ExclusiveStartTableName": "\\x41bc"}'),
        ("short-unicode-escape", b'{"ExclusiveStartTableName": "\\u12"}'),
        ("raw-newline-in-string", b'{"ExclusiveStartTableName": "ab\nc"}'),
        ("raw-tab-in-string", b'{"ExclusiveStartTableName": "ab\tc"}'),
        ("leading-zero", b'{"Limit": 05}'),
        ("lone-minus", b'{"Limit": -}'),
        ("trailing-dot", b'{"Limit": 1.}'),
        ("leading-dot", b'{"Limit": .5}'),
        ("plus-sign", b'{"Limit": +1}'),
        ("hex-number", b'{"Limit": 0x10}'),
        ("comment", b"/* comment */ {}"),
        ("line-comment", b"{} // comment"),
        ("nul-prefix", b"\x00{}"),
        ("nul-suffix", b"{}\x00"),
        ("unclosed-array", b'{"a": [1, 2}'),
        ("unclosed-string", b'{"a": "abc}'),
        ("unquoted-key", b"{Limit: 5}"),
        ("whitespace-only", b"   \r\n\t  "),
        ("lone-null", b"null"),
        ("array", b"[]"),
        ("array-of-object", b"[{}]"),
        ("string", b'"ListTables"'),
        ("number", b"42"),
        ("true", b"true"),
    ]
    for label, body in syntax:
        for operation in ("ListTables", "PutItem"):
            expect = SERIALIZATION
            yield Case(f"syntax-{label}-{operation}", operation, body, expect)

    deep = [
        ("brackets-100000", b"[" * 100000),
        ("braces-100000", b'{"a":' * 100000),
        ("balanced-brackets-100000", b"[" * 100000 + b"]" * 100000),
        ("balanced-brackets-2000", b"[" * 2000 + b"]" * 2000),
        ("member-brackets-50000", b'{"TableName":' + b"[" * 50000),
        ("member-balanced-1100", b'{"TableName": "x", "Junk": ' + b"[" * 1100 + b"]" * 1100 + b"}"),
        ("item-braces-100000",
         b'{"TableName": "' + TABLE.encode() + b'", "Item":' + b'{"a":' * 100000),
    ]
    for label, body in deep:
        for operation in ("PutItem", "CreateTable", "BatchWriteItem"):
            yield Case(f"deep-{label}-{operation}", operation, body, SERIALIZATION)

    invalid_utf8 = [
        ("ff", b"\xff\xfe"),
        ("overlong-slash", b"\xc0\xaf"),
        ("overlong-nul", b"\xc0\x80"),
        ("surrogate", b"\xed\xa0\x80"),
        ("truncated-3byte", b"\xe2\x82"),
        ("lone-continuation", b"\x80"),
        ("latin1-e-acute", b"caf\xe9"),
        ("above-10ffff", b"\xf4\x90\x80\x80"),
        ("five-byte", b"\xf8\x88\x80\x80\x80"),
    ]
    table = TABLE.encode()
    for label, bad in invalid_utf8:
        yield Case(f"utf8-{label}-tablename", "DescribeTable", b'{"TableName": "' + bad + b'"}',
                   SERIALIZATION)
        yield Case(f"utf8-{label}-membername", "DescribeTable",
                   b'{"Table' + bad + b'Name": "' + table + b'"}', SERIALIZATION)
        yield Case(f"utf8-{label}-string-value", "PutItem",
                   b'{"TableName": "' + table + b'", "Item": {"pk": {"S": "utf8"}, '
                   b'"a": {"S": "x' + bad + b'"}}}', SERIALIZATION)
        yield Case(f"utf8-{label}-attribute-name", "PutItem",
                   b'{"TableName": "' + table + b'", "Item": {"pk": {"S": "utf8"}, '
                   b'"' + bad + b'": {"S": "x"}}}', SERIALIZATION)
        yield Case(f"utf8-{label}-key-value", "GetItem",
                   b'{"TableName": "' + table + b'", "Key": {"pk": {"S": "' + bad + b'"}}}',
                   SERIALIZATION)
        yield Case(f"utf8-{label}-outside-string", "ListTables", b"{" + bad + b"}", SERIALIZATION)


def junk_cases():
    rng = random.Random(20240611)
    operations = ["PutItem", "GetItem", "CreateTable", "BatchWriteItem", "ListTables",
                  "TagResource", "DescribeLimits"]
    for i in range(60):
        n = rng.choice([8, 16, 64, 256, 1024, 4096, 65536])
        junk = bytes(rng.getrandbits(8) for _ in range(n))
        if i % 3 == 1:
            junk = b'{"TableName": "' + junk  # junk inside a string that never closes
        elif i % 3 == 2:
            junk = b"\x00" + junk  # never a valid start of JSON
        operation = operations[i % len(operations)]
        yield Case(f"junk-{i:02d}-{operation}-{len(junk)}b", operation, junk, SERIALIZATION)
    # Recognisable binary formats.
    formats = [
        ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
        ("gzip", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(range(255, -1, -1))),
        ("cbor-map", b"\xa1\x69TableName\x63abc"),
        ("tls-client-hello", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64),
        ("utf16-le-json", '{"Limit": 5}'.encode("utf-16-le")),
        ("utf16-be-json-bom", '{"Limit": 5}'.encode("utf-16")),
        ("utf32-json", '{"Limit": 5}'.encode("utf-32")),
        ("all-nul-4096", b"\x00" * 4096),
        ("all-ff-4096", b"\xff" * 4096),
    ]
    for label, body in formats:
        for operation in ("ListTables", "PutItem"):
            yield Case(f"binary-{label}-{operation}", operation, body, SERIALIZATION)


# ---------------------------------------------------------------------------------------
# Invalid attribute values, in every place an attribute value is read.
# ---------------------------------------------------------------------------------------


def nested_map(levels):
    """{"M": {"a": ... {"S": "leaf"} ...}}, `levels` maps deep, as JSON text (too deep for
    the json module to build)."""
    return '{"M": {"a": ' * levels + '{"S": "leaf"}' + "}}" * levels


def nested_list(levels):
    return '{"L": [' * levels + '{"S": "leaf"}' + "]}" * levels


def nested_mixed(levels):
    head = "".join('{"M": {"a": ' if i % 2 else '{"L": [' for i in range(levels))
    tail = "".join("}}" if i % 2 else "]}" for i in reversed(range(levels)))
    return head + '{"N": "1"}' + tail


INVALID_VALUES = [
    # Not exactly one type.
    ("empty", {}, VALIDATION),
    ("unknown-type", {"X": "a"}, VALIDATION),
    ("lowercase-type", {"s": "a"}, VALIDATION),
    ("empty-type-name", {"": "a"}, VALIDATION),
    ("null-payload", {"S": None}, VALIDATION),
    ("two-types-S-N", {"S": "a", "N": "1"}, VALIDATION),
    ("two-types-S-NULL", {"S": "a", "NULL": True}, VALIDATION),
    ("two-types-L-M", {"L": [], "M": {}}, VALIDATION),
    ("two-types-SS-NS", {"SS": ["a"], "NS": ["1"]}, VALIDATION),
    ("two-types-B-BOOL", {"B": "YQ==", "BOOL": False}, VALIDATION),
    # Not an object at all.
    ("bare-string", '"a"', BAD_INPUT),
    ("bare-number", 5, BAD_INPUT),
    ("bare-true", True, BAD_INPUT),
    ("bare-list", [{"S": "a"}], BAD_INPUT),
    ("bare-null", None, BAD_INPUT),
    # S.
    ("S-number", {"S": 1}, SERIALIZATION),
    ("S-bool", {"S": True}, SERIALIZATION),
    ("S-list", {"S": ["a"]}, SERIALIZATION),
    ("S-object", {"S": {"a": "b"}}, SERIALIZATION),
    # N.
    ("N-abc", {"N": "abc"}, VALIDATION),
    ("N-1e999", {"N": "1e999"}, VALIDATION),
    ("N-NaN", {"N": "NaN"}, VALIDATION),
    ("N-Infinity", {"N": "Infinity"}, VALIDATION),
    ("N-minus-Infinity", {"N": "-Infinity"}, VALIDATION),
    ("N-empty", {"N": ""}, VALIDATION),
    ("N-space", {"N": " "}, VALIDATION),
    ("N-trailing-space", {"N": "1 "}, VALIDATION),
    ("N-hex", {"N": "0x1F"}, VALIDATION),
    ("N-thousands", {"N": "1,000"}, VALIDATION),
    ("N-underscore", {"N": "1_000"}, VALIDATION),
    ("N-bare-e", {"N": "1e"}, VALIDATION),
    ("N-leading-e", {"N": "e1"}, VALIDATION),
    ("N-dot", {"N": "."}, VALIDATION),
    ("N-minus", {"N": "-"}, VALIDATION),
    ("N-double-minus", {"N": "--1"}, VALIDATION),
    ("N-two-dots", {"N": "1.2.3"}, VALIDATION),
    ("N-fractional-exponent", {"N": "1e1.5"}, VALIDATION),
    ("N-overflow", {"N": "1e126"}, VALIDATION),
    ("N-underflow", {"N": "1e-131"}, VALIDATION),
    ("N-39-digits", {"N": "1" * 39}, VALIDATION),
    ("N-huge-exponent", {"N": "1e99999999999999999999"}, VALIDATION),
    ("N-arabic-digit", {"N": "\u0661"}, VALIDATION),
    ("N-json-number", {"N": 1}, SERIALIZATION),
    ("N-bool", {"N": True}, SERIALIZATION),
    ("N-list", {"N": ["1"]}, SERIALIZATION),
    # B.
    ("B-bad-chars", {"B": "!!!!"}, BAD_INPUT),
    ("B-length-3", {"B": "abc"}, BAD_INPUT),
    ("B-padding-3", {"B": "a==="}, BAD_INPUT),
    ("B-only-padding", {"B": "===="}, BAD_INPUT),
    ("B-short-padding", {"B": "YQ="}, BAD_INPUT),
    ("B-padding-in-middle", {"B": "YQ==YQ=="}, BAD_INPUT),
    ("B-newline", {"B": "YQ==\n"}, BAD_INPUT),
    ("B-number", {"B": 5}, SERIALIZATION),
    ("B-list", {"B": ["YQ=="]}, SERIALIZATION),
    # BOOL and NULL.
    ("BOOL-string", {"BOOL": "true"}, SERIALIZATION),
    ("BOOL-number", {"BOOL": 1}, SERIALIZATION),
    ("BOOL-list", {"BOOL": [True]}, SERIALIZATION),
    ("NULL-false", {"NULL": False}, VALIDATION),
    ("NULL-string", {"NULL": "true"}, SERIALIZATION),
    ("NULL-number", {"NULL": 1}, SERIALIZATION),
    ("NULL-object", {"NULL": {}}, SERIALIZATION),
    # Sets.
    ("SS-empty", {"SS": []}, VALIDATION),
    ("NS-empty", {"NS": []}, VALIDATION),
    ("BS-empty", {"BS": []}, VALIDATION),
    ("SS-duplicates", {"SS": ["a", "b", "a"]}, VALIDATION),
    ("NS-duplicates", {"NS": ["1", "1"]}, VALIDATION),
    ("NS-equal-numbers", {"NS": ["1", "1.0"]}, VALIDATION),
    ("NS-equal-exponent", {"NS": ["100", "1e2"]}, VALIDATION),
    ("BS-duplicates", {"BS": ["YQ==", "YQ=="]}, VALIDATION),
    ("SS-string", {"SS": "a"}, SERIALIZATION),
    ("SS-numbers", {"SS": [1]}, SERIALIZATION),
    ("SS-object", {"SS": {"a": "b"}}, SERIALIZATION),
    ("SS-nested-list", {"SS": [["a"]]}, SERIALIZATION),
    ("NS-not-numbers", {"NS": ["abc"]}, VALIDATION),
    ("NS-overflow", {"NS": ["1", "1e999"]}, VALIDATION),
    ("NS-json-numbers", {"NS": [1]}, SERIALIZATION),
    ("NS-string", {"NS": "1"}, SERIALIZATION),
    ("BS-not-base64", {"BS": ["!!!!"]}, BAD_INPUT),
    ("BS-numbers", {"BS": [5]}, SERIALIZATION),
    ("BS-string", {"BS": "YQ=="}, SERIALIZATION),
    # L and M.
    ("L-object", {"L": {}}, SERIALIZATION),
    ("L-object-of-values", {"L": {"a": {"S": "x"}}}, SERIALIZATION),
    ("L-string", {"L": "x"}, SERIALIZATION),
    ("L-number", {"L": 5}, SERIALIZATION),
    ("L-empty-member", {"L": [{}]}, VALIDATION),
    ("L-bare-member", {"L": [1]}, BAD_INPUT),
    ("L-invalid-member", {"L": [{"S": "ok"}, {"N": "x"}]}, VALIDATION),
    ("M-list", {"M": []}, SERIALIZATION),
    ("M-list-of-values", {"M": [{"S": "x"}]}, SERIALIZATION),
    ("M-string", {"M": "x"}, SERIALIZATION),
    ("M-empty-member", {"M": {"a": {}}}, VALIDATION),
    ("M-bare-member", {"M": {"a": 1}}, BAD_INPUT),
    ("M-two-types-member", {"M": {"a": {"S": "x", "N": "1"}}}, VALIDATION),
    ("M-null-false-member", {"M": {"a": {"NULL": False}}}, VALIDATION),
    # Nesting beyond DynamoDB's 32 levels.
    ("M-nested-35", nested_map(35), VALIDATION),
    ("M-nested-64", nested_map(64), VALIDATION),
    ("M-nested-300", nested_map(300), VALIDATION),
    ("M-nested-2000", nested_map(2000), BAD_INPUT),
    ("L-nested-35", nested_list(35), VALIDATION),
    ("L-nested-64", nested_list(64), VALIDATION),
    ("L-nested-300", nested_list(300), VALIDATION),
    ("L-nested-2000", nested_list(2000), BAD_INPUT),
    ("ML-nested-40", nested_mixed(40), VALIDATION),
]

VALUE_CONTEXTS = {
    "put-attr": (
        "PutItem",
        lambda v: {"TableName": TABLE, "Item": {"pk": {"S": "av-target"}, "a": v}},
    ),
    "put-key": ("PutItem", lambda v: {"TableName": TABLE, "Item": {"pk": v, "a": {"S": "x"}}}),
    "put-in-map": (
        "PutItem",
        lambda v: {"TableName": TABLE, "Item": {"pk": {"S": "av-target"}, "m": {"M": {"x": v}}}},
    ),
    "put-in-list": (
        "PutItem",
        lambda v: {"TableName": TABLE, "Item": {"pk": {"S": "av-target"}, "l": {"L": [v]}}},
    ),
    "get-key": ("GetItem", lambda v: {"TableName": TABLE, "Key": {"pk": v}}),
    "delete-key": ("DeleteItem", lambda v: {"TableName": TABLE, "Key": {"pk": v}}),
    "batchwrite-put": (
        "BatchWriteItem",
        lambda v: {
            "RequestItems": {
                TABLE: [{"PutRequest": {"Item": {"pk": {"S": "bw-target"}, "a": v}}}]
            }
        },
    ),
    "batchwrite-delete": (
        "BatchWriteItem",
        lambda v: {"RequestItems": {TABLE: [{"DeleteRequest": {"Key": {"pk": v}}}]}},
    ),
    "batchget-key": (
        "BatchGetItem",
        lambda v: {"RequestItems": {TABLE: {"Keys": [{"pk": v}]}}},
    ),
}


VALUE_PLACEHOLDER = "@@VALUE@@"


def attribute_value_cases():
    for label, value, expect in INVALID_VALUES:
        # A str is already JSON text; anything else is serialized here.
        text = value if isinstance(value, str) else json.dumps(value)
        for context, (operation, build) in VALUE_CONTEXTS.items():
            body = dump(build(VALUE_PLACEHOLDER)).replace(
                json.dumps(VALUE_PLACEHOLDER).encode(), text.encode()
            )
            yield Case(f"value-{label}-{context}", operation, body, expect)


# ---------------------------------------------------------------------------------------
# Well-formed JSON that breaks a documented rule of one operation.
# ---------------------------------------------------------------------------------------


def hash_key(name="pk"):
    return [{"AttributeName": name, "KeyType": "HASH"}]


def definition(name="pk", kind="S"):
    return {"AttributeName": name, "AttributeType": kind}


def rule_cases():
    ct = create_table_body
    big_string = "x" * (400 * 1024)
    cases = [
        # CreateTable.
        ("ct-keyschema-empty", "CreateTable", ct(KeySchema=[]), VALIDATION),
        ("ct-keyschema-strings", "CreateTable", ct(KeySchema=["pk"]), SERIALIZATION),
        ("ct-keyschema-name-number", "CreateTable",
         ct(KeySchema=[{"AttributeName": 5, "KeyType": "HASH"}]), SERIALIZATION),
        ("ct-keyschema-name-missing", "CreateTable", ct(KeySchema=[{"KeyType": "HASH"}]),
         VALIDATION),
        ("ct-keyschema-type-missing", "CreateTable", ct(KeySchema=[{"AttributeName": "pk"}]),
         VALIDATION),
        ("ct-keyschema-type-bogus", "CreateTable",
         ct(KeySchema=[{"AttributeName": "pk", "KeyType": "PRIMARY"}]), VALIDATION),
        ("ct-keyschema-range-first", "CreateTable",
         ct(KeySchema=[{"AttributeName": "pk", "KeyType": "RANGE"}]), VALIDATION),
        ("ct-keyschema-two-hash", "CreateTable",
         ct(KeySchema=hash_key("pk") + hash_key("sk"),
            AttributeDefinitions=[definition("pk"), definition("sk")]), VALIDATION),
        ("ct-keyschema-same-name", "CreateTable",
         ct(KeySchema=hash_key() + [{"AttributeName": "pk", "KeyType": "RANGE"}]), VALIDATION),
        ("ct-keyschema-three", "CreateTable",
         ct(KeySchema=hash_key("a") + [{"AttributeName": n, "KeyType": "RANGE"} for n in "bc"],
            AttributeDefinitions=[definition(n) for n in "abc"]), VALIDATION),
        ("ct-keyschema-empty-name", "CreateTable",
         ct(KeySchema=hash_key(""), AttributeDefinitions=[definition("")]), VALIDATION),
        ("ct-defs-empty", "CreateTable", ct(AttributeDefinitions=[]), VALIDATION),
        ("ct-defs-type-bogus", "CreateTable", ct(AttributeDefinitions=[definition("pk", "X")]),
         VALIDATION),
        ("ct-defs-type-bool", "CreateTable", ct(AttributeDefinitions=[definition("pk", "BOOL")]),
         VALIDATION),
        ("ct-defs-undefined-key", "CreateTable", ct(AttributeDefinitions=[definition("other")]),
         VALIDATION),
        ("ct-defs-extra", "CreateTable",
         ct(AttributeDefinitions=[definition("pk"), definition("extra")]), VALIDATION),
        ("ct-defs-duplicate", "CreateTable",
         ct(AttributeDefinitions=[definition("pk"), definition("pk", "N")]), VALIDATION),
        ("ct-defs-number-member", "CreateTable", ct(AttributeDefinitions=[5]), SERIALIZATION),
        ("ct-defs-name-list", "CreateTable",
         ct(AttributeDefinitions=[{"AttributeName": ["pk"], "AttributeType": "S"}]),
         SERIALIZATION),
        ("ct-name-short", "CreateTable", ct(TableName="ab"), VALIDATION),
        ("ct-name-empty", "CreateTable", ct(TableName=""), VALIDATION),
        ("ct-name-bad-chars", "CreateTable", ct(TableName="bad name!"), VALIDATION),
        ("ct-name-slash", "CreateTable", ct(TableName="cairn/../etc"), VALIDATION),
        ("ct-name-long", "CreateTable", ct(TableName="t" * 256), VALIDATION),
        ("ct-name-non-ascii", "CreateTable", ct(TableName="t\u00e9st_table"), VALIDATION),
        ("ct-billing-bogus", "CreateTable", ct(BillingMode="FREE"), VALIDATION),
        ("ct-provisioned-without-throughput", "CreateTable", ct(BillingMode="PROVISIONED"),
         VALIDATION),
        ("ct-ondemand-with-throughput", "CreateTable",
         ct(ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}), VALIDATION),
        ("ct-throughput-empty", "CreateTable",
         ct(BillingMode="PROVISIONED", ProvisionedThroughput={}), VALIDATION),
        ("ct-throughput-zero", "CreateTable",
         ct(BillingMode="PROVISIONED",
            ProvisionedThroughput={"ReadCapacityUnits": 0, "WriteCapacityUnits": 1}), VALIDATION),
        ("ct-throughput-negative", "CreateTable",
         ct(BillingMode="PROVISIONED",
            ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": -5}), VALIDATION),
        ("ct-throughput-string", "CreateTable",
         ct(BillingMode="PROVISIONED",
            ProvisionedThroughput={"ReadCapacityUnits": "5", "WriteCapacityUnits": 5}),
         SERIALIZATION),
        ("ct-throughput-fraction", "CreateTable",
         ct(BillingMode="PROVISIONED",
            ProvisionedThroughput={"ReadCapacityUnits": 1.5, "WriteCapacityUnits": 5}),
         SERIALIZATION),
        ("ct-throughput-u64", "CreateTable",
         ct(BillingMode="PROVISIONED",
            ProvisionedThroughput={"ReadCapacityUnits": 2**64 - 1, "WriteCapacityUnits": 5}),
         BAD_INPUT),
        ("ct-tableclass-bogus", "CreateTable", ct(TableClass="GOLD"), VALIDATION),
        ("ct-tags-empty", "CreateTable", ct(Tags=[]), VALIDATION),
        ("ct-tags-strings", "CreateTable", ct(Tags=["k=v"]), SERIALIZATION),
        ("ct-tags-key-number", "CreateTable", ct(Tags=[{"Key": 5, "Value": "v"}]), SERIALIZATION),
        ("ct-tags-key-missing", "CreateTable", ct(Tags=[{"Value": "v"}]), VALIDATION),
        ("ct-tags-aws-prefix", "CreateTable", ct(Tags=[{"Key": "aws:x", "Value": "v"}]),
         VALIDATION),
        ("ct-tags-too-many", "CreateTable",
         ct(Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)]), VALIDATION),
        ("ct-stream-empty", "CreateTable", ct(StreamSpecification={}), VALIDATION),
        ("ct-stream-enabled-string", "CreateTable",
         ct(StreamSpecification={"StreamEnabled": "yes"}), SERIALIZATION),
        ("ct-deletion-protection-string", "CreateTable", ct(DeletionProtectionEnabled="true"),
         SERIALIZATION),
        # DescribeTable, DeleteTable, ListTables, UpdateTable.
        ("dt-absent", "DescribeTable", {"TableName": "cairn_malformed_absent_table"}, NOT_FOUND),
        ("dt-name-empty", "DescribeTable", {"TableName": ""}, VALIDATION),
        ("dt-name-bad-chars", "DescribeTable", {"TableName": "a b c"}, VALIDATION),
        ("dt-name-long", "DescribeTable", {"TableName": "t" * 1000}, VALIDATION),
        ("delete-absent", "DeleteTable", {"TableName": "cairn_malformed_absent_table"}, NOT_FOUND),
        ("delete-name-short", "DeleteTable", {"TableName": "x"}, VALIDATION),
        ("lt-limit-zero", "ListTables", {"Limit": 0}, VALIDATION),
        ("lt-limit-negative", "ListTables", {"Limit": -1}, VALIDATION),
        ("lt-limit-101", "ListTables", {"Limit": 101}, VALIDATION),
        ("lt-limit-min-i64", "ListTables", {"Limit": -(2**63)}, VALIDATION),
        ("lt-start-short", "ListTables", {"ExclusiveStartTableName": "a"}, VALIDATION),
        ("lt-start-bad-chars", "ListTables", {"ExclusiveStartTableName": "a b c"}, VALIDATION),
        ("ut-nothing", "UpdateTable", {"TableName": TABLE}, VALIDATION),
        ("ut-absent", "UpdateTable",
         {"TableName": "cairn_malformed_absent_table", "BillingMode": "PAY_PER_REQUEST"},
         NOT_FOUND),
        ("ut-billing-bogus", "UpdateTable", {"TableName": TABLE, "BillingMode": "FREE"},
         VALIDATION),
        ("ut-ondemand-with-throughput", "UpdateTable",
         {"TableName": TABLE, "ProvisionedThroughput": {"ReadCapacityUnits": 1,
                                                        "WriteCapacityUnits": 1}}, VALIDATION),
        ("ut-provisioned-without-throughput", "UpdateTable",
         {"TableName": TABLE, "BillingMode": "PROVISIONED"}, VALIDATION),
        ("ut-tableclass-bogus", "UpdateTable", {"TableName": TABLE, "TableClass": "GOLD"},
         VALIDATION),
        # PutItem, GetItem, DeleteItem.
        ("put-absent-table", "PutItem",
         {"TableName": "cairn_malformed_absent_table", "Item": {"pk": {"S": "x"}}}, NOT_FOUND),
        ("put-item-empty", "PutItem", {"TableName": TABLE, "Item": {}}, VALIDATION),
        ("put-key-missing", "PutItem", {"TableName": TABLE, "Item": {"a": {"S": "x"}}},
         VALIDATION),
        ("put-key-wrong-type", "PutItem", {"TableName": TABLE, "Item": {"pk": {"N": "1"}}},
         VALIDATION),
        ("put-key-null", "PutItem", {"TableName": TABLE, "Item": {"pk": {"NULL": True}}},
         VALIDATION),
        ("put-key-set", "PutItem", {"TableName": TABLE, "Item": {"pk": {"SS": ["a"]}}},
         VALIDATION),
        ("put-key-empty-string", "PutItem", {"TableName": TABLE, "Item": {"pk": {"S": ""}}},
         VALIDATION),
        ("put-key-2049-bytes", "PutItem",
         {"TableName": TABLE, "Item": {"pk": {"S": "k" * 2049}}}, VALIDATION),
        ("put-item-over-400kb", "PutItem",
         {"TableName": TABLE, "Item": {"pk": {"S": "big"}, "a": {"S": big_string}}}, VALIDATION),
        ("put-returnvalues-all-new", "PutItem",
         dict(BASE_BODIES["PutItem"](), ReturnValues="ALL_NEW"), VALIDATION),
        ("put-returnvalues-bogus", "PutItem",
         dict(BASE_BODIES["PutItem"](), ReturnValues="EVERYTHING"), VALIDATION),
        ("put-returnconsumed-bogus", "PutItem",
         dict(BASE_BODIES["PutItem"](), ReturnConsumedCapacity="ALL"), VALIDATION),
        ("put-returnmetrics-bogus", "PutItem",
         dict(BASE_BODIES["PutItem"](), ReturnItemCollectionMetrics="ALL"), VALIDATION),
        ("get-absent-table", "GetItem",
         {"TableName": "cairn_malformed_absent_table", "Key": {"pk": {"S": "x"}}}, NOT_FOUND),
        ("get-key-empty", "GetItem", {"TableName": TABLE, "Key": {}}, VALIDATION),
        ("get-key-extra", "GetItem",
         {"TableName": TABLE, "Key": {"pk": {"S": "x"}, "other": {"S": "y"}}}, VALIDATION),
        ("get-key-wrong-name", "GetItem", {"TableName": TABLE, "Key": {"id": {"S": "x"}}},
         VALIDATION),
        ("get-key-wrong-type", "GetItem", {"TableName": TABLE, "Key": {"pk": {"B": "YQ=="}}},
         VALIDATION),
        ("get-key-empty-string", "GetItem", {"TableName": TABLE, "Key": {"pk": {"S": ""}}},
         VALIDATION),
        ("get-returnconsumed-bogus", "GetItem",
         dict(BASE_BODIES["GetItem"](), ReturnConsumedCapacity="ALL"), VALIDATION),
        ("get-consistent-string", "GetItem",
         dict(BASE_BODIES["GetItem"](), ConsistentRead="true"), SERIALIZATION),
        ("delete-item-absent-table", "DeleteItem",
         {"TableName": "cairn_malformed_absent_table", "Key": {"pk": {"S": "x"}}}, NOT_FOUND),
        ("delete-key-empty", "DeleteItem", {"TableName": TABLE, "Key": {}}, VALIDATION),
        ("delete-key-extra", "DeleteItem",
         {"TableName": TABLE, "Key": {"pk": {"S": "x"}, "other": {"S": "y"}}}, VALIDATION),
        ("delete-returnvalues-all-new", "DeleteItem",
         dict(BASE_BODIES["DeleteItem"](), ReturnValues="ALL_NEW"), VALIDATION),
        # BatchWriteItem.
        ("bw-empty", "BatchWriteItem", {"RequestItems": {}}, VALIDATION),
        ("bw-no-requests", "BatchWriteItem", {"RequestItems": {TABLE: []}}, VALIDATION),
        ("bw-26-requests", "BatchWriteItem",
         {"RequestItems": {TABLE: [{"PutRequest": {"Item": {"pk": {"S": f"k{i}"}}}}
                                   for i in range(26)]}}, VALIDATION),
        ("bw-requests-string", "BatchWriteItem", {"RequestItems": {TABLE: "x"}}, SERIALIZATION),
        ("bw-requests-object", "BatchWriteItem", {"RequestItems": {TABLE: {}}}, SERIALIZATION),
        ("bw-request-number", "BatchWriteItem", {"RequestItems": {TABLE: [5]}}, SERIALIZATION),
        ("bw-request-empty", "BatchWriteItem", {"RequestItems": {TABLE: [{}]}}, VALIDATION),
        ("bw-request-both", "BatchWriteItem",
         {"RequestItems": {TABLE: [{"PutRequest": {"Item": {"pk": {"S": "a"}}},
                                    "DeleteRequest": {"Key": {"pk": {"S": "b"}}}}]}},
         VALIDATION),
        ("bw-put-empty", "BatchWriteItem", {"RequestItems": {TABLE: [{"PutRequest": {}}]}},
         VALIDATION),
        ("bw-put-string", "BatchWriteItem", {"RequestItems": {TABLE: [{"PutRequest": "x"}]}},
         SERIALIZATION),
        ("bw-put-item-empty", "BatchWriteItem",
         {"RequestItems": {TABLE: [{"PutRequest": {"Item": {}}}]}}, VALIDATION),
        ("bw-delete-empty", "BatchWriteItem", {"RequestItems": {TABLE: [{"DeleteRequest": {}}]}},
         VALIDATION),
        ("bw-delete-key-extra", "BatchWriteItem",
         {"RequestItems": {TABLE: [{"DeleteRequest": {"Key": {"pk": {"S": "a"},
                                                              "x": {"S": "b"}}}}]}}, VALIDATION),
        ("bw-duplicate-keys", "BatchWriteItem",
         {"RequestItems": {TABLE: [{"PutRequest": {"Item": {"pk": {"S": "dup"}}}},
                                   {"PutRequest": {"Item": {"pk": {"S": "dup"}}}}]}},
         VALIDATION),
        ("bw-put-delete-same-key", "BatchWriteItem",
         {"RequestItems": {TABLE: [{"PutRequest": {"Item": {"pk": {"S": "dup"}}}},
                                   {"DeleteRequest": {"Key": {"pk": {"S": "dup"}}}}]}},
         VALIDATION),
        ("bw-absent-table", "BatchWriteItem",
         {"RequestItems": {"cairn_malformed_absent_table": [
             {"PutRequest": {"Item": {"pk": {"S": "a"}}}}]}}, NOT_FOUND),
        ("bw-table-name-short", "BatchWriteItem",
         {"RequestItems": {"x": [{"PutRequest": {"Item": {"pk": {"S": "a"}}}}]}}, VALIDATION),
        ("bw-returnconsumed-bogus", "BatchWriteItem",
         dict(BASE_BODIES["BatchWriteItem"](), ReturnConsumedCapacity="ALL"), VALIDATION),
        # BatchGetItem.
        ("bg-empty", "BatchGetItem", {"RequestItems": {}}, VALIDATION),
        ("bg-spec-empty", "BatchGetItem", {"RequestItems": {TABLE: {}}}, VALIDATION),
        ("bg-spec-string", "BatchGetItem", {"RequestItems": {TABLE: "x"}}, SERIALIZATION),
        ("bg-spec-list", "BatchGetItem", {"RequestItems": {TABLE: [SENTINEL_KEY]}},
         SERIALIZATION),
        ("bg-keys-empty", "BatchGetItem", {"RequestItems": {TABLE: {"Keys": []}}}, VALIDATION),
        ("bg-keys-string", "BatchGetItem", {"RequestItems": {TABLE: {"Keys": "x"}}},
         SERIALIZATION),
        ("bg-keys-number-member", "BatchGetItem", {"RequestItems": {TABLE: {"Keys": [5]}}},
         SERIALIZATION),
        ("bg-keys-empty-member", "BatchGetItem", {"RequestItems": {TABLE: {"Keys": [{}]}}},
         VALIDATION),
        ("bg-keys-101", "BatchGetItem",
         {"RequestItems": {TABLE: {"Keys": [{"pk": {"S": f"k{i}"}} for i in range(101)]}}},
         VALIDATION),
        ("bg-keys-duplicate", "BatchGetItem",
         {"RequestItems": {TABLE: {"Keys": [SENTINEL_KEY, SENTINEL_KEY]}}}, VALIDATION),
        ("bg-key-wrong-type", "BatchGetItem",
         {"RequestItems": {TABLE: {"Keys": [{"pk": {"N": "1"}}]}}}, VALIDATION),
        ("bg-consistent-string", "BatchGetItem",
         {"RequestItems": {TABLE: {"Keys": [SENTINEL_KEY], "ConsistentRead": "yes"}}},
         SERIALIZATION),
        ("bg-absent-table", "BatchGetItem",
         {"RequestItems": {"cairn_malformed_absent_table": {"Keys": [SENTINEL_KEY]}}},
         NOT_FOUND),
        ("bg-table-name-short", "BatchGetItem", {"RequestItems": {"x": {"Keys": [SENTINEL_KEY]}}},
         VALIDATION),
        # Tags.
        ("tag-arn-not-arn", "TagResource",
         {"ResourceArn": "not-an-arn", "Tags": [{"Key": "k", "Value": "v"}]}, ACCESS_DENIED),
        ("tag-arn-empty", "TagResource",
         {"ResourceArn": "", "Tags": [{"Key": "k", "Value": "v"}]}, VALIDATION),
        ("tag-arn-short-table", "TagResource",
         {"ResourceArn": "arn:aws:dynamodb:us-east-1:000000000000:table/x",
          "Tags": [{"Key": "k", "Value": "v"}]}, VALIDATION),
        ("tag-arn-not-table", "TagResource",
         {"ResourceArn": "arn:aws:dynamodb:us-east-1:000000000000:stream/abc",
          "Tags": [{"Key": "k", "Value": "v"}]}, VALIDATION),
        ("tag-arn-absent", "TagResource",
         {"ResourceArn": "arn:aws:dynamodb:us-east-1:000000000000:table/"
                         "cairn_malformed_absent_table",
          "Tags": [{"Key": "k", "Value": "v"}]}, NOT_FOUND),
        ("tag-tags-empty", "TagResource", {"ResourceArn": ARN_PLACEHOLDER, "Tags": []},
         VALIDATION),
        ("tag-tags-strings", "TagResource", {"ResourceArn": ARN_PLACEHOLDER, "Tags": ["k"]},
         SERIALIZATION),
        ("tag-key-empty", "TagResource",
         {"ResourceArn": ARN_PLACEHOLDER, "Tags": [{"Key": "", "Value": "v"}]}, VALIDATION),
        ("tag-key-129", "TagResource",
         {"ResourceArn": ARN_PLACEHOLDER, "Tags": [{"Key": "k" * 129, "Value": "v"}]},
         VALIDATION),
        ("tag-value-257", "TagResource",
         {"ResourceArn": ARN_PLACEHOLDER, "Tags": [{"Key": "k", "Value": "v" * 257}]},
         VALIDATION),
        ("tag-key-bad-char", "TagResource",
         {"ResourceArn": ARN_PLACEHOLDER, "Tags": [{"Key": "k#1", "Value": "v"}]}, VALIDATION),
        ("tag-key-aws-prefix", "TagResource",
         {"ResourceArn": ARN_PLACEHOLDER, "Tags": [{"Key": "aws:k", "Value": "v"}]}, VALIDATION),
        ("tag-value-missing", "TagResource",
         {"ResourceArn": ARN_PLACEHOLDER, "Tags": [{"Key": "k"}]}, VALIDATION),
        ("tag-too-many", "TagResource",
         {"ResourceArn": ARN_PLACEHOLDER,
          "Tags": [{"Key": f"k{i}", "Value": "v"} for i in range(51)]}, VALIDATION),
        ("untag-keys-numbers", "UntagResource",
         {"ResourceArn": ARN_PLACEHOLDER, "TagKeys": [5]}, SERIALIZATION),
        ("untag-keys-empty-string", "UntagResource",
         {"ResourceArn": ARN_PLACEHOLDER, "TagKeys": [""]}, VALIDATION),
        ("untag-arn-not-arn", "UntagResource", {"ResourceArn": "table", "TagKeys": ["k"]},
         ACCESS_DENIED),
        ("listtags-arn-not-arn", "ListTagsOfResource", {"ResourceArn": "x"}, ACCESS_DENIED),
        ("listtags-arn-index", "ListTagsOfResource",
         {"ResourceArn": ARN_PLACEHOLDER + "/index/gsi"}, VALIDATION),
        ("listtags-arn-absent", "ListTagsOfResource",
         {"ResourceArn": "arn:aws:dynamodb:us-east-1:000000000000:table/"
                         "cairn_malformed_absent_table"}, NOT_FOUND),
    ]
    for label, operation, body, expect in cases:
        yield Case(f"rule-{label}", operation, dump(body), expect)


# ---------------------------------------------------------------------------------------
# X-Amz-Target.
# ---------------------------------------------------------------------------------------


def target_cases():
    targets = [
        ("empty", "", ALLOWED),
        ("prefix-only", "DynamoDB_20120810", UNKNOWN_OPERATION),
        ("prefix-dot", "DynamoDB_20120810.", UNKNOWN_OPERATION),
        ("unknown-op", "DynamoDB_20120810.Bogus", UNKNOWN_OPERATION),
        ("almost-op", "DynamoDB_20120810.ListTablesX", UNKNOWN_OPERATION),
        ("lowercase-op", "DynamoDB_20120810.listtables", UNKNOWN_OPERATION),
        ("uppercase-op", "DynamoDB_20120810.LISTTABLES", UNKNOWN_OPERATION),
        ("lowercase-prefix", "dynamodb_20120810.ListTables", UNKNOWN_OPERATION),
        ("old-api-version", "DynamoDB_20111205.ListTables", UNKNOWN_OPERATION),
        ("future-api-version", "DynamoDB_20991231.ListTables", UNKNOWN_OPERATION),
        ("streams-service", "DynamoDBStreams_20120810.ListStreams", UNKNOWN_OPERATION),
        ("no-prefix", "ListTables", UNKNOWN_OPERATION),
        ("dot-op", ".ListTables", UNKNOWN_OPERATION),
        ("double-dot", "DynamoDB_20120810..ListTables", UNKNOWN_OPERATION),
        ("op-suffix", "DynamoDB_20120810.ListTables.ListTables", UNKNOWN_OPERATION),
        ("slash", "DynamoDB_20120810/ListTables", UNKNOWN_OPERATION),
        ("inner-space", "DynamoDB_20120810.List Tables", UNKNOWN_OPERATION),
        ("prefix-junk", "XDynamoDB_20120810.ListTables", UNKNOWN_OPERATION),
        ("percent-encoded", "DynamoDB_20120810.%4CistTables", UNKNOWN_OPERATION),
        ("latin1", "DynamoDB_20120810.L\u00efstTables", UNKNOWN_OPERATION),
        ("dunder", "DynamoDB_20120810.__proto__", UNKNOWN_OPERATION),
        ("long-4000", "DynamoDB_20120810." + "A" * 4000, UNKNOWN_OPERATION),
        ("many-dots", "." * 1000, UNKNOWN_OPERATION),
    ]
    for label, target, expect in targets:
        yield Case(f"target-{label}", None, b"{}", expect,
                   headers={"X-Amz-Target": target})
    yield Case("target-missing", None, b"{}", ALLOWED, headers={"X-Amz-Target": None})
    yield Case("target-missing-with-body", None, dump(BASE_BODIES["GetItem"]()), ALLOWED,
               headers={"X-Amz-Target": None})
    yield Case("target-unknown-with-junk", None, b"\xff\x00junk", ALLOWED,
               headers={"X-Amz-Target": "DynamoDB_20120810.Nope"})
    yield Case("target-missing-no-content-type", None, b"{}", ALLOWED,
               headers={"X-Amz-Target": None, "Content-Type": None})


ALL_CASES = [
    *bad_json_cases(),
    *junk_cases(),
    *wrong_type_cases(),
    *missing_member_cases(),
    *attribute_value_cases(),
    *rule_cases(),
    *target_cases(),
]
assert len({c.id for c in ALL_CASES}) == len(ALL_CASES), "duplicate case ids"


# ---------------------------------------------------------------------------------------
# Fixtures and checks.
# ---------------------------------------------------------------------------------------


def all_table_names(client):
    names, start = [], {}
    while True:
        page = client.list_tables(Limit=100, **start)
        names += page.get("TableNames", [])
        if "LastEvaluatedTableName" not in page:
            return names
        start = {"ExclusiveStartTableName": page["LastEvaluatedTableName"]}


@pytest.fixture(scope="module")
def target_table(server, client):
    """The table the cases aim at, holding one sentinel item; yields its ARN."""
    create_table(client, name=TABLE)
    client.put_item(TableName=TABLE, Item=SENTINEL_ITEM)
    arn = client.describe_table(TableName=TABLE)["Table"]["TableArn"]
    yield arn
    for name in all_table_names(client):
        if name.startswith(CREATE_PREFIX):  # made by a CreateTable that should have failed
            client.delete_table(TableName=name)
    # (raw: the installed botocore may predate DeletionProtectionEnabled)
    raw_request(server.url, "UpdateTable", dump({"TableName": TABLE,
                                                 "DeletionProtectionEnabled": False}))
    client.delete_table(TableName=TABLE)


def describe(response):
    return f"HTTP {response.status_code}, body {response.content[:600]!r}"


def check_error(response, expect=ALLOWED, what=""):
    """Asserts a DynamoDB error answer: 4xx, a JSON object body whose __type names one of
    `expect`."""
    assert 400 <= response.status_code < 500, f"{what}: expected a 4xx, got {describe(response)}"
    try:
        body = response.json()
    except ValueError:
        pytest.fail(f"{what}: error body is not JSON: {describe(response)}")
    assert isinstance(body, dict), f"{what}: error body is not an object: {describe(response)}"
    error_type = body.get("__type")
    assert isinstance(error_type, str), f"{what}: no __type: {describe(response)}"
    name = error_type.rsplit("#", 1)[-1]
    assert name in expect, (
        f"{what}: expected one of {sorted(expect)}, got {name}: {describe(response)}"
    )
    return body


def send(url, case, arn):
    body = case.body.replace(ARN_PLACEHOLDER.encode(), arn.encode())
    if case.headers is None:
        return raw_request(url, case.operation, body)
    headers = {"Content-Type": "application/x-amz-json-1.0"}
    headers.update(case.headers)
    return requests.post(url + "/", data=body, headers=headers, timeout=30)


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.id for c in ALL_CASES])
def test_malformed_request(server, target_table, case):
    response = send(server.url, case, target_table)
    check_error(response, case.expect, case.id)


# ---------------------------------------------------------------------------------------
# Oversized bodies and malformed HTTP, on raw sockets where the server may close early.
# ---------------------------------------------------------------------------------------


def raw_exchange(server, data, shutdown_write=True, timeout=20):
    """Sends raw bytes on a fresh connection and reads until the server closes it.
    Returns (status, headers, body) of the first response."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as s:
        try:
            s.sendall(data)
            if shutdown_write:
                s.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server answered and closed before taking everything
        received = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                received += chunk
                if response_complete(received):
                    break
        except ConnectionResetError:
            pass
    return parse_response(received)


def response_complete(data):
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value.strip())
    return False


def parse_response(data):
    assert data, "the server closed the connection without answering"
    head, sep, body = data.partition(b"\r\n\r\n")
    assert sep, f"incomplete HTTP response: {data[:300]!r}"
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower().decode()] = value.strip().decode("latin-1")
    if "content-length" in headers:
        body = body[: int(headers["content-length"])]
    return status, headers, body


class RawResponse:
    """The parts of a requests.Response that check_error reads."""

    def __init__(self, status, body):
        self.status_code = status
        self.content = body

    def json(self):
        return json.loads(self.content)


def check_raw_error(server, data, expect=ALLOWED, what="", shutdown_write=True):
    status, _, body = raw_exchange(server, data, shutdown_write)
    return check_error(RawResponse(status, body), expect, what), status


def request_head(content_length=None, extra=b"", operation="ListTables"):
    head = (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-amz-json-1.0\r\n"
            b"X-Amz-Target: DynamoDB_20120810." + operation.encode() + b"\r\n")
    if content_length is not None:
        head += b"Content-Length: " + str(content_length).encode() + b"\r\n"
    return head + extra + b"\r\n"


def test_oversized_body_refused_from_its_headers(server, target_table):
    """A Content-Length just over 16 MB is refused as soon as the headers arrive."""
    _, status = check_raw_error(server, request_head(MAX_BODY + 1, operation="PutItem"),
                                what="Content-Length 16 MB + 1", shutdown_write=False)
    assert status in (400, 413), status


def test_oversized_body_sent_in_full(server, target_table):
    """The whole body is sent; the server may answer and close before reading it all."""
    body = b'{"TableName": "' + TABLE.encode() + b'", "Item": {"pk": {"S": "huge"}, "a": {"S": "'
    body += b"x" * (MAX_BODY + 1 - len(body) - 4) + b'"}}}'
    assert len(body) == MAX_BODY + 1
    try:
        response = raw_request(server.url, "PutItem", body)
    except requests.ConnectionError:
        response = None  # closed mid-upload: acceptable
    if response is not None:
        assert response.status_code in (400, 413), describe(response)
        check_error(response, what="16 MB + 1 body")
    assert requests.get(server.url + "/", timeout=10).ok
    assert server.alive()


def test_oversized_chunked_body(server, target_table):
    """A chunked body whose total crosses 16 MB without any Content-Length."""
    piece = b"[" + b" " * (1024 * 1024 - 1)

    def chunks():
        for _ in range(17):
            yield piece

    try:
        response = requests.post(
            server.url + "/",
            data=chunks(),
            headers={"X-Amz-Target": "DynamoDB_20120810.PutItem",
                     "Content-Type": "application/x-amz-json-1.0"},
            timeout=30,
        )
    except requests.ConnectionError:
        response = None
    if response is not None:
        assert response.status_code in (400, 413), describe(response)
        check_error(response, what="chunked 17 MB body")
    assert requests.get(server.url + "/", timeout=10).ok
    assert server.alive()


def test_body_of_exactly_16_mb_is_parsed_and_refused(server, target_table):
    """The limit itself is allowed through to the JSON parser, which rejects junk."""
    body = b" " * (MAX_BODY - 3) + b"[1]"
    assert len(body) == MAX_BODY
    response = raw_request(server.url, "PutItem", body)
    check_error(response, BAD_INPUT, "16 MB of whitespace and an array")


MALFORMED_HTTP = [
    ("garbage-line", b"GARBAGE\r\n\r\n"),
    ("nul-bytes", b"\x00" * 64 + b"\r\n\r\n"),
    ("tls-hello", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64 + b"\r\n\r\n"),
    ("bad-content-length", request_head(extra=b"Content-Length: abc\r\n")),
    ("negative-content-length", request_head(extra=b"Content-Length: -1\r\n")),
    ("two-content-lengths", request_head(extra=b"Content-Length: 2\r\nContent-Length: 3\r\n")
     + b"{}"),
    ("bad-chunk-size", request_head(extra=b"Transfer-Encoding: chunked\r\n") + b"zz\r\n{}\r\n"),
    ("header-over-16k", request_head(2, extra=b"X-Pad: " + b"a" * 20000 + b"\r\n") + b"{}"),
    ("body-shorter-than-length", request_head(100) + b"{}"),
    ("header-without-colon", request_head(2, extra=b"NoColonHere\r\n") + b"{}"),
]


@pytest.mark.parametrize("data", [d for _, d in MALFORMED_HTTP],
                         ids=[label for label, _ in MALFORMED_HTTP])
def test_malformed_http(server, target_table, data):
    check_raw_error(server, data, what="malformed HTTP")


def test_server_still_serves(server, client, target_table):
    """After everything above, on new connections: the server lists tables, reads the
    sentinel item, and is still the same process."""
    assert server.alive(), "the server died"
    assert TABLE in all_table_names(client)
    item = client.get_item(TableName=TABLE, Key=SENTINEL_KEY, ConsistentRead=True)
    assert item.get("Item") == SENTINEL_ITEM
    response = raw_request(server.url, "ListTables", b'{"Limit": 1}')
    assert response.status_code == 200, describe(response)
    assert len(response.json()["TableNames"]) == 1
    assert requests.get(server.url + "/", timeout=5).text.startswith("healthy")
    assert server.alive()
