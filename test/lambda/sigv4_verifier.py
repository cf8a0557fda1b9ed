"""SigV4 verification for the S3 stand-in, by an implementation independent of the one under test:
botocore's S3SigV4Auth (Debian's python3-botocore). Reads one JSON request per line on stdin, writes
one JSON verdict per line on stdout:

  in:  {"method", "target" (path and query as received), "headers" (lower-case names),
        "accessKeyId", "secretAccessKey", "sessionToken" (or null), "region"}
  out: {"valid": bool, "reason": str, "canonicalRequest": str}

S3 rebuilds the canonical request from the request it received and the SignedHeaders it names, and
compares signatures; this does the same.
"""
import hmac
import json
import re
import sys

from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

AUTHORIZATION = re.compile(
    r"^AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request,\s*"
    r"SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$"
)


def verify(r):
    headers = r["headers"]
    match = AUTHORIZATION.match(headers.get("authorization", ""))
    if not match:
        return False, "no well-formed AWS4-HMAC-SHA256 Authorization header", ""
    key, date, region, service, signed, signature = match.groups()
    signed_headers = signed.split(";")
    amz_date = headers.get("x-amz-date", "")
    problems = [
        (key != r["accessKeyId"], "unknown access key"),
        (service != "s3", f"signed for service {service}, not s3"),
        (region != r["region"], f"signed for region {region}, not {r['region']}"),
        (amz_date[:8] != date, "credential date differs from x-amz-date"),
        ("host" not in signed_headers, "host is not signed"),
        ("x-amz-content-sha256" not in headers, "x-amz-content-sha256 is missing (S3 requires it)"),
        (r["sessionToken"] is not None and headers.get("x-amz-security-token") != r["sessionToken"],
         "x-amz-security-token missing or wrong"),
        (r["sessionToken"] is not None and "x-amz-security-token" not in signed_headers,
         "x-amz-security-token is not signed"),
        (any(h not in headers for h in signed_headers), "a signed header was not sent"),
    ]
    for failed, reason in problems:
        if failed:
            return False, reason, ""
    request = AWSRequest(
        method=r["method"],
        url="http://" + headers["host"] + r["target"],
        headers={h: headers[h] for h in signed_headers},
    )
    request.context["timestamp"] = amz_date
    auth = S3SigV4Auth(Credentials(key, r["secretAccessKey"], r["sessionToken"]), "s3", region)
    canonical = auth.canonical_request(request)
    expected = auth.signature(auth.string_to_sign(request, canonical), request)
    if not hmac.compare_digest(expected, signature):
        return False, "SignatureDoesNotMatch", canonical
    return True, "ok", canonical


for line in sys.stdin:
    try:
        valid, reason, canonical = verify(json.loads(line))
    except Exception as error:  # a verdict for every line, whatever the request
        valid, reason, canonical = False, f"verifier error: {error!r}", ""
    sys.stdout.write(json.dumps({"valid": valid, "reason": reason, "canonicalRequest": canonical}) + "\n")
    sys.stdout.flush()
