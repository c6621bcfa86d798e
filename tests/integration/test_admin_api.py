"""Keys, policies and tags managed on a running server (issue 20): `cairn keys` and
`cairn policies` with --endpoint speak Cairn's admin API (IAM's operation names, signed with
the caller's key from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY), authorized like any request
("iam:<Operation>" on the user's ARN): the root user may do all, another user what its
policies allow; without --auth sigv4 there is no admin API."""
import json
import os
import subprocess

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import BINARY, Server, free_port
from sigv4_support import signed_headers_for

ROOT = ("AKIDROOT00000001", "root-secret")
ACCOUNT = "000000000000"


def cli(server, creds, *args, stdin=None):
    env = dict(os.environ, AWS_ACCESS_KEY_ID=creds[0], AWS_SECRET_ACCESS_KEY=creds[1],
               AWS_REGION="us-east-1")
    env.pop("AWS_SESSION_TOKEN", None)
    return subprocess.run([BINARY, *args, "--endpoint", server.url], input=stdin, env=env,
                          capture_output=True, text=True, timeout=60)


def new_key(output):
    fields = dict(line.split(": ", 1) for line in output.strip().splitlines())
    return fields["AccessKeyId"], fields["SecretAccessKey"]


def client(server, creds):
    return boto3.client("dynamodb", endpoint_url=server.url, region_name="us-east-1",
                        aws_access_key_id=creds[0], aws_secret_access_key=creds[1],
                        config=Config(retries={"max_attempts": 1}))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    env = dict(os.environ, CAIRN_ACCESS_KEY_ID=ROOT[0], CAIRN_SECRET_ACCESS_KEY=ROOT[1])
    data_dir = str(tmp_path_factory.mktemp("cairn-admin"))
    srv = Server(data_dir=data_dir, extra_args=["--auth", "sigv4"]).start(env=env)
    yield srv
    srv.stop()


def error_code(call, **kwargs):
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    return info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]


def test_root_makes_a_user_key_and_grants_it_a_policy(server):
    made = cli(server, ROOT, "keys", "create", "--user", "ana")
    assert made.returncode == 0, made.stderr
    ana = new_key(made.stdout)
    assert "User: ana" in made.stdout
    # Without a policy, ana may do nothing.
    assert error_code(client(server, ana).list_tables)[0] == "AccessDeniedException"
    document = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "dynamodb:ListTables", "Resource": "*"}]})
    put = cli(server, ROOT, "policies", "put", "--user", "ana", "--name", "list", stdin=document)
    assert put.returncode == 0, put.stderr
    # At once: the running server enforces what was just put.
    assert client(server, ana).list_tables()["TableNames"] == []
    shown = cli(server, ROOT, "policies", "show", "--user", "ana", "--name", "list")
    assert json.loads(shown.stdout) == json.loads(document)
    assert cli(server, ROOT, "policies", "list", "--user", "ana").stdout == "ana\tpolicy\tlist\n"
    listed = cli(server, ROOT, "keys", "list", "--user", "ana").stdout.splitlines()
    assert [line.split("\t")[:3] for line in listed] == [[ana[0], "ana", "Active"]]

    # Disabled, the key stops working; enabled, it works again; deleted, it is gone.
    assert cli(server, ROOT, "keys", "disable", ana[0], "--user", "ana").returncode == 0
    assert error_code(client(server, ana).list_tables)[0] == "UnrecognizedClientException"
    assert cli(server, ROOT, "keys", "enable", ana[0], "--user", "ana").returncode == 0
    client(server, ana).list_tables()
    rotated = cli(server, ROOT, "keys", "rotate", ana[0], "--user", "ana")
    fresh = new_key(rotated.stdout)
    client(server, fresh).list_tables()
    assert error_code(client(server, ana).list_tables)[0] == "UnrecognizedClientException"
    assert cli(server, ROOT, "keys", "delete", ana[0], "--user", "ana").returncode == 0
    gone = cli(server, ROOT, "keys", "delete", ana[0], "--user", "ana")
    assert gone.returncode == 1
    assert f"NoSuchEntityException: The Access Key with id {ana[0]} cannot be found." in gone.stderr
    assert cli(server, ROOT, "policies", "delete", "--user", "ana", "--name", "list").returncode == 0
    assert error_code(client(server, fresh).list_tables)[0] == "AccessDeniedException"


def test_a_user_needs_iam_permissions_to_manage_keys(server):
    bo = new_key(cli(server, ROOT, "keys", "create", "--user", "bo").stdout)
    refused = cli(server, bo, "keys", "create")
    assert refused.returncode == 1
    assert (f"AccessDeniedException: User: arn:aws:iam::{ACCOUNT}:user/bo is not authorized to "
            f"perform: iam:CreateAccessKey on resource: arn:aws:iam::{ACCOUNT}:user/bo because "
            "no identity-based policy allows the iam:CreateAccessKey action") in refused.stderr
    # IAM's "manage your own access keys" policy.
    own_keys = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["iam:CreateAccessKey", "iam:ListAccessKeys",
                                       "iam:UpdateAccessKey", "iam:DeleteAccessKey"],
         "Resource": "arn:aws:iam::*:user/${aws:username}"}]})
    assert cli(server, ROOT, "policies", "put", "--user", "bo", "--name", "own-keys",
               stdin=own_keys).returncode == 0
    second = cli(server, bo, "keys", "create")
    assert second.returncode == 0, second.stderr
    assert len(cli(server, bo, "keys", "list").stdout.splitlines()) == 2
    assert cli(server, bo, "keys", "create", "--user", "ana").returncode == 1
    assert cli(server, bo, "policies", "put", "--user", "bo", "--name", "more",
               stdin=own_keys).returncode == 1


def test_tags_through_the_admin_api(server):
    assert cli(server, ROOT, "policies", "tag", "--user", "cy", "team=blue",
               "level=2").returncode == 0
    assert cli(server, ROOT, "policies", "tag", "--user", "cy", "team=red").returncode == 0
    assert cli(server, ROOT, "policies", "list", "--user", "cy").stdout == "cy\ttag\tteam=red\n"


def test_admin_errors(server):
    body = json.dumps({"UserName": "ana", "PolicyName": "p", "PolicyDocument": "{}"}).encode()
    headers = signed_headers_for(server.url, "PutUserPolicy", body, *ROOT,
                                 extra={"x-amz-target": "CairnAdmin_20261201.PutUserPolicy"})
    response = requests.post(server.url + "/", headers=headers, data=body, timeout=30)
    assert response.status_code == 400
    assert response.json()["__type"].endswith("#MalformedPolicyDocumentException")


def test_no_admin_api_without_authentication():
    with Server(extra_args=["--auth", "none"]).start() as plain:
        refused = cli(plain, ("any", "any"), "keys", "list")
        assert refused.returncode == 1
        assert "AccessDeniedException: The admin API needs --auth sigv4" in refused.stderr


def test_no_policy_lets_a_user_manage_the_root_user(server):
    dee = new_key(cli(server, ROOT, "keys", "create", "--user", "dee").stdout)
    everything = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]})
    assert cli(server, ROOT, "policies", "put", "--user", "dee", "--name", "all",
               stdin=everything).returncode == 0
    assert cli(server, dee, "keys", "create", "--user", "eve").returncode == 0
    refused = cli(server, dee, "keys", "create", "--user", "root")
    assert refused.returncode == 1 and "AccessDeniedException" in refused.stderr
    assert "root user" in refused.stderr
    listed = cli(server, dee, "keys", "list", "--user", "root")
    assert listed.returncode == 1 and "AccessDeniedException" in listed.stderr


def test_a_temporary_key_cannot_be_rotated_into_a_lasting_one(server):
    made = cli(server, ROOT, "keys", "create", "--user", "fay", "--temporary", "900")
    assert made.returncode == 0, made.stderr
    temporary = dict(line.split(": ", 1) for line in made.stdout.strip().splitlines())
    rotated = cli(server, ROOT, "keys", "rotate", temporary["AccessKeyId"], "--user", "fay")
    assert rotated.returncode == 1
    assert "a temporary key cannot be rotated" in rotated.stderr


def test_the_admin_api_over_tls(tmp_path):
    made = subprocess.run([BINARY, "tls", "init", "--dir", str(tmp_path / "tls")],
                          capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    tls = tmp_path / "tls"
    env = dict(os.environ, CAIRN_ACCESS_KEY_ID=ROOT[0], CAIRN_SECRET_ACCESS_KEY=ROOT[1])
    tls_port = free_port()
    with Server(data_dir=str(tmp_path / "data"),
                extra_args=["--auth", "sigv4", "--tls-cert", str(tls / "cert.pem"), "--tls-key",
                            str(tls / "key.pem"), "--tls-port", str(tls_port)]).start(env=env):
        https = f"https://localhost:{tls_port}"

        def keys(*args, ca=None):
            run_env = dict(os.environ, AWS_ACCESS_KEY_ID=ROOT[0], AWS_SECRET_ACCESS_KEY=ROOT[1],
                           AWS_REGION="us-east-1")
            run_env.pop("AWS_CA_BUNDLE", None)
            if ca:
                run_env["AWS_CA_BUNDLE"] = ca
            return subprocess.run([BINARY, "keys", *args, "--endpoint", https], env=run_env,
                                  capture_output=True, text=True, timeout=60)

        created = keys("create", "--user", "tls-user", ca=str(tls / "ca.pem"))
        assert created.returncode == 0, created.stderr
        assert "User: tls-user" in created.stdout
        # Without the private CA, the server's certificate is not trusted.
        refused = keys("list", "--user", "tls-user")
        assert refused.returncode == 1 and "certificate verify failed" in refused.stderr
