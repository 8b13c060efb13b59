"""The database going away under `duban serve`: clean 503s, never a 500 or a hang, and the same
server answers again once the database is back; a statement past the timeout is a 503 too.

The server runs against a PostgreSQL server of the test's own (tests/cli/private_postgres.py),
which the test stops and starts; so this runs in the SQLite and the PostgreSQL suite alike.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import os
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator

import psycopg
import pytest

from tests.cli.private_postgres import PrivateCluster, free_port

pytestmark = pytest.mark.xdist_group("private_postgres")
PASSWORD = "correct horse battery staple 7"
WEB_TIMEOUT_MS = 2000
MAX_REQUEST_BYTES = 1024 * 1024  # the least DUBAN_MAX_REQUEST_BYTES takes


def duban(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "duban.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def cluster() -> Iterator[PrivateCluster]:
    cluster = PrivateCluster.create()
    cluster.start()
    yield cluster
    cluster.destroy()


@pytest.fixture(scope="module")
def environment(cluster, tmp_path_factory) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DATABASE_URL=cluster.url,
        DUBAN_DATA_DIR=str(tmp_path_factory.mktemp("faults")),
        SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
    )
    duban(env, "manage", "migrate", "--verbosity", "0")
    duban(env, "manage", "createsuperuser", "--noinput", "--username", "ops", "--email", "o@x.cn")
    return env


@pytest.fixture(scope="module")
def server(environment) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    env = {
        **environment,
        "DUBAN_STATEMENT_TIMEOUT_MS": str(WEB_TIMEOUT_MS),
        "DUBAN_MAX_REQUEST_BYTES": str(MAX_REQUEST_BYTES),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "duban.cli", "serve", "--port", str(port), "--threads", "4"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, "duban serve exited"
            try:
                urllib.request.urlopen(f"{base}/accounts/login/", timeout=10)
                break
            except OSError:
                assert time.monotonic() < deadline, "duban serve did not come up"
                time.sleep(0.2)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=10)


class Visitor:
    """A signed-in browser (session cookie) and an API client (bearer token) in one."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        form = self.opener.open(f"{base}/accounts/login/", timeout=20).read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        body = {"csrfmiddlewaretoken": csrf, "username": "ops", "password": PASSWORD}
        self.opener.open(
            urllib.request.Request(
                f"{base}/accounts/login/",
                data=urllib.parse.urlencode(body).encode(),
                headers={"Referer": f"{base}/accounts/login/"},
            ),
            timeout=20,
        )

    def get(self, path: str, *, api: bool = False) -> tuple[int, dict[str, str], str]:
        """(status, headers, body); a hang shows as a timeout error, failing the test."""
        headers = {"Authorization": f"Bearer {self.token}"} if api else {}
        request = urllib.request.Request(f"{self.base}{path}", headers=headers)
        opener = urllib.request.build_opener() if api else self.opener
        try:
            with opener.open(request, timeout=20) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()


@pytest.fixture(scope="module")
def visitor(server, environment) -> Visitor:
    token = duban(environment, "token", "create", "ops").strip()
    return Visitor(server[0], token)


def assert_unavailable(visitor: Visitor, *, code: str) -> None:
    status, headers, body = visitor.get("/api/me", api=True)
    assert status == 503, body
    assert json.loads(body) == {"message": json.loads(body)["message"], "code": code, "fields": {}}
    assert headers["Retry-After"] == "30"
    status, headers, body = visitor.get("/")
    assert status == 503 and headers["Retry-After"] == "30"
    assert "服务暂不可用" in body and "Traceback" not in body
    if code == "database_unavailable":  # (a locked table does not stop the health check)
        status, headers, body = visitor.get("/healthz", api=True)  # a balancer: no session
        assert status == 503 and json.loads(body)["code"] == code


def assert_available(visitor: Visitor) -> None:
    status, _, body = visitor.get("/api/me", api=True)
    assert status == 200 and json.loads(body)["username"] == "ops"
    status, _, body = visitor.get("/")
    assert status == 200 and "ops" in body
    status, _, body = visitor.get("/healthz", api=True)
    assert (status, json.loads(body)) == (200, {"status": "ok"})


class Load:
    """Requests in a loop from three threads while the database goes away and comes back."""

    def __init__(self, visitor: Visitor) -> None:
        self.visitor, self.results = visitor, Counter[object]()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(n,)) for n in range(3)]

    def _run(self, number: int) -> None:
        while not self.stopping.is_set():
            try:
                status, _, _ = self.visitor.get("/api/me" if number % 2 else "/", api=number % 2)
            except Exception as error:  # a reset connection or a timeout: what must not happen
                status = repr(error)
            self.results[status] += 1

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)


def test_database_stopped_under_load_answers_503_and_the_server_recovers(server, cluster, visitor):
    _, process = server
    assert_available(visitor)
    with Load(visitor) as load:
        time.sleep(1)
        cluster.stop()
        time.sleep(1)
        assert_unavailable(visitor, code="database_unavailable")
        cluster.start()
        assert_available(visitor)  # the very first request after the restart
        time.sleep(1)
    assert set(load.results) == {200, 503}, load.results
    assert process.poll() is None  # the same server process throughout


def test_database_restarted_while_idle_costs_no_failed_request(server, cluster, visitor):
    # Every server thread holds a persistent connection (CONN_MAX_AGE) that the restart
    # breaks; CONN_HEALTH_CHECKS replaces a broken one before the request uses it.
    with Load(visitor) as load:
        time.sleep(1)
    assert set(load.results) == {200}
    cluster.stop()
    cluster.start()
    for _ in range(8):
        assert_available(visitor)


def test_statement_past_the_timeout_answers_503_and_frees_the_worker(server, cluster, visitor):
    # Another session holds the tables every request reads: each statement waits on the lock
    # until PostgreSQL cancels it at the web's statement_timeout.
    with psycopg.connect(cluster.url.replace("postgres://", "postgresql://")) as blocker:
        blocker.execute("LOCK TABLE core_apitoken, django_session IN ACCESS EXCLUSIVE MODE")
        started = time.monotonic()
        assert_unavailable(visitor, code="database_timeout")
        elapsed = time.monotonic() - started
        blocker.rollback()
    assert 2 * WEB_TIMEOUT_MS / 1000 <= elapsed < 2 * WEB_TIMEOUT_MS / 1000 + 10
    assert_available(visitor)


def test_jobs_take_their_statement_timeout_from_their_own_setting(environment):
    show = (
        "from django.db import connection as c; "
        "print(c.cursor().execute('SHOW statement_timeout').fetchone()[0])"
    )
    assert duban(environment, "manage", "shell", "-c", show).splitlines()[-1] == "0"
    tuned = {**environment, "DUBAN_JOB_STATEMENT_TIMEOUT_MS": "1234"}
    assert duban(tuned, "manage", "shell", "-c", show).splitlines()[-1] == "1234ms"


def test_a_request_body_over_the_limit_is_refused_before_it_is_read(server, visitor):
    base, _ = server
    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=20)
    connection.putrequest("POST", "/api/attachments")
    connection.putheader("Content-Type", "application/octet-stream")
    connection.putheader("Content-Length", str(MAX_REQUEST_BYTES + 1))
    connection.endheaders()  # not one byte of the body is sent
    response = connection.getresponse()
    assert response.status == 413
    connection.close()
    assert_available(visitor)
