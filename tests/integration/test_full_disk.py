"""A full disk is an error, not a crash: writes fail with InternalServerError while reads go
on, the server recovers by itself when space returns, and it starts on a nearly full disk.
The data lives on a small tmpfs the test mounts (skipped where mounting is not allowed)."""
import os
import subprocess
import time

import pytest
from botocore.exceptions import ClientError

from conftest import Server, create_table, error_of, make_client

RESERVE_MB = 16


@pytest.fixture
def small_disk(tmp_path):
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200m", "tmpfs", str(mount_point)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here: " + mounted.stderr.decode().strip())
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)])


def free_mb(path):
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize / (1 << 20)


def fill_to(path, leave_mb):
    """A file that leaves about leave_mb free on the disk holding path."""
    filler = path / "filler"
    size = int((free_mb(path) - leave_mb) * (1 << 20))
    subprocess.run(["fallocate", "-l", str(max(size, 0)), str(filler)], check=True)
    time.sleep(0.3)  # the server reads the free space at most every 100 ms
    return filler


def put(client, table, key, size=100):
    client.put_item(TableName=table, Item={"pk": {"S": key}, "v": {"S": "x" * size}})


def get(client, table, key):
    return client.get_item(TableName=table, Key={"pk": {"S": key}}).get("Item")


def eventually(f, seconds=20):
    deadline = time.time() + seconds
    while True:
        try:
            return f()
        except ClientError:
            if time.time() > deadline:
                raise
            time.sleep(0.2)


def test_a_full_disk_refuses_writes_serves_reads_and_recovers(small_disk):
    srv = Server(data_dir=str(small_disk / "data"),
                 extra_args=["--disk-reserve-mb", str(RESERVE_MB)]).start()
    try:
        client = make_client(srv.url)
        table = create_table(client)
        put(client, table, "before")
        filler = fill_to(small_disk, leave_mb=RESERVE_MB / 2)
        with pytest.raises(ClientError) as e:
            put(client, table, "while-full")
        assert error_of(e)[0] == "InternalServerError"
        assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
        assert get(client, table, "before") is not None
        assert srv.alive()
        filler.unlink()
        eventually(lambda: put(client, table, "after"))
        assert get(client, table, "after") is not None
    finally:
        srv.stop()


def test_writes_that_fill_the_disk_stop_with_errors_and_resume_when_it_grows(small_disk):
    # No reserve: RocksDB itself runs out of space (a memtable flush fails), and every write
    # after that is refused until the disk has room and RocksDB has resumed.
    srv = Server(data_dir=str(small_disk / "data"), extra_args=["--disk-reserve-mb", "0"]).start()
    try:
        client = make_client(srv.url)
        table = create_table(client)
        errors = 0
        for i in range(4000):
            try:
                put(client, table, f"k{i}", size=100_000)
            except ClientError as e:
                assert e.response["Error"]["Code"] == "InternalServerError"
                errors += 1
                if errors >= 5:
                    break
        assert errors >= 5, "the disk never filled"
        assert srv.alive()
        assert get(client, table, "k1") is not None
        subprocess.run(["mount", "-o", "remount,size=600m", str(small_disk)], check=True)
        eventually(lambda: put(client, table, "after-growth"), seconds=30)
        assert get(client, table, "after-growth") is not None
    finally:
        srv.stop()


def test_the_server_starts_on_a_nearly_full_disk(small_disk):
    data = small_disk / "data"
    srv = Server(data_dir=str(data), extra_args=["--disk-reserve-mb", str(RESERVE_MB)]).start()
    try:
        client = make_client(srv.url)
        table = create_table(client)
        put(client, table, "kept")
    finally:
        srv.stop()
    filler = fill_to(small_disk, leave_mb=RESERVE_MB + 4)
    srv = Server(data_dir=str(data), extra_args=["--disk-reserve-mb", str(RESERVE_MB)]).start()
    try:
        client = make_client(srv.url)
        assert get(client, table, "kept") is not None
        filler.unlink()
        eventually(lambda: put(client, table, "more"))
    finally:
        srv.stop()
