#!/usr/bin/python3
"""Lets an older botocore send DescribeStream's ShardFilter, so that the suite's
ShardFilter tests (test_streams.py::test_stream_shard_filtering_*) reach the server.

botocore before ShardFilter was added to the DynamoDB Streams model (Debian's 1.29, for
one) fails those tests on the client, with KeyError: 'ShardFilter', before any request
is sent. This script writes a copy of the installed dynamodbstreams model with
DescribeStreamInput.ShardFilter ({Type: CHILD_SHARDS, ShardId}) added, into a directory
that botocore reads before its own models when AWS_DATA_PATH names it:

    tests/conformance/botocore_shard_filter.py /tmp/botocore-models
    AWS_DATA_PATH=/tmp/botocore-models ../shared/conformance/run_suite.sh ...

With a botocore that already knows ShardFilter, the script says so and writes nothing."""
import argparse
import json
import os

import botocore

API_VERSION = "2012-08-10"

parser = argparse.ArgumentParser()
parser.add_argument("directory", help="where to write the model (then AWS_DATA_PATH=DIRECTORY)")
args = parser.parse_args()

installed = os.path.join(os.path.dirname(botocore.__file__), "data", "dynamodbstreams", API_VERSION)
with open(os.path.join(installed, "service-2.json"), encoding="utf-8") as f:
    model = json.load(f)
shapes = model["shapes"]
members = shapes["DescribeStreamInput"]["members"]
if "ShardFilter" in members:
    print(f"botocore {botocore.__version__} already sends ShardFilter; nothing written")
    raise SystemExit(0)

members["ShardFilter"] = {"shape": "ShardFilter"}
shapes["ShardFilter"] = {
    "type": "structure",
    "members": {"Type": {"shape": "ShardFilterType"}, "ShardId": {"shape": "ShardId"}},
}
shapes["ShardFilterType"] = {"type": "string", "enum": ["CHILD_SHARDS"]}

target = os.path.join(args.directory, "dynamodbstreams", API_VERSION)
os.makedirs(target, exist_ok=True)
with open(os.path.join(target, "service-2.json"), "w", encoding="utf-8") as f:
    json.dump(model, f)
print(f"wrote {target}/service-2.json; run the suite with AWS_DATA_PATH={args.directory}")
