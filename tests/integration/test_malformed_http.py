"""Malformed HTTP: oversized bodies, broken request lines and headers, over raw sockets."""
import copy
import json
import random
import socket

import pytest
import requests

from malformed.common import *  # noqa: F401,F403

# ---------------------------------------------------------------------------------------
# Oversized bodies and malformed HTTP, on raw sockets where the server may close early.
# ---------------------------------------------------------------------------------------


def raw_exchange(server, data, shutdown_write=True, timeout=20):
    """Sends raw bytes on a fresh connection and reads until the server closes it.
    Returns (status, headers, body) of the first response."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as s:
        try:
            s.sendall(data)
            if shutdown_write:
                s.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server answered and closed before taking everything
        received = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                received += chunk
                if response_complete(received):
                    break
        except ConnectionResetError:
            pass
    return parse_response(received)


def response_complete(data):
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value.strip())
    return False


def parse_response(data):
    assert data, "the server closed the connection without answering"
    head, sep, body = data.partition(b"\r\n\r\n")
    assert sep, f"incomplete HTTP response: {data[:300]!r}"
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower().decode()] = value.strip().decode("latin-1")
    if "content-length" in headers:
        body = body[: int(headers["content-length"])]
    return status, headers, body


class RawResponse:
    """The parts of a requests.Response that check_error reads."""

    def __init__(self, status, body):
        self.status_code = status
        self.content = body

    def json(self):
        return json.loads(self.content)


def check_raw_error(server, data, expect=ALLOWED, what="", shutdown_write=True):
    status, _, body = raw_exchange(server, data, shutdown_write)
    return check_error(RawResponse(status, body), expect, what), status


def request_head(content_length=None, extra=b"", operation="ListTables"):
    head = (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-amz-json-1.0\r\n"
            b"X-Amz-Target: DynamoDB_20120810." + operation.encode() + b"\r\n")
    if content_length is not None:
        head += b"Content-Length: " + str(content_length).encode() + b"\r\n"
    return head + extra + b"\r\n"


def test_oversized_body_refused_from_its_headers(server, target_table):
    """A Content-Length just over 16 MB is refused as soon as the headers arrive."""
    _, status = check_raw_error(server, request_head(MAX_BODY + 1, operation="PutItem"),
                                what="Content-Length 16 MB + 1", shutdown_write=False)
    assert status in (400, 413), status


def test_oversized_body_sent_in_full(server, target_table):
    """The whole body is sent; the server may answer and close before reading it all."""
    body = b'{"TableName": "' + TABLE.encode() + b'", "Item": {"pk": {"S": "huge"}, "a": {"S": "'
    body += b"x" * (MAX_BODY + 1 - len(body) - 4) + b'"}}}'
    assert len(body) == MAX_BODY + 1
    try:
        response = raw_request(server.url, "PutItem", body)
    except requests.ConnectionError:
        response = None  # closed mid-upload: acceptable
    if response is not None:
        assert response.status_code in (400, 413), describe(response)
        check_error(response, what="16 MB + 1 body")
    assert requests.get(server.url + "/", timeout=10).ok
    assert server.alive()


def test_oversized_chunked_body(server, target_table):
    """A chunked body whose total crosses 16 MB without any Content-Length."""
    piece = b"[" + b" " * (1024 * 1024 - 1)

    def chunks():
        for _ in range(17):
            yield piece

    try:
        response = requests.post(
            server.url + "/",
            data=chunks(),
            headers={"X-Amz-Target": "DynamoDB_20120810.PutItem",
                     "Content-Type": "application/x-amz-json-1.0"},
            timeout=30,
        )
    except requests.ConnectionError:
        response = None
    if response is not None:
        assert response.status_code in (400, 413), describe(response)
        check_error(response, what="chunked 17 MB body")
    assert requests.get(server.url + "/", timeout=10).ok
    assert server.alive()


def test_body_of_exactly_16_mb_is_parsed_and_refused(server, target_table):
    """The limit itself is allowed through to the JSON parser, which rejects junk."""
    body = b" " * (MAX_BODY - 3) + b"[1]"
    assert len(body) == MAX_BODY
    response = raw_request(server.url, "PutItem", body)
    check_error(response, BAD_INPUT, "16 MB of whitespace and an array")


MALFORMED_HTTP = [
    ("garbage-line", b"GARBAGE\r\n\r\n"),
    ("nul-bytes", b"\x00" * 64 + b"\r\n\r\n"),
    ("tls-hello", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64 + b"\r\n\r\n"),
    ("bad-content-length", request_head(extra=b"Content-Length: abc\r\n")),
    ("negative-content-length", request_head(extra=b"Content-Length: -1\r\n")),
    ("two-content-lengths", request_head(extra=b"Content-Length: 2\r\nContent-Length: 3\r\n")
     + b"{}"),
    ("bad-chunk-size", request_head(extra=b"Transfer-Encoding: chunked\r\n") + b"zz\r\n{}\r\n"),
    ("header-over-16k", request_head(2, extra=b"X-Pad: " + b"a" * 20000 + b"\r\n") + b"{}"),
    # Just over 16 KB of headers, in two fields: the limit is on the whole head.
    ("headers-just-over-16k", request_head(2, extra=b"X-Pad1: " + b"a" * 8192 + b"\r\nX-Pad2: "
                                           + b"b" * 8192 + b"\r\n") + b"{}"),
    ("body-shorter-than-length", request_head(100) + b"{}"),
    ("header-without-colon", request_head(2, extra=b"NoColonHere\r\n") + b"{}"),
]


@pytest.mark.parametrize("data", [d for _, d in MALFORMED_HTTP],
                         ids=[label for label, _ in MALFORMED_HTTP])
def test_malformed_http(server, target_table, data):
    check_raw_error(server, data, what="malformed HTTP")


def test_server_still_serves(server, client, target_table):
    """After everything above, on new connections: the server lists tables, reads the
    sentinel item, and is still the same process."""
    assert server.alive(), "the server died"
    assert TABLE in all_table_names(client)
    item = client.get_item(TableName=TABLE, Key=SENTINEL_KEY, ConsistentRead=True)
    assert item.get("Item") == SENTINEL_ITEM
    response = raw_request(server.url, "ListTables", b'{"Limit": 1}')
    assert response.status_code == 200, describe(response)
    assert len(response.json()["TableNames"]) == 1
    assert requests.get(server.url + "/", timeout=5).text.startswith("healthy")
    assert server.alive()

