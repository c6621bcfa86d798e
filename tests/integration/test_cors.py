"""CORS: which web pages may call the server from a browser. The default grants pages served
from this machine only, so that a web page a developer visits cannot drive a local server;
--cors-origins '*' gives DynamoDB's answer (every origin), a list grants exactly its
origins, and none grants no page."""
import pytest
import requests

from conftest import Server, raw_request

PREFLIGHT = {"Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "content-type, x-amz-target"}


def preflight(server, origin):
    return requests.options(server.url + "/", timeout=30, headers={"Origin": origin, **PREFLIGHT})


def test_no_origin_no_cors_headers(server):
    for method in ("OPTIONS", "GET", "POST"):
        r = requests.request(method, server.url + "/", timeout=30)
        assert not any(h.lower().startswith("access-control-") for h in r.headers), method


@pytest.mark.parametrize("origin", ["http://localhost:3000", "https://localhost",
                                    "http://127.0.0.1:8001", "http://[::1]:5173"])
def test_by_default_pages_from_this_machine_are_granted(server, origin):
    r = preflight(server, origin)
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == origin
    assert r.headers["Vary"] == "Origin"
    assert r.headers["Access-Control-Allow-Methods"] == "POST"
    assert r.headers["Access-Control-Allow-Headers"] == "content-type, x-amz-target"
    assert "Access-Control-Max-Age" in r.headers
    r = raw_request(server.url, "ListTables", "{}", {"Origin": origin})
    assert r.headers["Access-Control-Allow-Origin"] == origin
    assert "x-amzn-RequestId" in r.headers["Access-Control-Expose-Headers"]
    assert "Access-Control-Max-Age" not in r.headers


@pytest.mark.parametrize("origin", ["https://example.com", "http://localhost.evil.example",
                                    "http://127.0.0.1.evil.example:80", "null", "file://"])
def test_by_default_other_pages_get_no_grant(server, origin):
    r = preflight(server, origin)
    assert not any(h.lower().startswith("access-control-") for h in r.headers), origin
    r = raw_request(server.url, "ListTables", "{}", {"Origin": origin})
    assert "Access-Control-Allow-Origin" not in r.headers


def test_star_grants_every_page_as_dynamodb_does():
    srv = Server(extra_args=["--cors-origins", "*"]).start()
    try:
        r = preflight(srv, "https://example.com")
        assert r.headers["Access-Control-Allow-Origin"] == "*"
        assert "Vary" not in r.headers
        r = raw_request(srv.url, "ListTables", "{}", {"Origin": "https://example.com"})
        assert r.headers["Access-Control-Allow-Origin"] == "*"
    finally:
        srv.stop()


def test_a_list_grants_exactly_its_origins():
    srv = Server(extra_args=["--cors-origins", "https://app.example.com, http://localhost:3000"]).start()
    try:
        assert preflight(srv, "https://app.example.com").headers[
            "Access-Control-Allow-Origin"] == "https://app.example.com"
        assert preflight(srv, "http://localhost:3000").headers[
            "Access-Control-Allow-Origin"] == "http://localhost:3000"
        for other in ("http://localhost:3001", "https://app.example.com:444", "https://example.com"):
            assert "Access-Control-Allow-Origin" not in preflight(srv, other).headers, other
    finally:
        srv.stop()


def test_none_grants_no_page():
    srv = Server(extra_args=["--cors-origins", "none"]).start()
    try:
        assert "Access-Control-Allow-Origin" not in preflight(srv, "http://localhost:3000").headers
    finally:
        srv.stop()
