"""Safe defaults: loopback unless told otherwise, and no anonymous access from other machines
without saying so."""
import subprocess

from conftest import BINARY, free_port


def run(*args):
    return subprocess.run([BINARY, "serve", "--in-memory", "--port", str(free_port()), *args],
                          capture_output=True, text=True, timeout=20)


def test_anonymous_access_beyond_loopback_needs_saying_so():
    refused = run("--bind", "0.0.0.0")
    assert refused.returncode == 2
    assert "--allow-anonymous" in refused.stderr and "--auth sigv4" in refused.stderr


def test_allowed_anonymous_access_warns():
    args = [BINARY, "serve", "--in-memory", "--port", str(free_port()), "--bind", "0.0.0.0",
            "--allow-anonymous", "--threads", "1"]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stderr.readline()
        assert "warning" in line and "0.0.0.0" in line
    finally:
        process.terminate()
        process.wait(timeout=20)


def first_line(*args):
    """The first line a server started with args prints on stdout, then stops it."""
    port = free_port()
    process = subprocess.Popen([BINARY, "serve", "--in-memory", "--port", str(port), "--threads",
                                "1", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        return port, process.stdout.readline()
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_the_default_address_is_loopback():
    port, line = first_line()
    assert line.startswith(f"cairn listening on 127.0.0.1:{port}") and "no authentication" in line


def test_sigv4_may_listen_beyond_loopback():
    port, line = first_line("--bind", "0.0.0.0", "--auth", "sigv4")
    assert line.startswith(f"cairn listening on 0.0.0.0:{port}") and "SigV4 required" in line


def test_an_unknown_mode_is_refused():
    refused = run("--auth", "basic")
    assert refused.returncode == 2 and "--auth is none or sigv4" in refused.stderr
