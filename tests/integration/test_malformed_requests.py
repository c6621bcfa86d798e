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

from malformed.common import *  # noqa: F401,F403
from malformed.members import *  # noqa: F401,F403
from malformed.json_cases import bad_json_cases, junk_cases
from malformed.members import missing_member_cases, wrong_type_cases
from malformed.rules import rule_cases
from malformed.values import attribute_value_cases

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
        ("streams-op-on-dynamodb", "DynamoDB_20120810.ListStreams", UNKNOWN_OPERATION),
        ("dynamodb-op-on-streams", "DynamoDBStreams_20120810.ListTables", UNKNOWN_OPERATION),
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


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.id for c in ALL_CASES])
def test_malformed_request(server, target_table, case):
    response = send(server.url, case, target_table)
    check_error(response, case.expect, case.id)


