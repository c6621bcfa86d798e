"""Exports (issue 22, decision 0031): ExportTableToPointInTime, DescribeExport and ListExports
through boto3 (raw requests where the Debian botocore drops a member). An export writes the
table as it was at the export time into a bucket, a directory under --s3-dir (DATA-DIR/s3 by
default), in AWS's layout: files a plain `zcat | jq` reads, manifests with DynamoDB's fields,
MD5 checksums as S3 reports them. It runs in the background; DescribeExport follows it."""
import base64
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import time
import uuid

import pytest

from backup_support import error_of, quiet_mark
from conftest import Server, create_table, make_client, raw_request, unique_name

ENABLE = {"PointInTimeRecoveryEnabled": True}


def bucket(server, name=None):
    """A new bucket (a directory under the server's DATA-DIR/s3); returns (name, path)."""
    name = name or "bucket-" + uuid.uuid4().hex[:12]
    path = os.path.join(server.data_dir, "s3", name)
    os.makedirs(path)
    return name, path


def table_with_recovery(client, **schema):
    table = create_table(client, **schema)
    client.update_continuous_backups(TableName=table, PointInTimeRecoverySpecification=ENABLE)
    return table, client.describe_table(TableName=table)["Table"]["TableArn"]


def wait_for_export(client, arn, timeout=60):
    deadline = time.time() + timeout
    while True:
        d = client.describe_export(ExportArn=arn)["ExportDescription"]
        if d["ExportStatus"] != "IN_PROGRESS":
            return d
        assert time.time() < deadline, f"export {arn} still IN_PROGRESS"
        time.sleep(0.05)


def md5_base64(data):
    return base64.b64encode(hashlib.md5(data).digest()).decode()


def read(path):
    with open(path, "rb") as f:
        return f.read()


def exported_items(bucket_path, summary):
    """The items of an export's data files, each as its DynamoDB JSON, read through the
    files manifest the summary names."""
    items = []
    files = read(os.path.join(bucket_path, summary["manifestFilesS3Key"])).decode()
    for line in files.splitlines():
        entry = json.loads(line)
        data = read(os.path.join(bucket_path, entry["dataFileS3Key"]))
        lines = gzip.decompress(data).decode().splitlines()
        assert len(lines) == entry["itemCount"]
        items += [json.loads(item)["Item"] for item in lines]
    return items


def restorable(mark):
    """Waits until mark (epoch seconds) is restorable: LatestRestorableDateTime trails the
    clock by a second."""
    time.sleep(max(0.0, mark + 1.1 - time.time()))
    return mark


def by_key(items, key="pk"):
    return sorted(items, key=lambda i: json.dumps(i[key], sort_keys=True))


def raw(server, operation, body):
    r = raw_request(server.url, operation, json.dumps(body))
    return r.status_code, r.json()


def raw_error(server, operation, body):
    status, answer = raw(server, operation, body)
    assert status == 400, answer
    return answer["__type"].split("#")[-1], answer.get("message", answer.get("Message"))


# ---------------------------------------------------------------------------------------
# What an export writes
# ---------------------------------------------------------------------------------------

def test_an_export_writes_the_table_in_aws_layout(client, server):
    table, table_arn = table_with_recovery(client)
    written = []
    for n in range(30):
        item = {"pk": {"S": f"item{n:02}"}, "n": {"N": str(n * 7 - 3)}, "b": {"B": b"\x00\xff" + bytes([n])},
                "ss": {"SS": ["x", f"y{n}"]}, "ns": {"NS": ["1", "2.5"]}, "bs": {"BS": [b"q"]},
                "m": {"M": {"deep": {"L": [{"NULL": True}, {"BOOL": n % 2 == 0}, {"S": "é\n\"☃"}]}}}}
        client.put_item(TableName=table, Item=item)
    name, path = bucket(server)
    started = time.time()
    d = client.export_table_to_point_in_time(TableArn=table_arn, S3Bucket=name,
                                             S3Prefix="dira/dirb")["ExportDescription"]
    assert d["ExportStatus"] in ("IN_PROGRESS", "COMPLETED")
    assert d["ExportArn"].startswith(table_arn + "/export/")
    export_id = d["ExportArn"].split("/")[-1]
    assert len(export_id) == 23 and export_id[14] == "-"
    # The id's first 14 digits are StartTime in ms.
    assert int(export_id[:14]) == round(d["StartTime"].timestamp() * 1000)
    assert started - 1 <= d["StartTime"].timestamp() <= time.time()
    assert d["ExportTime"] == d["StartTime"]
    assert d["TableArn"] == table_arn
    assert d["TableId"] == client.describe_table(TableName=table)["Table"]["TableId"]
    assert d["S3Bucket"] == name and d["S3Prefix"] == "dira/dirb"
    assert d["ExportFormat"] == "DYNAMODB_JSON" and d["S3SseAlgorithm"] == "AES256"
    assert d["ClientToken"]  # one is made when the request gives none, as DynamoDB does
    assert "ExportType" not in d  # DynamoDB echoes it only when asked for

    final = wait_for_export(client, d["ExportArn"])
    assert final["ExportStatus"] == "COMPLETED", final
    assert final["ItemCount"] == 30
    assert final["BilledSizeBytes"] > 0
    assert final["EndTime"] >= final["StartTime"]
    folder = f"dira/dirb/AWSDynamoDB/{export_id}"
    assert final["ExportManifest"] == folder + "/manifest-summary.json"
    assert "ExportType" not in final and "FailureCode" not in final

    root = os.path.join(path, folder)
    assert sorted(os.listdir(root)) == sorted(
        ["_started", "data", "manifest-files.json", "manifest-files.md5",
         "manifest-summary.json", "manifest-summary.md5"])
    assert read(os.path.join(root, "_started")) == b""
    summary_bytes = read(os.path.join(root, "manifest-summary.json"))
    summary = json.loads(summary_bytes)
    assert summary == {
        "version": "2020-06-30", "exportArn": d["ExportArn"],
        "startTime": summary["startTime"], "endTime": summary["endTime"],
        "tableArn": table_arn, "tableId": d["TableId"], "exportTime": summary["exportTime"],
        "s3Bucket": name, "s3Prefix": "dira/dirb", "s3SseAlgorithm": "AES256",
        "s3SseKmsKeyId": None, "manifestFilesS3Key": folder + "/manifest-files.json",
        "billedSizeBytes": final["BilledSizeBytes"], "itemCount": 30,
        "outputFormat": "DYNAMODB_JSON"}
    assert summary["startTime"].endswith("Z") and summary["startTime"] <= summary["endTime"]
    assert summary["exportTime"] == summary["startTime"]
    # Checksums as S3 reports them: the base64 MD5 of each manifest, of each data object,
    # and the object's ETag (its MD5 in hex).
    files_bytes = read(os.path.join(root, "manifest-files.json"))
    assert read(os.path.join(root, "manifest-files.md5")).decode().strip() == md5_base64(files_bytes)
    assert read(os.path.join(root, "manifest-summary.md5")).decode().strip() == \
        md5_base64(summary_bytes)
    for line in files_bytes.decode().splitlines():
        entry = json.loads(line)
        assert sorted(entry) == ["dataFileS3Key", "etag", "itemCount", "md5Checksum"]
        assert entry["dataFileS3Key"].startswith(folder + "/data/")
        assert entry["dataFileS3Key"].endswith(".json.gz")
        data = read(os.path.join(path, entry["dataFileS3Key"]))
        assert entry["md5Checksum"] == md5_base64(data)
        assert entry["etag"] == hashlib.md5(data).hexdigest()

    # The items, exactly as the table holds them in DynamoDB JSON.
    scanned = client.scan(TableName=table)["Items"]
    exported = exported_items(path, summary)

    def comparable(item):
        return json.loads(json.dumps(item, default=lambda b: base64.b64encode(b).decode()))
    assert by_key(exported) == by_key([comparable(i) for i in scanned])

    # A plain zcat | jq reads every data file.
    if shutil.which("jq"):
        out = subprocess.run(f"zcat {root}/data/*.json.gz | jq -c .Item.pk.S", shell=True,
                             check=True, capture_output=True, text=True).stdout.split()
        assert sorted(out) == sorted(f'"item{n:02}"' for n in range(30))


def test_an_export_at_a_past_second_holds_the_table_as_it_was_then(client, server):
    # Writes, overwrites and deletes over several seconds; an export at each quiet second in
    # between finds exactly the items of that second.
    table, table_arn = table_with_recovery(client)
    name, path = bucket(server)

    def put(p, v):
        client.put_item(TableName=table, Item={"pk": {"S": p}, "v": {"N": str(v)}})

    def delete(p):
        client.delete_item(TableName=table, Key={"pk": {"S": p}})

    expected = {}
    put("a", 1), put("b", 1), put("c", 1)
    marks = [quiet_mark(time.time())]
    expected[marks[-1]] = {"a": "1", "b": "1", "c": "1"}
    put("a", 2), delete("b"), put("d", 2)
    marks.append(quiet_mark(time.time()))
    expected[marks[-1]] = {"a": "2", "c": "1", "d": "2"}
    delete("a"), put("b", 3), client.update_item(
        TableName=table, Key={"pk": {"S": "c"}}, UpdateExpression="SET v = :v",
        ExpressionAttributeValues={":v": {"N": "3"}})
    marks.append(quiet_mark(time.time()))
    expected[marks[-1]] = {"b": "3", "c": "3", "d": "2"}
    delete("d")

    arns = {}
    restorable(marks[-1])
    for mark in marks:
        arns[mark] = client.export_table_to_point_in_time(
            TableArn=table_arn, S3Bucket=name, ExportTime=mark)["ExportDescription"]["ExportArn"]
    for mark in marks:
        final = wait_for_export(client, arns[mark])
        assert final["ExportStatus"] == "COMPLETED", final
        assert final["ExportTime"].timestamp() == mark
        summary = json.loads(read(os.path.join(path, final["ExportManifest"])))
        got = {i["pk"]["S"]: i["v"]["N"] for i in exported_items(path, summary)}
        assert got == expected[mark], f"at {mark}"
        assert final["ItemCount"] == len(expected[mark])


def test_a_table_with_indexes_and_many_items_exports_whole(client, server):
    table = create_table(client, range_type="N", attributes={"g": "S"},
                         GlobalSecondaryIndexes=[{
                             "IndexName": "by_g",
                             "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                             "Projection": {"ProjectionType": "ALL"}}])
    client.update_continuous_backups(TableName=table, PointInTimeRecoverySpecification=ENABLE)
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    for batch in range(20):
        client.batch_write_item(RequestItems={table: [
            {"PutRequest": {"Item": {"pk": {"S": f"p{batch}"}, "sk": {"N": str(n)},
                                     "g": {"S": f"g{n % 3}"}, "pad": {"S": "x" * 500}}}}
            for n in range(25)]})
    name, path = bucket(server)
    final = wait_for_export(client, client.export_table_to_point_in_time(
        TableArn=arn, S3Bucket=name)["ExportDescription"]["ExportArn"])
    assert final["ExportStatus"] == "COMPLETED", final
    assert final["ItemCount"] == 500
    summary = json.loads(read(os.path.join(path, final["ExportManifest"])))
    keys = sorted((i["pk"]["S"], int(i["sk"]["N"])) for i in exported_items(path, summary))
    assert keys == sorted((f"p{b}", n) for b in range(20) for n in range(25))
    # No prefix: the folder is at the bucket's top.
    assert final["ExportManifest"].startswith("AWSDynamoDB/")
    assert "S3Prefix" not in final and summary["s3Prefix"] is None


# ---------------------------------------------------------------------------------------
# Failures and refusals
# ---------------------------------------------------------------------------------------

def test_a_missing_bucket_fails_the_export(client):
    table, arn = table_with_recovery(client)
    d = client.export_table_to_point_in_time(TableArn=arn, S3Bucket="no-such-bucket-here")[
        "ExportDescription"]
    final = wait_for_export(client, d["ExportArn"])
    assert final["ExportStatus"] == "FAILED"
    assert final["FailureCode"] == "S3NoSuchBucket"
    assert "bucket does not exist" in final["FailureMessage"]
    assert "EndTime" in final
    # A FAILED export is still listed.
    listed = client.list_exports(TableArn=arn)["ExportSummaries"]
    assert [(e["ExportArn"], e["ExportStatus"]) for e in listed] == [(d["ExportArn"], "FAILED")]


def test_export_refusals_in_dynamodbs_words(client, server):
    table = create_table(client)
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    name, _ = bucket(server)
    # Recovery off.
    assert error_of(lambda: client.export_table_to_point_in_time(TableArn=arn, S3Bucket=name)) == (
        "PointInTimeRecoveryUnavailableException",
        f"Point in time recovery is not enabled for table '{table}'")
    client.update_continuous_backups(TableName=table, PointInTimeRecoverySpecification=ENABLE)
    time.sleep(1.5)
    now = time.time()
    # A time in the future, and one before the window; then one not restorable yet.
    for when in (now + 3600, now + 5, now - 3600):
        assert error_of(lambda: client.export_table_to_point_in_time(
            TableArn=arn, S3Bucket=name, ExportTime=when)) == (
            "InvalidExportTimeException", "Export Time is invalid")
    assert raw_error(server, "ExportTableToPointInTime", {
        "TableArn": arn, "S3Bucket": name, "ExportTime": time.time() - 0.2}) == (
        "InvalidExportTimeException",
        "Point in Time Recovery is not available for specified export time")
    # The table: missing, or not an ARN.
    missing = arn[:arn.rindex("/") + 1] + "nosuchtable"
    assert error_of(lambda: client.export_table_to_point_in_time(
        TableArn=missing, S3Bucket=name)) == ("TableNotFoundException",
                                              f"Table not found: {missing}")
    assert error_of(lambda: client.export_table_to_point_in_time(
        TableArn=table, S3Bucket=name)) == (
        "ValidationException",
        "One or more parameter values were invalid: tableArn is not a valid ARN")
    # Members against the model.
    for body, message in (
            ({"TableArn": arn}, "Value null at 's3Bucket' failed to satisfy constraint: "
                                "Member must not be null"),
            ({"S3Bucket": name}, "Value null at 'tableArn' failed to satisfy constraint: "
                                 "Member must not be null"),
            ({"TableArn": arn, "S3Bucket": name, "ExportFormat": "CSV"},
             "Value 'CSV' at 'exportFormat' failed to satisfy constraint: Member must satisfy "
             "enum value set: [ION, DYNAMODB_JSON]"),
            ({"TableArn": arn, "S3Bucket": name, "S3SseAlgorithm": "aws:kms"},
             "Value 'aws:kms' at 's3SseAlgorithm' failed to satisfy constraint: Member must "
             "satisfy enum value set: [AES256, KMS]"),
            ({"TableArn": arn, "S3Bucket": name, "S3BucketOwner": "not-an-account"},
             "Value 'not-an-account' at 's3BucketOwner' failed to satisfy constraint: Member "
             "must satisfy regular expression pattern: [0-9]{12}"),
            ({"TableArn": arn, "S3Bucket": "arn:aws:s3:::bkt"},
             "Value 'arn:aws:s3:::bkt' at 's3Bucket' failed to satisfy constraint: Member must "
             "satisfy regular expression pattern: ^[a-z0-9A-Z]+[\\.\\-\\w]*[a-z0-9A-Z]+$")):
        code, text = raw_error(server, "ExportTableToPointInTime", body)
        assert code == "ValidationException"
        assert text == "1 validation error detected: " + message
    for member in ("ExportType", "ClientToken", "S3Prefix", "S3Bucket", "ExportFormat",
                   "S3SseAlgorithm"):
        code, _ = raw_error(server, "ExportTableToPointInTime",
                            {"TableArn": arn, "S3Bucket": name, member: ""})
        assert code == "ValidationException", member
    assert raw_error(server, "ExportTableToPointInTime", {
        "TableArn": arn, "S3Bucket": name, "S3SseKmsKeyId": "key"}) == (
        "ValidationException",
        "Invalid Request: KMS Key Id is not supported for this encryption type")
    # A prefix that could leave the bucket's directory.
    code, text = raw_error(server, "ExportTableToPointInTime",
                           {"TableArn": arn, "S3Bucket": name, "S3Prefix": "a/../../b"})
    assert code == "ValidationException" and "S3Prefix 'a/../../b'" in text


def test_describe_export_of_an_unknown_or_malformed_arn(client, server):
    table, arn = table_with_recovery(client)
    unknown = arn + "/export/01700000000000-0badcafe"
    assert error_of(lambda: client.describe_export(ExportArn=unknown)) == (
        "ExportNotFoundException", f"Export not found: Export not found: {unknown}")
    assert error_of(lambda: client.describe_export(ExportArn=arn + "/backup/x" * 3)) == (
        "ValidationException", "Invalid Export ARN")


def test_a_client_token_names_one_export(client, server):
    table, arn = table_with_recovery(client)
    name, _ = bucket(server)
    token = str(uuid.uuid4())
    first = client.export_table_to_point_in_time(TableArn=arn, S3Bucket=name,
                                                 ClientToken=token)["ExportDescription"]
    assert first["ClientToken"] == token
    wait_for_export(client, first["ExportArn"])
    again = client.export_table_to_point_in_time(TableArn=arn, S3Bucket=name,
                                                 ClientToken=token)["ExportDescription"]
    assert again["ExportArn"] == first["ExportArn"]
    assert again["ExportStatus"] == "COMPLETED"
    assert error_of(lambda: client.export_table_to_point_in_time(
        TableArn=arn, S3Bucket=name, S3Prefix="elsewhere", ClientToken=token)) == (
        "ExportConflictException",
        "Export conflict: Duplicate request detected with conflicting parameters")
    # Without a token, the same request is a new export.
    a = client.export_table_to_point_in_time(TableArn=arn, S3Bucket=name)["ExportDescription"]
    b = client.export_table_to_point_in_time(TableArn=arn, S3Bucket=name)["ExportDescription"]
    assert a["ExportArn"] != b["ExportArn"]
    wait_for_export(client, a["ExportArn"]), wait_for_export(client, b["ExportArn"])


def test_list_exports_pages_newest_first_and_by_table(client, server):
    table, arn = table_with_recovery(client)
    other, other_arn = table_with_recovery(client)
    name, _ = bucket(server)
    mine = []
    for _ in range(3):
        mine.append(client.export_table_to_point_in_time(
            TableArn=arn, S3Bucket=name)["ExportDescription"]["ExportArn"])
        time.sleep(0.002)
    theirs = client.export_table_to_point_in_time(TableArn=other_arn, S3Bucket=name)[
        "ExportDescription"]["ExportArn"]
    for e in mine + [theirs]:
        wait_for_export(client, e)
    page = client.list_exports(TableArn=arn, MaxResults=2)
    assert [e["ExportArn"] for e in page["ExportSummaries"]] == sorted(mine, reverse=True)[:2]
    assert all(e["ExportStatus"] == "COMPLETED" for e in page["ExportSummaries"])
    rest = client.list_exports(TableArn=arn, MaxResults=2, NextToken=page["NextToken"])
    assert [e["ExportArn"] for e in rest["ExportSummaries"]] == sorted(mine, reverse=True)[2:]
    assert "NextToken" not in rest
    everything = [e["ExportArn"] for e in client.list_exports()["ExportSummaries"]]
    assert set(mine + [theirs]) <= set(everything)
    status, body = raw(server, "ListExports", {"TableArn": arn})
    assert status == 200
    assert {e["ExportType"] for e in body["ExportSummaries"]} == {"FULL_EXPORT"}
    assert raw_error(server, "ListExports", {"NextToken": "00ff"}) == (
        "ValidationException", "Invalid Request: Provided nextToken is invalid: 00ff")
    code, text = raw_error(server, "ListExports", {"MaxResults": 26})
    assert code == "ValidationException" and "maxResults" in text
    # Once the table is deleted, its exports are no longer listed by its ARN, and are
    # still described.
    client.delete_table(TableName=table)
    assert client.list_exports(TableArn=arn)["ExportSummaries"] == []
    assert client.describe_export(ExportArn=mine[0])["ExportDescription"]["ExportStatus"] == \
        "COMPLETED"


# ---------------------------------------------------------------------------------------
# Restarts and kills
# ---------------------------------------------------------------------------------------

def test_an_export_cut_short_by_a_kill_is_failed_and_can_be_run_again(tmp_path):
    data = str(tmp_path / "data")
    server = Server(data).start()
    try:
        client = make_client(server.url)
        table, arn = table_with_recovery(client)
        # 40,000 items of 1 KB: an export of them takes a few hundred ms, and the kill comes
        # a few ms after it was asked for.
        for b in range(1600):
            client.batch_write_item(RequestItems={table: [
                {"PutRequest": {"Item": {"pk": {"S": f"k{b}-{i}"}, "pad": {"S": "x" * 1000}}}}
                for i in range(25)]})
        mark = restorable(quiet_mark(time.time()))
        name, path = bucket(server)
        cut = client.export_table_to_point_in_time(
            TableArn=arn, S3Bucket=name, ExportTime=mark)["ExportDescription"]["ExportArn"]
        server.kill()
        server = Server(data).start()
        client = make_client(server.url)
        d = client.describe_export(ExportArn=cut)["ExportDescription"]
        assert d["ExportStatus"] == "FAILED"
        assert d["FailureCode"] == "UNKNOWN" and "interrupted" in d["FailureMessage"]
        # Nothing of the interrupted export's snapshot is left behind.
        assert os.listdir(os.path.join(data, "export-work")) == []
        # Asked again (a new token), it runs, from the same moment.
        again = client.export_table_to_point_in_time(TableArn=arn, S3Bucket=name,
                                                     ExportTime=mark)["ExportDescription"]
        final = wait_for_export(client, again["ExportArn"])
        assert final["ExportStatus"] == "COMPLETED", final
        assert final["ItemCount"] == 40000
    finally:
        server.stop()


def test_exports_are_described_after_a_restart(tmp_path):
    data = str(tmp_path / "data")
    server = Server(data).start()
    try:
        client = make_client(server.url)
        table, arn = table_with_recovery(client)
        client.put_item(TableName=table, Item={"pk": {"S": "x"}})
        name, _ = bucket(server)
        done = wait_for_export(client, client.export_table_to_point_in_time(
            TableArn=arn, S3Bucket=name)["ExportDescription"]["ExportArn"])
        server.stop()
        server = Server(data).start()
        client = make_client(server.url)
        assert client.describe_export(ExportArn=done["ExportArn"])["ExportDescription"] == done
    finally:
        server.stop()


def test_without_a_bucket_directory_exports_fail(tmp_path):
    # --in-memory has no DATA-DIR/s3: an export fails as to a missing bucket, until
    # --s3-dir names where buckets are.
    with Server() as server:
        server.start()
        client = make_client(server.url)
        table, arn = table_with_recovery(client)
        final = wait_for_export(client, client.export_table_to_point_in_time(
            TableArn=arn, S3Bucket="bkt")["ExportDescription"]["ExportArn"])
        assert final["FailureCode"] == "S3NoSuchBucket"
    os.makedirs(tmp_path / "buckets" / "bkt")
    with Server(extra_args=["--s3-dir", str(tmp_path / "buckets")]) as server:
        server.start()
        client = make_client(server.url)
        table, arn = table_with_recovery(client)
        final = wait_for_export(client, client.export_table_to_point_in_time(
            TableArn=arn, S3Bucket="bkt")["ExportDescription"]["ExportArn"])
        assert final["ExportStatus"] == "COMPLETED", final
        assert os.path.exists(tmp_path / "buckets" / "bkt" / final["ExportManifest"])
