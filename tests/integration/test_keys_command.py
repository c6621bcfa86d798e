"""`cairn keys`: the access keys of a stopped server's data directory."""
import subprocess
import tempfile

from conftest import BINARY


def keys(data_dir, *args, stdin=None):
    return subprocess.run([BINARY, "keys", *args, "--data-dir", data_dir], input=stdin,
                          capture_output=True, text=True, timeout=60)


def fields(output):
    return dict(line.split(": ", 1) for line in output.strip().splitlines())


def test_create_list_rotate_disable_delete():
    with tempfile.TemporaryDirectory(prefix="cairn-keys-") as data_dir:
        made = fields(keys(data_dir, "create", "--user", "ana", "--account", "111122223333").stdout)
        assert made["AccessKeyId"].startswith("AKIA") and len(made["SecretAccessKey"]) == 40
        assert (made["Account"], made["User"]) == ("111122223333", "ana")
        listed = keys(data_dir, "list").stdout.strip().split("\t")
        assert listed[:4] == [made["AccessKeyId"], "111122223333", "ana", "Active"]
        assert made["SecretAccessKey"] not in keys(data_dir, "list").stdout
        rotated = fields(keys(data_dir, "rotate", made["AccessKeyId"]).stdout)
        assert rotated["AccessKeyId"] != made["AccessKeyId"] and rotated["User"] == "ana"
        statuses = {line.split("\t")[0]: line.split("\t")[3]
                    for line in keys(data_dir, "list").stdout.strip().splitlines()}
        assert statuses == {made["AccessKeyId"]: "Inactive", rotated["AccessKeyId"]: "Active"}
        assert keys(data_dir, "enable", made["AccessKeyId"]).returncode == 0
        assert keys(data_dir, "delete", made["AccessKeyId"]).returncode == 0
        assert made["AccessKeyId"] not in keys(data_dir, "list").stdout


def test_mistakes_are_refused_clearly():
    with tempfile.TemporaryDirectory(prefix="cairn-keys-") as data_dir:
        assert keys(data_dir, "create", "--access-key-id", "AKIDSAME").returncode == 0
        again = keys(data_dir, "create", "--access-key-id", "AKIDSAME")
        assert again.returncode == 1 and "exists" in again.stderr
        missing = keys(data_dir, "disable", "AKIDNOPE")
        assert missing.returncode == 1 and "no access key AKIDNOPE" in missing.stderr
        assert keys(data_dir, "disable").returncode == 2
        assert keys(data_dir, "frobnicate").returncode == 2
        assert keys(data_dir, "create", "--temporary", "5").returncode == 2
    nowhere = keys("/nonexistent/cairn-keys-dir", "list")
    assert nowhere.returncode == 1 and "no data directory" in nowhere.stderr
