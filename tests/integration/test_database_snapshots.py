"""Snapshots of the whole database through the admin API (issue 22): a test suite takes one
(CreateDatabaseSnapshot) and puts it back between tests (ResetDatabase) in milliseconds;
every table, item, index entry, stream, setting and backup is then as it was. The root
user's alone, signed (--auth sigv4); in memory as on disk; a reset survives a restart, and
one that a kill cut short is finished at the next start."""
import json
import subprocess
import time

import boto3
import pytest
import requests
from botocore.exceptions import ClientError

from conftest import BINARY, Server
from sigv4_support import signed_headers_for
from test_server_backup import ROOT, cairn, client_of, sigv4_server

TARGET = "CairnAdmin_20261201."


def admin(server, operation, creds=ROOT, **members):
    body = json.dumps(members).encode()
    headers = signed_headers_for(server.url, operation, body, *creds,
                                 extra={"x-amz-target": TARGET + operation})
    response = requests.post(server.url + "/", headers=headers, data=body, timeout=60)
    return response.status_code, response.json()


def admin_ok(server, operation, **members):
    status, answer = admin(server, operation, **members)
    assert status == 200, answer
    return answer


def make_orders(client):
    client.create_table(
        TableName="orders", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by_g",
                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    client.update_time_to_live(TableName="orders", TimeToLiveSpecification={
        "Enabled": True, "AttributeName": "expires"})
    for n in range(20):
        client.put_item(TableName="orders",
                        Item={"pk": {"S": f"k{n:02}"}, "g": {"S": "even" if n % 2 == 0 else "odd"},
                              "v": {"N": str(n)}})


def state_of(client):
    tables = sorted(client.list_tables()["TableNames"])
    items = {}
    for table in tables:
        for item in client.scan(TableName=table, ConsistentRead=True)["Items"]:
            items[(table, item["pk"]["S"])] = item
    odd = sorted(i["pk"]["S"] for i in client.query(
        TableName="orders", IndexName="by_g", KeyConditionExpression="g = :g",
        ExpressionAttributeValues={":g": {"S": "odd"}})["Items"]) if "orders" in tables else []
    return tables, items, odd


def change_everything(client):
    client.put_item(TableName="orders", Item={"pk": {"S": "new"}, "g": {"S": "odd"}})
    client.delete_item(TableName="orders", Key={"pk": {"S": "k03"}})
    client.update_item(TableName="orders", Key={"pk": {"S": "k05"}},
                       UpdateExpression="SET g = :g", ExpressionAttributeValues={":g": {"S": "even"}})
    client.create_table(TableName="later", BillingMode="PAY_PER_REQUEST",
                        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    client.put_item(TableName="later", Item={"pk": {"S": "x"}})


@pytest.mark.parametrize("on_disk", [True, False], ids=["on-disk", "in-memory"])
def test_a_reset_puts_back_the_database_as_the_snapshot_held_it(tmp_path, on_disk):
    server = sigv4_server(str(tmp_path / "data") if on_disk else None)  # None: in memory
    try:
        client = client_of(server)
        make_orders(client)
        # A backup and a recovery base belong to the snapshot too.
        client.create_backup(TableName="orders", BackupName="fixture-backup")
        client.update_continuous_backups(TableName="orders", PointInTimeRecoverySpecification={
            "PointInTimeRecoveryEnabled": True})
        before = state_of(client)
        assert admin_ok(server, "CreateDatabaseSnapshot", SnapshotName="fixture") == {
            "SnapshotName": "fixture"}

        for _ in range(2):  # a snapshot can be put back again and again
            change_everything(client)
            assert state_of(client) != before
            started = time.monotonic()
            assert admin_ok(server, "ResetDatabase", SnapshotName="fixture") == {
                "SnapshotName": "fixture"}
            print(f"reset in {1000 * (time.monotonic() - started):.1f} ms")
            assert state_of(client) == before
            assert before[2] == [f"k{n:02}" for n in range(1, 20, 2)]

        described = client.describe_table(TableName="orders")["Table"]
        assert described["StreamSpecification"]["StreamEnabled"] is True
        assert client.describe_time_to_live(TableName="orders")[
            "TimeToLiveDescription"]["TimeToLiveStatus"] == "ENABLED"
        # The table's stream is the snapshot's: its records are the twenty puts.
        streams = boto3.client("dynamodbstreams", endpoint_url=server.url,
                               region_name="us-east-1", aws_access_key_id=ROOT[0],
                               aws_secret_access_key=ROOT[1])
        stream = streams.describe_stream(StreamArn=described["LatestStreamArn"])[
            "StreamDescription"]
        records = 0
        for shard in stream["Shards"]:
            iterator = streams.get_shard_iterator(
                StreamArn=described["LatestStreamArn"], ShardId=shard["ShardId"],
                ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            records += len(streams.get_records(ShardIterator=iterator)["Records"])
        assert records == 20
        # Writes go on after a reset.
        client.put_item(TableName="orders", Item={"pk": {"S": "after"}, "g": {"S": "odd"}})
        assert "after" in state_of(client)[2]

        assert [b["BackupName"] for b in client.list_backups()["BackupSummaries"]] == [
            "fixture-backup"]
        assert client.describe_continuous_backups(TableName="orders")[
            "ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"][
            "PointInTimeRecoveryStatus"] == "ENABLED"
        admin_ok(server, "CreateDatabaseSnapshot", SnapshotName="fixture-2")
        listed = admin_ok(server, "ListDatabaseSnapshots")["Snapshots"]
        assert [s["SnapshotName"] for s in listed] == ["fixture", "fixture-2"]
        admin_ok(server, "DeleteDatabaseSnapshot", SnapshotName="fixture-2")
        assert abs(listed[0]["CreationDateTime"] - time.time()) < 120
        assert admin_ok(server, "DeleteDatabaseSnapshot", SnapshotName="fixture") == {}
        assert admin_ok(server, "ListDatabaseSnapshots") == {"Snapshots": []}
    finally:
        server.stop()


def test_snapshot_errors(tmp_path):
    server = sigv4_server(str(tmp_path / "data"))
    try:
        admin_ok(server, "CreateDatabaseSnapshot", SnapshotName="one")
        status, answer = admin(server, "CreateDatabaseSnapshot", SnapshotName="one")
        assert (status, answer["__type"]) == (400, "com.cairn.admin#EntityAlreadyExistsException")
        assert answer["message"] == "A database snapshot named one already exists."
        for operation in ("ResetDatabase", "DeleteDatabaseSnapshot"):
            status, answer = admin(server, operation, SnapshotName="two")
            assert (status, answer["__type"]) == (400, "com.cairn.admin#NoSuchEntityException")
            assert answer["message"] == "The database snapshot two cannot be found."
        for bad, constraint in (
                ("", "Member must have length greater than or equal to 1"),
                ("x" * 129, "Member must have length less than or equal to 128"),
                ("../data", "Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+"),
                ("a.b", "Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+")):
            status, answer = admin(server, "CreateDatabaseSnapshot", SnapshotName=bad)
            assert status == 400 and answer["__type"].endswith("#ValidationException"), bad
            assert answer["message"] == (f"1 validation error detected: Value '{bad}' at "
                                         f"'snapshotName' failed to satisfy constraint: "
                                         f"{constraint}")
        # Another user, even one whose policy allows everything, may not: a reset replaces
        # every account's data.
        made = admin_ok(server, "CreateAccessKey", UserName="ana")["AccessKey"]
        ana = (made["AccessKeyId"], made["SecretAccessKey"])
        admin_ok(server, "PutUserPolicy", UserName="ana", PolicyName="all",
                 PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
                     {"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
        for operation in ("CreateDatabaseSnapshot", "ResetDatabase", "ListDatabaseSnapshots",
                          "DeleteDatabaseSnapshot"):
            status, answer = admin(server, operation, creds=ana, SnapshotName="one")
            assert status == 400 and answer["__type"].endswith("#AccessDeniedException"), answer
            assert "only the root user of the server's account is" in answer["message"]
    finally:
        server.stop()
    # Nor may the root user of another account: every account has one.
    made = subprocess.run([BINARY, "keys", "create", "--data-dir", str(tmp_path / "data"),
                           "--account", "111111111111"], capture_output=True, text=True,
                          timeout=60)
    assert made.returncode == 0, made.stderr
    fields = dict(line.split(": ", 1) for line in made.stdout.strip().splitlines())
    other_root = (fields["AccessKeyId"], fields["SecretAccessKey"])
    server = sigv4_server(str(tmp_path / "data"))
    try:
        status, answer = admin(server, "ResetDatabase", creds=other_root, SnapshotName="one")
        assert status == 400 and answer["__type"].endswith("#AccessDeniedException"), answer
        assert answer["message"] == (
            "User: arn:aws:iam::111111111111:root is not authorized to reset the database: "
            "only the root user of the server's account is")
        admin_ok(server, "ResetDatabase", SnapshotName="one")  # the server's root may
    finally:
        server.stop()


def test_without_authentication_there_are_no_snapshots():
    with Server(extra_args=["--auth", "none"]).start() as plain:
        status, answer = admin(plain, "CreateDatabaseSnapshot", SnapshotName="one")
        assert status == 400
        assert answer["message"] == "The admin API needs --auth sigv4"


def test_backups_and_keys_are_the_snapshots_too_and_a_reset_outlives_a_restart(tmp_path):
    data = str(tmp_path / "data")
    server = sigv4_server(data)
    try:
        client = client_of(server)
        make_orders(client)
        kept = client.create_backup(TableName="orders", BackupName="kept")["BackupDetails"]
        admin_ok(server, "CreateDatabaseSnapshot", SnapshotName="base")
        client.create_backup(TableName="orders", BackupName="later")
        change_everything(client)
        made = admin_ok(server, "CreateAccessKey", UserName="bo")["AccessKey"]
        admin_ok(server, "ResetDatabase", SnapshotName="base")

        names = sorted(b["BackupName"] for b in client.list_backups()["BackupSummaries"])
        assert names == ["kept"]
        client.restore_table_from_backup(TargetTableName="restored",
                                         BackupArn=kept["BackupArn"])
        assert len(client.scan(TableName="restored")["Items"]) == 20
        with pytest.raises(ClientError) as refused:
            client_of(server, (made["AccessKeyId"], made["SecretAccessKey"])).list_tables()
        assert refused.value.response["Error"]["Code"] == "UnrecognizedClientException"
        expected = state_of(client)
        server.kill()  # kill -9: the reset and what followed were acknowledged
        server = sigv4_server(data)
        assert state_of(client_of(server)) == expected
    finally:
        server.stop()


def test_a_reset_cut_short_by_a_kill_is_finished_at_the_next_start(tmp_path):
    data = tmp_path / "data"
    server = sigv4_server(str(data))
    try:
        client = client_of(server)
        make_orders(client)
        expected = state_of(client)
        admin_ok(server, "CreateDatabaseSnapshot", SnapshotName="base")
        change_everything(client)
    finally:
        server.kill()
    # What a kill leaves midway through a reset: the marker naming the image, and the
    # database's own files partly gone.
    (data / "RESETTING").write_text("snapshots/base\nbackups\nrecovery\n")
    current = (data / "CURRENT").read_text().strip()
    (data / current).unlink()
    server = sigv4_server(str(data))
    try:
        assert state_of(client_of(server)) == expected
        assert not (data / "RESETTING").exists()
    finally:
        server.stop()


def test_cairn_snapshot_from_a_shell(tmp_path):
    server = sigv4_server(None)

    def snapshot(*args):
        return cairn("snapshot", *args, "--endpoint", server.url)

    try:
        client = client_of(server)
        make_orders(client)
        expected = state_of(client)
        made = snapshot("create", "clean")
        assert made.returncode == 0, made.stderr
        change_everything(client)
        reset = snapshot("reset", "clean")
        assert reset.returncode == 0, reset.stderr
        assert state_of(client) == expected
        listed = snapshot("list")
        assert json.loads(listed.stdout)["Snapshots"][0]["SnapshotName"] == "clean"
        assert snapshot("delete", "clean").returncode == 0
        missing = snapshot("reset", "clean")
        assert missing.returncode == 1
        assert "NoSuchEntityException: The database snapshot clean cannot be found." in \
            missing.stderr
        assert snapshot("reset").returncode == 2  # usage
    finally:
        server.stop()


def test_resets_under_writes_wait_for_the_requests_in_flight(tmp_path):
    import threading
    server = sigv4_server(str(tmp_path / "data"))
    try:
        client = client_of(server)
        make_orders(client)
        admin_ok(server, "CreateDatabaseSnapshot", SnapshotName="base")
        stop = threading.Event()
        failures = []

        def write(worker):
            writer = client_of(server)
            n = 0
            while not stop.is_set():
                try:
                    writer.put_item(TableName="orders",
                                    Item={"pk": {"S": f"w{worker}-{n}"}, "g": {"S": "odd"}})
                    n += 1
                except ClientError as e:  # answered, not dropped: nothing else is acceptable
                    failures.append(e.response["Error"]["Code"])

        writers = [threading.Thread(target=write, args=(w,)) for w in range(3)]
        for t in writers:
            t.start()
        for _ in range(5):
            time.sleep(0.1)
            admin_ok(server, "ResetDatabase", SnapshotName="base")
        stop.set()
        for t in writers:
            t.join()
        assert failures == []
        assert server.alive()
        admin_ok(server, "ResetDatabase", SnapshotName="base")
        assert len(client.scan(TableName="orders", ConsistentRead=True)["Items"]) == 20
    finally:
        server.stop()
