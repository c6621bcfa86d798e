"""Request smuggling and header confusion (RFC 9112 section 6): a request whose body framing
is in doubt, or that names its operation twice, is refused with a 400 and the connection
is closed, so that bytes a client meant as body never run as a request of their own."""
import socket

import pytest

from conftest import unique_name


def exchange(server, data, timeout=10):
    """Sends data on a fresh connection and reads everything until the server closes it."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as s:
        s.sendall(data)
        received = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    return received
                received += chunk
        except (ConnectionResetError, socket.timeout):
            return received + b"<no close>"


def head(*fields, operation="ListTables"):
    lines = [b"POST / HTTP/1.1", b"Host: 127.0.0.1", b"Content-Type: application/x-amz-json-1.0",
             b"X-Amz-Target: DynamoDB_20120810." + operation.encode()]
    return b"\r\n".join(lines + list(fields)) + b"\r\n\r\n"


def create_table_request(name):
    body = (b'{"TableName": "' + name.encode() + b'", "BillingMode": "PAY_PER_REQUEST", '
            b'"KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], '
            b'"AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]}')
    return head(b"Content-Length: " + str(len(body)).encode(), operation="CreateTable") + body


def table_names(client):
    return client.list_tables(Limit=100)["TableNames"]


def assert_refused_and_closed(response):
    assert response.startswith(b"HTTP/1.1 400 "), response[:200]
    assert b"SerializationException" in response
    assert b"Connection: close" in response
    # One response only: nothing after the head ran as a request.
    assert response.count(b"HTTP/1.1 ") == 1, response
    assert not response.endswith(b"<no close>")


@pytest.mark.parametrize("coding", [b"xchunked", b"identity", b"gzip", b"chunked, identity",
                                    b"chunked , x"])
def test_a_transfer_coding_not_ending_in_chunked_is_refused(server, client, coding):
    smuggled = unique_name("smuggled")
    response = exchange(server, head(b"Transfer-Encoding: " + coding)
                        + create_table_request(smuggled))
    assert_refused_and_closed(response)
    assert smuggled not in table_names(client)


def test_transfer_coding_split_over_two_headers_ending_in_identity_is_refused(server, client):
    smuggled = unique_name("smuggled")
    response = exchange(server, head(b"Transfer-Encoding: chunked", b"Transfer-Encoding: identity")
                        + create_table_request(smuggled))
    assert_refused_and_closed(response)
    assert smuggled not in table_names(client)


def test_content_length_beside_transfer_encoding_is_refused(server, client):
    smuggled = unique_name("smuggled")
    inner = create_table_request(smuggled)
    # Read by length, the body is "0\r\n\r\n" + the CreateTable; read chunked, it ends first.
    response = exchange(server, head(b"Content-Length: " + str(5 + len(inner)).encode(),
                                     b"Transfer-Encoding: chunked") + b"0\r\n\r\n" + inner)
    assert_refused_and_closed(response)
    assert smuggled not in table_names(client)


def test_two_equal_content_lengths_are_refused(server, client):
    response = exchange(server, head(b"Content-Length: 2", b"Content-Length: 2") + b"{}")
    assert_refused_and_closed(response)


def test_two_targets_are_refused_and_neither_runs(server, client, table_s):
    body = b'{"TableName": "' + table_s.encode() + b'", "Key": {"pk": {"S": "a"}}}'
    data = (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
            b"X-Amz-Target: DynamoDB_20120810.GetItem\r\n"
            b"X-Amz-Target: DynamoDB_20120810.DeleteTable\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    assert_refused_and_closed(exchange(server, data))
    assert client.describe_table(TableName=table_s)["Table"]["TableStatus"] == "ACTIVE"


def test_chunked_still_works_and_keeps_the_connection(server):
    one = head(b"Transfer-Encoding: chunked") + b"2\r\n{}\r\n0\r\n\r\n"
    two = head(b"Transfer-Encoding: chunked", b"Connection: close") + b"2\r\n{}\r\n0\r\n\r\n"
    response = exchange(server, one + two)
    assert response.count(b"HTTP/1.1 200 OK") == 2, response
