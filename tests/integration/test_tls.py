"""HTTPS (issue 21): TLS 1.2 and 1.3 with a certificate of the user's (--tls-cert/--tls-key)
or one Cairn makes (cairn tls init, --tls-self-signed), on the main port or on --tls-port
next to plain HTTP; boto3, the aws CLI and the JavaScript SDK v3 trust its CA; a wrong
certificate is refused by the clients; SIGHUP reloads the certificate without dropping a
request; aws:SecureTransport is true exactly over TLS."""
import datetime
import gzip
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import threading
import time

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError, SSLError
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from conftest import BINARY, Server, free_port
from sigv4_support import signed_headers_for

JS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "js")


def tls_init(directory, *hosts):
    args = [BINARY, "tls", "init", "--dir", str(directory)]
    for host in hosts:
        args += ["--host", host]
    made = subprocess.run(args, capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    return {name: os.path.join(directory, name + ".pem") for name in ("ca", "cert", "key")}


def client(url, verify, **extra):
    return boto3.client("dynamodb", endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id="AKID", aws_secret_access_key="secret", verify=verify,
                        config=Config(retries={"max_attempts": 1}, **extra))


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    """Plain HTTP on the main port, HTTPS on the TLS port, with a certificate of cairn tls
    init (files the tests may replace, to reload)."""
    files = tls_init(tmp_path_factory.mktemp("tls"))
    tls_port = free_port()
    server = Server(extra_args=["--tls-cert", files["cert"], "--tls-key", files["key"],
                                "--tls-port", str(tls_port)]).start()
    server.https = f"https://localhost:{tls_port}"
    server.files = files
    yield server
    server.stop()


def test_boto3_over_tls(tls_server):
    ddb = client(tls_server.https, tls_server.files["ca"])
    ddb.create_table(TableName="over_tls", BillingMode="PAY_PER_REQUEST",
                     KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}])
    ddb.put_item(TableName="over_tls", Item={"k": {"S": "a"}, "v": {"S": "x" * 1000}})
    assert ddb.get_item(TableName="over_tls", Key={"k": {"S": "a"}})["Item"]["v"]["S"] == "x" * 1000
    # The same tables on the plain port: one server.
    assert "over_tls" in client(tls_server.url, False).list_tables()["TableNames"]
    # Without the CA, the certificate is not trusted.
    with pytest.raises(SSLError):
        client(tls_server.https, True).list_tables()


def test_keep_alive_compression_and_large_responses_over_tls(tls_server):
    ddb = client(tls_server.https, tls_server.files["ca"])
    ddb.create_table(TableName="big_tls", BillingMode="PAY_PER_REQUEST",
                     KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}])
    for i in range(8):
        ddb.put_item(TableName="big_tls", Item={"k": {"S": f"k{i}"}, "v": {"S": "y" * 100_000}})
    session = requests.Session()
    body = json.dumps({"TableName": "big_tls"}).encode()
    for coding in ("gzip", "identity"):
        response = session.post(tls_server.https + "/", data=body, verify=tls_server.files["ca"],
                                headers={"X-Amz-Target": "DynamoDB_20120810.Scan",
                                         "Content-Type": "application/x-amz-json-1.0",
                                         "Accept-Encoding": coding}, timeout=60)
        assert response.status_code == 200
        assert response.headers.get("Content-Encoding", "identity") == coding
        assert response.json()["Count"] == 8  # ~800 KB, decoded by requests
    # Both answers came over one kept-alive connection.
    assert len(session.adapters["https://"].poolmanager.pools) == 1


def test_the_aws_cli_with_a_ca_bundle(tls_server):
    env = dict(os.environ, AWS_ACCESS_KEY_ID="AKID", AWS_SECRET_ACCESS_KEY="secret",
               AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true")
    ok = subprocess.run(["aws", "dynamodb", "list-tables", "--endpoint-url", tls_server.https,
                         "--ca-bundle", tls_server.files["ca"]],
                        capture_output=True, text=True, env=env, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert "TableNames" in json.loads(ok.stdout)
    refused = subprocess.run(["aws", "dynamodb", "list-tables", "--endpoint-url", tls_server.https],
                             capture_output=True, text=True, env=env, timeout=120)
    assert refused.returncode != 0 and "SSL" in refused.stderr


def test_the_javascript_sdk_over_tls(tls_server):
    node, npm = shutil.which("node"), shutil.which("npm")
    assert node and npm, "node and npm are needed (scripts/install-deps installs them)"
    if not os.path.isdir(os.path.join(JS_DIR, "node_modules", "@aws-sdk", "client-dynamodb")):
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=JS_DIR, check=True,
                       capture_output=True, timeout=600)

    def run(ca):
        out = subprocess.run([node, os.path.join(JS_DIR, "tls_client.mjs"), tls_server.https, ca],
                             capture_output=True, text=True, timeout=120)
        return json.loads(out.stdout.strip().splitlines()[-1])

    assert "tables" in run(tls_server.files["ca"])
    assert run("/etc/ssl/certs/ca-certificates.crt")["code"] == "SELF_SIGNED_CERT_IN_CHAIN"


def make_certificate(directory, ca_key, ca_cert, host, not_before, not_after):
    """A server certificate signed by the test's own CA, for host, valid between the times."""
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]))
            .issuer_name(ca_cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before).not_valid_after(not_after)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    cert_file, key_file = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    with open(cert_file, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_file, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    return cert_file, key_file


def make_ca(directory):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test CA")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=30))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    ca_file = os.path.join(directory, "ca.pem")
    with open(ca_file, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert, ca_file


@pytest.mark.parametrize("case", ["expired", "other_host"])
def test_clients_refuse_a_wrong_certificate(tmp_path, case):
    ca_key, ca_cert, ca_file = make_ca(tmp_path)
    now = datetime.datetime.now(datetime.timezone.utc)
    if case == "expired":
        cert, key = make_certificate(tmp_path, ca_key, ca_cert, "localhost",
                                     now - datetime.timedelta(days=10),
                                     now - datetime.timedelta(days=1))
    else:
        cert, key = make_certificate(tmp_path, ca_key, ca_cert, "elsewhere.example",
                                     now - datetime.timedelta(days=1),
                                     now + datetime.timedelta(days=1))
    tls_port = free_port()
    with Server(extra_args=["--tls-cert", cert, "--tls-key", key, "--tls-port",
                            str(tls_port)]).start():
        with pytest.raises(SSLError) as info:
            client(f"https://localhost:{tls_port}", ca_file).list_tables()
        expected = "expired" if case == "expired" else "match"
        assert expected in str(info.value)


def test_a_certificate_reload_drops_no_request(tmp_path):
    first = tls_init(tmp_path / "first")
    second = tls_init(tmp_path / "second")
    # The server reads its certificate from live/, where the test puts one or the other.
    live = {"cert": str(tmp_path / "live-cert.pem"), "key": str(tmp_path / "live-key.pem")}
    shutil.copy(first["cert"], live["cert"])
    shutil.copy(first["key"], live["key"])
    tls_port = free_port()
    server = Server(data_dir=str(tmp_path / "data"),
                    extra_args=["--tls-cert", live["cert"], "--tls-key", live["key"],
                                "--tls-port", str(tls_port)]).start()
    https = f"https://localhost:{tls_port}"
    try:
        # Both CAs are trusted by the clients under load, so that every request must succeed.
        both = str(tmp_path / "both.pem")
        with open(both, "w") as f:
            f.write(open(first["ca"]).read() + open(second["ca"]).read())
        client(https, both).create_table(
            TableName="reload", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}])
        failures, done, counts = [], threading.Event(), [0] * 4

        def load(n):
            ddb = client(https, both, max_pool_connections=2)
            while not done.is_set():
                try:
                    ddb.put_item(TableName="reload", Item={"k": {"S": f"{n}-{counts[n]}"}})
                    counts[n] += 1
                    if counts[n] % 20 == 0:  # now and then a fresh connection too
                        ddb = client(https, both, max_pool_connections=2)
                except Exception as e:  # noqa: BLE001: any failure is the test's failure
                    failures.append(repr(e))
                    return

        threads = [threading.Thread(target=load, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        for round_ in range(4):
            source = second if round_ % 2 == 0 else first
            for part in ("cert", "key"):
                shutil.copy(source[part], live[part] + ".new")
                os.replace(live[part] + ".new", live[part])
            server.process.send_signal(signal.SIGHUP)
            time.sleep(0.4)
        done.set()
        for t in threads:
            t.join(timeout=60)
        assert failures == []
        assert min(counts) > 0
        # The files now hold the first CA's certificate again (round 3): a new connection
        # trusting only the second CA is refused, one trusting the first is served.
        assert client(https, first["ca"]).list_tables()["TableNames"] == ["reload"]
        with pytest.raises(SSLError):
            client(https, second["ca"]).list_tables()
        assert server.alive()
    finally:
        server.stop()


def test_https_on_the_main_port_with_a_self_signed_certificate(tmp_path):
    port = free_port()
    data_dir = tmp_path / "data"
    process = subprocess.Popen([BINARY, "serve", "--port", str(port), "--data-dir", str(data_dir),
                                "--tls-self-signed"], stdout=subprocess.PIPE, text=True)
    try:
        lines = [process.stdout.readline(), process.stdout.readline()]
        assert f"clients trust {data_dir}/tls/ca.pem" in lines[0]
        assert f"127.0.0.1:{port} (HTTPS)" in lines[1]
        ca = str(data_dir / "tls" / "ca.pem")
        assert client(f"https://localhost:{port}", ca).list_tables()["TableNames"] == []
        assert oct(os.stat(data_dir / "tls" / "key.pem").st_mode & 0o777) == "0o600"
        # Plain HTTP to the TLS port is answered at once (no hang), in plain HTTP, as
        # DynamoDB's endpoints answer it, and the connection closes.
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            answer = b""
            while chunk := s.recv(4096):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 400 Bad Request\r\n")
        assert b"The plain HTTP request was sent to HTTPS port" in answer
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_tls_to_a_plain_port_fails_cleanly(tls_server):
    context = ssl.create_default_context(cafile=tls_server.files["ca"])
    with socket.create_connection(("127.0.0.1", tls_server.port), timeout=10) as raw:
        with pytest.raises((ssl.SSLError, ConnectionResetError)):
            with context.wrap_socket(raw, server_hostname="localhost") as s:
                s.sendall(b"x")


def test_secure_transport_is_true_exactly_over_tls(tmp_path):
    files = tls_init(tmp_path / "tls")
    data_dir = str(tmp_path / "data")
    made = subprocess.run([BINARY, "keys", "create", "--data-dir", data_dir, "--user", "ana",
                           "--access-key-id", "AKIDANA000000001", "--secret-stdin"],
                          input="ana-secret\n", capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    policy = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "dynamodb:ListTables", "Resource": "*",
         "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]})
    put = subprocess.run([BINARY, "policies", "put", "--data-dir", data_dir, "--user", "ana",
                          "--name", "tls-only"], input=policy, capture_output=True, text=True,
                         timeout=60)
    assert put.returncode == 0, put.stderr
    tls_port = free_port()
    with Server(data_dir=data_dir, extra_args=["--auth", "sigv4", "--tls-cert", files["cert"],
                                               "--tls-key", files["key"], "--tls-port",
                                               str(tls_port)]).start() as server:
        def ana(url, verify):
            return boto3.client("dynamodb", endpoint_url=url, region_name="us-east-1",
                                aws_access_key_id="AKIDANA000000001",
                                aws_secret_access_key="ana-secret", verify=verify,
                                config=Config(retries={"max_attempts": 1}))

        assert ana(f"https://localhost:{tls_port}", files["ca"]).list_tables()["TableNames"] == []
        with pytest.raises(ClientError) as info:
            ana(server.url, False).list_tables()
        assert info.value.response["Error"]["Code"] == "AccessDeniedException"


def test_a_silent_client_does_not_hold_a_tls_connection(tls_server):
    """Before its handshake, a TLS connection has a short deadline (not the idle timeout)."""
    started = time.time()
    with socket.create_connection(("127.0.0.1", int(tls_server.https.rsplit(":", 1)[1])),
                                  timeout=30) as s:
        try:
            assert s.recv(100) == b""  # closed by the server
        except ConnectionResetError:
            pass
    assert time.time() - started < 20
