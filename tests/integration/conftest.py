"""Integration-test fixtures: a real Cairn server started by the tests themselves, on a
free port with a temporary data directory, and boto3 clients pointed at it.

`--endpoint URL` (or CAIRN_ENDPOINT) runs the tests against a server already running there
instead (DynamoDB Local, or DynamoDB itself with the environment's AWS credentials), to
check that what a test asserts is what DynamoDB does. Tests that start Cairn processes of
their own (restarts, crashes, options) are skipped then; tables are waited for until ACTIVE.
"""
import os
import socket
import subprocess
import tempfile
import time
import uuid

import boto3
import pytest
import requests
from botocore.config import Config

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("CAIRN_BINARY", os.path.join(ROOT, "build", "cairn"))

# The server under test when it is not started here (--endpoint): None for Cairn's own.
REMOTE_ENDPOINT = None


def pytest_addoption(parser):
    parser.addoption(
        "--endpoint",
        default=os.environ.get("CAIRN_ENDPOINT"),
        help="run against the DynamoDB endpoint at this URL instead of starting Cairn",
    )


def pytest_configure(config):
    global REMOTE_ENDPOINT
    REMOTE_ENDPOINT = config.getoption("--endpoint")


def credentials():
    """Dummy credentials for Cairn and DynamoDB Local; the environment's for an endpoint
    that checks them."""
    if REMOTE_ENDPOINT and os.environ.get("AWS_ACCESS_KEY_ID"):
        return {
            "aws_access_key_id": os.environ["AWS_ACCESS_KEY_ID"],
            "aws_secret_access_key": os.environ["AWS_SECRET_ACCESS_KEY"],
            "aws_session_token": os.environ.get("AWS_SESSION_TOKEN"),
        }
    return {"aws_access_key_id": "AKID", "aws_secret_access_key": "secret"}


def region():
    return os.environ.get("AWS_DEFAULT_REGION", "us-east-1") if REMOTE_ENDPOINT else "us-east-1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One cairn process. start() waits until it answers its health check."""

    def __init__(self, data_dir=None, extra_args=()):
        self.data_dir = data_dir
        self.extra_args = list(extra_args)
        self.port = None
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, **popen_args):
        """popen_args: more arguments for subprocess.Popen (e.g. preexec_fn)."""
        if REMOTE_ENDPOINT:
            pytest.skip("starts a Cairn process of its own")
        self.port = free_port()
        args = [BINARY, "serve", "--port", str(self.port), "--bind", "127.0.0.1", "--threads", "2"]
        args += ["--data-dir", self.data_dir] if self.data_dir else ["--in-memory"]
        self.process = subprocess.Popen(args + self.extra_args, stdout=subprocess.DEVNULL,
                                        **popen_args)
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"cairn exited with {self.process.returncode}")
            try:
                if requests.get(self.url + "/", timeout=1).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("cairn did not start")

    def kill(self):
        """SIGKILL: no clean shutdown, as in a crash."""
        self.process.kill()
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def alive(self):
        return self.process.poll() is None

    # `with Server(...).start() as srv:` stops the server however the block ends.
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class RemoteServer:
    """A server this run did not start (--endpoint)."""

    def __init__(self, url):
        self.url = url.rstrip("/")

    def alive(self):
        return True


def make_client(url):
    return boto3.client(
        "dynamodb",
        endpoint_url=url,
        region_name=region(),
        config=Config(retries={"max_attempts": 1}, parameter_validation=False),
        **credentials(),
    )


@pytest.fixture(scope="session")
def server():
    if REMOTE_ENDPOINT:
        yield RemoteServer(REMOTE_ENDPOINT)
        return
    with tempfile.TemporaryDirectory(prefix="cairn-test-") as data_dir:
        srv = Server(data_dir=data_dir).start()
        yield srv
        assert srv.alive(), "the server died during the tests"
        srv.stop()


@pytest.fixture(scope="session")
def client(server):
    return make_client(server.url)


@pytest.fixture(scope="session")
def resource(server):
    return boto3.resource(
        "dynamodb",
        endpoint_url=server.url,
        region_name=region(),
        **credentials(),
    )


def unique_name(prefix="t"):
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def create_table(client, name=None, hash_type="S", range_type=None, attributes=None, **extra):
    """A table keyed pk (and sk when range_type is given); attributes: the types of further
    key attributes its indexes name, e.g. {"l": "S"}."""
    name = name or unique_name()
    key_schema = [{"AttributeName": "pk", "KeyType": "HASH"}]
    defs = [{"AttributeName": "pk", "AttributeType": hash_type}]
    if range_type:
        key_schema.append({"AttributeName": "sk", "KeyType": "RANGE"})
        defs.append({"AttributeName": "sk", "AttributeType": range_type})
    for attr, attr_type in (attributes or {}).items():
        defs.append({"AttributeName": attr, "AttributeType": attr_type})
    extra.setdefault("BillingMode", "PAY_PER_REQUEST")
    client.create_table(TableName=name, KeySchema=key_schema, AttributeDefinitions=defs, **extra)
    wait_until_active(client, name)
    return name


def wait_until_active(client, name):
    """Cairn creates a table ACTIVE; DynamoDB and DynamoDB Local may take a while."""
    if REMOTE_ENDPOINT:
        client.get_waiter("table_exists").wait(
            TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})


def temporary_table(client, **schema):
    """A fresh table for one test (see create_table for `schema`), deleted afterwards."""
    name = create_table(client, **schema)
    yield name
    client.delete_table(TableName=name)


@pytest.fixture
def table_s(client):
    """A table with a string partition key `pk`."""
    yield from temporary_table(client)


@pytest.fixture
def table_sn(client):
    """A table with a string partition key `pk` and a number sort key `sk`."""
    yield from temporary_table(client, range_type="N")


@pytest.fixture
def table_ss(client):
    """A table with a string partition key `pk` and a string sort key `sk`."""
    yield from temporary_table(client, range_type="S")


@pytest.fixture
def table_sb(client):
    """A table with a string partition key `pk` and a binary sort key `sk`."""
    yield from temporary_table(client, range_type="B")


def error_of(excinfo):
    """(error code, message) of a pytest.raises(ClientError) result."""
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def raw_request(url, operation, body, headers=None):
    """POSTs a raw body (str or bytes) as DynamoDB operation `operation`."""
    h = {
        "Content-Type": "application/x-amz-json-1.0",
        "X-Amz-Target": f"DynamoDB_20120810.{operation}",
    }
    h.update(headers or {})
    return requests.post(url + "/", data=body, headers=h, timeout=30)
