"""The whole server into a directory and back (issue 22): `cairn backup --to DIR` asks a
running server (--auth sigv4, the root user, through the admin API) for a consistent copy of
everything it keeps, without stopping writes; `cairn restore --from DIR --data-dir NEW` makes
a data directory of it, offline, for a server to start on."""
import os
import subprocess

import boto3
from botocore.config import Config

from conftest import BINARY, Server

ROOT = ("AKIDROOT00000001", "root-secret")


def sigv4_server(data_dir):
    env = dict(os.environ, CAIRN_ACCESS_KEY_ID=ROOT[0], CAIRN_SECRET_ACCESS_KEY=ROOT[1])
    return Server(data_dir=data_dir, extra_args=["--auth", "sigv4"]).start(env=env)


def client_of(server, creds=ROOT):
    return boto3.client("dynamodb", endpoint_url=server.url, region_name="us-east-1",
                        aws_access_key_id=creds[0], aws_secret_access_key=creds[1],
                        config=Config(retries={"max_attempts": 1}))


def cairn(*args, creds=ROOT):
    env = dict(os.environ, AWS_ACCESS_KEY_ID=creds[0], AWS_SECRET_ACCESS_KEY=creds[1],
               AWS_REGION="us-east-1")
    env.pop("AWS_SESSION_TOKEN", None)
    return subprocess.run([BINARY, *args], env=env, capture_output=True, text=True, timeout=120)


def items(client, table):
    return sorted(i["pk"]["S"] for i in client.scan(TableName=table, ConsistentRead=True)["Items"])


def test_a_server_backup_restores_into_a_server_holding_that_moment(tmp_path):
    server = sigv4_server(str(tmp_path / "data"))
    try:
        client = client_of(server)
        client.create_table(
            TableName="orders", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "g", "AttributeType": "S"}],
            GlobalSecondaryIndexes=[{"IndexName": "by_g",
                                     "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                     "Projection": {"ProjectionType": "ALL"}}])
        for n in range(50):
            client.put_item(TableName="orders", Item={"pk": {"S": f"k{n:02}"}, "g": {"S": "x"}})
        on_demand = client.create_backup(TableName="orders", BackupName="before")[
            "BackupDetails"]["BackupArn"]
        made = cairn("keys", "create", "--user", "ana", "--endpoint", server.url)
        assert made.returncode == 0, made.stderr

        target = tmp_path / "server-backup"
        done = cairn("backup", "--to", str(target), "--endpoint", server.url)
        assert done.returncode == 0, done.stderr
        assert '"Files"' in done.stdout
        # Writes after the backup are not in it.
        client.put_item(TableName="orders", Item={"pk": {"S": "after"}, "g": {"S": "x"}})
        client.delete_item(TableName="orders", Key={"pk": {"S": "k00"}})

        # The same directory twice: refused, nothing changed.
        again = cairn("backup", "--to", str(target), "--endpoint", server.url)
        assert again.returncode != 0 and "is not empty" in again.stderr
        # Only the root user may back up the server.
        ana_line = dict(l.split(": ", 1) for l in made.stdout.strip().splitlines())
        ana = (ana_line["AccessKeyId"], ana_line["SecretAccessKey"])
        refused = cairn("backup", "--to", str(tmp_path / "other"), "--endpoint", server.url,
                        creds=ana)
        assert refused.returncode != 0 and "AccessDenied" in refused.stderr
        assert not (tmp_path / "other").exists()
    finally:
        server.stop()

    restored_dir = tmp_path / "restored"
    done = cairn("restore", "--from", str(target), "--data-dir", str(restored_dir))
    assert done.returncode == 0, done.stderr
    assert "restored" in done.stdout
    # Not over a directory that holds something.
    refused = cairn("restore", "--from", str(target), "--data-dir", str(tmp_path / "data"))
    assert refused.returncode != 0 and "not empty" in refused.stderr
    refused = cairn("restore", "--from", str(tmp_path / "data"), "--data-dir",
                    str(tmp_path / "x"))
    assert refused.returncode != 0 and "not a server backup" in refused.stderr

    server = sigv4_server(str(restored_dir))
    try:
        client = client_of(server)
        # The moment of the backup: its items and index, its keys, its on-demand backup.
        assert items(client, "orders") == [f"k{n:02}" for n in range(50)]
        assert len(client.query(TableName="orders", IndexName="by_g",
                                KeyConditionExpression="g = :g",
                                ExpressionAttributeValues={":g": {"S": "x"}})["Items"]) == 50
        assert client_of(server, ana).list_tables  # the key exists (it has no policy yet)
        listed = cairn("keys", "list", "--user", "ana", "--endpoint", server.url)
        assert ana[0] in listed.stdout
        client.restore_table_from_backup(TargetTableName="orders-before", BackupArn=on_demand)
        assert items(client, "orders-before") == [f"k{n:02}" for n in range(50)]
    finally:
        server.stop()


def test_an_in_memory_server_has_nothing_to_back_up(tmp_path):
    env = dict(os.environ, CAIRN_ACCESS_KEY_ID=ROOT[0], CAIRN_SECRET_ACCESS_KEY=ROOT[1])
    with Server(extra_args=["--auth", "sigv4"]) as server:
        server.start(env=env)
        refused = cairn("backup", "--to", str(tmp_path / "b"), "--endpoint", server.url)
        assert refused.returncode != 0 and "in memory" in refused.stderr


def test_an_encrypted_server_backs_up_encrypted_and_restores_with_its_key(tmp_path):
    key = str(tmp_path / "master.key")
    made = subprocess.run([BINARY, "encryption-key", "--file", key], capture_output=True,
                          text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    env = dict(os.environ, CAIRN_ACCESS_KEY_ID=ROOT[0], CAIRN_SECRET_ACCESS_KEY=ROOT[1])
    marker = "MARKER-4f1c9a-server-backup"
    server = Server(data_dir=str(tmp_path / "data"),
                    extra_args=["--auth", "sigv4", "--encryption-key-file", key]).start(env=env)
    try:
        client = client_of(server)
        client.create_table(TableName="secret", BillingMode="PAY_PER_REQUEST",
                            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        for n in range(20):
            client.put_item(TableName="secret", Item={"pk": {"S": f"k{n}"},
                                                      "v": {"S": marker + "x" * 100}})
        done = cairn("backup", "--to", str(tmp_path / "b"), "--endpoint", server.url)
        assert done.returncode == 0, done.stderr
    finally:
        server.stop()
    for root, _, names in os.walk(tmp_path / "b"):
        for name in names:
            with open(os.path.join(root, name), "rb") as f:
                assert marker.encode() not in f.read(), name
    assert cairn("restore", "--from", str(tmp_path / "b"), "--data-dir",
                 str(tmp_path / "r")).returncode == 0
    server = Server(data_dir=str(tmp_path / "r"),
                    extra_args=["--auth", "sigv4", "--encryption-key-file", key]).start(env=env)
    try:
        assert len(client_of(server).scan(TableName="secret")["Items"]) == 20
    finally:
        server.stop()


def test_on_a_terminal_backup_and_restore_show_their_progress(tmp_path):
    import pty

    def on_a_terminal(*args):
        """Runs cairn with its standard error on a pseudo-terminal; returns what it wrote."""
        main, side = pty.openpty()
        env = dict(os.environ, AWS_ACCESS_KEY_ID=ROOT[0], AWS_SECRET_ACCESS_KEY=ROOT[1],
                   AWS_REGION="us-east-1")
        env.pop("AWS_SESSION_TOKEN", None)
        done = subprocess.run([BINARY, *args], env=env, stdout=subprocess.PIPE, stderr=side,
                              timeout=120)
        os.close(side)
        shown = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        os.close(main)
        assert done.returncode == 0, shown
        return shown.decode(errors="replace")

    server = sigv4_server(str(tmp_path / "data"))
    try:
        client = client_of(server)
        client.create_table(TableName="tiny", BillingMode="PAY_PER_REQUEST",
                            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        client.put_item(TableName="tiny", Item={"pk": {"S": "x"}})
        shown = on_a_terminal("backup", "--to", str(tmp_path / "b"), "--endpoint", server.url)
        assert "MB written" in shown
    finally:
        server.stop()
    shown = on_a_terminal("restore", "--from", str(tmp_path / "b"), "--data-dir",
                          str(tmp_path / "r"))
    assert "100%" in shown and "[####" in shown
