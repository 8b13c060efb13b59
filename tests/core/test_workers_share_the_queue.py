"""Several `duban worker` processes on one queue take each task once: on PostgreSQL they
claim with SELECT … FOR UPDATE SKIP LOCKED, on SQLite inside an EXCLUSIVE transaction
(django-tasks-db, docs/queue.md). Real processes on a scratch database of the suite's kind."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.databases import scratch_database_url

pytestmark = pytest.mark.xdist_group("workers_share_the_queue")
DAYS = 8
ASK = f"""
from datetime import date, timedelta
from duban.daily import daily_request
for offset in range({DAYS}):
    daily_request(today=date(2030, 1, 1) + timedelta(days=offset))
"""
CLAIMS = """
import json
from django_tasks_db.models import DBTaskResult
from duban.core.models import Job
print(json.dumps({
    "tasks": [[t.status, t.worker_ids] for t in DBTaskResult.objects.all()],
    "jobs": [[j.state, j.attempts] for j in Job.objects.all()],
}))
"""


def test_three_workers_take_each_task_once(tmp_path):
    with scratch_database_url(tmp_path) as url:
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        env.update(DATABASE_URL=url, DUBAN_DATA_DIR=str(tmp_path))
        duban = [sys.executable, "-m", "duban.cli"]
        subprocess.run([*duban, "manage", "migrate", "-v0"], env=env, check=True)
        subprocess.run([*duban, "manage", "shell", "-c", ASK], env=env, check=True)
        workers = [
            subprocess.Popen(
                [*duban, "worker", "--batch", "--interval", "0", "--worker-id", f"w{n}"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(3)
        ]
        failures = [worker.stderr.read() for worker in workers if worker.wait(timeout=300) != 0]
        assert failures == []
        shown = subprocess.run(
            [*duban, "manage", "shell", "-c", CLAIMS],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    claims = json.loads(shown.stdout.strip().splitlines()[-1])
    assert len(claims["tasks"]) == DAYS
    # Each task claimed by exactly one worker, once, and finished.
    assert all(status == "SUCCESSFUL" and len(ids) == 1 for status, ids in claims["tasks"])
    assert {ids[0] for _, ids in claims["tasks"]} <= {"w0", "w1", "w2"}
    assert claims["jobs"] == [["done", 1]] * DAYS
