"""An independent SigV4 signer for tests that need a request botocore would not send: a
chosen time, a changed body, a missing part. Written from AWS's published algorithm."""
import datetime
import hashlib
import hmac

import requests


def _hmac(key, text):
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def signed_headers_for(url, operation, body, key_id, secret, when=None, region="us-east-1",
                       service="dynamodb", token=None, extra=None):
    """Headers of a POST of body to url, signed at `when` (UTC, default now)."""
    when = when or datetime.datetime.now(datetime.timezone.utc)
    amz_date = when.strftime("%Y%m%dT%H%M%SZ")
    date = amz_date[:8]
    host = url.split("://", 1)[1].rstrip("/")
    headers = {"host": host, "x-amz-date": amz_date,
               "x-amz-target": f"DynamoDB_20120810.{operation}",
               "content-type": "application/x-amz-json-1.0"}
    if token:
        headers["x-amz-security-token"] = token
    headers.update(extra or {})
    names = sorted(headers)
    canonical = "\n".join(["POST", "/", ""] + [f"{n}:{' '.join(str(headers[n]).split())}" for n in names]
                          + ["", ";".join(names), hashlib.sha256(body).hexdigest()])
    scope = f"{date}/{region}/{service}/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                         hashlib.sha256(canonical.encode()).hexdigest()])
    k = _hmac(("AWS4" + secret).encode(), date)
    for part in (region, service, "aws4_request"):
        k = _hmac(k, part)
    signature = hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential={key_id}/{scope}, "
                                f"SignedHeaders={';'.join(names)}, Signature={signature}")
    return headers


def post(url, headers, body):
    response = requests.post(url + "/", headers=headers, data=body, timeout=30)
    payload = response.json() if response.content else {}
    return response.status_code, payload.get("__type", "").split("#")[-1], payload.get("message")
