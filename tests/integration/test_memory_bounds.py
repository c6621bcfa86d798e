"""Memory is bounded by configuration, whatever clients send: request bodies in flight share
one budget (--request-memory-mb; beyond it, ThrottlingException), idle connections give
their large buffers back, and a ClientRequestToken keeps a hash of its request, not the
request."""
import json
import socket
import threading

from conftest import Server, create_table, make_client

BUDGET_MB = 64
MB = 1024 * 1024


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def head(length, operation="PutItem"):
    return (f"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
            f"X-Amz-Target: DynamoDB_20120810.{operation}\r\nContent-Length: {length}\r\n\r\n"
            ).encode()


def read_response(sock):
    """The status and body of one response (Content-Length framed)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None, b""
        data += chunk
    head_part, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head_part.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(head_part.split()[1]), body


def start_server():
    return Server(extra_args=["--request-memory-mb", str(BUDGET_MB), "--threads", "2"]).start()


def test_partial_bodies_on_many_connections_stay_within_the_budget():
    server = start_server()
    sockets = []
    try:
        before = rss_mb(server.process.pid)
        throttled = []

        def send_partial():
            s = socket.create_connection(("127.0.0.1", server.port), timeout=30)
            sockets.append(s)
            try:
                s.sendall(head(15 * MB))
                piece = b"x" * MB
                for _ in range(14):
                    s.sendall(piece)
            except OSError:
                # Refused (throttled) and closed before the body went: read the answer.
                try:
                    status, body = read_response(s)
                    if status is not None:
                        throttled.append((status, body))
                except OSError:
                    pass

        threads = [threading.Thread(target=send_partial) for _ in range(40)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        grown = rss_mb(server.process.pid) - before
        assert grown < BUDGET_MB + 100, f"RSS grew by {grown:.0f} MB"
        assert server.alive()
        # Whoever was refused was told to slow down, as DynamoDB tells it.
        for status, body in throttled:
            assert status == 400
            assert json.loads(body)["__type"].endswith("#ThrottlingException")
    finally:
        for s in sockets:
            s.close()
        server.stop()


def test_idle_connections_give_back_large_buffers():
    server = start_server()
    sockets = []
    try:
        before = rss_mb(server.process.pid)
        body = b'{"TableName": "none", "Item": {"pk": {"S": "' + b"y" * (15 * MB) + b'"}}}'
        for _ in range(30):
            s = socket.create_connection(("127.0.0.1", server.port), timeout=60)
            s.sendall(head(len(body)) + body)
            status, _ = read_response(s)
            assert status == 400  # the item is too large; the body was read whole
            sockets.append(s)  # kept open and idle
        grown = rss_mb(server.process.pid) - before
        assert grown < BUDGET_MB + 100, f"30 idle connections hold {grown:.0f} MB more"
    finally:
        for s in sockets:
            s.close()
        server.stop()


def test_client_request_tokens_keep_a_hash_of_the_request():
    server = start_server()
    try:
        client = make_client(server.url)
        table = create_table(client)
        before = rss_mb(server.process.pid)
        # Each request is 3 MB of conditions (ten checks against 300 KB strings); each
        # token is kept for ten minutes.
        big = "b" * (300 * 1024)
        for i in range(40):
            client.transact_write_items(
                ClientRequestToken=f"token-{i}",
                TransactItems=[{"ConditionCheck": {
                    "TableName": table, "Key": {"pk": {"S": f"k{n}"}},
                    "ConditionExpression": "attribute_not_exists(pk) OR v = :big",
                    "ExpressionAttributeValues": {":big": {"S": big}}}} for n in range(10)])
        grown = rss_mb(server.process.pid) - before
        assert grown < 60, f"40 tokens of 3 MB requests hold {grown:.0f} MB"
    finally:
        server.stop()
