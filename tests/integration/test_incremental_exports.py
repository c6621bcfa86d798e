"""Incremental exports (issue 22): ExportTableToPointInTime with ExportType
INCREMENTAL_EXPORT writes, for every item written in [ExportFromTime, ExportToTime), one line
with its key, its image at the window's end (NewImage) and, with NEW_AND_OLD_IMAGES, before
it (OldImage), compacted to one line per item as DynamoDB writes them. The window must span
15 minutes (DynamoDB's minimum) unless --incremental-export-min-window lowers it, as these
tests do. The Debian botocore predates incremental exports (it drops ExportType and
IncrementalExportSpecification), so these requests are sent raw."""
import gzip
import json
import os
import time
import uuid

import boto3
import pytest
from botocore.config import Config

from backup_support import quiet_mark
from conftest import Server, create_table, raw_request

ENABLE = {"PointInTimeRecoveryEnabled": True}


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    """A server whose incremental exports may cover a window of one second."""
    with Server(data_dir=str(tmp_path_factory.mktemp("incremental")),
                extra_args=["--incremental-export-min-window", "1"]).start() as server:
        yield server


def client_of(server):
    return boto3.client("dynamodb", endpoint_url=server.url, region_name="us-east-1",
                        aws_access_key_id="k", aws_secret_access_key="s",
                        config=Config(retries={"max_attempts": 1}))


def bucket(server):
    name = "bucket-" + uuid.uuid4().hex[:12]
    path = os.path.join(server.data_dir, "s3", name)
    os.makedirs(path)
    return name, path


def call(server, operation, body):
    """(status, answer) of a raw request."""
    answer = raw_request(server.url, operation, json.dumps(body))
    return answer.status_code, answer.json()


def export(server, **body):
    status, answer = call(server, "ExportTableToPointInTime", body)
    assert status == 200, answer
    return answer["ExportDescription"]


def refused(server, **body):
    status, answer = call(server, "ExportTableToPointInTime", body)
    assert status == 400, answer
    return answer["__type"].split("#")[-1], answer["message"]


def wait_for_export(server, arn, timeout=60):
    deadline = time.time() + timeout
    while True:
        status, answer = call(server, "DescribeExport", {"ExportArn": arn})
        assert status == 200, answer
        d = answer["ExportDescription"]
        if d["ExportStatus"] != "IN_PROGRESS":
            return d
        assert time.time() < deadline, f"export {arn} still IN_PROGRESS"
        time.sleep(0.05)


def exported_lines(bucket_path, summary):
    lines = []
    files = open(os.path.join(bucket_path, summary["manifestFilesS3Key"])).read()
    for entry in map(json.loads, files.splitlines()):
        with open(os.path.join(bucket_path, entry["dataFileS3Key"]), "rb") as f:
            lines += [json.loads(line) for line in gzip.decompress(f.read()).decode().splitlines()]
    return sorted(lines, key=lambda line: line["Keys"]["pk"]["S"])


def put(client, table, pk, v):
    client.put_item(TableName=table, Item={"pk": {"S": pk}, "v": {"N": str(v)}})


def test_an_incremental_export_writes_each_item_changed_in_its_window(quick):
    client = client_of(quick)
    table = create_table(client)
    client.update_continuous_backups(TableName=table, PointInTimeRecoverySpecification=ENABLE)
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    for pk in ("kept", "changed", "removed"):
        put(client, table, pk, 1)
    start = quiet_mark(time.time())
    put(client, table, "changed", 2)
    put(client, table, "changed", 3)
    client.delete_item(TableName=table, Key={"pk": {"S": "removed"}})
    put(client, table, "added", 1)
    put(client, table, "fleeting", 1)
    client.delete_item(TableName=table, Key={"pk": {"S": "fleeting"}})
    end = quiet_mark(time.time())
    put(client, table, "changed", 4)  # after the window
    put(client, table, "late", 1)
    time.sleep(max(0.0, end + 1.1 - time.time()))  # the end is restorable

    name, path = bucket(quick)
    started = export(quick, TableArn=arn, S3Bucket=name, ExportType="INCREMENTAL_EXPORT",
                     IncrementalExportSpecification={"ExportFromTime": start,
                                                     "ExportToTime": end})
    assert started["ExportType"] == "INCREMENTAL_EXPORT"
    done = wait_for_export(quick, started["ExportArn"])
    assert done["ExportStatus"] == "COMPLETED", done
    spec = done["IncrementalExportSpecification"]
    assert (spec["ExportFromTime"], spec["ExportToTime"]) == (start, end)
    assert spec["ExportViewType"] == "NEW_AND_OLD_IMAGES"
    assert "ExportTime" not in done
    assert done["ItemCount"] == 3

    summary = json.load(open(os.path.join(path, done["ExportManifest"])))
    assert summary["exportType"] == "INCREMENTAL_EXPORT"
    assert summary["outputView"] == "NEW_AND_OLD_IMAGES"
    assert summary["itemCount"] == 3
    lines = exported_lines(path, summary)
    for line in lines:
        stamp = int(line.pop("Metadata")["WriteTimestampMicros"]["N"])
        assert start * 1_000_000 <= stamp < end * 1_000_000
    assert lines == [
        {"Keys": {"pk": {"S": "added"}}, "NewImage": {"pk": {"S": "added"}, "v": {"N": "1"}}},
        {"Keys": {"pk": {"S": "changed"}}, "NewImage": {"pk": {"S": "changed"}, "v": {"N": "3"}},
         "OldImage": {"pk": {"S": "changed"}, "v": {"N": "1"}}},
        {"Keys": {"pk": {"S": "removed"}}, "OldImage": {"pk": {"S": "removed"}, "v": {"N": "1"}}},
    ]

    # NEW_IMAGE: no old images; a removal is its key alone.
    name, path = bucket(quick)
    done = wait_for_export(quick, export(
        quick, TableArn=arn, S3Bucket=name, ExportType="INCREMENTAL_EXPORT",
        IncrementalExportSpecification={"ExportFromTime": start, "ExportToTime": end,
                                        "ExportViewType": "NEW_IMAGE"})["ExportArn"])
    assert done["ExportStatus"] == "COMPLETED", done
    lines = exported_lines(path, json.load(open(os.path.join(path, done["ExportManifest"]))))
    assert [{k: v for k, v in line.items() if k != "Metadata"} for line in lines] == [
        {"Keys": {"pk": {"S": "added"}}, "NewImage": {"pk": {"S": "added"}, "v": {"N": "1"}}},
        {"Keys": {"pk": {"S": "changed"}}, "NewImage": {"pk": {"S": "changed"}, "v": {"N": "3"}}},
        {"Keys": {"pk": {"S": "removed"}}},
    ]


def test_incremental_export_refusals(quick):
    client = client_of(quick)
    table = create_table(client)
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    name, _ = bucket(quick)
    client.update_continuous_backups(TableName=table, PointInTimeRecoverySpecification=ENABLE)
    time.sleep(2.5)
    now = time.time()

    def refusal(**request):
        return refused(quick, TableArn=arn, S3Bucket=name, **request)

    incremental = {"ExportType": "INCREMENTAL_EXPORT"}
    assert refusal(**incremental) == (
        "ValidationException",
        "Invalid Request: an incremental export needs IncrementalExportSpecification."
        "ExportFromTime")
    assert refusal(IncrementalExportSpecification={"ExportFromTime": now - 2}) == (
        "ValidationException",
        "Invalid Request: IncrementalExportSpecification is for an incremental export "
        "(ExportType INCREMENTAL_EXPORT)")
    assert refusal(ExportTime=now - 2, IncrementalExportSpecification={
        "ExportFromTime": now - 2}, **incremental)[0] == "ValidationException"
    assert refusal(IncrementalExportSpecification={
        "ExportFromTime": now - 2, "ExportToTime": now - 2}, **incremental) == (
        "ValidationException", "Invalid Request: ExportFromTime must be before ExportToTime")
    assert refusal(IncrementalExportSpecification={"ExportFromTime": now - 3600},
                   **incremental) == ("InvalidExportTimeException", "Export Time is invalid")
    assert refusal(IncrementalExportSpecification={
        "ExportFromTime": now - 2, "ExportToTime": now + 3600}, **incremental) == (
        "InvalidExportTimeException", "Export Time is invalid")
    assert refusal(IncrementalExportSpecification={
        "ExportFromTime": now - 2, "ExportViewType": "OLD_IMAGE"}, **incremental) == (
        "ValidationException", "1 validation error detected: Value 'OLD_IMAGE' at "
        "'incrementalExportSpecification.exportViewType' failed to satisfy constraint: Member "
        "must satisfy enum value set: [NEW_AND_OLD_IMAGES, NEW_IMAGE]")
    # A window the server cannot export yet, then one it can.
    assert refusal(IncrementalExportSpecification={
        "ExportFromTime": now - 2, "ExportToTime": time.time() - 0.2}, **incremental) == (
        "InvalidExportTimeException",
        "Point in Time Recovery is not available for specified export time")
    assert export(quick, TableArn=arn, S3Bucket=name, IncrementalExportSpecification={
        "ExportFromTime": now - 2}, **incremental)["ExportStatus"] == "IN_PROGRESS"


def test_the_window_is_fifteen_minutes_to_a_day_by_default(client, server):
    table = create_table(client)
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    client.update_continuous_backups(TableName=table, PointInTimeRecoverySpecification=ENABLE)
    time.sleep(2.5)
    os.makedirs(os.path.join(server.data_dir, "s3", "b15"), exist_ok=True)
    assert refused(server, TableArn=arn, S3Bucket="b15", ExportType="INCREMENTAL_EXPORT",
                   IncrementalExportSpecification={"ExportFromTime": time.time() - 2}) == (
        "ValidationException",
        "Invalid Request: the period of an incremental export must be at least 15 minutes")
