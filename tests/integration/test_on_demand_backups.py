"""On-demand backups (issue 22, decision 0030): CreateBackup, DescribeBackup, ListBackups,
DeleteBackup and RestoreTableFromBackup through boto3. A backup is the table as it was when
taken (items and index entries), outlives its table and a restart, and is restored into a new
table only."""
import os
import subprocess
import time

import boto3
from botocore.config import Config

from backup_support import GSI, LSI, contents, error_of, fill, make_table, put
from conftest import BINARY, Server, unique_name

def test_a_backup_is_the_table_as_it_was_and_restores_into_a_new_table(client):
    table, target = unique_name(), unique_name()
    make_table(client, table)
    fill(client, table)
    before = contents(client, table)
    details = client.create_backup(TableName=table, BackupName="nightly.1")["BackupDetails"]
    assert details["BackupName"] == "nightly.1"
    assert details["BackupStatus"] == "AVAILABLE"
    assert details["BackupType"] == "USER"
    assert details["BackupArn"].startswith(
        client.describe_table(TableName=table)["Table"]["TableArn"] + "/backup/")
    assert details["BackupSizeBytes"] > 0
    # Changes after the backup are not in it: an overwrite (moving index entries), a
    # deletion, a new item.
    put(client, table, "a", 0, "blue", 1)
    client.delete_item(TableName=table, Key={"pk": {"S": "b"}, "sk": {"N": "1"}})
    put(client, table, "b", 99, "green", 5)
    assert contents(client, table) != before

    described = client.describe_backup(BackupArn=details["BackupArn"])["BackupDescription"]
    assert described["BackupDetails"]["BackupArn"] == details["BackupArn"]
    source = described["SourceTableDetails"]
    assert source["TableName"] == table and source["ItemCount"] == 12
    assert source["BillingMode"] == "PAY_PER_REQUEST"
    assert [k["AttributeName"] for k in source["KeySchema"]] == ["pk", "sk"]
    features = described["SourceTableFeatureDetails"]
    assert [i["IndexName"] for i in features["GlobalSecondaryIndexes"]] == [GSI]
    assert [i["IndexName"] for i in features["LocalSecondaryIndexes"]] == [LSI]

    restored = client.restore_table_from_backup(TargetTableName=target,
                                                BackupArn=details["BackupArn"])
    description = restored["TableDescription"]
    assert description["TableName"] == target
    assert description["RestoreSummary"]["SourceBackupArn"] == details["BackupArn"]
    assert description["RestoreSummary"]["RestoreInProgress"] is False
    client.get_waiter("table_exists").wait(TableName=target)
    # DescribeTable keeps saying where the table came from.
    assert client.describe_table(TableName=target)["Table"]["RestoreSummary"] == \
        description["RestoreSummary"]
    assert contents(client, target) == before
    # The restored table is a table of its own: writes to it do not reach the original.
    put(client, target, "a", 500, "red", 7)
    assert client.get_item(TableName=table, Key={"pk": {"S": "a"}, "sk": {"N": "500"}}).get(
        "Item") is None
    client.delete_table(TableName=target)
    client.delete_backup(BackupArn=details["BackupArn"])
    client.delete_table(TableName=table)


def test_a_backup_outlives_its_table_until_deleted(client):
    table, target = unique_name(), unique_name()
    make_table(client, table)
    fill(client, table)
    before = contents(client, table)
    arn = client.create_backup(TableName=table, BackupName="keep")["BackupDetails"]["BackupArn"]
    client.delete_table(TableName=table)
    assert client.describe_backup(BackupArn=arn)["BackupDescription"]["BackupDetails"][
        "BackupStatus"] == "AVAILABLE"
    client.restore_table_from_backup(TargetTableName=target, BackupArn=arn)
    assert contents(client, target) == before
    deleted = client.delete_backup(BackupArn=arn)["BackupDescription"]
    assert deleted["BackupDetails"]["BackupStatus"] == "DELETED"
    for call in (lambda: client.describe_backup(BackupArn=arn),
                 lambda: client.delete_backup(BackupArn=arn),
                 lambda: client.restore_table_from_backup(TargetTableName=unique_name(),
                                                          BackupArn=arn)):
        assert error_of(call)[0] == "BackupNotFoundException"
    client.delete_table(TableName=target)


def test_overrides_drop_indexes_and_change_billing(client):
    table, target = unique_name(), unique_name()
    make_table(client, table)
    fill(client, table)
    arn = client.create_backup(TableName=table, BackupName="over")["BackupDetails"]["BackupArn"]
    client.restore_table_from_backup(
        TargetTableName=target, BackupArn=arn, GlobalSecondaryIndexOverride=[],
        BillingModeOverride="PROVISIONED",
        ProvisionedThroughputOverride={"ReadCapacityUnits": 7, "WriteCapacityUnits": 3})
    t = client.describe_table(TableName=target)["Table"]
    assert "GlobalSecondaryIndexes" not in t
    assert [i["IndexName"] for i in t["LocalSecondaryIndexes"]] == [LSI]
    assert t["ProvisionedThroughput"]["ReadCapacityUnits"] == 7
    assert t["ProvisionedThroughput"]["WriteCapacityUnits"] == 3
    assert t["ItemCount"] == 12
    code, _ = error_of(lambda: client.query(
        TableName=target, IndexName=GSI, KeyConditionExpression="colour = :c",
        ExpressionAttributeValues={":c": {"S": "red"}}))
    assert code == "ValidationException"
    code, _ = error_of(lambda: client.restore_table_from_backup(
        TargetTableName=unique_name(), BackupArn=arn,
        GlobalSecondaryIndexOverride=[{"IndexName": "no_such_index",
                                       "KeySchema": [{"AttributeName": "colour",
                                                      "KeyType": "HASH"}],
                                       "Projection": {"ProjectionType": "ALL"}}]))
    assert code == "ValidationException"
    for name in (target, table):
        client.delete_table(TableName=name)
    client.delete_backup(BackupArn=arn)


def test_errors(client):
    table = unique_name()
    make_table(client, table)
    arn = client.create_backup(TableName=table, BackupName="errs")["BackupDetails"]["BackupArn"]
    assert error_of(lambda: client.restore_table_from_backup(TargetTableName=table,
                                                             BackupArn=arn)) == (
        "TableAlreadyExistsException", f"Table already exists: {table}")
    assert error_of(lambda: client.create_backup(TableName="no_such_table_here",
                                                 BackupName="x1x")) == (
        "TableNotFoundException", "Table not found: no_such_table_here")
    unknown = arn[:-8] + "00000000"
    for call in (lambda: client.describe_backup(BackupArn=unknown),
                 lambda: client.delete_backup(BackupArn=unknown)):
        assert error_of(call)[0] == "BackupNotFoundException"
    code, message = error_of(lambda: client.create_backup(TableName=table, BackupName="no way"))
    assert code == "ValidationException" and "backupName" in message
    code, message = error_of(lambda: client.list_backups(Limit=101))
    assert code == "ValidationException" and "limit" in message
    client.delete_backup(BackupArn=arn)
    client.delete_table(TableName=table)


def test_list_backups_filters_and_pages(client):
    tables = [unique_name(), unique_name()]
    for t in tables:
        make_table(client, t)
    arns = []
    for n in range(3):
        arns.append(client.create_backup(TableName=tables[0],
                                          BackupName=f"bk{n}")["BackupDetails"]["BackupArn"])
        time.sleep(1.1)  # boto3 sends time bounds in whole seconds
    other = client.create_backup(TableName=tables[1], BackupName="oth")["BackupDetails"]["BackupArn"]

    listed = client.list_backups(TableName=tables[0])["BackupSummaries"]
    assert [b["BackupArn"] for b in listed] == arns
    assert {b["TableName"] for b in listed} == {tables[0]}
    assert all(b["BackupStatus"] == "AVAILABLE" and b["BackupType"] == "USER" for b in listed)
    first = client.list_backups(TableName=tables[0], Limit=2)
    assert [b["BackupArn"] for b in first["BackupSummaries"]] == arns[:2]
    rest = client.list_backups(TableName=tables[0], Limit=2,
                               ExclusiveStartBackupArn=first["LastEvaluatedBackupArn"])
    assert [b["BackupArn"] for b in rest["BackupSummaries"]] == arns[2:]
    assert "LastEvaluatedBackupArn" not in rest
    # A page resumes after its start even when that backup has been deleted since.
    one = client.list_backups(TableName=tables[0], Limit=1)
    assert [b["BackupArn"] for b in one["BackupSummaries"]] == arns[:1]
    client.delete_backup(BackupArn=arns[0])
    resumed = client.list_backups(TableName=tables[0],
                                  ExclusiveStartBackupArn=one["LastEvaluatedBackupArn"])
    assert [b["BackupArn"] for b in resumed["BackupSummaries"]] == arns[1:]
    arns[0] = client.create_backup(TableName=tables[0],
                                   BackupName="again")["BackupDetails"]["BackupArn"]
    arns = arns[1:] + arns[:1]
    listed = client.list_backups(TableName=tables[0])["BackupSummaries"]
    assert client.list_backups(TableName=tables[0], BackupType="SYSTEM")["BackupSummaries"] == []
    all_listed = [b["BackupArn"] for b in client.list_backups(BackupType="ALL")["BackupSummaries"]]
    assert set(arns + [other]) <= set(all_listed)
    # The time range: from (just before) the second backup's creation to (just before) the
    # third's: the lower bound is inclusive, the upper exclusive. (arns is in creation order
    # again: the re-made one is last.)
    created = [b["BackupCreationDateTime"].timestamp() for b in listed]
    ranged = client.list_backups(TableName=tables[0], TimeRangeLowerBound=int(created[1]),
                                 TimeRangeUpperBound=int(created[2]))["BackupSummaries"]
    assert [b["BackupArn"] for b in ranged] == arns[1:2]
    for arn in arns + [other]:
        client.delete_backup(BackupArn=arn)
    for t in tables:
        client.delete_table(TableName=t)


def disk_client(server):
    return boto3.client("dynamodb", endpoint_url=server.url, region_name="us-east-1",
                        aws_access_key_id="AKID", aws_secret_access_key="secret",
                        config=Config(retries={"max_attempts": 1}))


def test_backups_survive_a_restart_and_a_kill_leaves_no_stray_snapshot(tmp_path):
    server = Server(str(tmp_path / "data")).start()
    try:
        client = disk_client(server)
        make_table(client, "kept")
        fill(client, "kept")
        before = contents(client, "kept")
        arn = client.create_backup(TableName="kept", BackupName="kpt")["BackupDetails"]["BackupArn"]
        client.delete_table(TableName="kept")
        server.kill()
        # What a kill between a snapshot and its record leaves: a snapshot nobody names.
        stray = tmp_path / "data" / "backups" / "01700000000000-0badc0de"
        stray.mkdir()
        (stray / "CURRENT").write_text("MANIFEST-000001\n")
        not_ours = tmp_path / "data" / "backups" / "README"
        not_ours.write_text("an operator's note\n")
        server.start()
        client = disk_client(server)
        assert not stray.exists()
        assert not_ours.exists()  # only directories are snapshots
        not_ours.unlink()
        assert [b["BackupArn"] for b in client.list_backups()["BackupSummaries"]] == [arn]
        client.restore_table_from_backup(TargetTableName="again", BackupArn=arn)
        assert contents(client, "again") == before
        backups_dir = tmp_path / "data" / "backups"
        assert oct(os.stat(backups_dir).st_mode & 0o777) == "0o700"
        client.delete_backup(BackupArn=arn)
        assert os.listdir(backups_dir) == []
    finally:
        server.stop()


def test_backups_are_encrypted_with_the_data_and_block_a_conversion(tmp_path):
    marker = "BACKUP-MARKER-51e0c7"
    key = tmp_path / "key"
    made = subprocess.run([BINARY, "encryption-key", "--file", str(key)], capture_output=True,
                          text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    data_dir = tmp_path / "data"
    server = Server(str(data_dir), extra_args=["--encryption-key-file", str(key)]).start()
    try:
        client = disk_client(server)
        make_table(client, "secret")
        for n in range(50):
            client.put_item(TableName="secret", Item={"pk": {"S": "a"}, "sk": {"N": str(n)},
                                                      "v": {"S": f"{marker} {n}"}})
        arn = client.create_backup(TableName="secret",
                                   BackupName="enc")["BackupDetails"]["BackupArn"]
        client.delete_table(TableName="secret")
    finally:
        server.stop()
    for root, _, names in os.walk(data_dir):
        for name in names:
            with open(os.path.join(root, name), "rb") as f:
                assert marker.encode() not in f.read(), os.path.join(root, name)
    # A conversion would leave the backup's snapshot unreadable: refused, nothing changed.
    refused = subprocess.run([BINARY, "decrypt", "--data-dir", str(data_dir),
                              "--encryption-key-file", str(key)], capture_output=True,
                             text=True, timeout=120)
    assert refused.returncode != 0 and "holds backups" in refused.stderr
    server = Server(str(data_dir), extra_args=["--encryption-key-file", str(key)]).start()
    try:
        client = disk_client(server)
        client.restore_table_from_backup(TargetTableName="secret", BackupArn=arn)
        item = client.get_item(TableName="secret", Key={"pk": {"S": "a"}, "sk": {"N": "7"}})
        assert item["Item"]["v"]["S"] == f"{marker} 7"
    finally:
        server.stop()


def test_a_restore_does_not_hold_up_other_requests(tmp_path):
    # With one event loop, a restore (seconds for a large table) runs off the loop: other
    # clients are answered while it copies.
    import threading
    from conftest import make_client
    with Server(str(tmp_path / "data"), extra_args=["--threads", "1"]) as server:
        server.start()
        client = make_client(server.url)
        table = unique_name()
        client.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        for b in range(1600):
            client.batch_write_item(RequestItems={table: [
                {"PutRequest": {"Item": {"pk": {"S": f"k{b}-{i}"}, "pad": {"S": "x" * 1000}}}}
                for i in range(25)]})
        arn = client.create_backup(TableName=table, BackupName="big")["BackupDetails"]["BackupArn"]
        done = threading.Event()

        def restore():
            make_client(server.url).restore_table_from_backup(TargetTableName=unique_name(),
                                                              BackupArn=arn)
            done.set()
        restoring = threading.Thread(target=restore)
        restoring.start()
        other = make_client(server.url)
        answered_while_restoring = 0
        while not done.is_set():
            other.list_tables()
            answered_while_restoring += not done.is_set()
        restoring.join()
        assert answered_while_restoring >= 3
