"""HTTP behaviour around the protocol: compressed requests (Content-Encoding), compressed
responses (Accept-Encoding), large responses, DynamoDB's standard headers and CORS."""
import gzip
import json
import zlib
from email.utils import parsedate_to_datetime

import requests

from conftest import raw_request

JSON = "application/x-amz-json-1.0"


def post(url, operation, body, headers=None):
    """Like raw_request, but keeps the body as sent (requests would inflate it) in r.raw_body."""
    h = {"Content-Type": JSON, "X-Amz-Target": f"DynamoDB_20120810.{operation}",
         "Accept-Encoding": "identity"}
    h.update(headers or {})
    r = requests.post(url + "/", data=body, headers=h, timeout=30, stream=True)
    r.raw_body = r.raw.read(decode_content=False)
    return r


def put_body(table, pk, **attrs):
    item = {"pk": {"S": pk}}
    item.update({k: {"S": v} for k, v in attrs.items()})
    return json.dumps({"TableName": table, "Item": item}).encode()


def get_item(url, table, pk):
    r = raw_request(url, "GetItem", json.dumps({"TableName": table, "Key": {"pk": {"S": pk}},
                                                "ConsistentRead": True}))
    assert r.status_code == 200, r.text
    return r.json().get("Item")


def test_gzip_and_deflate_requests_are_inflated(server, table_s):
    for name, compress in (("gzip", gzip.compress), ("deflate", zlib.compress)):
        body = compress(put_body(table_s, name, v="x" * 20000))
        r = post(server.url, "PutItem", body, {"Content-Encoding": name})
        assert r.status_code == 200, r.raw_body
        assert get_item(server.url, table_s, name)["v"] == {"S": "x" * 20000}


def test_concatenated_gzip_members_make_one_body(server, table_s):
    body = put_body(table_s, "two", v="members")
    r = post(server.url, "PutItem", gzip.compress(body[:7]) + gzip.compress(body[7:]),
             {"Content-Encoding": "gzip"})
    assert r.status_code == 200
    assert get_item(server.url, table_s, "two")["v"] == {"S": "members"}


def test_undecodable_bodies_are_internal_errors(server, table_s):
    body = put_body(table_s, "bad")
    cases = [("garbage", body), ("gzip", body), ("deflate", body), ("gzip", b""),
             ("gzip", gzip.compress(body)[:-1]), ("deflate", zlib.compress(body) + b"junk"),
             ("deflate", zlib.compress(body[:5]) + zlib.compress(body[5:]))]
    with requests.Session() as session:  # one connection: it stays usable after each error
        for encoding, payload in cases:
            r = session.post(server.url + "/", data=payload, timeout=30, headers={
                "Content-Type": JSON, "X-Amz-Target": "DynamoDB_20120810.PutItem",
                "Content-Encoding": encoding})
            assert r.status_code == 500, (encoding, payload)
            assert r.json()["__type"].endswith("#InternalServerError")
    assert get_item(server.url, table_s, "bad") is None


def test_junk_after_a_gzip_body_is_ignored_as_dynamodb_ignores_it(server, table_s):
    body = put_body(table_s, "junk")
    r = post(server.url, "PutItem", gzip.compress(body) + b"junk", {"Content-Encoding": "gzip"})
    assert r.status_code == 200
    assert get_item(server.url, table_s, "junk") is not None


def test_the_size_limit_applies_after_decompression(server, table_s):
    body = put_body(table_s, "bomb")
    body = body[:-1] + b" " * (20 * 1024 * 1024) + body[-1:]
    r = post(server.url, "PutItem", gzip.compress(body), {"Content-Encoding": "gzip"})
    assert r.status_code == 413
    assert json.loads(r.raw_body)["message"] == "Request size exceeds 16777216 bytes"
    assert get_item(server.url, table_s, "bomb") is None


def test_large_responses_are_compressed_when_accepted(server, table_s):
    raw_request(server.url, "PutItem", put_body(table_s, "big", v="y" * 8000))
    get = json.dumps({"TableName": table_s, "Key": {"pk": {"S": "big"}}})
    plain = post(server.url, "GetItem", get)
    assert "Content-Encoding" not in plain.headers
    for accept, coding, decompress in (("gzip", "gzip", gzip.decompress),
                                       ("deflate", "deflate", zlib.decompress),
                                       ("br, deflate;q=0.5, gzip", "gzip", gzip.decompress)):
        r = post(server.url, "GetItem", get, {"Accept-Encoding": accept})
        assert r.status_code == 200
        assert r.headers["Content-Encoding"] == coding
        assert int(r.headers["Content-Length"]) == len(r.raw_body) < 1000
        # x-amz-crc32 covers the bytes on the wire, as the AWS SDKs check it.
        assert int(r.headers["x-amz-crc32"]) == zlib.crc32(r.raw_body)
        assert decompress(r.raw_body) == plain.raw_body


def test_small_or_unaccepted_responses_stay_plain(server, table_s):
    raw_request(server.url, "PutItem", put_body(table_s, "small", v="z"))
    get = json.dumps({"TableName": table_s, "Key": {"pk": {"S": "small"}}})
    r = post(server.url, "GetItem", get, {"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in r.headers
    raw_request(server.url, "PutItem", put_body(table_s, "small", v="z" * 8000))
    for accept in ("identity", "br", "gzip;q=0", "*;q=0"):
        r = post(server.url, "GetItem", get, {"Accept-Encoding": accept})
        assert "Content-Encoding" not in r.headers, accept
        assert int(r.headers["x-amz-crc32"]) == zlib.crc32(r.raw_body)


def test_very_large_responses_keep_a_content_length(server, table_s):
    raw_request(server.url, "PutItem", put_body(table_s, "huge", v="q" * 200000))
    get = json.dumps({"TableName": table_s, "Key": {"pk": {"S": "huge"}}})
    for accept in ("identity", "gzip"):
        r = post(server.url, "GetItem", get, {"Accept-Encoding": accept})
        assert "Transfer-Encoding" not in r.headers
        assert int(r.headers["Content-Length"]) == len(r.raw_body)
        assert int(r.headers["x-amz-crc32"]) == zlib.crc32(r.raw_body)
        body = gzip.decompress(r.raw_body) if accept == "gzip" else r.raw_body
        assert json.loads(body)["Item"]["v"]["S"] == "q" * 200000


def test_dynamodb_response_headers(server):
    for operation, body, status in (("ListTables", "{}", 200),
                                    ("DescribeTable", '{"TableName": "nope"}', 400)):
        r = raw_request(server.url, operation, body)
        assert r.status_code == status
        assert r.headers["Content-Type"] == JSON
        assert r.headers["Server"] == "Server"
        assert parsedate_to_datetime(r.headers["Date"]).tzname() == "UTC"
