"""DynamoDB's resource-based policies (issue 20): PutResourcePolicy, GetResourcePolicy and
DeleteResourcePolicy on tables and streams, with DynamoDB's revision ids and texts, enforced
together with the users' identity policies as IAM evaluates them in one account; and every
request checked against the resource its handler acts on."""
import json

import pytest
from botocore.exceptions import ClientError

from policy_support import (ACCOUNT, ROOT, TABLE_ARN, USERS, PolicyApi, as_user, denied, key,
                            no_policy_message, policy, policy_server)


@pytest.fixture(scope="module")
def server():
    yield from policy_server()


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


def test_create_table_with_a_resource_policy_needs_put_resource_policy(server):
    builder = as_user(server, "builder")
    spec = {"TableName": "built", "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "k", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "k", "AttributeType": "S"}]}
    grant = policy({"Effect": "Allow", "Principal": "*", "Action": "dynamodb:*",
                    "Resource": f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/built"})
    with pytest.raises(ClientError) as info:
        PolicyApi(server, USERS["builder"], "builder-secret")._call(
            "CreateTable", ResourcePolicy=grant, **spec)
    assert info.value.response["Error"]["Message"] == no_policy_message(
        "builder", "PutResourcePolicy", f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/built")
    assert "built" not in server.root.list_tables()["TableNames"]
    builder.create_table(**spec)


def test_a_resource_policy_naming_the_account_grants_its_users_nothing(server):
    root, nobody = server.root, as_user(server, "nobody")
    arn = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/games"
    policies = PolicyApi(server, *ROOT)
    for principal in (ACCOUNT, f"arn:aws:iam::{ACCOUNT}:root"):
        revision = policies.put_resource_policy(ResourceArn=arn, Policy=policy(
            {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "dynamodb:GetItem",
             "Resource": arn}))["RevisionId"]
        # IAM: naming the account leaves its users to their identity policies.
        denied(nobody.get_item, TableName="games", Key=key("ana"))
        assert "Item" in root.get_item(TableName="games", Key=key("ana"))
        policies.delete_resource_policy(ResourceArn=arn, ExpectedRevisionId=revision)
    # A deny that names the account holds for all of its users.
    revision = policies.put_resource_policy(ResourceArn=arn, Policy=policy(
        {"Effect": "Deny", "Principal": {"AWS": ACCOUNT}, "Action": "dynamodb:GetItem",
         "Resource": arn}))["RevisionId"]
    denied(as_user(server, "denied").get_item, TableName="games", Key=key("ana"))
    policies.delete_resource_policy(ResourceArn=arn, ExpectedRevisionId=revision)
    assert "Item" in as_user(server, "denied").get_item(TableName="games", Key=key("ana"))


def test_a_request_is_checked_against_the_resource_its_handler_acts_on(server):
    mine = as_user(server, "mine")
    mine.create_table(TableName="mine_t", BillingMode="PAY_PER_REQUEST",
                      KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                      AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}])
    # A TableName of one's own does not cover the ResourceArn the operation acts on.
    body = {"ResourceArn": TABLE_ARN, "TableName": "mine_t"}
    with pytest.raises(ClientError) as info:
        PolicyApi(server, USERS["mine"], "mine-secret")._call(
            "TagResource", Tags=[{"Key": "k", "Value": "v"}], **body)
    assert info.value.response["Error"]["Code"] == "AccessDeniedException"
    with pytest.raises(ClientError) as info:
        PolicyApi(server, USERS["mine"], "mine-secret").put_resource_policy(
            Policy=policy({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}),
            **body)
    assert info.value.response["Error"]["Code"] == "AccessDeniedException"
    assert server.root.list_tags_of_resource(ResourceArn=TABLE_ARN).get("Tags", []) == []
