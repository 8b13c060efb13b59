"""Statistics and exports from a real PostgreSQL streaming replica (DATABASE_REPLICA_URL,
docs/deploy.md), and read-your-writes: a session that wrote reads the primary until the
replica has replayed its write, while a session that did not reads the (lagging) replica.

The replica's lag is made real and long by pausing its WAL replay (pg_wal_replay_pause).
"""

from __future__ import annotations

import http.cookiejar
import io
import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import openpyxl
import psycopg
import pytest

from duban.demo.directory import LOGINS
from tests.cli.private_postgres import PrivateCluster, free_port
from tests.cli.test_demo_end_to_end import wait_until_up

pytestmark = pytest.mark.xdist_group("replica")
USERNAME = "reporter"  # 李明华 @ 株洲市住建局
PASSWORD = next(password for username, password, *_ in LOGINS if username == USERNAME)
NARRATIVE = "复制延迟测试：雨污管网改造完成 42.5 公里 🌊"
LOAD_DEMO = (
    "import django; django.setup()\n"
    "from django.core.management import call_command\n"
    "call_command('migrate', verbosity=0)\n"
    "from duban.demo.load import load_demo\n"
    "load_demo()\n"
)


@pytest.fixture(scope="module")
def clusters() -> Iterator[tuple[PrivateCluster, PrivateCluster]]:
    primary = PrivateCluster.create()
    standby = None
    try:
        primary.start()
        standby = PrivateCluster.standby_of(primary)
        standby.start()
        yield primary, standby
    finally:
        if standby is not None:
            standby.destroy()
        primary.destroy()


@pytest.fixture(scope="module")
def server(clusters, tmp_path_factory) -> Iterator[str]:
    primary, standby = clusters
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="duban.settings",
        DATABASE_URL=primary.url,
        DUBAN_DATA_DIR=str(tmp_path_factory.mktemp("replica")),
        SECRET_KEY=secrets.token_urlsafe(50),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    loaded = subprocess.run(
        [sys.executable, "-c", LOAD_DEMO], env=env, capture_output=True, text=True, timeout=600
    )
    assert loaded.returncode == 0, loaded.stderr
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "duban.cli", "serve", "--port", str(port)],
        env={**env, "DATABASE_REPLICA_URL": standby.url},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


class Session:
    """One signed-in browser: a cookie jar of its own."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        form = self.opener.open(f"{base}/accounts/login/", timeout=30).read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        body = {"csrfmiddlewaretoken": csrf, "username": USERNAME, "password": PASSWORD}
        self.opener.open(
            urllib.request.Request(
                f"{base}/accounts/login/",
                data=urllib.parse.urlencode(body).encode(),
                headers={"Referer": f"{base}/accounts/login/"},
            ),
            timeout=30,
        )

    def get(self, path: str) -> bytes:
        with self.opener.open(f"{self.base}{path}", timeout=60) as response:
            return response.read()

    def post_json(self, path: str, payload: dict) -> tuple[int, dict]:
        csrf = next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")
        request = urllib.request.Request(
            f"{self.base}{path}",
            data=json.dumps(payload, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json", "X-CSRFToken": csrf},
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def export_mentions(self, text: str) -> bool:
        """Whether any plan's workbook, read through the API's replica-marked export (the
        workbook page now queues a job), holds `text`."""
        plans = [plan["code"] for plan in json.loads(self.get("/api/plans"))["items"]]
        assert plans, "the reporter sees no plan"
        return any(
            self._workbook_mentions(f"/api/plans/{code}/ledger.xlsx", text) for code in plans
        )

    def _workbook_mentions(self, path: str, text: str) -> bool:
        workbook = openpyxl.load_workbook(io.BytesIO(self.get(path)), read_only=True)
        return any(
            text in str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )


def _sql(cluster: PrivateCluster, statement: str):  # noqa: ANN202
    with psycopg.connect(
        f"host=127.0.0.1 port={cluster.port} user=postgres dbname=postgres", autocommit=True
    ) as connection:
        return connection.execute(statement).fetchone()[0]


def _caught_up(primary: PrivateCluster, standby: PrivateCluster) -> None:
    target = _sql(primary, "SELECT pg_current_wal_lsn()::text")
    deadline = time.monotonic() + 60
    while not _sql(standby, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"):
        assert time.monotonic() < deadline, "the replica did not catch up"
        time.sleep(0.1)


def _pause_replay(primary: PrivateCluster, standby: PrivateCluster) -> None:
    """Stop the replica replaying WAL — for sure: a pause is only requested until replay
    reaches its next record, so the primary writes a little WAL until the pause holds."""
    _sql(standby, "SELECT pg_wal_replay_pause()")
    deadline = time.monotonic() + 60
    while _sql(standby, "SELECT pg_get_wal_replay_pause_state()") != "paused":
        assert time.monotonic() < deadline, "the replica's replay did not pause"
        _sql(primary, "SELECT txid_current()")  # one WAL record for replay to stop at
        time.sleep(0.05)


def _report_on_some_task(session: Session) -> int:
    """File a progress report on the first task the reporter may report on; its id."""
    tasks = json.loads(session.get("/api/tasks?limit=200"))["items"]
    for task in tasks:
        status, _ = session.post_json(
            f"/api/tasks/{task['id']}/reports", {"narrative": NARRATIVE, "percent": 40}
        )
        if status == 201:
            return task["id"]
    raise AssertionError("the reporter could report on none of its tasks")


def test_a_session_reads_its_own_write_while_others_read_the_lagging_replica(server, clusters):
    primary, standby = clusters
    writer, reader = Session(server), Session(server)
    _caught_up(primary, standby)  # both logins replayed: only the report will lag
    assert not writer.export_mentions(NARRATIVE)
    _pause_replay(primary, standby)
    try:
        _report_on_some_task(writer)
        # The writer's export shows its report: read from the primary, the replica being behind.
        assert writer.export_mentions(NARRATIVE)
        # Another session's export is read from the replica, which has not replayed it.
        assert not reader.export_mentions(NARRATIVE)
        assert _sql(standby, "SELECT pg_is_in_recovery()") is True
    finally:
        _sql(standby, "SELECT pg_wal_replay_resume()")
    _caught_up(primary, standby)
    assert reader.export_mentions(NARRATIVE)
    assert writer.export_mentions(NARRATIVE)
