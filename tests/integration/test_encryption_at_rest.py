"""Encryption at rest (issue 21): with a master key, every byte Cairn writes under the data
directory is encrypted (RocksDB's tables, write-ahead logs, manifests), with a data key that
the master key wraps; a wrong, missing or damaged key is refused at start with the directory
left byte for byte as it was; plain and encrypted directories are never mixed (cairn
encrypt / cairn decrypt convert them); cairn rotate-master-key re-wraps the data key."""
import hashlib
import os
import subprocess
import time

import boto3
import pytest
from botocore.config import Config

from conftest import BINARY, Server

MARKER = "ZEBRA-MARKER-7f3a9c"


def new_key(path):
    made = subprocess.run([BINARY, "encryption-key", "--file", str(path)], capture_output=True,
                          text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    return str(path)


def client(server):
    return boto3.client("dynamodb", endpoint_url=server.url, region_name="us-east-1",
                        aws_access_key_id="AKID", aws_secret_access_key="secret",
                        config=Config(retries={"max_attempts": 1}))


def write_markers(server, start, count=200):
    ddb = client(server)
    if "marked" not in ddb.list_tables()["TableNames"]:
        ddb.create_table(TableName="marked", BillingMode="PAY_PER_REQUEST",
                         KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}])
    for i in range(start, start + count):
        ddb.put_item(TableName="marked", Item={"k": {"S": f"k{i}"},
                                               "v": {"S": f"{MARKER} {i} " + "x" * 200}})


def files_holding(directory, text):
    found = []
    for root, _, names in os.walk(directory):
        for name in names:
            with open(os.path.join(root, name), "rb") as f:
                if text.encode() in f.read():
                    found.append(name)
    return found


def sst_files(directory):
    return sorted(n for n in os.listdir(directory) if n.endswith(".sst"))


def snapshot(directory):
    """Every file's bytes and mode (and the names), and the directory's mode, to show a
    refusal changed nothing."""
    out = {".": oct(os.stat(directory).st_mode)}
    for root, _, names in os.walk(directory):
        for name in names:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, directory)] = (hashlib.sha256(f.read()).hexdigest(),
                                                         oct(os.stat(path).st_mode))
    return out


def fill_flush_compact_and_kill(data_dir, extra_args, env=None):
    """Writes markers over several clean restarts (each stop flushes the memtables into
    table files, and RocksDB compacts them once two pile up), then more, then kill -9, so
    that table files, compaction output, manifests and the write-ahead log all hold them."""
    written = set()  # every table file seen after a stop
    for round_ in range(4):
        server = Server(data_dir=data_dir, extra_args=extra_args).start(env=env)
        write_markers(server, round_ * 200)
        time.sleep(0.3)  # room for a compaction RocksDB scheduled at the start
        server.stop()
        assert server.process.returncode == 0
        written |= set(sst_files(data_dir))
    server = Server(data_dir=data_dir, extra_args=extra_args).start(env=env)
    write_markers(server, 1000, 50)
    server.kill()
    # A compaction merged table files (theirs are gone): its output is covered too.
    assert written - set(sst_files(data_dir)), "no compaction ran"
    assert sst_files(data_dir), "no table file was written"


def test_the_marker_is_nowhere_on_disk_with_encryption(tmp_path):
    key = new_key(tmp_path / "key")
    data_dir = str(tmp_path / "data")
    fill_flush_compact_and_kill(data_dir, ["--encryption-key-file", key])
    assert files_holding(data_dir, MARKER) == []
    assert files_holding(data_dir, "marked") == []  # nor the table's name
    # And the data is all there with the key, including what was only in the log.
    with Server(data_dir=data_dir, extra_args=["--encryption-key-file", key]).start() as server:
        ddb = client(server)
        item = ddb.get_item(TableName="marked", Key={"k": {"S": "k1049"}})["Item"]
        assert item["v"]["S"].startswith(f"{MARKER} 1049 ")
        assert ddb.scan(TableName="marked", Select="COUNT")["Count"] == 850


def test_the_marker_is_on_disk_without_encryption(tmp_path):
    """The control: the same writes without a key leave the marker readable, so the test
    above can fail."""
    data_dir = str(tmp_path / "data")
    fill_flush_compact_and_kill(data_dir, [])
    holding = files_holding(data_dir, MARKER)
    assert any(name.endswith(".sst") for name in holding)
    assert any(name.endswith(".log") for name in holding)


def start_refused(data_dir, *args, env=None):
    run = subprocess.run([BINARY, "serve", "--port", "0", "--data-dir", data_dir, *args],
                         capture_output=True, text=True, timeout=60, env=env)
    assert run.returncode != 0
    return run.stderr


def test_a_wrong_missing_or_damaged_key_is_refused_and_changes_nothing(tmp_path):
    key = new_key(tmp_path / "key")
    data_dir = str(tmp_path / "data")
    with Server(data_dir=data_dir, extra_args=["--encryption-key-file", key]).start() as server:
        write_markers(server, 0, 20)
    before = snapshot(data_dir)
    other = new_key(tmp_path / "other")
    assert "does not open" in start_refused(data_dir, "--encryption-key-file", other)
    assert "is encrypted: give its key" in start_refused(data_dir)
    with open(key, "rb") as f:
        text = f.read()
    truncated = tmp_path / "truncated"
    truncated.write_bytes(text[:40])
    assert "does not hold an encryption key" in start_refused(
        data_dir, "--encryption-key-file", str(truncated))
    assert "cannot read" in start_refused(data_dir, "--encryption-key-file", str(tmp_path / "no"))
    env = dict(os.environ, CAIRN_ENCRYPTION_KEY="00" * 32)
    assert "does not open" in start_refused(data_dir, env=env)
    # 32 characters of text are a passphrase, not 32 random bytes.
    env = dict(os.environ, CAIRN_ENCRYPTION_KEY="correct horse battery staple 123")
    assert "does not hold an encryption key" in start_refused(data_dir, env=env)
    # Looser modes the server would tighten stay as they were too.
    os.chmod(data_dir, 0o755)
    before = snapshot(data_dir)
    assert "does not open" in start_refused(data_dir, "--encryption-key-file", other)
    assert snapshot(data_dir) == before
    # The right key, from the environment or a command, opens it.
    env = dict(os.environ, CAIRN_ENCRYPTION_KEY=text.decode().strip())
    with Server(data_dir=data_dir).start(env=env) as server:
        assert client(server).scan(TableName="marked", Select="COUNT")["Count"] == 20
    with Server(data_dir=data_dir, extra_args=["--encryption-key-command",
                                               f"cat {key}"]).start() as server:
        assert client(server).scan(TableName="marked", Select="COUNT")["Count"] == 20


def test_plain_and_encrypted_directories_are_never_mixed(tmp_path):
    data_dir = str(tmp_path / "data")
    with Server(data_dir=data_dir).start() as server:
        write_markers(server, 0, 20)
    before = snapshot(data_dir)
    key = new_key(tmp_path / "key")
    assert "holds unencrypted data" in start_refused(data_dir, "--encryption-key-file", key)
    assert snapshot(data_dir) == before

    # cairn encrypt converts it; the marker is then nowhere, the data all there.
    converted = subprocess.run([BINARY, "encrypt", "--data-dir", data_dir + "/",
                                "--encryption-key-file", key],
                               capture_output=True, text=True, timeout=120)
    assert converted.returncode == 0, converted.stderr
    assert files_holding(data_dir, MARKER) == []
    assert not os.path.exists(data_dir + ".converting")
    assert "is encrypted: give its key" in start_refused(data_dir)
    with Server(data_dir=data_dir, extra_args=["--encryption-key-file", key]).start() as server:
        assert client(server).scan(TableName="marked", Select="COUNT")["Count"] == 20
    # And cairn decrypt back.
    back = subprocess.run([BINARY, "decrypt", "--data-dir", data_dir, "--encryption-key-file",
                           key], capture_output=True, text=True, timeout=120)
    assert back.returncode == 0, back.stderr
    with Server(data_dir=data_dir).start() as server:
        assert client(server).scan(TableName="marked", Select="COUNT")["Count"] == 20


def test_rotating_the_master_key_rewrites_no_data(tmp_path):
    old, new = new_key(tmp_path / "old"), new_key(tmp_path / "new")
    data_dir = str(tmp_path / "data")
    with Server(data_dir=data_dir, extra_args=["--encryption-key-file", old]).start() as server:
        write_markers(server, 0, 20)
    before = snapshot(data_dir)
    rotated = subprocess.run([BINARY, "rotate-master-key", "--data-dir", data_dir,
                              "--encryption-key-file", old, "--new-encryption-key-file", new],
                             capture_output=True, text=True, timeout=60)
    assert rotated.returncode == 0, rotated.stderr
    after = snapshot(data_dir)
    # Only the keyring changed.
    assert {name for name in before if before[name] != after.get(name)} == {"ENCRYPTION"}
    assert "does not open" in start_refused(data_dir, "--encryption-key-file", old)
    with Server(data_dir=data_dir, extra_args=["--encryption-key-file", new]).start() as server:
        assert client(server).scan(TableName="marked", Select="COUNT")["Count"] == 20


def test_offline_commands_open_an_encrypted_directory_with_the_key(tmp_path):
    key = new_key(tmp_path / "key")
    data_dir = str(tmp_path / "data")
    with Server(data_dir=data_dir, extra_args=["--encryption-key-file", key]).start():
        pass
    refused = subprocess.run([BINARY, "keys", "list", "--data-dir", data_dir],
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1 and "is encrypted" in refused.stderr
    with open(key) as f:
        env = dict(os.environ, CAIRN_ENCRYPTION_KEY=f.read().strip())
    made = subprocess.run([BINARY, "keys", "create", "--data-dir", data_dir, "--secret-stdin",
                           "--access-key-id", "AKIDSEALED000001"], input="sealed-secret\n",
                          capture_output=True, text=True, timeout=60, env=env)
    assert made.returncode == 0, made.stderr
    # The secret is sealed, and the seal is inside encrypted files.
    assert files_holding(data_dir, "sealed-secret") == []
    assert files_holding(data_dir, "AKIDSEALED000001") == []


def test_sse_specification_and_description(tmp_path):
    """The KMS keys a table names are accepted and shown as DynamoDB shows them (the data is
    encrypted with the server's key, or not, whatever the table says)."""
    data_dir = str(tmp_path / "data")

    def spec(name, **sse):
        extra = {"SSESpecification": sse} if sse else {}
        return dict(TableName=name, BillingMode="PAY_PER_REQUEST",
                    KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                    AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}], **extra)

    with Server(data_dir=data_dir).start() as server:
        ddb = client(server)
        created = ddb.create_table(**spec("kms_alias", Enabled=True, SSEType="KMS",
                                          KMSMasterKeyId="alias/mine"))["TableDescription"]
        assert created["SSEDescription"] == {
            "Status": "ENABLED", "SSEType": "KMS",
            "KMSMasterKeyArn": "arn:aws:kms:us-east-1:000000000000:alias/mine"}
        ddb.create_table(**spec("kms_default", Enabled=True))
        ddb.create_table(**spec("owned"))
        ddb.create_table(**spec("owned_explicit", Enabled=False))
        ddb.update_table(TableName="kms_alias", SSESpecification={"Enabled": False})
    with Server(data_dir=data_dir).start() as server:
        ddb = client(server)
        default = ddb.describe_table(TableName="kms_default")["Table"]["SSEDescription"]
        assert default["Status"] == "ENABLED" and default["SSEType"] == "KMS"
        assert default["KMSMasterKeyArn"].startswith("arn:aws:kms:us-east-1:000000000000:key/")
        for name in ("owned", "owned_explicit", "kms_alias"):
            assert "SSEDescription" not in ddb.describe_table(TableName=name)["Table"]
        with pytest.raises(Exception) as info:
            ddb.create_table(**spec("bad", Enabled=True, SSEType="ROT13"))
        assert "sSESpecification.sSEType" in str(info.value)
