#!/usr/bin/python3
"""Writes N GetItem requests of the `plain` table (bench/setup.py), each signed once now with
SigV4 (botocore's signer), one per line: the header lines then the body, as
bench/signed_get.lua replays them. SigV4 accepts a signed request for 15 minutes, so a run
that starts within that window replays valid signatures.

  presign.py ENDPOINT KEY_ID SECRET KEYS N OUT"""
import json
import random
import sys

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

endpoint, key_id, secret, keys, count, out = sys.argv[1:7]
signer = SigV4Auth(Credentials(key_id, secret), "dynamodb", "us-east-1")
with open(out, "w") as f:
    for _ in range(int(count)):
        k = random.randrange(int(keys))
        body = json.dumps({"TableName": "plain",
                           "Key": {"pk": {"S": "p%06d" % (k // 10)}, "sk": {"S": "s%04d" % (k % 10)}}})
        request = AWSRequest(method="POST", url=endpoint + "/", data=body,
                             headers={"Content-Type": "application/x-amz-json-1.0",
                                      "X-Amz-Target": "DynamoDB_20120810.GetItem"})
        signer.add_auth(request)
        headers = {name: value for name, value in request.headers.items()
                   if name.lower() in ("authorization", "x-amz-date")}
        f.write(json.dumps({"headers": headers, "body": body}) + "\n")
