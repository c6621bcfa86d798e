"""Shared pieces of the malformed-request tests: constants, the Case type and checks."""
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


