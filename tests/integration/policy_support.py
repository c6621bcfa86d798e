"""What the policy tests share (test_policies.py, test_resource_policies.py): a server with
--auth sigv4 whose users were given keys and identity policies with `cairn keys` and
`cairn policies`, a table "games" with a row per user, and helpers."""
import json
import os
import subprocess
import tempfile

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import BINARY, Server
from sigv4_support import signed_headers_for

ACCOUNT = "000000000000"
ROOT = ("AKIDROOT00000001", "root-secret")
USERS = {"ana": "AKIDANA000000001", "reader": "AKIDREADER000001", "denied": "AKIDDENIED000001",
         "nobody": "AKIDNOBODY000001", "remote": "AKIDREMOTE000001", "tagged": "AKIDTAGGED000001",
         "mine": "AKIDMINE00000001", "builder": "AKIDBUILDER00001"}
MINE_ARNS = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/mine_*"
TABLE_ARN = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/games"


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


ITEM_ACTIONS = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:BatchGetItem",
                "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem"]
POLICIES = {
    # Each user touches only the partition named after them (the developer guide's example).
    "ana": policy({"Effect": "Allow", "Action": ITEM_ACTIONS,
                   "Resource": [TABLE_ARN, TABLE_ARN + "/index/*"],
                   "Condition": {"ForAllValues:StringEquals":
                                 {"dynamodb:LeadingKeys": ["${aws:username}"]}}}),
    # Only some attributes (IAM's "allows access to specific attributes" example).
    "reader": policy({"Effect": "Allow",
                      "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem"],
                      "Resource": TABLE_ARN,
                      "Condition": {"ForAllValues:StringEquals":
                                    {"dynamodb:Attributes": ["user", "game", "score"]},
                                    "StringEqualsIfExists":
                                    {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}}}),
    "denied": policy({"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"},
                     {"Effect": "Deny", "Action": "dynamodb:DeleteItem", "Resource": TABLE_ARN}),
    "remote": policy({"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*",
                      "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}),
    "tagged": policy({"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": TABLE_ARN,
                      "Condition": {"StringEquals": {"aws:PrincipalTag/team": "blue"}}}),
    # Everything on tables named mine_*, nothing elsewhere.
    "mine": policy({"Effect": "Allow", "Action": "dynamodb:*", "Resource": MINE_ARNS}),
    # May create tables, but not attach policies to them.
    "builder": policy({"Effect": "Allow", "Action": "dynamodb:CreateTable", "Resource": "*"}),
}


def cli(*args, stdin=None):
    return subprocess.run([BINARY, *args], input=stdin, capture_output=True, text=True,
                          timeout=60)


def policy_server():
    with tempfile.TemporaryDirectory(prefix="cairn-policies-") as data_dir:
        for user, key_id in USERS.items():
            made = cli("keys", "create", "--data-dir", data_dir, "--user", user,
                       "--access-key-id", key_id, "--secret-stdin", stdin=user + "-secret\n")
            assert made.returncode == 0, made.stderr
        for user, document in POLICIES.items():
            put = cli("policies", "put", "--data-dir", data_dir, "--user", user, "--name",
                      "main", stdin=document)
            assert put.returncode == 0, put.stderr
        tagged = cli("policies", "tag", "--data-dir", data_dir, "--user", "tagged", "team=blue")
        assert tagged.returncode == 0, tagged.stderr
        env = dict(os.environ, CAIRN_ACCESS_KEY_ID=ROOT[0], CAIRN_SECRET_ACCESS_KEY=ROOT[1])
        srv = Server(data_dir=data_dir, extra_args=["--auth", "sigv4"]).start(env=env)
        root = client(srv, *ROOT)
        root.create_table(
            TableName="games", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "user", "KeyType": "HASH"},
                       {"AttributeName": "game", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "user", "AttributeType": "S"},
                                  {"AttributeName": "game", "AttributeType": "S"}])
        for user in ("ana", "bo", "reader"):
            root.put_item(TableName="games", Item={"user": {"S": user}, "game": {"S": "chess"},
                                                   "score": {"N": "1"}, "secret": {"S": "x"}})
        srv.root = root
        srv.data_dir = data_dir
        yield srv
        srv.stop()


def client(server, key_id, secret, service="dynamodb"):
    return boto3.client(service, endpoint_url=server.url, region_name="us-east-1",
                        aws_access_key_id=key_id, aws_secret_access_key=secret,
                        config=Config(retries={"max_attempts": 1}))


class PolicyApi:
    """PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy, signed as key_id: the
    Debian botocore predates them. Errors are raised as botocore's ClientError."""

    def __init__(self, server, key_id, secret):
        self.url, self.key_id, self.secret = server.url, key_id, secret

    def _call(self, operation, **members):
        body = json.dumps(members).encode()
        headers = signed_headers_for(self.url, operation, body, self.key_id, self.secret)
        response = requests.post(self.url + "/", headers=headers, data=body, timeout=30)
        payload = response.json()
        if response.status_code != 200:
            raise ClientError({"Error": {"Code": payload["__type"].split("#")[-1],
                                         "Message": payload.get("message")},
                               "ResponseMetadata": {"HTTPStatusCode": response.status_code}},
                              operation)
        return payload

    def put_resource_policy(self, **members):
        return self._call("PutResourcePolicy", **members)

    def get_resource_policy(self, **members):
        return self._call("GetResourcePolicy", **members)

    def delete_resource_policy(self, **members):
        return self._call("DeleteResourcePolicy", **members)


def as_user(server, user, service="dynamodb"):
    return client(server, USERS[user], user + "-secret", service)


def denied(call, **kwargs):
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    error = info.value.response["Error"]
    assert error["Code"] == "AccessDeniedException", error
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    return error["Message"]


def key(user, game="chess"):
    return {"user": {"S": user}, "game": {"S": game}}


def no_policy_message(user, action, resource):
    return (f"User: arn:aws:iam::{ACCOUNT}:user/{user} is not authorized to perform: "
            f"dynamodb:{action} on resource: {resource} because no identity-based policy "
            f"allows the dynamodb:{action} action")


