"""ClientRequestToken survives restarts: a TransactWriteItems retried with the same token
within ten minutes is a replay even when the server restarted (or crashed) in between,
because the token is written in the transaction's own commit."""
import pytest
from botocore.exceptions import ClientError

from conftest import Server, create_table, error_of, make_client


def add_one(table, key="counter"):
    return [{"Update": {"TableName": table, "Key": {"pk": {"S": key}},
                        "UpdateExpression": "ADD n :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}}}}]


def counter(client, table):
    return client.get_item(TableName=table, Key={"pk": {"S": "counter"}})["Item"]["n"]


@pytest.mark.parametrize("restart", ["stop", "kill"])
def test_a_retry_after_a_restart_does_not_apply_twice(tmp_path, restart):
    with Server(data_dir=str(tmp_path)).start() as srv:
        client = make_client(srv.url)
        table = create_table(client)
        client.transact_write_items(TransactItems=add_one(table), ClientRequestToken="retry-1")
        if restart == "kill":
            srv.kill()
    with Server(data_dir=str(tmp_path)).start() as srv:
        client = make_client(srv.url)
        client.transact_write_items(TransactItems=add_one(table), ClientRequestToken="retry-1")
        assert counter(client, table) == {"N": "1"}
        # The same token with another request is still a mismatch after the restart.
        with pytest.raises(ClientError) as e:
            client.transact_write_items(TransactItems=add_one(table, "other"),
                                        ClientRequestToken="retry-1")
        assert error_of(e)[0] == "IdempotentParameterMismatchException"
        # A new token applies.
        client.transact_write_items(TransactItems=add_one(table), ClientRequestToken="retry-2")
        assert counter(client, table) == {"N": "2"}


def test_a_cancelled_transaction_leaves_no_token(tmp_path):
    with Server(data_dir=str(tmp_path)).start() as srv:
        client = make_client(srv.url)
        table = create_table(client)
        failing = add_one(table)
        failing[0]["Update"]["ConditionExpression"] = "attribute_exists(pk)"
        with pytest.raises(ClientError):
            client.transact_write_items(TransactItems=failing, ClientRequestToken="cancelled")
    with Server(data_dir=str(tmp_path)).start() as srv:
        client = make_client(srv.url)
        # Not a replay: the same token with another request runs.
        client.transact_write_items(TransactItems=add_one(table), ClientRequestToken="cancelled")
        assert counter(client, table) == {"N": "1"}
