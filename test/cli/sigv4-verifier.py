"""A stand-in for an IAM-protected API Gateway endpoint: it accepts a request only when its SigV4
signature is what botocore (an implementation independent of the AWS SDK for JavaScript) computes
for it with the given credentials, service execute-api and region, and when it carries the session
token. It answers 200 with what it received, or 403 with the reason.

    python3 sigv4-verifier.py ACCESS_KEY_ID SECRET_ACCESS_KEY SESSION_TOKEN REGION

Prints the port it listens on (127.0.0.1), then serves until killed.
"""
import hashlib
import hmac
import json
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ACCESS_KEY, SECRET_KEY, SESSION_TOKEN, REGION = sys.argv[1:5]
SERVICE = "execute-api"
AUTHORIZATION = re.compile(
    r"^AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)/(?P<service>[^/]+)/aws4_request, "
    r"SignedHeaders=(?P<headers>[a-z0-9;-]+), Signature=(?P<signature>[0-9a-f]{64})$"
)


def verify(method, path, headers, body):
    """The reason the request is refused, or None when its signature checks out."""
    match = AUTHORIZATION.match(headers.get("authorization", ""))
    if not match:
        return "no SigV4 Authorization header"
    if match["key"] != ACCESS_KEY:
        return "unknown access key"
    if (match["region"], match["service"]) != (REGION, SERVICE):
        return f"scope {match['region']}/{match['service']}, expected {REGION}/{SERVICE}"
    if headers.get("x-amz-security-token") != SESSION_TOKEN:
        return "missing or wrong session token"
    timestamp = headers.get("x-amz-date", "")
    if not timestamp.startswith(match["date"]):
        return "x-amz-date does not match the credential scope"
    declared = headers.get("x-amz-content-sha256")
    if declared is not None and declared != hashlib.sha256(body).hexdigest():
        return "body does not match x-amz-content-sha256"
    signed = match["headers"].split(";")
    if "host" not in signed:
        return "host is not signed"
    request = AWSRequest(
        method=method,
        url=f"http://{headers['host']}{path}",
        data=body,
        headers={name: headers[name] for name in signed if name in headers},
    )
    request.context["timestamp"] = timestamp
    auth = SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY, SESSION_TOKEN), SERVICE, REGION)
    canonical = auth.canonical_request(request)
    expected = auth.signature(auth.string_to_sign(request, canonical), request)
    if not hmac.compare_digest(expected, match["signature"]):
        return "signature does not match"
    return None


class Handler(BaseHTTPRequestHandler):
    def answer(self):
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        reason = verify(self.command, self.path, headers, body)
        status = 403 if reason else 200
        payload = {"message": "Forbidden", "reason": reason} if reason else {
            "verified": True,
            "method": self.command,
            "path": self.path,
            "body": body.decode("utf-8"),
            "signedHeaders": AUTHORIZATION.match(headers["authorization"])["headers"].split(";"),
        }
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = answer

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
