"""Bodies that are not JSON, truncated JSON, junk."""
import copy
import json
import random
import socket

import pytest
import requests

from malformed.common import *  # noqa: F401,F403
from malformed.members import *  # noqa: F401,F403

# ---------------------------------------------------------------------------------------
# Invalid JSON.
# ---------------------------------------------------------------------------------------

VALID_PUT = dump(
    {
        "TableName": TABLE,
        "Item": {
            "pk": {"S": "truncated"},
            "n": {"N": "-12.5e3"},
            "l": {"L": [{"BOOL": True}, {"NULL": True}, {"B": "AAEC"}]},
            "m": {"M": {"ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2"]}}},
        },
        "ReturnValues": "NONE",
    }
)


def bad_json_cases():
    # Every proper prefix of a valid PutItem: none is a complete JSON document (the empty
    # prefix is an empty request, which lacks its required members).
    for n in range(len(VALID_PUT)):
        expect = VALIDATION if n == 0 else SERIALIZATION
        yield Case(f"truncated-{n:03d}", "PutItem", VALID_PUT[:n], expect)

    syntax = [
        ("open-brace", b"{"),
        ("close-brace", b"}"),
        ("open-bracket", b"["),
        ("quote", b'"'),
        ("single-quotes", b"{'TableName': 'x'}"),
        ("trailing-comma", b'{"Limit": 5,}'),
        ("missing-colon", b'{"Limit" 5}'),
        ("missing-comma", b'{"Limit": 5 "ExclusiveStartTableName": "abc"}'),
        ("nan-literal", b'{"Limit": NaN}'),
        ("infinity-literal", b'{"Limit": Infinity}'),
        ("trailing-garbage", b'{"Limit": 5} trailing'),
        ("two-documents", b"{}{}"),
        ("bad-literal", b'{"a": tru}'),
        ("bad-escape", b'{"ExclusiveStartTableName": "\\x41bc"}'),
        ("short-unicode-escape", b'{"ExclusiveStartTableName": "\\u12"}'),
        ("raw-newline-in-string", b'{"ExclusiveStartTableName": "ab\nc"}'),
        ("raw-tab-in-string", b'{"ExclusiveStartTableName": "ab\tc"}'),
        ("leading-zero", b'{"Limit": 05}'),
        ("lone-minus", b'{"Limit": -}'),
        ("trailing-dot", b'{"Limit": 1.}'),
        ("leading-dot", b'{"Limit": .5}'),
        ("plus-sign", b'{"Limit": +1}'),
        ("hex-number", b'{"Limit": 0x10}'),
        ("comment", b"/* comment */ {}"),
        ("line-comment", b"{} // comment"),
        ("nul-prefix", b"\x00{}"),
        ("nul-suffix", b"{}\x00"),
        ("unclosed-array", b'{"a": [1, 2}'),
        ("unclosed-string", b'{"a": "abc}'),
        ("unquoted-key", b"{Limit: 5}"),
        ("whitespace-only", b"   \r\n\t  "),
        ("lone-null", b"null"),
        ("array", b"[]"),
        ("array-of-object", b"[{}]"),
        ("string", b'"ListTables"'),
        ("number", b"42"),
        ("true", b"true"),
    ]
    for label, body in syntax:
        for operation in ("ListTables", "PutItem"):
            expect = SERIALIZATION
            yield Case(f"syntax-{label}-{operation}", operation, body, expect)

    deep = [
        ("brackets-100000", b"[" * 100000),
        ("braces-100000", b'{"a":' * 100000),
        ("balanced-brackets-100000", b"[" * 100000 + b"]" * 100000),
        ("balanced-brackets-2000", b"[" * 2000 + b"]" * 2000),
        ("member-brackets-50000", b'{"TableName":' + b"[" * 50000),
        ("member-balanced-1100", b'{"TableName": "x", "Junk": ' + b"[" * 1100 + b"]" * 1100 + b"}"),
        ("item-braces-100000",
         b'{"TableName": "' + TABLE.encode() + b'", "Item":' + b'{"a":' * 100000),
    ]
    for label, body in deep:
        for operation in ("PutItem", "CreateTable", "BatchWriteItem"):
            yield Case(f"deep-{label}-{operation}", operation, body, SERIALIZATION)

    invalid_utf8 = [
        ("ff", b"\xff\xfe"),
        ("overlong-slash", b"\xc0\xaf"),
        ("overlong-nul", b"\xc0\x80"),
        ("surrogate", b"\xed\xa0\x80"),
        ("truncated-3byte", b"\xe2\x82"),
        ("lone-continuation", b"\x80"),
        ("latin1-e-acute", b"caf\xe9"),
        ("above-10ffff", b"\xf4\x90\x80\x80"),
        ("five-byte", b"\xf8\x88\x80\x80\x80"),
    ]
    table = TABLE.encode()
    for label, bad in invalid_utf8:
        yield Case(f"utf8-{label}-tablename", "DescribeTable", b'{"TableName": "' + bad + b'"}',
                   SERIALIZATION)
        yield Case(f"utf8-{label}-membername", "DescribeTable",
                   b'{"Table' + bad + b'Name": "' + table + b'"}', SERIALIZATION)
        yield Case(f"utf8-{label}-string-value", "PutItem",
                   b'{"TableName": "' + table + b'", "Item": {"pk": {"S": "utf8"}, '
                   b'"a": {"S": "x' + bad + b'"}}}', SERIALIZATION)
        yield Case(f"utf8-{label}-attribute-name", "PutItem",
                   b'{"TableName": "' + table + b'", "Item": {"pk": {"S": "utf8"}, '
                   b'"' + bad + b'": {"S": "x"}}}', SERIALIZATION)
        yield Case(f"utf8-{label}-key-value", "GetItem",
                   b'{"TableName": "' + table + b'", "Key": {"pk": {"S": "' + bad + b'"}}}',
                   SERIALIZATION)
        yield Case(f"utf8-{label}-outside-string", "ListTables", b"{" + bad + b"}", SERIALIZATION)


def junk_cases():
    rng = random.Random(20240611)
    operations = ["PutItem", "GetItem", "CreateTable", "BatchWriteItem", "ListTables",
                  "TagResource", "DescribeLimits"]
    for i in range(60):
        n = rng.choice([8, 16, 64, 256, 1024, 4096, 65536])
        junk = bytes(rng.getrandbits(8) for _ in range(n))
        if i % 3 == 1:
            junk = b'{"TableName": "' + junk  # junk inside a string that never closes
        elif i % 3 == 2:
            junk = b"\x00" + junk  # never a valid start of JSON
        operation = operations[i % len(operations)]
        yield Case(f"junk-{i:02d}-{operation}-{len(junk)}b", operation, junk, SERIALIZATION)
    # Recognisable binary formats.
    formats = [
        ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
        ("gzip", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(range(255, -1, -1))),
        ("cbor-map", b"\xa1\x69TableName\x63abc"),
        ("tls-client-hello", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64),
        ("utf16-le-json", '{"Limit": 5}'.encode("utf-16-le")),
        ("utf16-be-json-bom", '{"Limit": 5}'.encode("utf-16")),
        ("utf32-json", '{"Limit": 5}'.encode("utf-32")),
        ("all-nul-4096", b"\x00" * 4096),
        ("all-ff-4096", b"\xff" * 4096),
    ]
    for label, body in formats:
        for operation in ("ListTables", "PutItem"):
            yield Case(f"binary-{label}-{operation}", operation, body, SERIALIZATION)


