"""Beyond one machine (issue 17, docs/deploy.md): two `duban serve` processes on one
PostgreSQL behind nginx, concurrent progress reports through the proxy with API tokens while
the daily job runs over and over, and afterwards 0 errors and ONE ledger chain — `duban audit
verify` intact, sequence numbers contiguous, every report's event in it exactly once.

Both servers answer (nginx names the upstream that answered in a header). The database is a
PostgreSQL server of the test's own, so this runs in the SQLite and the PostgreSQL suite alike.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from duban.core.choices import Role
from duban.demo.directory import LOGINS
from tests.cli.private_postgres import PrivateCluster, free_port
from tests.cli.test_demo_end_to_end import wait_until_up
from tests.cli.test_replica import LOAD_DEMO
from tests.cli.test_tls_proxy import NGINX

pytestmark = pytest.mark.xdist_group("two_servers")
REPORTERS = [username for username, _, _, _, role, _ in LOGINS if role == Role.REPORTER]
THREADS_PER_REPORTER = 3
WRITES_PER_THREAD = 15

NGINX_CONF = """
daemon off;
master_process off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream duban {{
        server 127.0.0.1:{first};
        server 127.0.0.1:{second};
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://duban;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


def duban(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "duban.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def environment(tmp_path_factory) -> Iterator[dict[str, str]]:
    cluster = PrivateCluster.create()
    try:
        cluster.start()
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        env.update(
            DJANGO_SETTINGS_MODULE="duban.settings",
            DATABASE_URL=cluster.url,
            DUBAN_DATA_DIR=str(tmp_path_factory.mktemp("cluster")),
            SECRET_KEY=secrets.token_urlsafe(50),
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        )
        loaded = subprocess.run(
            [sys.executable, "-c", LOAD_DEMO], env=env, capture_output=True, text=True, timeout=600
        )
        assert loaded.returncode == 0, loaded.stderr
        yield env
    finally:
        cluster.destroy()


@pytest.fixture(scope="module")
def proxy(environment, tmp_path_factory) -> Iterator[str]:
    """Two `duban serve` processes (sharing the database and the data folder) behind nginx."""
    tmp: Path = tmp_path_factory.mktemp("nginx")
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [sys.executable, "-m", "duban.cli", "serve", "--port", str(port), "--threads", "4"],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for port in ports
    ]
    port = free_port()
    (tmp / "nginx.conf").write_text(
        NGINX_CONF.format(tmp=tmp, port=port, first=ports[0], second=ports[1])
    )
    nginx = subprocess.Popen(
        [NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for server, server_port in zip(servers, ports, strict=True):
            wait_until_up(f"http://127.0.0.1:{server_port}", server)
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base, nginx)  # type: ignore[arg-type]
        yield base
    finally:
        for process in [nginx, *servers]:
            process.terminate()
            process.wait(timeout=10)


class Client:
    """An API client with a bearer token; every answer is counted by status and upstream."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token
        self.statuses: Counter[int] = Counter()
        self.upstreams: Counter[str] = Counter()
        self.reports: list[int] = []  # ids of the reports filed

    def call(self, method: str, path: str, payload: dict | None = None) -> tuple[int, dict]:
        request = urllib.request.Request(
            f"{self.base}{path}",
            method=method,
            data=None if payload is None else json.dumps(payload, ensure_ascii=False).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                status, headers, body = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, body = error.code, error.headers, error.read()
        self.statuses[status] += 1
        self.upstreams[headers.get("X-Upstream", "")] += 1
        return status, json.loads(body) if body else {}


def _reportable_tasks(client: Client) -> list[int]:
    """The tasks this reporter may report on: still reporting, led by their unit."""
    _, page = client.call("GET", "/api/me")
    units = {membership["organization"]["id"] for membership in page["memberships"]}
    _, tasks = client.call("GET", "/api/tasks?limit=500")
    return [
        task["id"]
        for task in tasks["items"]
        if task["lead_unit"]["id"] in units
        and task["state"] in {"assigned", "acknowledged", "in_progress"}
    ]


def _daily_job_until(stop: threading.Event, env: dict[str, str], runs: list[int]) -> None:
    while not stop.is_set():
        runs.append(duban(env, "scan").returncode)


def test_two_servers_behind_a_proxy_write_one_ledger_chain(environment, proxy):
    clients = []
    for username in REPORTERS:
        created = duban(environment, "token", "create", username)
        assert created.returncode == 0, created.stderr
        clients.append((Client(proxy, created.stdout.strip()), username))
    targets = {username: _reportable_tasks(client) for client, username in clients}
    assert all(targets.values()), targets

    writers = [
        Client(proxy, client.token) for client, _ in clients for _ in range(THREADS_PER_REPORTER)
    ]
    tasks_of = [targets[username] for _, username in clients for _ in range(THREADS_PER_REPORTER)]

    def write(client: Client, tasks: list[int]) -> None:
        for index in range(WRITES_PER_THREAD):
            status, report = client.call(
                "POST",
                f"/api/tasks/{tasks[index % len(tasks)]}/reports",
                {"narrative": f"并发写入第{index}次：整改推进 ✅", "percent": index},
            )
            if status == 201:
                client.reports.append(report["id"])

    stop, scans = threading.Event(), []
    job = threading.Thread(target=_daily_job_until, args=(stop, environment, scans))
    threads = [
        threading.Thread(target=write, args=(client, tasks))
        for client, tasks in zip(writers, tasks_of, strict=True)
    ]
    started = time.monotonic()
    job.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    job.join()
    elapsed = time.monotonic() - started

    statuses = sum((client.statuses for client in writers), Counter())
    upstreams = sum((client.upstreams for client in writers), Counter())
    writes = len(writers) * WRITES_PER_THREAD
    assert statuses == {201: writes}, statuses
    assert len(upstreams) == 2 and all(count >= writes // 4 for count in upstreams.values())
    assert scans and set(scans) == {0}, scans

    verified = duban(environment, "audit", "verify")
    assert verified.returncode == 0 and "ledger intact" in verified.stdout, verified.stdout
    with psycopg.connect(
        environment["DATABASE_URL"].replace("postgres://", "postgresql://")
    ) as connection:
        count, first, last, head = connection.execute(
            "SELECT count(*), min(seq), max(seq), (SELECT seq FROM core_ledgerhead) FROM core_event"
        ).fetchone()
        reported = connection.execute(
            "SELECT (data->>'report')::bigint FROM core_event WHERE verb = 'report.submitted'"
        ).fetchall()
    assert (first, last, head) == (1, count, count)
    filed = [report for client in writers for report in client.reports]
    recorded = Counter(report for (report,) in reported)
    assert len(filed) == writes and all(recorded[report] == 1 for report in filed)
    print(f"{writes} writes through 2 servers in {elapsed:.1f}s, {len(scans)} daily jobs")
