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

import pytest
from botocore.exceptions import ClientError

from policy_support import (ACCOUNT, TABLE_ARN, USERS, PolicyApi, as_user, cli, denied, key,
                            no_policy_message, policy, policy_server)


@pytest.fixture(scope="module")
def server():
    yield from policy_server()


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


def test_an_odd_spelling_of_a_key_is_read_as_the_handler_reads_it(server):
    ana = as_user(server, "ana")
    # The typed value's unknown member is skipped by the handler, which reads bo's item.
    body = {"TableName": "games", "Key": {"user": {"x": "ana", "S": "bo"},
                                          "game": {"S": "chess"}}}
    with pytest.raises(ClientError) as info:
        PolicyApi(server, USERS["ana"], "ana-secret")._call("GetItem", **body)
    assert info.value.response["Error"] == {
        "Code": "AccessDeniedException", "Message": no_policy_message("ana", "GetItem", TABLE_ARN)}
    denied(ana.get_item, TableName="games", Key=key("bo"))


def test_an_update_that_reads_a_hidden_attribute_is_refused(server):
    reader = as_user(server, "reader")
    for expression in ("SET score = secret", "SET score = if_not_exists(secret, :s)",
                       "SET score = list_append(secret, :l)"):
        values = {":s": {"N": "1"}, ":l": {"L": []}}
        used = {k: v for k, v in values.items() if k in expression}
        kwargs = {"ExpressionAttributeValues": used} if used else {}
        denied(reader.update_item, TableName="games", Key=key("reader"),
               UpdateExpression=expression, ReturnValues="UPDATED_NEW", **kwargs)




def test_exports_and_imports_are_authorized_on_their_tables(server):
    # ExportTableToPointInTime on the table exported; ImportTable on the table it makes;
    # DescribeExport and DescribeImport on the operation's own ARN.
    nobody, mine = as_user(server, "nobody"), as_user(server, "mine")
    assert denied(nobody.export_table_to_point_in_time, TableArn=TABLE_ARN, S3Bucket="bkt") == \
        no_policy_message("nobody", "ExportTableToPointInTime", TABLE_ARN)
    assert denied(mine.export_table_to_point_in_time, TableArn=TABLE_ARN, S3Bucket="bkt") == \
        no_policy_message("mine", "ExportTableToPointInTime", TABLE_ARN)

    def params(name):
        return {"TableName": name, "BillingMode": "PAY_PER_REQUEST",
                "KeySchema": [{"AttributeName": "k", "KeyType": "HASH"}],
                "AttributeDefinitions": [{"AttributeName": "k", "AttributeType": "S"}]}
    other = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/not_mine"
    assert denied(mine.import_table, S3BucketSource={"S3Bucket": "bkt"},
                  InputFormat="DYNAMODB_JSON", TableCreationParameters=params("not_mine")) == \
        no_policy_message("mine", "ImportTable", other)
    made = mine.import_table(S3BucketSource={"S3Bucket": "no-such-bucket"},
                             InputFormat="DYNAMODB_JSON",
                             TableCreationParameters=params("mine_imported"))
    arn = made["ImportTableDescription"]["ImportArn"]
    assert arn.startswith(f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/mine_imported/import/")
    assert mine.describe_import(ImportArn=arn)["ImportTableDescription"]["ImportArn"] == arn
    assert denied(nobody.describe_import, ImportArn=arn) == \
        no_policy_message("nobody", "DescribeImport", arn)
    denied(nobody.list_exports)
    denied(nobody.list_imports)
