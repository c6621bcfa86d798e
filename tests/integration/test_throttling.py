"""Opt-in throttling (`cairn serve --enforce-throughput`): provisioned tables spend their
burst capacity, then throttle at their provisioned rate with
ProvisionedThroughputExceededException, which the SDK's own retries ride out; on-demand
tables, and servers without the flag, never throttle."""
import time

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import Server, create_table, error_of, make_client

BIG = "x" * 300_000  # 293 write units per put


@pytest.fixture(scope="module")
def throttling_server():
    srv = Server(extra_args=["--enforce-throughput"]).start()
    yield srv
    srv.stop()


def provisioned(client, rcu, wcu):
    return create_table(client, BillingMode="PROVISIONED",
                        ProvisionedThroughput={"ReadCapacityUnits": rcu,
                                               "WriteCapacityUnits": wcu})


def spend_write_burst(client, table, wcu):
    """Writes big items until the table throttles (its burst of five minutes of `wcu` is
    spent, plus whatever refilled meanwhile); returns the throttling error."""
    for i in range(10 * wcu * 300 // 293 + 10):
        try:
            client.put_item(TableName=table, Item={"pk": {"S": f"big{i}"}, "v": {"S": BIG}})
        except ClientError as e:
            return e
    raise AssertionError("the table never throttled")


def test_a_provisioned_table_throttles_once_its_burst_is_spent(throttling_server):
    client = make_client(throttling_server.url)
    table = provisioned(client, 1, 2)
    e = spend_write_burst(client, table, 2)
    assert (e.response["Error"]["Code"], e.response["Error"]["Message"]) == (
        "ProvisionedThroughputExceededException",
        "The level of configured provisioned throughput for the table was exceeded. Consider "
        "increasing your provisioning level with the UpdateTable API.")
    # Reads have their own bucket.
    client.get_item(TableName=table, Key={"pk": {"S": "big0"}})
    # A batch to the throttled table comes back refused as a whole.
    with pytest.raises(ClientError) as e:
        client.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": {"pk": {"S": "b"}}}}]})
    assert error_of(e)[0] == "ProvisionedThroughputExceededException"


def test_the_sdks_retries_ride_out_throttling(throttling_server):
    client = make_client(throttling_server.url)
    table = provisioned(client, 1, 100)
    spend_write_burst(client, table, 100)
    patient = boto3.client(
        "dynamodb", endpoint_url=throttling_server.url, region_name="us-east-1",
        aws_access_key_id="AKID", aws_secret_access_key="secret",
        config=Config(retries={"max_attempts": 20, "mode": "standard"}))
    # The debt of the last big put (under 293 units) refills at 100 units a second; the
    # SDK backs off and retries until then.
    r = patient.put_item(TableName=table, Item={"pk": {"S": "after"}})
    assert r["ResponseMetadata"]["RetryAttempts"] > 0
    assert client.get_item(TableName=table, Key={"pk": {"S": "after"}})["Item"]


def test_a_throttled_table_leaves_other_tables_of_a_batch_alone(throttling_server):
    client = make_client(throttling_server.url)
    hot = provisioned(client, 1, 1)
    spend_write_burst(client, hot, 1)
    cold = create_table(client)
    r = client.batch_write_item(RequestItems={
        hot: [{"PutRequest": {"Item": {"pk": {"S": "h"}}}}],
        cold: [{"PutRequest": {"Item": {"pk": {"S": "c"}}}}],
    })
    assert r["UnprocessedItems"] == {hot: [{"PutRequest": {"Item": {"pk": {"S": "h"}}}}]}
    assert client.get_item(TableName=cold, Key={"pk": {"S": "c"}})["Item"]
    # A transaction touching the throttled table is cancelled for it.
    with pytest.raises(ClientError) as e:
        client.transact_write_items(TransactItems=[
            {"Put": {"TableName": cold, "Item": {"pk": {"S": "t"}}}},
            {"Put": {"TableName": hot, "Item": {"pk": {"S": "t"}}}}])
    reasons = e.value.response["CancellationReasons"]
    assert [r["Code"] for r in reasons] == ["None", "ProvisionedThroughputExceeded"]


def test_raising_the_provisioned_rate_takes_effect(throttling_server):
    client = make_client(throttling_server.url)
    table = provisioned(client, 1, 1)
    spend_write_burst(client, table, 1)
    client.update_table(TableName=table, ProvisionedThroughput={"ReadCapacityUnits": 1,
                                                                "WriteCapacityUnits": 1000})
    time.sleep(0.5)  # 500 units refilled at the new rate
    client.put_item(TableName=table, Item={"pk": {"S": "a"}})


def test_on_demand_tables_never_throttle(throttling_server):
    client = make_client(throttling_server.url)
    table = create_table(client)
    for i in range(5):
        client.put_item(TableName=table, Item={"pk": {"S": f"big{i}"}, "v": {"S": BIG}})


def test_without_the_flag_nothing_throttles(client):
    table = provisioned(client, 1, 1)
    for i in range(5):
        client.put_item(TableName=table, Item={"pk": {"S": f"big{i}"}, "v": {"S": BIG}})


def test_a_replayed_transaction_only_reads_so_write_throttling_spares_it(throttling_server):
    client = make_client(throttling_server.url)
    table = provisioned(client, 5, 2)
    request = dict(TransactItems=[{"Put": {"TableName": table, "Item": {"pk": {"S": "t"}}}}],
                   ClientRequestToken="replay-under-throttling")
    client.transact_write_items(**request)
    spend_write_burst(client, table, 2)
    with pytest.raises(ClientError) as e:
        client.transact_write_items(
            TransactItems=[{"Put": {"TableName": table, "Item": {"pk": {"S": "u"}}}}])
    assert error_of(e)[0] == "TransactionCanceledException"
    assert e.value.response["CancellationReasons"][0]["Code"] == "ProvisionedThroughputExceeded"
    [cc] = client.transact_write_items(**request, ReturnConsumedCapacity="TOTAL")[
        "ConsumedCapacity"]
    assert cc["ReadCapacityUnits"] == 2
