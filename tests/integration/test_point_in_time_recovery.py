"""Point-in-time recovery (issue 22, decision 0030) through boto3 (and raw requests where the
Debian botocore does not know a member): UpdateContinuousBackups, DescribeContinuousBackups
and RestoreTableToPointInTime. With recovery on, every write is logged; a restore to any
time in the window makes a new table holding the source as it was then (items and index
entries), without its TTL, tags, stream or recovery settings. Deleting a table with
recovery on leaves a SYSTEM backup of its last contents.

boto3 sends RestoreDateTime in whole seconds (botocore truncates the fraction), so the
times restored to here are whole seconds with no write near them (see quiet_mark)."""
import datetime
import json
import os
import time

from backup_support import GSI, LSI, contents, error_of, fill, make_table, put, quiet_mark
from conftest import Server, create_table, make_client, raw_request, unique_name, \
    wait_until_active

NOT_ENABLED = "Point in time recovery is not enabled for table '{}'"
BAD_TIME = "RestoreDateTime must be between EarliestRestorableDateTime and LatestRestorableDateTime"
ENABLE = {"PointInTimeRecoveryEnabled": True}
DISABLE = {"PointInTimeRecoveryEnabled": False}


def at(t):
    """Epoch seconds as the aware datetime boto3 takes for RestoreDateTime."""
    return datetime.datetime.fromtimestamp(t, tz=datetime.timezone.utc)


def key(pk, sk):
    return {"pk": {"S": pk}, "sk": {"N": str(sk)}}


def item(pk, sk, colour, size):
    return {**key(pk, sk), "colour": {"S": colour}, "size": {"N": str(size)}}


def raw(server, operation, body):
    """(HTTP status, JSON body) of a request sent as is (botocore 1.29 drops or refuses
    RecoveryPeriodInDays)."""
    r = raw_request(server.url, operation, json.dumps(body))
    return r.status_code, r.json()


def raw_code(body):
    return body["__type"].split("#")[-1]


def enable(client, table):
    """Turns recovery on; returns the window's EarliestRestorableDateTime (epoch seconds)."""
    d = client.update_continuous_backups(TableName=table,
                                         PointInTimeRecoverySpecification=ENABLE)
    return d["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"][
        "EarliestRestorableDateTime"].timestamp()


def window(client, table):
    """(EarliestRestorableDateTime, LatestRestorableDateTime) in epoch seconds."""
    p = client.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"][
        "PointInTimeRecoveryDescription"]
    assert p["PointInTimeRecoveryStatus"] == "ENABLED"
    return p["EarliestRestorableDateTime"].timestamp(), p["LatestRestorableDateTime"].timestamp()


def wait_for_latest(client, table, t, timeout=10):
    """Waits until the table's LatestRestorableDateTime is past t; returns it."""
    deadline = time.time() + timeout
    while True:
        latest = window(client, table)[1]
        if latest > t:
            return latest
        assert time.time() < deadline, f"LatestRestorableDateTime stuck at {latest}, not past {t}"
        time.sleep(0.1)


def restore(client, source, target, **when):
    """RestoreTableToPointInTime from source (by name) into target; the TableDescription,
    checked for what every restore answers."""
    d = client.restore_table_to_point_in_time(SourceTableName=source, TargetTableName=target,
                                              **when)["TableDescription"]
    assert d["TableName"] == target
    assert d["TableStatus"] == "ACTIVE"
    assert d["RestoreSummary"]["RestoreInProgress"] is False
    assert d["RestoreSummary"]["SourceTableArn"] == client.describe_table(
        TableName=source)["Table"]["TableArn"]
    wait_until_active(client, target)
    # DescribeTable keeps saying where the table came from.
    assert client.describe_table(TableName=target)["Table"]["RestoreSummary"] == \
        d["RestoreSummary"]
    assert "SourceBackupArn" not in d["RestoreSummary"]
    return d


# ---------------------------------------------------------------------------------------
# UpdateContinuousBackups and DescribeContinuousBackups
# ---------------------------------------------------------------------------------------

def test_enabling_opens_a_window_from_now_to_a_second_ago(client, server):
    # Enabling reports the window: from when it was enabled; the latest restorable time
    # follows the clock about a second behind and is never before the earliest. The period
    # is 35 days unless asked otherwise.
    table = create_table(client)
    before = time.time()
    d = client.update_continuous_backups(TableName=table,
                                         PointInTimeRecoverySpecification=ENABLE)
    after = time.time()
    d = d["ContinuousBackupsDescription"]
    assert d["ContinuousBackupsStatus"] == "ENABLED"
    p = d["PointInTimeRecoveryDescription"]
    assert p["PointInTimeRecoveryStatus"] == "ENABLED"
    earliest = p["EarliestRestorableDateTime"].timestamp()
    latest = p["LatestRestorableDateTime"].timestamp()
    assert before - 1 <= earliest <= after
    assert earliest <= latest <= after
    assert window(client, table)[0] == earliest

    status, body = raw(server, "DescribeContinuousBackups", {"TableName": table})
    assert status == 200, body
    p = body["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
    assert p["RecoveryPeriodInDays"] == 35
    assert isinstance(p["EarliestRestorableDateTime"], (int, float))
    assert isinstance(p["LatestRestorableDateTime"], (int, float))

    status, body = raw(server, "UpdateContinuousBackups", {
        "TableName": table,
        "PointInTimeRecoverySpecification": {**ENABLE, "RecoveryPeriodInDays": 7}})
    assert status == 200, body
    assert body["ContinuousBackupsDescription"]["ContinuousBackupsStatus"] == "ENABLED"
    p = body["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
    assert p["PointInTimeRecoveryStatus"] == "ENABLED" and p["RecoveryPeriodInDays"] == 7
    status, body = raw(server, "DescribeContinuousBackups", {"TableName": table})
    assert status == 200, body
    assert body["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"][
        "RecoveryPeriodInDays"] == 7

    time.sleep(1.5)
    before = time.time()
    earliest, latest = window(client, table)
    after = time.time()
    assert earliest <= latest
    assert before - 2 <= latest <= after - 0.5


def test_the_recovery_period_is_1_to_35_days(client, server):
    # RecoveryPeriodInDays outside 1..35 is refused, its bounds accepted.
    table = create_table(client)
    for days in (0, 36):
        status, body = raw(server, "UpdateContinuousBackups", {
            "TableName": table,
            "PointInTimeRecoverySpecification": {**ENABLE, "RecoveryPeriodInDays": days}})
        assert status == 400 and raw_code(body) == "ValidationException", (days, body)
    assert client.describe_continuous_backups(TableName=table)[
        "ContinuousBackupsDescription"]["ContinuousBackupsStatus"] == "DISABLED"
    for days in (1, 35):
        status, body = raw(server, "UpdateContinuousBackups", {
            "TableName": table,
            "PointInTimeRecoverySpecification": {**ENABLE, "RecoveryPeriodInDays": days}})
        assert status == 200, (days, body)
        assert body["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"][
            "RecoveryPeriodInDays"] == days


def test_update_continuous_backups_errors(client):
    # The specification is required; the table must exist.
    table = create_table(client)
    code, _ = error_of(lambda: client.update_continuous_backups(TableName=table))
    assert code == "ValidationException"
    code, _ = error_of(lambda: client.update_continuous_backups(
        TableName="no_such_table_here", PointInTimeRecoverySpecification=ENABLE))
    assert code == "TableNotFoundException"


def test_disabling_closes_the_window(client, server):
    # Disabled again, the table reports DISABLED with no times, and cannot be restored.
    table = create_table(client)
    enable(client, table)
    d = client.update_continuous_backups(TableName=table,
                                         PointInTimeRecoverySpecification=DISABLE)
    disabled = {"ContinuousBackupsStatus": "DISABLED",
                "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}}
    assert d["ContinuousBackupsDescription"] == disabled
    assert client.describe_continuous_backups(
        TableName=table)["ContinuousBackupsDescription"] == disabled
    status, body = raw(server, "DescribeContinuousBackups", {"TableName": table})
    assert status == 200, body
    p = body["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
    assert p["PointInTimeRecoveryStatus"] == "DISABLED"
    assert "EarliestRestorableDateTime" not in p and "LatestRestorableDateTime" not in p
    assert error_of(lambda: client.restore_table_to_point_in_time(
        SourceTableName=table, TargetTableName=unique_name(), UseLatestRestorableTime=True)) == (
        "PointInTimeRecoveryUnavailableException", NOT_ENABLED.format(table))


# ---------------------------------------------------------------------------------------
# RestoreTableToPointInTime
# ---------------------------------------------------------------------------------------

def test_a_restore_to_each_moment_gives_the_table_as_it_was_then(client):
    # The issue's "done when": the table (items and both indexes' answers) at each of
    # several moments between phases of puts, overwrites moving index entries, deletions,
    # a transaction and an update, restored from the log to exactly that moment.
    table = unique_name()
    make_table(client, table)
    enable(client, table)
    marks = []  # (whole second, contents then)

    def phase():
        mark = quiet_mark(time.time())
        marks.append((mark, contents(client, table)))

    phase()  # nothing written yet: restores to an empty table
    fill(client, table)
    phase()
    put(client, table, "a", 0, "blue", 1)      # red -> blue, size 100 -> 1
    put(client, table, "b", 3, "green", 50)    # red -> green, size 97 -> 50
    put(client, table, "a", 10, "red", 99)     # green -> red, size 90 -> 99
    phase()
    client.delete_item(TableName=table, Key=key("b", 1))
    client.delete_item(TableName=table, Key=key("a", 4))
    phase()
    client.transact_write_items(TransactItems=[
        {"Put": {"TableName": table, "Item": item("b", 20, "green", 7)}},
        {"Delete": {"TableName": table, "Key": key("b", 5)}}])
    phase()
    client.update_item(TableName=table, Key=key("a", 2),
                       UpdateExpression="SET colour = :c, #s = :s",
                       ExpressionAttributeNames={"#s": "size"},
                       ExpressionAttributeValues={":c": {"S": "blue"}, ":s": {"N": "3"}})
    client.update_item(TableName=table, Key=key("b", 40),
                       UpdateExpression="SET colour = :c, #s = :s",
                       ExpressionAttributeNames={"#s": "size"},
                       ExpressionAttributeValues={":c": {"S": "red"}, ":s": {"N": "11"}})
    phase()
    # Every phase left a different table behind.
    assert len({repr(c) for _, c in marks}) == len(marks)

    wait_for_latest(client, table, marks[-1][0])
    for mark, expected in marks:
        target = unique_name()
        d = restore(client, table, target, RestoreDateTime=at(mark))
        assert abs(d["RestoreSummary"]["RestoreDateTime"].timestamp() - mark) < 0.001
        assert [k["AttributeName"] for k in d["KeySchema"]] == ["pk", "sk"]
        assert [i["IndexName"] for i in d["GlobalSecondaryIndexes"]] == [GSI]
        assert [i["IndexName"] for i in d["LocalSecondaryIndexes"]] == [LSI]
        assert contents(client, target) == expected, f"restored to {mark}"


def test_blind_writes_are_logged(client):
    # A table with no index, stream or TTL, written by unconditional puts (no read of the
    # old item needed): the log still has every write.
    table = create_table(client)
    enable(client, table)
    client.put_item(TableName=table, Item={"pk": {"S": "x"}, "v": {"N": "1"}})
    client.put_item(TableName=table, Item={"pk": {"S": "y"}, "v": {"N": "1"}})
    mark = quiet_mark(time.time())
    expected = client.scan(TableName=table, ConsistentRead=True)["Items"]
    client.put_item(TableName=table, Item={"pk": {"S": "x"}, "v": {"N": "2"}})
    client.delete_item(TableName=table, Key={"pk": {"S": "y"}})
    client.put_item(TableName=table, Item={"pk": {"S": "z"}, "v": {"N": "3"}})
    wait_for_latest(client, table, mark)
    target = unique_name()
    restore(client, table, target, RestoreDateTime=at(mark))
    restored = client.scan(TableName=target, ConsistentRead=True)["Items"]
    assert sorted(restored, key=lambda i: i["pk"]["S"]) == sorted(
        expected, key=lambda i: i["pk"]["S"]) == [
        {"pk": {"S": "x"}, "v": {"N": "1"}}, {"pk": {"S": "y"}, "v": {"N": "1"}}]


def test_use_latest_restorable_time_restores_the_last_writes(client):
    # UseLatestRestorableTime (here with the source named by ARN) restores the table as it
    # is once the window has caught up with its last write.
    table = unique_name()
    make_table(client, table)
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    enable(client, table)
    fill(client, table)
    put(client, table, "b", 1, "red", 1)
    client.delete_item(TableName=table, Key=key("a", 0))
    last_write = time.time()
    expected = contents(client, table)
    latest = wait_for_latest(client, table, last_write)
    target = unique_name()
    d = client.restore_table_to_point_in_time(SourceTableArn=arn, TargetTableName=target,
                                              UseLatestRestorableTime=True)["TableDescription"]
    assert d["TableName"] == target and d["TableStatus"] == "ACTIVE"
    assert d["RestoreSummary"]["SourceTableArn"] == arn
    assert d["RestoreSummary"]["RestoreInProgress"] is False
    assert d["RestoreSummary"]["RestoreDateTime"].timestamp() >= latest - 0.001
    wait_until_active(client, target)
    assert contents(client, target) == expected


def test_ttl_tags_streams_and_recovery_are_not_carried_over(client):
    # The restored table has the source's items but none of its TTL, tags, stream or
    # point-in-time recovery settings.
    table = create_table(client, range_type="N",
                         Tags=[{"Key": "team", "Value": "storage"}],
                         StreamSpecification={"StreamEnabled": True,
                                              "StreamViewType": "NEW_AND_OLD_IMAGES"})
    client.update_time_to_live(TableName=table, TimeToLiveSpecification={
        "Enabled": True, "AttributeName": "expires"})
    source = client.describe_table(TableName=table)["Table"]
    assert source["StreamSpecification"]["StreamEnabled"] is True
    assert client.list_tags_of_resource(ResourceArn=source["TableArn"])["Tags"] != []
    enable(client, table)
    client.put_item(TableName=table, Item={**key("a", 1), "expires": {"N": "4102444800"}})
    wait_for_latest(client, table, time.time())
    target = unique_name()
    arn = restore(client, table, target, UseLatestRestorableTime=True)["TableArn"]
    assert client.get_item(TableName=target, Key=key("a", 1), ConsistentRead=True)["Item"] == {
        **key("a", 1), "expires": {"N": "4102444800"}}
    assert client.describe_continuous_backups(TableName=target)[
        "ContinuousBackupsDescription"] == {
        "ContinuousBackupsStatus": "DISABLED",
        "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}}
    assert client.describe_time_to_live(TableName=target)["TimeToLiveDescription"][
        "TimeToLiveStatus"] == "DISABLED"
    assert client.list_tags_of_resource(ResourceArn=arn).get("Tags", []) == []
    described = client.describe_table(TableName=target)["Table"]
    assert "StreamSpecification" not in described and "LatestStreamArn" not in described


def test_overrides_drop_indexes_and_change_billing(client):
    # The restore takes RestoreTableFromBackup's overrides: here no GSI, provisioned billing.
    table, target = unique_name(), unique_name()
    make_table(client, table)
    enable(client, table)
    fill(client, table)
    wait_for_latest(client, table, time.time())
    restore(client, table, target, UseLatestRestorableTime=True,
            GlobalSecondaryIndexOverride=[], BillingModeOverride="PROVISIONED",
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


def test_restore_errors(client, server):
    # No recovery on the source, a time outside the window, an existing target, a missing
    # source, and contradictory or missing choices of source and time.
    plain = create_table(client)
    assert error_of(lambda: client.restore_table_to_point_in_time(
        SourceTableName=plain, TargetTableName=unique_name(), UseLatestRestorableTime=True)) == (
        "PointInTimeRecoveryUnavailableException", NOT_ENABLED.format(plain))

    table = create_table(client)
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    earliest = enable(client, table)
    for when in (earliest - 60, time.time() + 3600):
        assert error_of(lambda: client.restore_table_to_point_in_time(
            SourceTableName=table, TargetTableName=unique_name(),
            RestoreDateTime=at(when))) == ("InvalidRestoreTimeException", BAD_TIME), when
    assert error_of(lambda: client.restore_table_to_point_in_time(
        SourceTableName=table, TargetTableName=plain, UseLatestRestorableTime=True)) == (
        "TableAlreadyExistsException", f"Table already exists: {plain}")
    code, _ = error_of(lambda: client.restore_table_to_point_in_time(
        SourceTableName="no_such_table_here", TargetTableName=unique_name(),
        UseLatestRestorableTime=True))
    assert code == "TableNotFoundException"

    for args in ({"SourceTableName": table, "SourceTableArn": arn},
                 {}):
        code, _ = error_of(lambda: client.restore_table_to_point_in_time(
            TargetTableName=unique_name(), UseLatestRestorableTime=True, **args))
        assert code == "ValidationException", args
    # Both a time and the latest: the time sent exactly as the server gave it (inside the
    # window), which boto3 would cut to a whole second.
    status, body = raw(server, "DescribeContinuousBackups", {"TableName": table})
    assert status == 200, body
    exact = body["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"][
        "EarliestRestorableDateTime"]
    status, body = raw(server, "RestoreTableToPointInTime", {
        "SourceTableName": table, "TargetTableName": unique_name(),
        "RestoreDateTime": exact, "UseLatestRestorableTime": True})
    assert status == 400 and raw_code(body) == "ValidationException", body


# ---------------------------------------------------------------------------------------
# Deleting a table with recovery on
# ---------------------------------------------------------------------------------------

def test_deleting_a_table_with_recovery_on_leaves_a_system_backup(client):
    # Its last contents, up to the write just before the DeleteTable, restore from it.
    table, target = unique_name(), unique_name()
    make_table(client, table)
    enable(client, table)
    fill(client, table)
    put(client, table, "a", 0, "green", 5)
    before = contents(client, table)
    client.delete_table(TableName=table)
    backups = client.list_backups(TableName=table, BackupType="SYSTEM")["BackupSummaries"]
    assert len(backups) == 1
    b = backups[0]
    assert b["BackupName"] == f"{table}$DeletedTableBackup"
    assert b["BackupType"] == "SYSTEM"
    assert b["BackupStatus"] == "AVAILABLE"
    assert b["TableName"] == table
    client.restore_table_from_backup(TargetTableName=target, BackupArn=b["BackupArn"])
    wait_until_active(client, target)
    assert contents(client, target) == before


def test_deleting_a_table_without_recovery_leaves_no_backup(client):
    table = unique_name()
    make_table(client, table)
    fill(client, table)
    client.delete_table(TableName=table)
    assert client.list_backups(TableName=table, BackupType="ALL")["BackupSummaries"] == []


# ---------------------------------------------------------------------------------------
# On disk: a kill, and the snapshots a deleted table leaves
# ---------------------------------------------------------------------------------------

def test_recovery_survives_a_kill(tmp_path):
    # After kill -9 and a restart on the same directory, recovery is still on with the same
    # window start, and a restore to the latest time holds every acknowledged write.
    server = Server(str(tmp_path / "data")).start()
    try:
        client = make_client(server.url)
        make_table(client, "logged")
        earliest = enable(client, "logged")
        fill(client, "logged")
        put(client, "logged", "a", 0, "blue", 1)
        client.delete_item(TableName="logged", Key=key("b", 1))
        client.update_item(TableName="logged", Key=key("b", 3),
                           UpdateExpression="SET #s = :s", ExpressionAttributeNames={"#s": "size"},
                           ExpressionAttributeValues={":s": {"N": "2"}})
        last_write = time.time()
        expected = contents(client, "logged")
        server.kill()
        server.start()
        client = make_client(server.url)
        d = client.describe_continuous_backups(TableName="logged")["ContinuousBackupsDescription"]
        assert d["ContinuousBackupsStatus"] == "ENABLED"
        assert abs(d["PointInTimeRecoveryDescription"]["EarliestRestorableDateTime"].timestamp()
                   - earliest) <= 1
        wait_for_latest(client, "logged", last_write)
        restore(client, "logged", "after_kill", UseLatestRestorableTime=True)
        assert contents(client, "after_kill") == expected
    finally:
        server.stop()


def test_deleting_a_table_removes_its_recovery_snapshots(tmp_path):
    # The table's recovery bases (snapshots under DATA_DIR/recovery) go at DeleteTable; what
    # is left is its SYSTEM backup's snapshot under DATA_DIR/backups.
    data_dir = tmp_path / "data"
    server = Server(str(data_dir)).start()
    try:
        client = make_client(server.url)
        make_table(client, "gone")
        enable(client, "gone")
        fill(client, "gone")
        recovery_dir, backups_dir = data_dir / "recovery", data_dir / "backups"
        assert len(os.listdir(recovery_dir)) == 1  # the window's base
        assert os.listdir(backups_dir) == []
        client.delete_table(TableName="gone")
        [backup] = client.list_backups(TableName="gone", BackupType="SYSTEM")["BackupSummaries"]
        backup_id = backup["BackupArn"].split("/backup/")[1]
        assert os.listdir(recovery_dir) == []
        assert os.listdir(backups_dir) == [backup_id]
        assert (backups_dir / backup_id).is_dir()
    finally:
        server.stop()


def test_the_table_may_be_named_by_its_arn(client):
    # DynamoDB's TableName takes the table's ARN too (ScyllaDB's test_backup.py checks it for
    # DescribeContinuousBackups); UpdateContinuousBackups and CreateBackup likewise.
    table = create_table(client)
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    client.update_continuous_backups(TableName=arn, PointInTimeRecoverySpecification=ENABLE)
    by_arn = client.describe_continuous_backups(TableName=arn)["ContinuousBackupsDescription"]
    by_name = client.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]
    assert by_arn["ContinuousBackupsStatus"] == by_name["ContinuousBackupsStatus"] == "ENABLED"
    assert (by_arn["PointInTimeRecoveryDescription"]["EarliestRestorableDateTime"] ==
            by_name["PointInTimeRecoveryDescription"]["EarliestRestorableDateTime"])
    made = client.create_backup(TableName=arn, BackupName="by-arn")["BackupDetails"]
    assert made["BackupArn"].startswith(arn + "/backup/")
    code, _ = error_of(lambda: client.describe_continuous_backups(TableName=arn + "x"))
    assert code == "TableNotFoundException"
