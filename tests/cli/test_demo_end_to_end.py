"""`duban demo --no-serve`, then `duban serve` on a free port, then log in as every demo role."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from duban.demo.directory import LOGINS

# One worker builds the demo and serves it to every test here (make test: --dist loadgroup).
pytestmark = pytest.mark.xdist_group("demo_server")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003
        return None


def wait_until_up(base: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            raise AssertionError(f"server exited: {output}")
        try:
            urllib.request.urlopen(f"{base}/api/openapi.json", timeout=10)
            return
        except OSError:  # refused while starting, or a slow first answer on a busy machine
            time.sleep(0.2)
    raise AssertionError("server did not come up")


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    data_dir: Path = tmp_path_factory.mktemp("demo")
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    built = subprocess.run(
        [sys.executable, "-m", "duban.cli", "demo", "--no-serve", "--data-dir", str(data_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    port = free_port()
    serve_env = {**env, "DUBAN_DATA_DIR": str(data_dir), "SECRET_KEY": secrets.token_urlsafe(50)}
    server = subprocess.Popen(
        [sys.executable, "-m", "duban.cli", "serve", "--port", str(port)],
        env=serve_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, server)
        yield base, built.stdout
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_demo_prints_every_login(demo_server):
    _, printed = demo_server
    for username, password, *_ in LOGINS:
        assert re.search(rf"^\s+{username}\s+{re.escape(password)}\s", printed, re.MULTILINE)


def test_home_redirects_anonymous_to_login(demo_server):
    base, _ = demo_server
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(f"{base}/")
    assert redirect.value.code == 302
    assert redirect.value.headers["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("login", LOGINS, ids=[row[0] for row in LOGINS])
def test_each_demo_role_logs_in(demo_server, login):
    base, _ = demo_server
    username, password, full_name, *_ = login
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password}
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=body, headers={"Referer": f"{base}/accounts/login/"}
    )
    home = opener.open(request)
    assert home.url == f"{base}/"
    page = home.read().decode()
    assert full_name in page and "可见单位" in page
    me = json.loads(opener.open(f"{base}/api/me").read())
    assert me["username"] == username


def test_openapi_served(demo_server):
    base, _ = demo_server
    schema = json.loads(urllib.request.urlopen(f"{base}/api/openapi.json").read())
    assert schema["info"]["title"] == "duban API"
    css = urllib.request.urlopen(f"{base}/static/vendor/bootstrap/bootstrap.min.css")
    assert css.status == 200
