"""Tables live in accounts: a key of one account never sees another account's tables (issue
20). ARNs carry the account; another account's table ARN is denied, its stream not found."""
import os
import subprocess
import tempfile

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import BINARY, Server, error_of

ACCOUNTS = {"ana": ("111111111111", "AKIDANA00000001", "ana-secret"),
            "bo": ("222222222222", "AKIDBO000000001", "bo-secret")}


@pytest.fixture(scope="module")
def accounts():
    with tempfile.TemporaryDirectory(prefix="cairn-accounts-") as data_dir:
        # Before authentication: a table of the default account, made with --auth none.
        plain = Server(data_dir=data_dir).start()
        open_client(plain.url, "any", "any").create_table(**table_spec("from_before"))
        plain.stop()
        # Each account's root user (who needs no policy: policies are test_policies.py's).
        for account, key_id, secret in ACCOUNTS.values():
            made = subprocess.run([BINARY, "keys", "create", "--data-dir", data_dir, "--account",
                                   account, "--access-key-id", key_id,
                                   "--secret-stdin"], input=secret + "\n", capture_output=True,
                                  text=True, timeout=60)
            assert made.returncode == 0, made.stderr
        env = dict(os.environ, CAIRN_ACCESS_KEY_ID="AKIDDEFAULT0001", CAIRN_SECRET_ACCESS_KEY="d")
        server = Server(data_dir=data_dir, extra_args=["--auth", "sigv4"]).start(env=env)
        clients = {user: open_client(server.url, key_id, secret)
                   for user, (_, key_id, secret) in ACCOUNTS.items()}
        clients["default"] = open_client(server.url, "AKIDDEFAULT0001", "d")
        clients["url"] = server.url
        yield clients
        server.stop()


def open_client(url, key_id, secret, service="dynamodb"):
    return boto3.client(service, endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id=key_id, aws_secret_access_key=secret,
                        config=Config(retries={"max_attempts": 1}))


def table_spec(name, **extra):
    return dict(TableName=name, BillingMode="PAY_PER_REQUEST",
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], **extra)


def test_the_default_account_keeps_the_tables_made_before_authentication(accounts):
    assert accounts["default"].list_tables()["TableNames"] == ["from_before"]
    assert accounts["ana"].list_tables()["TableNames"] == []


def test_each_account_sees_only_its_own_tables(accounts):
    ana, bo = accounts["ana"], accounts["bo"]
    created = ana.create_table(**table_spec("orders"))["TableDescription"]
    assert created["TableArn"] == "arn:aws:dynamodb:us-east-1:111111111111:table/orders"
    ana.put_item(TableName="orders", Item={"pk": {"S": "a"}, "who": {"S": "ana"}})
    assert "orders" not in bo.list_tables()["TableNames"]
    with pytest.raises(ClientError) as e:
        bo.describe_table(TableName="orders")
    assert error_of(e) == ("ResourceNotFoundException",
                           "Requested resource not found: Table: orders not found")
    with pytest.raises(ClientError) as e:
        bo.get_item(TableName="orders", Key={"pk": {"S": "a"}})
    assert error_of(e) == ("ResourceNotFoundException", "Requested resource not found")
    # The same name in another account is another table.
    bo.create_table(**table_spec("orders"))
    bo.put_item(TableName="orders", Item={"pk": {"S": "a"}, "who": {"S": "bo"}})
    assert ana.get_item(TableName="orders", Key={"pk": {"S": "a"}})["Item"]["who"]["S"] == "ana"
    assert bo.get_item(TableName="orders", Key={"pk": {"S": "a"}})["Item"]["who"]["S"] == "bo"
    assert bo.describe_table(TableName="orders")["Table"]["TableArn"].split(":")[4] == "222222222222"
    bo.delete_table(TableName="orders")
    assert ana.describe_table(TableName="orders")["Table"]["TableStatus"] == "ACTIVE"


def test_another_accounts_arn_and_stream_are_out_of_reach(accounts):
    ana, bo = accounts["ana"], accounts["bo"]
    table = ana.create_table(**table_spec(
        "events", StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}))
    arn = table["TableDescription"]["TableArn"]
    stream_arn = table["TableDescription"]["LatestStreamArn"]
    ana.tag_resource(ResourceArn=arn, Tags=[{"Key": "team", "Value": "a"}])
    with pytest.raises(ClientError) as e:
        bo.list_tags_of_resource(ResourceArn=arn)
    assert error_of(e) == ("AccessDeniedException", "Access is denied")
    ana_streams = open_client(accounts["url"], *ACCOUNTS["ana"][1:], service="dynamodbstreams")
    bo_streams = open_client(accounts["url"], *ACCOUNTS["bo"][1:], service="dynamodbstreams")
    assert [s["StreamArn"] for s in ana_streams.list_streams()["Streams"]] == [stream_arn]
    assert bo_streams.list_streams()["Streams"] == []
    with pytest.raises(ClientError) as e:
        bo_streams.describe_stream(StreamArn=stream_arn)
    assert error_of(e)[0] == "ResourceNotFoundException"


def test_accounts_of_tables_survive_a_restart():
    with tempfile.TemporaryDirectory(prefix="cairn-accounts-restart-") as data_dir:
        for user, (account, key_id, secret) in ACCOUNTS.items():
            subprocess.run([BINARY, "keys", "create", "--data-dir", data_dir, "--account", account,
                            "--access-key-id", key_id, "--secret-stdin"], input=secret + "\n",
                           capture_output=True, text=True, timeout=60, check=True)
        for round_ in range(2):
            with Server(data_dir=data_dir, extra_args=["--auth", "sigv4"]).start() as server:
                ana = open_client(server.url, *ACCOUNTS["ana"][1:])
                bo = open_client(server.url, *ACCOUNTS["bo"][1:])
                if round_ == 0:
                    ana.create_table(**table_spec("kept"))
                    ana.put_item(TableName="kept", Item={"pk": {"S": "x"}})
                assert ana.list_tables()["TableNames"] == ["kept"]
                assert bo.list_tables()["TableNames"] == []
                assert "Item" in ana.get_item(TableName="kept", Key={"pk": {"S": "x"}})
