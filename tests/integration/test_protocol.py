"""The wire protocol: headers, error envelopes, health check, the aws CLI."""
import json
import os
import subprocess
import zlib

import requests

from conftest import raw_request, unique_name


def test_response_headers(server):
    r = raw_request(server.url, "ListTables", "{}")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/x-amz-json-1.0"
    assert len(r.headers["x-amzn-RequestId"]) == 52
    assert int(r.headers["x-amz-crc32"]) == zlib.crc32(r.content)


def test_unknown_operation(server):
    r = raw_request(server.url, "NoSuchOperation", "{}")
    assert r.status_code == 400
    assert r.json()["__type"] == "com.amazon.coral.service#UnknownOperationException"


def test_validation_error_envelope(server):
    r = raw_request(server.url, "DescribeTable", "{}")
    assert r.status_code == 400
    assert r.json() == {
        "__type": "com.amazon.coral.validate#ValidationException",
        "message": "1 validation error detected: Value null at 'tableName' failed to satisfy "
                   "constraint: Member must not be null",
    }


def test_bad_json_is_a_serialization_exception(server):
    r = raw_request(server.url, "ListTables", "{not json")
    assert r.status_code == 400
    assert r.json()["__type"] == "com.amazon.coral.service#SerializationException"


def test_number_given_as_json_number(server, table_s):
    body = json.dumps({"TableName": table_s, "Item": {"pk": {"S": "a"}, "n": {"N": 3}}})
    r = raw_request(server.url, "PutItem", body)
    assert r.status_code == 400 and "SerializationException" in r.json()["__type"]


def test_health_check(server):
    r = requests.get(server.url + "/")
    assert r.status_code == 200 and r.text == f"healthy: 127.0.0.1:{server.port}"
    assert requests.get(server.url + "/other").status_code == 404


def test_keep_alive_serves_many_requests_on_one_connection(server):
    with requests.Session() as s:
        for _ in range(50):
            r = s.post(server.url + "/", data="{}", headers={
                "X-Amz-Target": "DynamoDB_20120810.ListTables",
                "Content-Type": "application/x-amz-json-1.0"})
            assert r.status_code == 200


def aws(server, *args):
    env = dict(os.environ, AWS_ACCESS_KEY_ID="AKID", AWS_SECRET_ACCESS_KEY="secret",
               AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")
    out = subprocess.run(["aws", "dynamodb", *args, "--endpoint-url", server.url, "--output", "json"],
                         env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout) if out.stdout.strip() else None


def test_aws_cli_table_and_item_lifecycle(server):
    name = unique_name("cli")
    aws(server, "create-table", "--table-name", name,
        "--attribute-definitions", "AttributeName=id,AttributeType=S",
        "--key-schema", "AttributeName=id,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST")
    assert aws(server, "describe-table", "--table-name", name)["Table"]["TableStatus"] == "ACTIVE"
    assert name in aws(server, "list-tables")["TableNames"]
    aws(server, "put-item", "--table-name", name, "--item", '{"id":{"S":"1"},"n":{"N":"42"}}')
    got = aws(server, "get-item", "--table-name", name, "--key", '{"id":{"S":"1"}}')
    assert got["Item"] == {"id": {"S": "1"}, "n": {"N": "42"}}
    aws(server, "delete-item", "--table-name", name, "--key", '{"id":{"S":"1"}}')
    assert aws(server, "get-item", "--table-name", name, "--key", '{"id":{"S":"1"}}') is None
    aws(server, "delete-table", "--table-name", name)
    assert name not in aws(server, "list-tables")["TableNames"]


# An operation of DynamoDB's API reference that Cairn does not serve yet is named in the
# UnknownOperationException (DynamoDB itself sends that error without a message for an
# operation it does not know, which a name that is no operation still gets).
def test_an_unserved_dynamodb_operation_says_what_it_is(server):
    r = raw_request(server.url, "ExecuteStatement", json.dumps({"Statement": "SELECT * FROM t"}))
    assert r.status_code == 400
    body = r.json()
    assert body["__type"].endswith("#UnknownOperationException")
    assert body["message"] == "Cairn does not serve the DynamoDB operation ExecuteStatement yet"
    r = raw_request(server.url, "NoSuchOperation", "{}")
    assert r.json()["__type"].endswith("#UnknownOperationException")
    assert "message" not in r.json()
