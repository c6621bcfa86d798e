"""Who may do what (issue 20): identity policies attached with `cairn policies`, DynamoDB's
resource-based policies, evaluated as IAM evaluates them, before a request reads or writes
anything. A refusal is AccessDeniedException in DynamoDB's shape: "User: <arn> is not
authorized to perform: <action> on resource: <arn> because no identity-based policy allows
the <action> action" (or "with an explicit deny in an identity-based policy")."""
import json
import os
import shutil
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
         "nobody": "AKIDNOBODY000001", "remote": "AKIDREMOTE000001", "tagged": "AKIDTAGGED000001"}
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
}


def cli(*args, stdin=None):
    return subprocess.run([BINARY, *args], input=stdin, capture_output=True, text=True,
                          timeout=60)


@pytest.fixture(scope="module")
def server():
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


def test_a_user_without_policies_may_do_nothing(server):
    nobody = as_user(server, "nobody")
    assert denied(nobody.get_item, TableName="games", Key=key("ana")) == \
        no_policy_message("nobody", "GetItem", TABLE_ARN)
    # An operation on no one resource names none.
    assert denied(nobody.list_tables) == (
        f"User: arn:aws:iam::{ACCOUNT}:user/nobody is not authorized to perform: "
        "dynamodb:ListTables because no identity-based policy allows the dynamodb:ListTables "
        "action")
    for call, kwargs in [(nobody.describe_table, {"TableName": "games"}),
                         (nobody.scan, {"TableName": "games"}),
                         (nobody.delete_table, {"TableName": "games"}),
                         (nobody.create_table, {"TableName": "new", "BillingMode":
                                                "PAY_PER_REQUEST", "KeySchema": [
                                                    {"AttributeName": "k", "KeyType": "HASH"}],
                                                "AttributeDefinitions": [
                                                    {"AttributeName": "k",
                                                     "AttributeType": "S"}]}),
                         (nobody.describe_time_to_live, {"TableName": "games"}),
                         (nobody.list_tags_of_resource, {"ResourceArn": TABLE_ARN}),
                         (PolicyApi(server, USERS["nobody"], "nobody-secret").get_resource_policy,
                          {"ResourceArn": TABLE_ARN}),
                         (nobody.describe_limits, {})]:
        denied(call, **kwargs)
    # Authorization comes before existence: a missing table is not revealed.
    assert denied(nobody.get_item, TableName="missing", Key=key("ana")) == no_policy_message(
        "nobody", "GetItem", f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/missing")
    denied(as_user(server, "nobody", "dynamodbstreams").list_streams)


def test_the_root_user_needs_no_policy(server):
    assert server.root.get_item(TableName="games", Key=key("bo"))["Item"]["secret"]["S"] == "x"


def test_leading_keys_limit_get_item_to_ones_own_partition(server):
    ana = as_user(server, "ana")
    assert ana.get_item(TableName="games", Key=key("ana"))["Item"]["score"]["N"] == "1"
    assert denied(ana.get_item, TableName="games", Key=key("bo")) == \
        no_policy_message("ana", "GetItem", TABLE_ARN)


def test_leading_keys_limit_query(server):
    ana = as_user(server, "ana")
    mine = ana.query(TableName="games", KeyConditionExpression="#u = :u",
                     ExpressionAttributeNames={"#u": "user"},
                     ExpressionAttributeValues={":u": {"S": "ana"}})
    assert mine["Count"] == 1
    denied(ana.query, TableName="games", KeyConditionExpression="#u = :u",
           ExpressionAttributeNames={"#u": "user"}, ExpressionAttributeValues={":u": {"S": "bo"}})
    # A Scan names no partition: ana's policy does not allow the action at all.
    denied(ana.scan, TableName="games")


def test_leading_keys_are_checked_per_item_in_batch_write_item(server):
    ana = as_user(server, "ana")
    ana.batch_write_item(RequestItems={"games": [
        {"PutRequest": {"Item": {**key("ana", "go"), "score": {"N": "2"}}}},
        {"PutRequest": {"Item": {**key("ana", "shogi"), "score": {"N": "3"}}}}]})
    assert server.root.get_item(TableName="games", Key=key("ana", "go"))["Item"]["score"]["N"] == "2"
    # One item of another partition refuses the whole request: nothing is written.
    denied(ana.batch_write_item, RequestItems={"games": [
        {"PutRequest": {"Item": {**key("ana", "checkers"), "score": {"N": "4"}}}},
        {"DeleteRequest": {"Key": key("bo")}}]})
    assert "Item" not in server.root.get_item(TableName="games", Key=key("ana", "checkers"))
    assert "Item" in server.root.get_item(TableName="games", Key=key("bo"))
    denied(ana.batch_get_item, RequestItems={"games": {"Keys": [key("ana"), key("bo")]}})
    got = ana.batch_get_item(RequestItems={"games": {"Keys": [key("ana")]}})
    assert len(got["Responses"]["games"]) == 1


def test_leading_keys_are_checked_per_item_in_transact_write_items(server):
    ana = as_user(server, "ana")
    ana.transact_write_items(TransactItems=[
        {"Put": {"TableName": "games", "Item": {**key("ana", "poker"), "score": {"N": "5"}}}},
        {"ConditionCheck": {"TableName": "games", "Key": key("ana"),
                            "ConditionExpression": "attribute_exists(score)"}}])
    message = denied(ana.transact_write_items, TransactItems=[
        {"Put": {"TableName": "games", "Item": {**key("ana", "bridge"), "score": {"N": "6"}}}},
        {"Update": {"TableName": "games", "Key": key("bo"), "UpdateExpression": "SET score = :s",
                    "ExpressionAttributeValues": {":s": {"N": "0"}}}}])
    # A transaction's item asks for its underlying action.
    assert message == no_policy_message("ana", "UpdateItem", TABLE_ARN)
    assert "Item" not in server.root.get_item(TableName="games", Key=key("ana", "bridge"))
    assert server.root.get_item(TableName="games", Key=key("bo"))["Item"]["score"]["N"] == "1"


def test_attributes_limit_projections(server):
    reader = as_user(server, "reader")
    got = reader.get_item(TableName="games", Key=key("reader"), ProjectionExpression="score")
    assert got["Item"] == {"score": {"N": "1"}}
    # Without a projection the read is for every attribute (Select ALL_ATTRIBUTES).
    denied(reader.get_item, TableName="games", Key=key("reader"))
    denied(reader.get_item, TableName="games", Key=key("reader"),
           ProjectionExpression="score, secret")
    denied(reader.get_item, TableName="games", Key=key("reader"),
           ProjectionExpression="#s", ExpressionAttributeNames={"#s": "secret"})
    denied(reader.query, TableName="games", KeyConditionExpression="#u = :u",
           ExpressionAttributeNames={"#u": "user"},
           ExpressionAttributeValues={":u": {"S": "reader"}})
    assert reader.query(TableName="games", KeyConditionExpression="#u = :u",
                        ProjectionExpression="score", Select="SPECIFIC_ATTRIBUTES",
                        ExpressionAttributeNames={"#u": "user"},
                        ExpressionAttributeValues={":u": {"S": "reader"}})["Count"] == 1


def test_attributes_limit_updates(server):
    reader = as_user(server, "reader")
    reader.update_item(TableName="games", Key=key("reader"), UpdateExpression="SET score = :s",
                       ExpressionAttributeValues={":s": {"N": "9"}})
    denied(reader.update_item, TableName="games", Key=key("reader"),
           UpdateExpression="SET secret = :s", ExpressionAttributeValues={":s": {"S": "y"}})
    # A condition reads an attribute too.
    denied(reader.update_item, TableName="games", Key=key("reader"),
           UpdateExpression="SET score = :s", ConditionExpression="secret = :x",
           ExpressionAttributeValues={":s": {"N": "9"}, ":x": {"S": "x"}})
    item = server.root.get_item(TableName="games", Key=key("reader"))["Item"]
    assert item["score"]["N"] == "9" and item["secret"]["S"] == "x"


def test_an_explicit_deny_beats_an_allow(server):
    user = as_user(server, "denied")
    assert "Item" in user.get_item(TableName="games", Key=key("bo"))
    assert denied(user.delete_item, TableName="games", Key=key("bo")) == (
        f"User: arn:aws:iam::{ACCOUNT}:user/denied is not authorized to perform: "
        f"dynamodb:DeleteItem on resource: {TABLE_ARN} with an explicit deny in an "
        "identity-based policy")
    assert "Item" in server.root.get_item(TableName="games", Key=key("bo"))


def test_global_condition_keys(server):
    # From 127.0.0.1, not 10.0.0.0/8.
    denied(as_user(server, "remote").list_tables)
    assert "Item" in as_user(server, "tagged").get_item(TableName="games", Key=key("bo"))


def test_resource_based_policies(server):
    root, nobody = server.root, as_user(server, "nobody")
    policies = PolicyApi(server, *ROOT)
    root.create_table(TableName="shared", BillingMode="PAY_PER_REQUEST",
                      KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                      AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}])
    arn = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/shared"
    root.put_item(TableName="shared", Item={"k": {"S": "a"}})
    with pytest.raises(ClientError) as info:
        policies.get_resource_policy(ResourceArn=arn)
    assert info.value.response["Error"] == {
        "Code": "PolicyNotFoundException",
        "Message": f"Resource-based policy not found for the provided ResourceArn: {arn}"}
    denied(nobody.get_item, TableName="shared", Key={"k": {"S": "a"}})

    grant = policy({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/nobody"},
                    "Action": "dynamodb:GetItem", "Resource": arn})
    first = policies.put_resource_policy(ResourceArn=arn, Policy=grant)["RevisionId"]
    # The same document again is the same revision.
    assert policies.put_resource_policy(ResourceArn=arn, Policy=grant)["RevisionId"] == first
    got = policies.get_resource_policy(ResourceArn=arn)
    assert got["RevisionId"] == first and json.loads(got["Policy"]) == json.loads(grant)
    assert nobody.get_item(TableName="shared", Key={"k": {"S": "a"}})["Item"] == {"k": {"S": "a"}}
    denied(nobody.put_item, TableName="shared", Item={"k": {"S": "b"}})

    # Conditional writes, with DynamoDB's texts.
    with pytest.raises(ClientError) as info:
        policies.put_resource_policy(ResourceArn=arn, Policy=grant, ExpectedRevisionId="NO_POLICY")
    assert info.value.response["Error"]["Message"] == (
        "Resource-based policy not found for the provided ResourceArn: Requested policy update "
        f"expecting none to be present for table shared, but a policy exists with revision id "
        f"{first}.")
    deny_all = policy({"Effect": "Deny", "Principal": "*", "Action": "dynamodb:PutItem",
                       "Resource": arn})
    second = policies.put_resource_policy(ResourceArn=arn, Policy=deny_all,
                                      ExpectedRevisionId=first)["RevisionId"]
    assert second > first
    with pytest.raises(ClientError) as info:
        policies.delete_resource_policy(ResourceArn=arn, ExpectedRevisionId=first)
    assert info.value.response["Error"] == {
        "Code": "PolicyNotFoundException",
        "Message": "Resource-based policy not found for the provided ResourceArn: Requested "
                   f"update for policy with revision id {first}, but the policy associated to "
                   f"target table shared has revision id {second}."}
    # A resource policy's explicit deny refuses even the root user.
    assert denied(root.put_item, TableName="shared", Item={"k": {"S": "c"}}) == (
        f"User: arn:aws:iam::{ACCOUNT}:root is not authorized to perform: dynamodb:PutItem on "
        f"resource: {arn} with an explicit deny in a resource-based policy")
    assert policies.delete_resource_policy(ResourceArn=arn)["RevisionId"] == second
    root.put_item(TableName="shared", Item={"k": {"S": "c"}})

    with pytest.raises(ClientError) as info:
        policies.put_resource_policy(ResourceArn=arn + "x", Policy=grant)
    assert info.value.response["Error"] == {
        "Code": "ResourceNotFoundException",
        "Message": "Requested resource not found: Table: sharedx not found"}
    # A deleted table's policy goes with it.
    policies.put_resource_policy(ResourceArn=arn, Policy=grant)
    root.delete_table(TableName="shared")
    root.create_table(TableName="shared", BillingMode="PAY_PER_REQUEST",
                      KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                      AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}])
    with pytest.raises(ClientError) as info:
        policies.get_resource_policy(ResourceArn=arn)
    assert info.value.response["Error"]["Code"] == "PolicyNotFoundException"


def test_policies_command(server):
    listed = cli("policies", "list", "--data-dir", server.data_dir)
    # The server holds the directory.
    assert listed.returncode == 1 and "is in use" in listed.stderr
    with tempfile.TemporaryDirectory(prefix="cairn-policies-cli-") as data_dir:
        assert cli("keys", "create", "--data-dir", data_dir).returncode == 0
        bad = cli("policies", "put", "--data-dir", data_dir, "--user", "ana", "--name", "p",
                  stdin='{"Statement": []}')
        assert bad.returncode == 1 and "Statement" in bad.stderr
        unknown = cli("policies", "put", "--data-dir", data_dir, "--user", "ana", "--name", "p",
                      stdin=policy({"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*",
                                    "Condition": {"StringFancy": {"a": "b"}}}))
        assert unknown.returncode == 1 and "StringFancy" in unknown.stderr
        good = policy({"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"})
        assert cli("policies", "put", "--data-dir", data_dir, "--user", "ana", "--name", "p",
                   stdin=good).returncode == 0
        assert cli("policies", "tag", "--data-dir", data_dir, "--user", "ana",
                   "team=blue").returncode == 0
        listed = cli("policies", "list", "--data-dir", data_dir).stdout.splitlines()
        assert listed == [f"{ACCOUNT}/ana\tpolicy\tp", f"{ACCOUNT}/ana\ttag\tteam=blue"]
        shown = cli("policies", "show", "--data-dir", data_dir, "--user", "ana", "--name", "p")
        assert json.loads(shown.stdout) == json.loads(good)
        assert cli("policies", "delete", "--data-dir", data_dir, "--user", "ana", "--name",
                   "p").returncode == 0
        assert cli("policies", "delete", "--data-dir", data_dir, "--user", "ana", "--name",
                   "p").returncode == 1


def test_the_aws_cli_is_held_to_a_users_partition(server):
    env = dict(os.environ, AWS_ACCESS_KEY_ID=USERS["ana"], AWS_SECRET_ACCESS_KEY="ana-secret",
               AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true")
    env.pop("AWS_SESSION_TOKEN", None)

    def get_item(user):
        return subprocess.run(["aws", "dynamodb", "get-item", "--endpoint-url", server.url,
                               "--table-name", "games", "--key", json.dumps(key(user))],
                              capture_output=True, text=True, env=env, timeout=120)

    mine = get_item("ana")
    assert mine.returncode == 0, mine.stderr
    assert json.loads(mine.stdout)["Item"]["user"] == {"S": "ana"}
    theirs = get_item("bo")
    assert theirs.returncode != 0
    assert "AccessDeniedException" in theirs.stderr
    assert no_policy_message("ana", "GetItem", TABLE_ARN) in theirs.stderr


def test_the_javascript_sdk_reads_an_access_denied(server):
    from test_auth_js import JS_DIR
    node, npm = shutil.which("node"), shutil.which("npm")
    assert node and npm, "node and npm are needed (scripts/install-deps installs them)"
    if not os.path.isdir(os.path.join(JS_DIR, "node_modules", "@aws-sdk", "client-dynamodb")):
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=JS_DIR, check=True,
                       capture_output=True, timeout=600)

    def list_tables(user):
        out = subprocess.run([node, os.path.join(JS_DIR, "signed_client.mjs"), server.url,
                              USERS[user], user + "-secret"],
                             capture_output=True, text=True, timeout=120)
        return json.loads(out.stdout.strip().splitlines()[-1])

    assert list_tables("nobody") == {
        "error": "AccessDeniedException",
        "message": f"User: arn:aws:iam::{ACCOUNT}:user/nobody is not authorized to perform: "
                   "dynamodb:ListTables because no identity-based policy allows the "
                   "dynamodb:ListTables action"}
    assert "games" in list_tables("denied")["tables"]


def test_create_table_takes_a_resource_policy(server):
    nobody = as_user(server, "nobody")
    arn = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/with_policy"
    grant = policy({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/nobody"},
                    "Action": "dynamodb:DescribeTable", "Resource": arn})
    body = json.dumps({"TableName": "with_policy", "BillingMode": "PAY_PER_REQUEST",
                       "KeySchema": [{"AttributeName": "k", "KeyType": "HASH"}],
                       "AttributeDefinitions": [{"AttributeName": "k", "AttributeType": "S"}],
                       "ResourcePolicy": grant})
    PolicyApi(server, *ROOT)._call("CreateTable", **json.loads(body))
    assert nobody.describe_table(TableName="with_policy")["Table"]["TableArn"] == arn
    assert json.loads(PolicyApi(server, *ROOT).get_resource_policy(ResourceArn=arn)["Policy"]) == \
        json.loads(grant)
    # An invalid one refuses the table.
    with pytest.raises(ClientError) as info:
        PolicyApi(server, *ROOT)._call("CreateTable", **dict(json.loads(body), TableName="bad",
                                                             ResourcePolicy="{}"))
    assert info.value.response["Error"]["Code"] == "ValidationException"
    assert "bad" not in server.root.list_tables()["TableNames"]
