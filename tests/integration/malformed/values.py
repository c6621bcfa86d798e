"""Invalid attribute values, in every place a value can stand."""
import copy
import json
import random
import socket

import pytest
import requests

from malformed.common import *  # noqa: F401,F403
from malformed.members import *  # noqa: F401,F403

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


