"""The listening socket and the connections it takes: one process per port, a bound on the
connections held open at once, and no busy loop when the process runs out of file
descriptors."""
import os
import resource
import socket
import subprocess
import time

import requests

from conftest import BINARY, Server, make_client, unique_name


def cpu_seconds(pid):
    """User + system CPU time the process has used so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def open_file_limits(pid):
    with open(f"/proc/{pid}/limits") as f:
        for line in f:
            if line.startswith("Max open files"):
                soft, hard = line.split()[3:5]
                return soft, hard
    raise AssertionError("no open files limit")


def served(url, timeout=5):
    try:
        return requests.get(url + "/", timeout=timeout).ok
    except requests.RequestException:
        return False


def test_a_second_server_on_the_same_port_fails_naming_it(tmp_path):
    first = Server(data_dir=str(tmp_path / "first")).start()
    try:
        client = make_client(first.url)
        name = unique_name()
        client.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        second = subprocess.run(
            [BINARY, "serve", "--port", str(first.port), "--bind", "127.0.0.1",
             "--data-dir", str(tmp_path / "second")],
            capture_output=True, text=True, timeout=30)
        assert second.returncode != 0
        assert "address in use" in second.stderr
        assert f"127.0.0.1:{first.port}" in second.stderr
        # Every new connection still reaches the first server.
        for _ in range(20):
            assert name in make_client(first.url).list_tables()["TableNames"]
    finally:
        first.stop()


def test_the_open_file_limit_is_raised_to_the_hard_limit(tmp_path):
    def lower_limits():
        resource.setrlimit(resource.RLIMIT_NOFILE, (128, 512))

    server = Server(data_dir=str(tmp_path / "data"))
    server.start(preexec_fn=lower_limits)
    try:
        assert open_file_limits(server.process.pid) == ("512", "512")
    finally:
        server.stop()


def test_max_connections_makes_further_clients_wait(tmp_path):
    server = Server(data_dir=str(tmp_path / "data"), extra_args=["--max-connections", "2"])
    server.start()
    held = []
    try:
        # Start() used one connection and closed it; these two take both slots.
        for _ in range(2):
            s = socket.create_connection(("127.0.0.1", server.port))
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            assert b"200 OK" in s.recv(4096)
            held.append(s)
        assert not served(server.url, timeout=1), "a third connection was served"
        held.pop().close()
        assert served(server.url, timeout=5)
    finally:
        for s in held:
            s.close()
        server.stop()


def test_running_out_of_descriptors_does_not_spin(tmp_path):
    def few_descriptors():
        resource.setrlimit(resource.RLIMIT_NOFILE, (96, 96))

    server = Server(extra_args=["--threads", "1"])
    server.start(preexec_fn=few_descriptors)
    clients = []
    try:
        # More connections than the process has descriptors left.
        for _ in range(120):
            clients.append(socket.create_connection(("127.0.0.1", server.port), timeout=5))
        time.sleep(0.5)
        before = cpu_seconds(server.process.pid)
        time.sleep(2)
        used = cpu_seconds(server.process.pid) - before
        assert used < 0.5, f"the server used {used:.2f} s of CPU in 2 s while out of descriptors"
        for s in clients:
            s.close()
        clients.clear()
        deadline = time.time() + 10
        while not served(server.url, timeout=1):
            assert time.time() < deadline, "the server did not serve again"
        assert server.alive()
    finally:
        for s in clients:
            s.close()
        server.stop()
