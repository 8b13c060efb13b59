"""`duban scan` killed part-way (SIGKILL, no clean-up) and run again ends in the same state as
a run that was never interrupted: the same rows, the same ledger events, the same e-mails.

No hook in the code: the test watches the ledger from outside and kills the process once a
given number of new events is committed — after the first step's commit, and half-way
through the escalation notices, each its own transaction. Kills land between and inside
transactions as they fall; every step must be idempotent and commit per unit of work for
the re-run to converge.
"""

from __future__ import annotations

import email
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

pytestmark = pytest.mark.xdist_group("scan_interrupted")
# Far enough ahead that the demo has work for every step: status changes, warnings and their
# digests, reminders and the notices they escalate to.
TODAY = (date.today() + timedelta(days=90)).isoformat()
# What differs between two uninterrupted runs too: wall-clock times and the hashes over them.
VOLATILE = {
    "core_event": {"created_at", "hash", "prev_hash"},
    "core_ledgerhead": {"hash"},
    "rectification_notification": {"created_at"},
    # How far each signal detector has read: a re-run also reads what the killed run wrote
    # after its scan step (escalation's events), so its watermark may stand further on.
    "verification_detectorprogress": {"feeds", "updated_at"},
}


def environment(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'duban.sqlite3'}",
        DUBAN_DATA_DIR=str(folder),
        EMAIL_BACKEND="duban.core.mail.AtomicFileEmailBackend",
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
    return folder / "duban.sqlite3"


def copy_of(demo: Path, folder: Path) -> Path:
    folder.mkdir()
    with sqlite3.connect(demo) as source, sqlite3.connect(folder / "duban.sqlite3") as target:
        source.backup(target)
    return folder


def scan(folder: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "duban.cli", "scan", "--today", TODAY],
        env=environment(folder),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def events(folder: Path) -> int:
    with sqlite3.connect(f"file:{folder / 'duban.sqlite3'}?mode=ro", uri=True) as db:
        return db.execute("SELECT count(*) FROM core_event").fetchone()[0]


def state(folder: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, without the columns in VOLATILE."""
    snapshot = {}
    with sqlite3.connect(folder / "duban.sqlite3") as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            columns = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]
            kept = [c for c in columns if c not in VOLATILE.get(table, set())]
            listed = ", ".join(f'"{c}"' for c in kept)
            snapshot[table] = sorted(
                map(repr, db.execute(f'SELECT {listed} FROM "{table}"').fetchall())
            )
    return snapshot


def mails(folder: Path) -> set[tuple[str, str, str]]:
    """(subject, recipients, body) of every message written; every file must be whole.
    A SIGKILL inside atomic_write leaves its hidden temporary file behind (nothing runs to
    remove it); it is never a message — the re-run writes that message whole under its name."""
    sent = set()
    for path in (folder / "mail").glob("*"):
        if path.name.startswith(".") and path.name.endswith(".tmp"):
            continue
        assert not path.name.startswith("."), f"stray hidden file: {path.name}"
        *messages, rest = path.read_bytes().split(b"-" * 79 + b"\n")
        assert rest == b"" and messages, f"half-written mail file {path.name}"
        for raw in messages:
            message = email.message_from_bytes(raw)
            body = message.get_payload(decode=True).decode()
            sent.add((str(message["Subject"]), str(message["To"]), body))
    return sent


def killed_after(folder: Path, new_events: int) -> int:
    """Run the scan and SIGKILL it once `new_events` more events are committed."""
    before = events(folder)
    process = scan(folder)
    while events(folder) < before + new_events:
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    return events(folder) - before


def killed_and_rerun(demo: Path, tmp_path: Path, *, point: int, total: int) -> int:
    """Kill a scan after `point` events, run it again, compare with the uninterrupted run;
    return how many events the killed run had committed."""
    folder = copy_of(demo, tmp_path / f"killed_at_{point}")
    done = killed_after(folder, point)
    assert 0 < done < total, f"the kill at {point} landed outside the run ({done}/{total})"
    assert scan(folder).wait(timeout=300) == 0
    assert state(folder) == state(tmp_path / "whole"), f"killed after {done} of {total} events"
    assert mails(folder) == mails(tmp_path / "whole"), f"killed after {done} of {total} events"
    shutil.rmtree(folder)
    return done


def test_a_killed_scan_run_again_ends_as_an_uninterrupted_one(demo, tmp_path):
    whole = copy_of(demo, tmp_path / "whole")
    before = events(whole)
    assert scan(whole).wait(timeout=300) == 0
    total = events(whole) - before
    assert total > 10 and mails(whole)  # the scene gives the scan real work

    # First after the scan's first commit (which lands before its digests go out), then
    # half-way through the notices that follow it, then near the end.
    first = killed_and_rerun(demo, tmp_path, point=1, total=total)
    for point in ((first + total) // 2, total * 9 // 10):
        killed_and_rerun(demo, tmp_path, point=point, total=total)
