"""Imports (issue 22, decision 0032): ImportTable, DescribeImport and ListImports through
boto3 (raw requests where the Debian botocore drops a member). An import reads every object
under a prefix of a bucket (a directory under --s3-dir, DATA-DIR/s3 by default), DynamoDB JSON
or CSV, GZIP, ZSTD or plain, into a new table with its indexes, made in the background and
seen only once whole. Bad lines are counted as DynamoDB counts them."""
import base64
import gzip
import json
import os
import subprocess
import time
import uuid

from backup_support import error_of
from conftest import Server, make_client, unique_name
from test_exports import bucket, raw_error, wait_for_export


def key_schema(range_key=False):
    keys = [{"AttributeName": "pk", "KeyType": "HASH"}]
    if range_key:
        keys.append({"AttributeName": "sk", "KeyType": "RANGE"})
    return keys


def creation(name, range_key=False, gsi=False, **extra):
    """TableCreationParameters for a table keyed pk (S) [and sk (N)], with a GSI on g (N)."""
    defs = [{"AttributeName": "pk", "AttributeType": "S"}]
    if range_key:
        defs.append({"AttributeName": "sk", "AttributeType": "N"})
    params = {"TableName": name, "KeySchema": key_schema(range_key), "BillingMode": "PAY_PER_REQUEST"}
    if gsi:
        defs.append({"AttributeName": "g", "AttributeType": "N"})
        params["GlobalSecondaryIndexes"] = [{
            "IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "ALL"}}]
    params["AttributeDefinitions"] = defs
    params.update(extra)
    return params


def put_object(path, key, data):
    full = os.path.join(path, key)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data)


def json_lines(items):
    return "".join(json.dumps({"Item": i}) + "\n" for i in items).encode()


def wait_for_import(client, arn, timeout=120):
    deadline = time.time() + timeout
    while True:
        d = client.describe_import(ImportArn=arn)["ImportTableDescription"]
        if d["ImportStatus"] != "IN_PROGRESS":
            return d
        assert time.time() < deadline, f"import {arn} still IN_PROGRESS"
        time.sleep(0.05)


def start_import(client, bucket_name, prefix, params, **extra):
    extra.setdefault("InputFormat", "DYNAMODB_JSON")
    return client.import_table(S3BucketSource={"S3Bucket": bucket_name, "S3KeyPrefix": prefix},
                               TableCreationParameters=params, **extra)["ImportTableDescription"]


def scan_all(client, table):
    items, start = [], {}
    while True:
        page = client.scan(TableName=table, **start)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        start = {"ExclusiveStartKey": page["LastEvaluatedKey"]}


def comparable(items):
    return sorted(json.dumps(i, sort_keys=True,
                             default=lambda b: base64.b64encode(b).decode()) for i in items)


# ---------------------------------------------------------------------------------------
# What an import makes
# ---------------------------------------------------------------------------------------

def test_an_export_imports_into_an_identical_table_with_its_indexes(client, server):
    # Export a table with a GSI, import its data/ folder (GZIP) into a new table: the same
    # items, and the index answers the same.
    source, source_arn = table_with_recovery_gsi(client)
    items = []
    for n in range(300):
        item = {"pk": {"S": f"k{n}"}, "g": {"N": str(n % 5)}, "bin": {"B": bytes([n % 256]) * 3},
                "m": {"M": {"l": {"L": [{"S": "x"}, {"NULL": True}, {"BOOL": True}]}}},
                "ss": {"SS": ["a", f"b{n}"]}}
        if n % 3 == 0:
            del item["g"]  # sparse in the index
        items.append(item)
        client.put_item(TableName=source, Item=item)
    name, path = bucket(server)
    export = wait_for_export(client, client.export_table_to_point_in_time(
        TableArn=source_arn, S3Bucket=name, S3Prefix="exports")["ExportDescription"]["ExportArn"])
    assert export["ExportStatus"] == "COMPLETED"
    data_prefix = export["ExportManifest"].rsplit("/", 1)[0] + "/data/"

    target = unique_name()
    started = time.time()
    d = start_import(client, name, data_prefix, creation(target, gsi=True),
                     InputCompressionType="GZIP")
    assert d["ImportStatus"] == "IN_PROGRESS"
    assert d["ImportArn"].startswith(d["TableArn"] + "/import/")
    import_id = d["ImportArn"].split("/")[-1]
    assert len(import_id) == 23 and int(import_id[:14]) == round(d["StartTime"].timestamp() * 1000)
    assert started - 1 <= d["StartTime"].timestamp() <= time.time()
    assert d["TableArn"].endswith(":table/" + target)
    assert d["S3BucketSource"] == {"S3BucketOwner": "000000000000", "S3Bucket": name,
                                   "S3KeyPrefix": data_prefix}
    assert d["InputFormat"] == "DYNAMODB_JSON" and d["InputCompressionType"] == "GZIP"
    assert d["TableCreationParameters"] == creation(target, gsi=True)
    assert d["ClientToken"]
    assert "EndTime" not in d and "FailureCode" not in d

    final = wait_for_import(client, d["ImportArn"])
    assert final["ImportStatus"] == "COMPLETED", final
    assert final["ProcessedItemCount"] == 300 and final["ImportedItemCount"] == 300
    assert final["ErrorCount"] == 0
    assert final["ProcessedSizeBytes"] > 0
    assert final["EndTime"] >= final["StartTime"]
    table = client.describe_table(TableName=target)["Table"]
    assert table["TableStatus"] == "ACTIVE"
    assert table["TableId"] == d["TableId"] and table["TableArn"] == d["TableArn"]
    assert table["ItemCount"] == 300
    assert comparable(scan_all(client, target)) == comparable(scan_all(client, source))
    for g in range(5):
        def by_g(t):
            return comparable(client.query(
                TableName=t, IndexName="by_g", KeyConditionExpression="g = :g",
                ExpressionAttributeValues={":g": {"N": str(g)}})["Items"])
        assert by_g(target) == by_g(source)


def table_with_recovery_gsi(client):
    name = unique_name()
    client.create_table(**creation(name, gsi=True))
    client.update_continuous_backups(TableName=name,
                                     PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    return name, client.describe_table(TableName=name)["Table"]["TableArn"]


def test_plain_gzip_and_zstd_objects_under_a_prefix_are_imported(client, server):
    name, path = bucket(server)
    items = [{"pk": {"S": f"p{n}"}, "sk": {"N": str(n)}, "v": {"S": "é" * n}} for n in range(30)]
    put_object(path, "in/a.json", json_lines(items[:10]))
    # Objects of any name under the prefix are read; a key that merely starts with the
    # prefix counts too (S3's prefixes are not folders).
    put_object(path, "in/sub/b", json_lines(items[10:20]))
    put_object(path, "in.more/c.json", json_lines(items[20:]))
    put_object(path, "other/d.json", json_lines([{"pk": {"S": "not"}, "sk": {"N": "0"}}]))
    final = wait_for_import(client, start_import(client, name, "in", creation(
        unique_name(), range_key=True))["ImportArn"])
    assert final["ImportStatus"] == "COMPLETED", final
    assert final["ImportedItemCount"] == 30
    target = final["TableCreationParameters"]["TableName"]
    assert comparable(scan_all(client, target)) == comparable(items)

    put_object(path, "gz/x.json.gz", gzip.compress(json_lines(items[:15])))
    # Concatenated gzip members are one stream, as gunzip reads them.
    put_object(path, "gz/y.gz", gzip.compress(json_lines(items[15:20])) +
               gzip.compress(json_lines(items[20:])))
    final = wait_for_import(client, start_import(client, name, "gz/", creation(
        unique_name(), range_key=True), InputCompressionType="GZIP")["ImportArn"])
    assert final["ImportStatus"] == "COMPLETED", final
    assert final["ImportedItemCount"] == 30
    assert final["ProcessedSizeBytes"] == len(json_lines(items))  # uncompressed bytes

    zstd = subprocess.run(["zstd", "-q", "-c"], input=json_lines(items), capture_output=True,
                          check=True).stdout
    put_object(path, "zs/x.zst", zstd)
    final = wait_for_import(client, start_import(client, name, "zs/", creation(
        unique_name(), range_key=True), InputCompressionType="ZSTD")["ImportArn"])
    assert final["ImportStatus"] == "COMPLETED", final
    assert comparable(scan_all(client, final["TableCreationParameters"]["TableName"])) == \
        comparable(items)


def test_csv_with_a_header_or_a_header_list_and_a_delimiter(client, server):
    name, path = bucket(server)
    put_object(path, "csv/a.csv",
               b'pk,sk,g,note\r\n'
               b'alpha,1,7,plain\r\n'
               b'beta,2.50,8,"with, a comma and ""quotes"""\r\n'
               b'gamma,3,,\r\n')
    params = creation(unique_name(), range_key=True, gsi=True)
    final = wait_for_import(client, start_import(client, name, "csv/", params,
                                                 InputFormat="CSV")["ImportArn"])
    assert final["ImportStatus"] == "COMPLETED", final
    assert final["ImportedItemCount"] == 3
    got = {i["pk"]["S"]: i for i in scan_all(client, params["TableName"])}
    # Key attributes of the table and its indexes as their definitions type them; every
    # other column a string; an empty field no attribute.
    assert got["alpha"] == {"pk": {"S": "alpha"}, "sk": {"N": "1"}, "g": {"N": "7"},
                            "note": {"S": "plain"}}
    assert got["beta"]["sk"] == {"N": "2.5"}
    assert got["beta"]["note"] == {"S": 'with, a comma and "quotes"'}
    assert got["gamma"] == {"pk": {"S": "gamma"}, "sk": {"N": "3"}}

    put_object(path, "tsv/a.tsv", b"one\t1\tx\ntwo\t2\ty\n")
    params = creation(unique_name(), range_key=True)
    d = start_import(client, name, "tsv/", params, InputFormat="CSV", InputFormatOptions={
        "Csv": {"Delimiter": "\t", "HeaderList": ["pk", "sk", "other"]}})
    assert d["InputFormatOptions"] == {"Csv": {"Delimiter": "\t",
                                               "HeaderList": ["pk", "sk", "other"]}}
    final = wait_for_import(client, d["ImportArn"])
    assert final["ImportStatus"] == "COMPLETED", final
    assert comparable(scan_all(client, params["TableName"])) == comparable([
        {"pk": {"S": "one"}, "sk": {"N": "1"}, "other": {"S": "x"}},
        {"pk": {"S": "two"}, "sk": {"N": "2"}, "other": {"S": "y"}}])


def test_bad_lines_are_counted_and_end_their_object(client, server):
    # Each object's first bad line is one error and ends the reading of that object (as
    # DynamoDB skips the rest of it); blank lines are nothing; two items with one key leave
    # one. Any error makes the import FAILED (ItemValidationError), the table kept with the
    # items that were good.
    name, path = bucket(server)
    good = lambda n: {"pk": {"S": f"g{n}"}, "sk": {"N": str(n)}}  # noqa: E731
    put_object(path, "mixed/1", json_lines([good(1), good(2)]) + b"\n   \n" +
               json_lines([good(2) | {"v": {"S": "again"}}]))
    put_object(path, "mixed/2", json_lines([good(3)]) + b"{not json\n" + json_lines([good(4)]))
    put_object(path, "mixed/3", json_lines([{"pk": {"S": "no sort key"}}, good(5)]))
    put_object(path, "mixed/4", json_lines([{"pk": {"S": "x"}, "sk": {"S": "not a number"}}]))
    put_object(path, "mixed/5", b'{"pk": {"S": "no Item wrapper"}, "sk": {"N": "1"}}\n')
    put_object(path, "mixed/6", json_lines([good(6), {"pk": {"S": "x"}, "sk": {"N": "7"},
                                                      "empty": {"SS": []}}]))
    params = creation(unique_name(), range_key=True)
    final = wait_for_import(client, start_import(client, name, "mixed/", params)["ImportArn"])
    assert final["ImportStatus"] == "FAILED"
    assert final["FailureCode"] == "ItemValidationError"
    assert final["FailureMessage"] == (
        "Some of the items failed validation checks and were not imported. Please check "
        "CloudWatch error logs for more details.")
    assert final["ErrorCount"] == 5
    assert final["ImportedItemCount"] == 5  # g1, g2 twice, g3, g6
    assert final["ProcessedItemCount"] == final["ImportedItemCount"] + final["ErrorCount"]
    got = {i["pk"]["S"]: i for i in scan_all(client, params["TableName"])}
    assert sorted(got) == ["g1", "g2", "g3", "g6"]
    assert got["g2"]["v"] == {"S": "again"}  # the later of two items with one key
    assert client.describe_table(TableName=params["TableName"])["Table"]["TableStatus"] == "ACTIVE"

    # A plain object declared GZIP is an error too.
    final = wait_for_import(client, start_import(client, name, "mixed/1", creation(
        unique_name(), range_key=True), InputCompressionType="GZIP")["ImportArn"])
    assert final["ImportStatus"] == "FAILED" and final["ErrorCount"] == 1


def test_an_empty_prefix_makes_an_empty_table_and_a_missing_bucket_none(client, server):
    name, path = bucket(server)
    params = creation(unique_name())
    final = wait_for_import(client, start_import(client, name, "nothing/here", params)["ImportArn"])
    assert final["ImportStatus"] == "COMPLETED"
    assert final["ProcessedItemCount"] == 0 and final["ProcessedSizeBytes"] == 0
    assert client.describe_table(TableName=params["TableName"])["Table"]["ItemCount"] == 0

    params = creation(unique_name())
    final = wait_for_import(client, start_import(client, "no-such-bucket-here", "", params)[
        "ImportArn"])
    assert final["ImportStatus"] == "FAILED"
    assert final["FailureCode"] == "S3NoSuchBucket"
    assert "bucket does not exist" in final["FailureMessage"]
    assert error_of(lambda: client.describe_table(TableName=params["TableName"]))[0] == \
        "ResourceNotFoundException"
    # The name is free again.
    client.create_table(**creation(params["TableName"]))


def test_a_table_being_imported_is_not_there_until_whole(client, server):
    # 40,000 items: while they are written the table is neither described nor listed, and
    # its name cannot be taken.
    name, path = bucket(server)
    lines = json_lines([{"pk": {"S": f"k{n}"}, "pad": {"S": "x" * 200}} for n in range(40000)])
    put_object(path, "big/all.json", lines)
    params = creation(unique_name())
    d = start_import(client, name, "big/", params)
    seen_in_progress = False

    def status():
        return client.describe_import(ImportArn=d["ImportArn"])["ImportTableDescription"][
            "ImportStatus"]
    while status() == "IN_PROGRESS":
        try:
            client.describe_table(TableName=params["TableName"])
            assert status() != "IN_PROGRESS", "the table was described while importing"
        except client.exceptions.ResourceNotFoundException:
            seen_in_progress = True
            # Its name is taken all along (by the import, then by the table).
            assert error_of(lambda: client.create_table(**creation(params["TableName"]))) == (
                "ResourceInUseException", f"Table already exists: {params['TableName']}")
            if params["TableName"] in client.list_tables()["TableNames"]:
                assert status() != "IN_PROGRESS", "the table was listed while importing"
    assert seen_in_progress
    final = wait_for_import(client, d["ImportArn"])
    assert final["ImportStatus"] == "COMPLETED"
    assert client.describe_table(TableName=params["TableName"])["Table"]["ItemCount"] == 40000


# ---------------------------------------------------------------------------------------
# Refusals, tokens, listing
# ---------------------------------------------------------------------------------------

def test_import_refusals_in_dynamodbs_words(client, server):
    name, path = bucket(server)
    taken = unique_name()
    client.create_table(**creation(taken))
    assert error_of(lambda: start_import(client, name, "", creation(taken))) == (
        "ResourceInUseException", f"Table already exists: {taken}")
    body = {"S3BucketSource": {"S3Bucket": name}, "InputFormat": "DYNAMODB_JSON",
            "TableCreationParameters": creation(unique_name())}
    for change, message in (
            ({"InputCompressionType": "BZIP2"},
             "1 validation error detected: Value 'BZIP2' at 'inputCompressionType' failed to "
             "satisfy constraint: Member must satisfy enum value set: [ZSTD, NONE, GZIP]"),
            ({"InputFormatOptions": {"Csv": {"Delimiter": ","}}},
             "Invalid Request: Unsupported InputFormatOptions for the given input format: "
             "DYNAMODB_JSON."),
            ({"S3BucketSource": {"S3Bucket": "bad bucket"}},
             "1 validation error detected: Value 'bad bucket' at 's3BucketSource.s3Bucket' "
             "failed to satisfy constraint: Member must satisfy regular expression pattern: "
             "^[a-z0-9A-Z]+[\\.\\-\\w]*[a-z0-9A-Z]+$"),
            ({"TableCreationParameters": {**creation(unique_name()),
                                          "BillingMode": "PROVISIONED"}},
             "One or more parameter values were invalid: ReadCapacityUnits and "
             "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")):
        assert raw_error(server, "ImportTable", {**body, **change}) == ("ValidationException",
                                                                        message)
    code, text = raw_error(server, "ImportTable", {
        **body, "InputFormat": "CSV",
        "InputFormatOptions": {"Csv": {"Delimiter": ";;"}}})
    assert code == "ValidationException" and "inputFormatOptions.csv.delimiter" in text
    for member in ("S3BucketSource", "InputFormat", "TableCreationParameters"):
        code, text = raw_error(server, "ImportTable",
                               {k: v for k, v in body.items() if k != member})
        assert code == "ValidationException" and "Member must not be null" in text, member
    code, _ = raw_error(server, "ImportTable", {**body, "ClientToken": "a$b"})
    assert code == "ValidationException"

    table_arn = client.describe_table(TableName=taken)["Table"]["TableArn"]
    unknown = table_arn + "/import/01700000000000-0badcafe"
    assert error_of(lambda: client.describe_import(ImportArn=unknown)) == (
        "ImportNotFoundException", f"Import not found: Import not found: {unknown}")
    assert error_of(lambda: client.describe_import(ImportArn=table_arn + "/export/x" * 2)) == (
        "ValidationException", "Invalid Import ARN")


def test_a_client_token_names_one_import(client, server):
    name, path = bucket(server)
    # Big enough that the import is still running when it is asked for again.
    put_object(path, "tok/a.json", json_lines(
        [{"pk": {"S": f"k{n}"}, "pad": {"S": "x" * 200}} for n in range(40000)]))
    token = str(uuid.uuid4())
    params = creation(unique_name())
    first = start_import(client, name, "tok/", params, ClientToken=token)
    assert first["ClientToken"] == token
    # The same token and table while it runs: the same import (other members are not
    # compared, as DynamoDB does not); another table: a conflict.
    try:
        again = start_import(client, name, "elsewhere/", params, ClientToken=token)
        assert again["ImportArn"] == first["ImportArn"]
    except client.exceptions.ResourceInUseException:
        # It had finished: its table has the name, which is checked first.
        assert client.describe_import(ImportArn=first["ImportArn"])[
            "ImportTableDescription"]["ImportStatus"] == "COMPLETED"
    assert error_of(lambda: start_import(client, name, "tok/", creation(unique_name()),
                                         ClientToken=token)) == (
        "ImportConflictException",
        "Import conflict: Duplicate request detected with conflicting parameters")
    wait_for_import(client, first["ImportArn"])
    # Once its table exists, a replay is refused for the name, as DynamoDB checks it first.
    assert error_of(lambda: start_import(client, name, "tok/", params, ClientToken=token))[0] == \
        "ResourceInUseException"


def test_list_imports_pages_newest_first_and_by_table(client, server):
    name, path = bucket(server)
    put_object(path, "list/a.json", json_lines([{"pk": {"S": "x"}}]))
    arns = []
    for _ in range(3):
        arns.append(start_import(client, name, "list/", creation(unique_name()))["ImportArn"])
        time.sleep(0.002)
    for arn in arns:
        wait_for_import(client, arn)
    listed = [i["ImportArn"] for i in client.list_imports(PageSize=25)["ImportSummaryList"]]
    mine = [a for a in listed if a in arns]
    assert mine == list(reversed(arns))
    page = client.list_imports(PageSize=1)
    assert len(page["ImportSummaryList"]) == 1 and len(page["NextToken"]) >= 112
    second = client.list_imports(PageSize=1, NextToken=page["NextToken"])["ImportSummaryList"]
    assert second[0]["ImportArn"] != page["ImportSummaryList"][0]["ImportArn"]
    table_arn = arns[1].split("/import/")[0]
    summary = client.list_imports(TableArn=table_arn)["ImportSummaryList"]
    assert [i["ImportArn"] for i in summary] == [arns[1]]
    assert summary[0]["ImportStatus"] == "COMPLETED" and summary[0]["InputFormat"] == "DYNAMODB_JSON"
    assert summary[0]["S3BucketSource"]["S3Bucket"] == name
    code, _ = raw_error(server, "ListImports", {"PageSize": 26})
    assert code == "ValidationException"
    code, _ = raw_error(server, "ListImports", {"NextToken": "0" * 112})
    assert code == "ValidationException"


# ---------------------------------------------------------------------------------------
# Kills
# ---------------------------------------------------------------------------------------

def test_an_import_cut_short_by_a_kill_leaves_no_table_and_can_be_run_again(tmp_path):
    data = str(tmp_path / "data")
    server = Server(data).start()
    try:
        client = make_client(server.url)
        name, path = bucket(server)
        put_object(path, "big/all.json", json_lines(
            [{"pk": {"S": f"k{n}"}, "pad": {"S": "x" * 200}} for n in range(60000)]))
        params = creation(unique_name())
        cut = start_import(client, name, "big/", params)["ImportArn"]
        time.sleep(0.1)
        server.kill()
        server = Server(data).start()
        client = make_client(server.url)
        d = client.describe_import(ImportArn=cut)["ImportTableDescription"]
        assert d["ImportStatus"] == "FAILED"
        assert d["FailureCode"] == "UNKNOWN" and "interrupted" in d["FailureMessage"]
        assert error_of(lambda: client.describe_table(TableName=params["TableName"]))[0] == \
            "ResourceNotFoundException"
        assert params["TableName"] not in client.list_tables()["TableNames"]
        again = wait_for_import(client, start_import(client, name, "big/", params)["ImportArn"])
        assert again["ImportStatus"] == "COMPLETED", again
        assert client.describe_table(TableName=params["TableName"])["Table"]["ItemCount"] == 60000
    finally:
        server.stop()
