"""`duban serve` with DUBAN_HTTPS=1 behind a real TLS terminator (Debian's nginx), as in
docs/deploy.md: https is served, plain http redirected, and only the proxy's X-Forwarded-*
headers count, for the scheme and for the address the login lockout counts by (issue 16)."""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shutil
import ssl
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.cli.test_demo_end_to_end import free_port

# One worker starts the servers for every test here (make test: --dist loadgroup).
pytestmark = pytest.mark.xdist_group("tls_proxy")

# Any 127.x.y.z is this machine's loopback: a second and third "client" for the same servers.
OUTSIDER = "127.0.0.2"
NEIGHBOUR = "127.0.0.3"

# Debian's nginx (make system-deps) sits in /usr/sbin, which a non-root PATH may lack.
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

NGINX_CONF = """
daemon off;
master_process off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {tmp}/cert.pem;
        ssl_certificate_key {tmp}/key.pem;
        client_max_body_size 100m;
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
"""


class Servers:
    def __init__(self, nginx_port: int, waitress_port: int, tls: ssl.SSLContext) -> None:
        self.nginx_port, self.waitress_port, self.tls = nginx_port, waitress_port, tls

    def via_proxy(self, path: str, **kwargs) -> tuple[int, http.client.HTTPMessage, str]:
        return fetch(self.nginx_port, path, tls=self.tls, **kwargs)

    def direct(self, path: str, **kwargs) -> tuple[int, http.client.HTTPMessage, str]:
        return fetch(self.waitress_port, path, **kwargs)


def fetch(
    port: int,
    path: str,
    *,
    tls: ssl.SSLContext | None = None,
    source: str = "127.0.0.1",
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: str | None = None,
) -> tuple[int, http.client.HTTPMessage, str]:
    """One request from the loopback address `source`, never following redirects."""
    address = ("127.0.0.1", port)
    connection = (
        http.client.HTTPSConnection(*address, context=tls, source_address=(source, 0), timeout=30)
        if tls
        else http.client.HTTPConnection(*address, source_address=(source, 0), timeout=30)
    )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def self_signed_certificate(tmp: Path) -> None:
    subprocess.run(
        ["openssl", "req", "-x509", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
        + ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"]
        + ["-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem")],
        check=True,
        capture_output=True,
    )


def wait_until_answering(
    port: int, process: subprocess.Popen[str], tls: ssl.SSLContext | None = None
) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            raise AssertionError(f"{process.args[0]} exited: {output}")
        try:
            fetch(port, "/accounts/login/", tls=tls)
            return
        except OSError:  # refused while starting
            time.sleep(0.2)
    raise AssertionError(f"{process.args[0]} did not come up")


def start(command: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    tmp: Path = tmp_path_factory.mktemp("tls")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DUBAN_TRUSTED_PROXY"}
    }
    env |= {
        "DUBAN_DATA_DIR": str(tmp),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DUBAN_HTTPS": "1",
        "DUBAN_LOGIN_FAILURE_LIMIT": "2",
    }
    duban = [sys.executable, "-m", "duban.cli"]
    subprocess.run([*duban, "manage", "migrate", "-v0"], env=env, check=True, timeout=300)
    self_signed_certificate(tmp)
    waitress_port, nginx_port = free_port(), free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, port=nginx_port, upstream=waitress_port))
    tls = ssl.create_default_context(cafile=tmp / "cert.pem")
    waitress = start([*duban, "serve", "--port", str(waitress_port)], env)
    nginx = start([NGINX, "-p", str(tmp), "-e", str(tmp / "nginx-error.log"), "-c", str(conf)])
    try:
        wait_until_answering(waitress_port, waitress)
        wait_until_answering(nginx_port, nginx, tls=tls)
        yield Servers(nginx_port, waitress_port, tls)
    finally:
        for process in (nginx, waitress):
            process.terminate()
            process.wait(timeout=10)


def test_https_through_the_proxy_is_served_with_secure_cookies_and_hsts(servers):
    status, headers, page = servers.via_proxy("/accounts/login/")
    assert status == 200, headers.get("Location")
    assert 'name="csrfmiddlewaretoken"' in page
    csrf_cookie = next(c for c in headers.get_all("Set-Cookie") if c.startswith("csrftoken="))
    assert "; Secure" in csrf_cookie
    assert headers["Strict-Transport-Security"] == "max-age=31536000"


def test_plain_http_to_waitress_is_redirected_to_https(servers):
    status, headers, _ = servers.direct("/accounts/login/")
    assert status == 301
    assert headers["Location"] == f"https://127.0.0.1:{servers.waitress_port}/accounts/login/"


def test_only_the_trusted_proxy_may_say_https(servers):
    claim = {"X-Forwarded-Proto": "https"}
    status, headers, _ = servers.direct("/accounts/login/", source=OUTSIDER, headers=claim)
    assert status == 301 and headers["Location"].startswith("https://")
    # The same claim from the proxy's address is believed: the source address decided.
    status, _, _ = servers.direct("/accounts/login/", headers=claim)
    assert status == 200


def failed_login(servers: Servers, *, source: str, forwarded_for: str | None = None) -> int:
    """POST a wrong password for one username through the proxy; the answer's status."""
    _, headers, page = servers.via_proxy("/accounts/login/", source=source)
    cookie = next(c for c in headers.get_all("Set-Cookie") if c.startswith("csrftoken="))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    base = f"https://127.0.0.1:{servers.nginx_port}"
    request_headers = {
        "Cookie": cookie.split(";")[0],
        "Referer": f"{base}/accounts/login/",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    if forwarded_for:
        request_headers["X-Forwarded-For"] = forwarded_for
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "tls-victim", "password": "wrong"}
    )
    status, _, _ = servers.via_proxy(
        "/accounts/login/", source=source, method="POST", headers=request_headers, body=body
    )
    return status


def test_lockout_counts_the_real_client_not_the_proxy_nor_a_forged_header(servers):
    # Two failures (DUBAN_LOGIN_FAILURE_LIMIT=2) lock the username for that client, even when it
    # forges a fresh X-Forwarded-For each time: only the address nginx appended counts.
    assert failed_login(servers, source=OUTSIDER, forwarded_for="203.0.113.7") == 200
    assert failed_login(servers, source=OUTSIDER, forwarded_for="203.0.113.8") == 429
    # Another client behind the same proxy is not locked out with it.
    assert failed_login(servers, source=NEIGHBOUR) == 200
