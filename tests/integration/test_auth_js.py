"""The AWS SDK for JavaScript v3 signs its requests; Cairn with --auth sigv4 verifies them."""
import json
import os
import shutil
import subprocess
import tempfile

import pytest

from conftest import Server

JS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "js")
KEY_ID, SECRET = "AKIDJSCLIENT0001", "js/secret+value"


@pytest.fixture(scope="module")
def signed_client():
    npm = shutil.which("npm")
    assert npm, "npm is needed for the JavaScript SDK test (scripts/install-deps installs it)"
    if not os.path.isdir(os.path.join(JS_DIR, "node_modules", "@aws-sdk", "client-dynamodb")):
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=JS_DIR, check=True,
                       capture_output=True, timeout=600)
    return [shutil.which("node"), os.path.join(JS_DIR, "signed_client.mjs")]


def test_javascript_sdk_signatures_are_verified(signed_client):
    with tempfile.TemporaryDirectory(prefix="cairn-auth-js-") as data_dir:
        env = dict(os.environ, CAIRN_ACCESS_KEY_ID=KEY_ID, CAIRN_SECRET_ACCESS_KEY=SECRET)
        server = Server(data_dir=data_dir, extra_args=["--auth", "sigv4"]).start(env=env)
        try:
            def run(*credentials):
                out = subprocess.run(signed_client + [server.url, *credentials],
                                     capture_output=True, text=True, timeout=120)
                return json.loads(out.stdout.strip().splitlines()[-1])

            assert run(KEY_ID, SECRET) == {"tables": []}
            assert run(KEY_ID, "wrong")["error"] == "InvalidSignatureException"
            unknown = run("AKIDNOBODY", SECRET)
            assert unknown == {"error": "UnrecognizedClientException",
                               "message": "The security token included in the request is invalid."}
        finally:
            server.stop()
