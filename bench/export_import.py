#!/usr/bin/env python3
"""Export, import and restore, measured on one data set, and checked (issue 22):

  ITEMS items of about ITEM_BYTES bytes (a string key, a number sort key, two GSI keys with
  100 values each, a padding string), written as DynamoDB JSON lines and imported
  (ImportTable) into a table with two GSIs; point-in-time recovery turned on; exported
  (ExportTableToPointInTime); the export's data/ imported into a second table; that table
  exported too, and the two exports compared item for item, and every index partition's
  count compared between the two tables. Then a backup of the first table is restored
  (RestoreTableFromBackup) and the table restored to a second ago (RestoreTableToPointInTime).

Reported: for each step, wall time, the server's CPU time (from /proc), and throughput in MB
of uncompressed DynamoDB JSON per second of server CPU ("per core"). Exits non-zero when the
copy is not identical.

  bench/export_import.py [ITEMS [ITEM_BYTES]]    (default 200000 1000; CAIRN=path/to/cairn)
"""
import gzip
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import boto3
from botocore.config import Config

HERE = os.path.dirname(os.path.abspath(__file__))
CAIRN = os.environ.get("CAIRN", os.path.join(HERE, "..", "build", "cairn"))
ITEMS = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
ITEM_BYTES = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def params(name):
    return {"TableName": name, "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                          {"AttributeName": "sk", "KeyType": "RANGE"}],
            "AttributeDefinitions": [{"AttributeName": a, "AttributeType": t} for a, t in
                                     (("pk", "S"), ("sk", "N"), ("g1", "S"), ("g2", "N"))],
            "GlobalSecondaryIndexes": [
                {"IndexName": "by_g1", "KeySchema": [{"AttributeName": "g1", "KeyType": "HASH"}],
                 "Projection": {"ProjectionType": "ALL"}},
                {"IndexName": "by_g2", "KeySchema": [{"AttributeName": "g2", "KeyType": "HASH"},
                                                     {"AttributeName": "sk", "KeyType": "RANGE"}],
                 "Projection": {"ProjectionType": "KEYS_ONLY"}}]}


def main():
    work = tempfile.mkdtemp(prefix="cairn-bench-exim-")
    data = os.path.join(work, "data")
    bucket = os.path.join(data, "s3", "bench")
    os.makedirs(bucket)
    port = free_port()
    server = subprocess.Popen([CAIRN, "serve", "--port", str(port), "--bind", "127.0.0.1",
                               "--data-dir", data], stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    client = boto3.client("dynamodb", endpoint_url=url, region_name="us-east-1",
                          aws_access_key_id="bench", aws_secret_access_key="bench",
                          config=Config(retries={"max_attempts": 1}))
    for _ in range(100):
        try:
            client.list_tables()
            break
        except Exception:
            time.sleep(0.1)
    failed = False
    try:
        # The data set, as DynamoDB JSON lines in 8 objects.
        rng = random.Random(7)
        raw_bytes = 0
        per_object = (ITEMS + 7) // 8
        for o in range(8):
            with open(os.path.join(bucket, f"source-{o}.json"), "w") as f:
                for n in range(o * per_object, min(ITEMS, (o + 1) * per_object)):
                    pad = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(ITEM_BYTES - 80))
                    line = json.dumps({"Item": {
                        "pk": {"S": f"user#{n % (ITEMS // 10 or 1):08}"}, "sk": {"N": str(n)},
                        "g1": {"S": f"group{n % 100}"}, "g2": {"N": str(n % 97)},
                        "pad": {"S": pad}}}) + "\n"
                    raw_bytes += len(line)
                    f.write(line)
        mb = raw_bytes / 1e6
        print(f"data set: {ITEMS} items, {mb:.1f} MB of DynamoDB JSON "
              f"(~{raw_bytes // ITEMS} B per item), two GSIs (ALL; KEYS_ONLY)")

        def step(title, start, wait, megabytes):
            cpu0, t0 = cpu_seconds(server.pid), time.time()
            result = wait(start())
            wall, cpu = time.time() - t0, cpu_seconds(server.pid) - cpu0
            rate = f", {megabytes / cpu:.1f} MB/s per core" if megabytes else ""
            print(f"{title}: {wall:.2f} s wall, {cpu:.2f} s server CPU{rate}")
            return result

        def wait_import(d):
            arn = d["ImportTableDescription"]["ImportArn"]
            while True:
                d = client.describe_import(ImportArn=arn)["ImportTableDescription"]
                if d["ImportStatus"] != "IN_PROGRESS":
                    assert d["ImportStatus"] == "COMPLETED", d
                    return d
                time.sleep(0.05)

        def wait_export(d):
            arn = d["ExportDescription"]["ExportArn"]
            while True:
                d = client.describe_export(ExportArn=arn)["ExportDescription"]
                if d["ExportStatus"] != "IN_PROGRESS":
                    assert d["ExportStatus"] == "COMPLETED", d
                    return d
                time.sleep(0.05)

        step("import (plain JSON)", lambda: client.import_table(
            S3BucketSource={"S3Bucket": "bench", "S3KeyPrefix": "source-"},
            InputFormat="DYNAMODB_JSON", TableCreationParameters=params("source")),
            wait_import, mb)
        client.update_continuous_backups(
            TableName="source", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
        arn = client.describe_table(TableName="source")["Table"]["TableArn"]
        first = step("export (gzip)", lambda: client.export_table_to_point_in_time(
            TableArn=arn, S3Bucket="bench", S3Prefix="first"), wait_export, mb)
        data_prefix = first["ExportManifest"].rsplit("/", 1)[0] + "/data/"
        step("import of the export (gzip)", lambda: client.import_table(
            S3BucketSource={"S3Bucket": "bench", "S3KeyPrefix": data_prefix},
            InputFormat="DYNAMODB_JSON", InputCompressionType="GZIP",
            TableCreationParameters=params("copy")), wait_import, mb)

        # The copy is the source: its export holds the same items, and every index
        # partition counts the same.
        client.update_continuous_backups(
            TableName="copy", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
        copy_arn = client.describe_table(TableName="copy")["Table"]["TableArn"]
        second = wait_export(client.export_table_to_point_in_time(
            TableArn=copy_arn, S3Bucket="bench", S3Prefix="second"))

        def items_of(export):
            lines = []
            files = open(os.path.join(bucket, export["ManifestFilesKey"] if "ManifestFilesKey" in export
                                      else export["ExportManifest"].replace("manifest-summary", "manifest-files"))).read()
            for entry in files.splitlines():
                with gzip.open(os.path.join(bucket, json.loads(entry)["dataFileS3Key"]), "rt") as f:
                    lines += [json.dumps(json.loads(line), sort_keys=True) for line in f]
            return sorted(lines)
        same_items = items_of(first) == items_of(second)
        counts_equal = True
        for index, attr, values, kind in (("by_g1", "g1", [f"group{g}" for g in range(100)], "S"),
                                          ("by_g2", "g2", [str(g) for g in range(97)], "N")):
            for v in values:
                def count(table):
                    total, start = 0, {}
                    while True:
                        page = client.query(TableName=table, IndexName=index, Select="COUNT",
                                            KeyConditionExpression=f"{attr} = :v",
                                            ExpressionAttributeValues={":v": {kind: v}}, **start)
                        total += page["Count"]
                        if "LastEvaluatedKey" not in page:
                            return total
                        start = {"ExclusiveStartKey": page["LastEvaluatedKey"]}
                counts_equal &= count("source") == count("copy")
        print(f"copy identical: items {'yes' if same_items else 'NO'} "
              f"({first['ItemCount']} exported, {second['ItemCount']} re-exported), "
              f"index partitions {'yes' if counts_equal else 'NO'}")
        failed = not (same_items and counts_equal and first["ItemCount"] == ITEMS)

        backup = client.create_backup(TableName="source", BackupName="bench")["BackupDetails"]
        step("RestoreTableFromBackup", lambda: client.restore_table_from_backup(
            TargetTableName="restored", BackupArn=backup["BackupArn"]), lambda d: d, 0)
        time.sleep(1.2)
        step("RestoreTableToPointInTime (latest)", lambda: client.restore_table_to_point_in_time(
            SourceTableName="source", TargetTableName="restored-pitr",
            UseLatestRestorableTime=True), lambda d: d, 0)
        size = client.describe_table(TableName="source")["Table"]["TableSizeBytes"]
        print(f"table size (TableSizeBytes): {size / 1e6:.1f} MB")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
