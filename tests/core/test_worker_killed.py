"""A `duban worker` killed (SIGKILL, no clean-up) in the middle of a job: another worker
takes the job over once the lease runs out, and the job ends done, once — with one whole
file (the dossier), with the ledger events of one uninterrupted run (the daily job).

Real processes on a copy of the demo's SQLite database, as in production: the test only
enqueues, watches the rows from outside and kills. DUBAN_JOB_STEP_DELAY_MS makes the first
worker pause 3 s after each progress step; the kill lands in the pause after the last one
(the document made, not yet stored)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

pytestmark = pytest.mark.xdist_group("worker_killed")
LEASE_SECONDS = "2"
# Far enough ahead that the demo's daily job has work in every step (as test_scan_interrupted).
TODAY = (date.today() + timedelta(days=90)).isoformat()


def environment(folder: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'duban.sqlite3'}",
        DUBAN_DATA_DIR=str(folder),
        DUBAN_JOB_LEASE_SECONDS=LEASE_SECONDS,
        **extra,
    )
    return env


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    built = subprocess.run(
        [sys.executable, "-m", "duban.cli", "demo", "--no-serve", "--data-dir", str(folder)],
        env={**environment(folder), "DATABASE_URL": ""},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    return folder


def duban(folder: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "duban.cli", *args],
        env=environment(folder, **extra),
        capture_output=True,
        text=True,
        timeout=300,
    )


def worker(folder: Path, name: str, **extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "duban.cli", "worker", "--interval", "0.1", "--worker-id", name],
        env=environment(folder, **extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def row(folder: Path, sql: str, *params: object) -> tuple[object, ...]:
    with sqlite3.connect(f"file:{folder / 'duban.sqlite3'}?mode=ro", uri=True) as db:
        return db.execute(sql, params).fetchone()


def wait_for(condition, process: subprocess.Popen[bytes], seconds: float = 120) -> None:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while not condition():
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


ASK = """
from duban.accountability.services import dossier_request
from duban.core.principal import SYSTEM
from duban.inspections.models import Problem
problem = Problem.objects.get(code="HN-DX-2021-02")
print(dossier_request(actor=SYSTEM, problem=problem, file_format="pdf").pk.hex)
"""
JOB = "SELECT state, progress, attempts, task_id, result_file FROM core_job WHERE id = ?"
TASK = "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id = ?"


def test_a_job_whose_worker_is_killed_is_finished_once_by_another(demo):
    asked = duban(demo, "manage", "shell", "-c", ASK)
    assert asked.returncode == 0, asked.stderr
    job_id = asked.stdout.strip().splitlines()[-1]
    events = row(demo, "SELECT count(*) FROM core_event")[0]

    first = worker(demo, "first", DUBAN_JOB_STEP_DELAY_MS="3000")
    wait_for(lambda: row(demo, JOB, job_id)[1] == 90, first)  # made, now "saving the file"
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL
    state, _progress, attempts, task_id, result_file = row(demo, JOB, job_id)
    assert (state, attempts, result_file) == ("running", 1, "")
    assert row(demo, TASK, task_id)[0] == "RUNNING"  # the dead worker's claim stays
    results = demo / "media" / "jobs" / str(uuid.UUID(job_id))
    assert not results.exists() or list(results.iterdir()) == []

    second = worker(demo, "second")
    try:
        wait_for(lambda: row(demo, JOB, job_id)[0] == "done", second)
        wait_for(lambda: row(demo, TASK, task_id)[0] == "SUCCESSFUL", second)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)
    state, progress, attempts, _task, result_file = row(demo, JOB, job_id)
    assert (state, progress, attempts) == ("done", 100, 2)
    assert row(demo, TASK, task_id) == ("SUCCESSFUL", '["first", "second"]')
    assert row(demo, "SELECT count(*) FROM django_tasks_database_dbtaskresult")[0] == 1
    # One whole file under the job's one name, no temporary left beside it.
    assert [path.name for path in results.iterdir()] == ["result.pdf"]
    assert result_file == f"jobs/{results.name}/result.pdf"
    content = (results / "result.pdf").read_bytes()
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    # Making a document writes no ledger event, and the chain is whole.
    assert row(demo, "SELECT count(*) FROM core_event")[0] == events
    verified = duban(demo, "audit", "verify")
    assert verified.returncode == 0 and "ledger intact" in verified.stdout


def copy_of(demo: Path, folder: Path) -> Path:
    folder.mkdir()
    with sqlite3.connect(demo / "duban.sqlite3") as source:
        with sqlite3.connect(folder / "duban.sqlite3") as target:
            source.backup(target)
    return folder


def new_events(folder: Path, after: int) -> Counter[tuple[str, str, str]]:
    with sqlite3.connect(f"file:{folder / 'duban.sqlite3'}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT verb, subject_type, subject_id FROM core_event WHERE seq > ?", (after,)
        )
        return Counter(rows.fetchall())


def test_a_daily_job_whose_worker_is_killed_records_each_event_once(demo, tmp_path):
    last = row(demo, "SELECT max(seq) FROM core_event")[0]
    whole = copy_of(demo, tmp_path / "whole")
    assert duban(whole, "scan", "--today", TODAY).returncode == 0
    expected = new_events(whole, last)
    assert len(expected) > 10

    killed = copy_of(demo, tmp_path / "killed")
    asked = duban(killed, "scan", "--background", "--today", TODAY)
    assert asked.returncode == 0, asked.stderr
    job_id = row(killed, "SELECT id FROM core_job WHERE kind = 'daily'")[0]
    first = worker(killed, "first", DUBAN_JOB_STEP_DELAY_MS="3000")
    # Paused after the schedules step committed, before the signals: killed half-way.
    wait_for(lambda: row(killed, JOB, job_id)[1] == 30, first)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    partial = new_events(killed, last)
    assert 0 < sum(partial.values()) < sum(expected.values())

    second = worker(killed, "second")
    try:
        wait_for(lambda: row(killed, JOB, job_id)[0] == "done", second)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)
    assert row(killed, JOB, job_id)[:3] == ("done", 100, 2)
    assert new_events(killed, last) == expected  # each event once, none missing
    verified = duban(killed, "audit", "verify")
    assert verified.returncode == 0 and "ledger intact" in verified.stdout
