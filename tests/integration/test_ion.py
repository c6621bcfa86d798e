"""Amazon Ion exports and imports (issue 22): ExportFormat ION writes "$ion_1_0 {Item:...}"
lines (.ion.gz data files) with DynamoDB's type mapping, and ImportTable with InputFormat ION
reads them, or Ion files written by hand, into a new table; a line that is not Ion or not an
item is one error, as a bad JSON line is."""
import gzip
import json
import os
import time

from conftest import unique_name
from test_exports import bucket, wait_for_export
from test_imports import (comparable, creation, put_object, scan_all, start_import,
                          table_with_recovery_gsi, wait_for_import)


def test_an_ion_export_imports_into_an_identical_table(client, server):
    source, source_arn = table_with_recovery_gsi(client)
    for n in range(120):
        item = {"pk": {"S": f"k{n} 'é\"\n"}, "g": {"N": str(n % 4)}, "big": {"N": "1.5E+40"},
                "neg": {"N": f"-{n}.25"}, "bin": {"B": bytes([n % 256, 0, 255])},
                "m": {"M": {"l": {"L": [{"S": "x"}, {"NULL": True}, {"BOOL": n % 2 == 0}]},
                            "odd key": {"NS": ["1", str(n + 2)]}}},
                "ss": {"SS": ["a", f"b{n}"]}, "bs": {"BS": [b"\x00", bytes([n % 256 + 1 & 255 or 1])]}}
        client.put_item(TableName=source, Item=item)
    name, path = bucket(server)
    export = wait_for_export(client, client.export_table_to_point_in_time(
        TableArn=source_arn, S3Bucket=name, ExportFormat="ION")["ExportDescription"]["ExportArn"])
    assert export["ExportStatus"] == "COMPLETED", export
    assert export["ExportFormat"] == "ION"
    summary = json.load(open(os.path.join(path, export["ExportManifest"])))
    assert summary["outputFormat"] == "ION"
    files = [json.loads(line) for line in
             open(os.path.join(path, summary["manifestFilesS3Key"])).read().splitlines()]
    assert files and all(f["dataFileS3Key"].endswith(".ion.gz") for f in files)
    lines = []
    for f in files:
        lines += gzip.decompress(open(os.path.join(path, f["dataFileS3Key"]), "rb").read()) \
            .decode().splitlines()
    assert len(lines) == 120
    assert all(line.startswith("$ion_1_0 {Item:{") for line in lines)
    assert any("ss:$dynamodb_SS::[" in line and "g:" in line for line in lines)

    target = unique_name()
    data_prefix = export["ExportManifest"].rsplit("/", 1)[0] + "/data/"
    started = start_import(client, name, data_prefix, creation(target, gsi=True),
                           InputFormat="ION", InputCompressionType="GZIP")
    assert started["InputFormat"] == "ION"
    final = wait_for_import(client, started["ImportArn"])
    assert final["ImportStatus"] == "COMPLETED", final
    assert final["ImportedItemCount"] == 120 and final["ErrorCount"] == 0
    assert comparable(scan_all(client, target)) == comparable(scan_all(client, source))


def test_an_ion_file_written_by_hand_imports_and_a_bad_line_is_one_error(client, server):
    name, path = bucket(server)
    put_object(path, "books/part-1.ion", (
        '$ion_1_0 {Item:{pk:"103",Authors:$dynamodb_SS::["Author1","Author2"],'
        'Dimensions:"8.5 x 11.0 x 1.5",Id:103.,InPublication:false,PageCount:6d2,Price:2d3}}\n'
        '\n'
        '{Item:{pk:"104", cover:{{aGk=}}, tags:[1, "two", null]}} // no version marker\n').encode())
    target = unique_name()
    final = wait_for_import(client, start_import(client, name, "books/", creation(target),
                                                 InputFormat="ION")["ImportArn"])
    assert final["ImportStatus"] == "COMPLETED", final
    assert final["ImportedItemCount"] == 2
    items = {i["pk"]["S"]: i for i in scan_all(client, target)}
    assert items["103"]["PageCount"] == {"N": "600"} and items["103"]["Price"] == {"N": "2000"}
    assert items["103"]["Authors"] == {"SS": ["Author1", "Author2"]}
    assert items["103"]["InPublication"] == {"BOOL": False}
    assert items["104"]["cover"] == {"B": b"hi"}
    assert items["104"]["tags"] == {"L": [{"N": "1"}, {"S": "two"}, {"NULL": True}]}

    put_object(path, "bad/part-1.ion",
               b'$ion_1_0 {Item:{pk:"1"}}\n$ion_1_0 {Item:{pk:2007-02-23T12:14Z}}\n'
               b'$ion_1_0 {Item:{pk:"3"}}\n')
    bad = unique_name()
    final = wait_for_import(client, start_import(client, name, "bad/", creation(bad),
                                                 InputFormat="ION")["ImportArn"])
    assert final["ImportStatus"] == "FAILED"
    assert final["FailureCode"] == "ItemValidationError"
    assert (final["ImportedItemCount"], final["ErrorCount"]) == (1, 1)
