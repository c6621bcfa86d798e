"""--auth sigv4: every request's signature is verified, with DynamoDB's errors.

Texts: AWS's SigV4 messages as DynamoDB sends them (the IAM user guide's "Troubleshoot
signed requests", ScyllaDB's test_authorization.py written against DynamoDB, and captured
DynamoDB errors: "Signature expired: ... is now earlier than ... (... - 15 min.)",
"The security token included in the request is invalid.").
"""
import datetime
import json
import os
import subprocess
import tempfile

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import BINARY, Server, error_of
from sigv4_support import post, signed_headers_for

KEY_ID, SECRET = "AKIDCAIRNTEST0001", "s3cr3t/for+tests"
MISMATCH = ("The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service "
            "documentation for details.")
INVALID_TOKEN = "The security token included in the request is invalid."


def keys(data_dir, *args, stdin=None):
    return subprocess.run([BINARY, "keys", *args, "--data-dir", data_dir], input=stdin,
                          capture_output=True, text=True, timeout=60)


def parse_new_key(output):
    return dict(line.split(": ", 1) for line in output.strip().splitlines())


@pytest.fixture(scope="module")
def secured():
    """A server with --auth sigv4 whose keys were made with `cairn keys` and the environment:
    KEY_ID (seeded), a disabled key, and a temporary key."""
    with tempfile.TemporaryDirectory(prefix="cairn-auth-") as data_dir:
        made = keys(data_dir, "create", "--access-key-id", "AKIDDISABLED0001", "--secret-stdin",
                    stdin="disabled-secret\n")
        assert made.returncode == 0, made.stderr
        assert keys(data_dir, "disable", "AKIDDISABLED0001").returncode == 0
        temporary = keys(data_dir, "create", "--temporary", "3600")
        assert temporary.returncode == 0, temporary.stderr
        env = dict(os.environ, CAIRN_ACCESS_KEY_ID=KEY_ID, CAIRN_SECRET_ACCESS_KEY=SECRET)
        server = Server(data_dir=data_dir, extra_args=["--auth", "sigv4"]).start(env=env)
        server.temporary = parse_new_key(temporary.stdout)
        server.data_dir = data_dir
        yield server
        server.stop()


def client_for(server, key_id, secret, token=None, region="us-east-1"):
    return boto3.client("dynamodb", endpoint_url=server.url, region_name=region,
                        aws_access_key_id=key_id, aws_secret_access_key=secret,
                        aws_session_token=token,
                        config=Config(retries={"max_attempts": 1}))


def test_the_right_key_works(secured):
    client = client_for(secured, KEY_ID, SECRET)
    client.create_table(TableName="signed", BillingMode="PAY_PER_REQUEST",
                        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    client.put_item(TableName="signed", Item={"pk": {"S": "a"}, "v": {"S": "x" * 5000}})
    assert client.get_item(TableName="signed", Key={"pk": {"S": "a"}})["Item"]["v"]["S"] == "x" * 5000
    assert "signed" in client.list_tables()["TableNames"]


@pytest.mark.parametrize("key_id,secret,expected", [
    (KEY_ID, "wrong-secret", ("InvalidSignatureException", MISMATCH)),
    ("AKIDNOSUCHKEY0001", SECRET, ("UnrecognizedClientException", INVALID_TOKEN)),
    ("AKIDDISABLED0001", "disabled-secret", ("UnrecognizedClientException", INVALID_TOKEN)),
])
def test_wrong_keys_are_refused(secured, key_id, secret, expected):
    with pytest.raises(ClientError) as e:
        client_for(secured, key_id, secret).list_tables()
    assert error_of(e) == expected
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_a_region_other_than_the_servers_is_refused(secured):
    with pytest.raises(ClientError) as e:
        client_for(secured, KEY_ID, SECRET, region="eu-west-1").list_tables()
    assert error_of(e) == ("InvalidSignatureException",
                           "Credential should be scoped to a valid region, not 'eu-west-1'.")


def test_temporary_credentials_need_their_session_token(secured):
    t = secured.temporary
    assert t["AccessKeyId"].startswith("ASIA") and t["User"] == "root"
    client_for(secured, t["AccessKeyId"], t["SecretAccessKey"], t["SessionToken"]).list_tables()
    for token in (None, "not-the-token"):
        with pytest.raises(ClientError) as e:
            client_for(secured, t["AccessKeyId"], t["SecretAccessKey"], token).list_tables()
        assert error_of(e) == ("UnrecognizedClientException", INVALID_TOKEN)


def test_a_request_without_authorization(secured):
    body = b"{}"
    headers = signed_headers_for(secured.url, "ListTables", body, KEY_ID, SECRET)
    del headers["authorization"]
    assert post(secured.url, headers, body) == (400, "MissingAuthenticationTokenException",
                                                "Request is missing Authentication Token")


def test_expired_and_future_signatures(secured):
    body = b"{}"
    now = datetime.datetime.now(datetime.timezone.utc)
    for offset, opening in ((-16, "Signature expired: "), (16, "Signature not yet current: ")):
        when = now + datetime.timedelta(minutes=offset)
        headers = signed_headers_for(secured.url, "ListTables", body, KEY_ID, SECRET, when=when)
        status, kind, message = post(secured.url, headers, body)
        assert (status, kind) == (400, "InvalidSignatureException")
        stamp = when.strftime("%Y%m%dT%H%M%SZ")
        assert message.startswith(opening + stamp)
        assert message.endswith(" - 15 min.)" if offset < 0 else " + 15 min.)")
    # Within the window either way, the signature holds.
    for offset in (-14, 14):
        when = now + datetime.timedelta(minutes=offset)
        headers = signed_headers_for(secured.url, "ListTables", body, KEY_ID, SECRET, when=when)
        assert post(secured.url, headers, body)[0] == 200


def test_a_changed_body_or_signed_header_breaks_the_signature(secured):
    body = json.dumps({"TableName": "signed", "Key": {"pk": {"S": "a"}}}).encode()
    headers = signed_headers_for(secured.url, "GetItem", body, KEY_ID, SECRET)
    assert post(secured.url, headers, body)[0] == 200
    tampered = body.replace(b'"a"', b'"b"')
    assert post(secured.url, headers, tampered) == (400, "InvalidSignatureException", MISMATCH)
    retargeted = dict(headers, **{"x-amz-target": "DynamoDB_20120810.DeleteItem"})
    assert post(secured.url, retargeted, body) == (400, "InvalidSignatureException", MISMATCH)


def test_an_incomplete_authorization_header(secured):
    body = b"{}"
    headers = signed_headers_for(secured.url, "ListTables", body, KEY_ID, SECRET)
    headers["authorization"] = headers["authorization"].split(", SignedHeaders")[0]
    status, kind, message = post(secured.url, headers, body)
    assert (status, kind) == (400, "IncompleteSignatureException")
    assert message == ("Authorization header requires 'Signature' parameter. Authorization header "
                       "requires 'SignedHeaders' parameter. Authorization=" + headers["authorization"])


def test_the_scope_must_match_the_date(secured):
    body = b"{}"
    headers = signed_headers_for(secured.url, "ListTables", body, KEY_ID, SECRET)
    stamp = headers["x-amz-date"]
    headers["authorization"] = headers["authorization"].replace(f"/{stamp[:8]}/", "/20200101/")
    status, kind, message = post(secured.url, headers, body)
    assert (status, kind, message) == (
        400, "InvalidSignatureException",
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
        f"HTTP: '20200101' != '{stamp[:8]}', from '{stamp}'.")


def test_a_compressed_body_is_signed_as_sent(secured):
    import gzip
    body = gzip.compress(json.dumps({"TableName": "signed", "Key": {"pk": {"S": "a"}}}).encode())
    headers = signed_headers_for(secured.url, "GetItem", body, KEY_ID, SECRET,
                                 extra={"content-encoding": "gzip"})
    assert post(secured.url, headers, body)[0] == 200


def test_the_aws_cli_signs_and_is_verified(secured):
    env = dict(os.environ, AWS_ACCESS_KEY_ID=KEY_ID, AWS_SECRET_ACCESS_KEY=SECRET,
               AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true")
    env.pop("AWS_SESSION_TOKEN", None)
    ok = subprocess.run(["aws", "dynamodb", "list-tables", "--endpoint-url", secured.url],
                        capture_output=True, text=True, env=env, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert "signed" in json.loads(ok.stdout)["TableNames"]
    env["AWS_SECRET_ACCESS_KEY"] = "wrong"
    refused = subprocess.run(["aws", "dynamodb", "list-tables", "--endpoint-url", secured.url],
                             capture_output=True, text=True, env=env, timeout=120)
    assert refused.returncode != 0 and "InvalidSignatureException" in refused.stderr


def test_keys_cannot_be_read_back_and_are_not_stored_in_plain_text(secured):
    listed = keys(secured.data_dir, "list")
    # The server holds the directory: the command must say so, not corrupt it.
    assert listed.returncode != 0 and "in use" in listed.stderr and "stop it first" in listed.stderr
    stored = b""
    for root, _, files in os.walk(secured.data_dir):
        for f in files:
            with open(os.path.join(root, f), "rb") as fh:
                stored += fh.read()
    assert SECRET.encode() not in stored and b"disabled-secret" not in stored


def test_the_streams_api_is_verified_too(secured):
    def streams(secret):
        return boto3.client("dynamodbstreams", endpoint_url=secured.url, region_name="us-east-1",
                            aws_access_key_id=KEY_ID, aws_secret_access_key=secret,
                            config=Config(retries={"max_attempts": 1}))
    assert streams(SECRET).list_streams()["Streams"] == []
    with pytest.raises(ClientError) as e:
        streams("wrong").list_streams()
    assert error_of(e) == ("InvalidSignatureException", MISMATCH)
