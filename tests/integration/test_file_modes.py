"""The data is its owner's alone: the data directory is 0700 and every file in it 0600,
whatever the umask, and a directory an earlier build left looser is tightened."""
import os
import stat

from conftest import Server, create_table, make_client


def modes(path):
    found = {str(path): stat.S_IMODE(os.stat(path).st_mode)}
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            p = os.path.join(root, name)
            found[p] = stat.S_IMODE(os.stat(p).st_mode)
    return found


def assert_private(path):
    for p, mode in modes(path).items():
        expected = 0o700 if os.path.isdir(p) else 0o600
        assert mode == expected, f"{p}: {oct(mode)}"


def test_a_new_data_directory_is_private(tmp_path):
    data = tmp_path / "data"
    old = os.umask(0o022)
    try:
        srv = Server(data_dir=str(data)).start()
    finally:
        os.umask(old)
    try:
        create_table(make_client(srv.url))
        assert_private(data)
    finally:
        srv.stop()
    assert_private(data)


def test_an_existing_loose_data_directory_is_tightened(tmp_path):
    data = tmp_path / "data"
    srv = Server(data_dir=str(data)).start()
    srv.stop()
    os.chmod(data, 0o755)
    for name in os.listdir(data):
        os.chmod(data / name, 0o644)
    srv = Server(data_dir=str(data)).start()
    try:
        assert_private(data)
    finally:
        srv.stop()
