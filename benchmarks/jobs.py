"""The long jobs: `duban audit verify` and `duban scan` as whole processes (seconds and peak
memory, as the operating system accounts them), and the 整改台账 export and no-change
re-import beside a raw openpyxl read-only parse of the same file."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

import openpyxl
from django.db import transaction

from duban.core.principal import SYSTEM
from duban.reports.workbook.export import workbook_export
from duban.reports.workbook.importer import workbook_import


@dataclass(frozen=True)
class ProcessRun:
    """A finished `duban …` process: its wall time, peak resident memory and output."""

    seconds: float
    peak_mb: float
    returncode: int
    output: str


# Linux counts a child's peak memory from before its exec too, so a child forked from this
# (large) process would report this process's size: a small launcher forks `duban` instead
# and reports the child's own peak from wait4, on the last line of stderr.
_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", "duban.cli", *sys.argv[1:]])
_, status, usage = os.wait4(pid, 0)
print(f"\\n{MARK} {usage.ru_maxrss}", file=sys.stderr)
sys.exit(os.waitstatus_to_exitcode(status))
"""
_MARK = "duban-bench-peak-kb"


def run_duban(arguments: list[str], *, database_url: str, data_dir: str) -> ProcessRun:
    """Run `duban ARGUMENTS` against `database_url`: wall time, its own peak memory, output."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DUBAN_DATA_DIR": data_dir,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",  # no mail leaves
    }
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCHER.replace("{MARK}", _MARK), *arguments],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    peak = re.search(rf"{_MARK} (\d+)", done.stderr)
    errors = re.sub(rf"\n?{_MARK} \d+\n?", "", done.stderr)
    peak_mb = int(peak.group(1)) / 1024 if peak else 0.0
    return ProcessRun(seconds, peak_mb, done.returncode, done.stdout + errors)


@dataclass(frozen=True)
class VerifyRun:
    run: ProcessRun
    events: int

    @property
    def per_second(self) -> float:
        return self.events / self.run.seconds if self.run.seconds else 0.0


@dataclass(frozen=True)
class VerifyWalk:
    """core.ledger.verify() timed inside this process: the walk without process start-up."""

    events: int
    seconds: float
    intact: bool

    @property
    def per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


def verify_walk() -> VerifyWalk:
    from duban.core.ledger import verify

    result, seconds = _timed(verify)
    return VerifyWalk(result.checked, seconds, result.intact)


def audit_verify(*, database_url: str, data_dir: str) -> VerifyRun:
    run = run_duban(["audit", "verify"], database_url=database_url, data_dir=data_dir)
    found = re.search(r"(\d+) events checked", run.output)
    return VerifyRun(run, int(found.group(1)) if found else 0)


def daily_job(*, database_url: str, data_dir: str, today: date | None = None) -> ProcessRun:
    arguments = ["scan", *(["--today", today.isoformat()] if today else [])]
    return run_duban(arguments, database_url=database_url, data_dir=data_dir)


@dataclass(frozen=True)
class WorkbookRun:
    rows: int
    size: int
    export_s: float
    parse_s: float
    import_s: float
    import_summary: str
    changed: int  # rows the re-import would change: 0 for an unchanged file

    @property
    def export_ratio(self) -> float:
        return self.export_s / self.parse_s

    @property
    def import_ratio(self) -> float:
        return self.import_s / self.parse_s


def raw_parse(content: bytes) -> int:
    """Every cell value of every row, read-only: the floor any reader of the file pays."""
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    cells = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells += len(row)
    book.close()
    return cells


def _timed(call: Any) -> tuple[Any, float]:
    before = time.perf_counter()
    result = call()
    return result, time.perf_counter() - before


def workbook_round_trip(user: Any = SYSTEM) -> WorkbookRun:
    """Export the whole workbook as `user`, parse it raw, re-import it unchanged. The import
    runs for real but inside a transaction rolled back afterwards, so the data set is left as
    it was even if the file were to change something."""
    workbook, export_s = _timed(lambda: workbook_export(user=user, plan=None))
    _, parse_s = _timed(lambda: raw_parse(workbook.content))
    with transaction.atomic():
        result, import_s = _timed(lambda: workbook_import(actor=user, content=workbook.content))
        transaction.set_rollback(True)
    return WorkbookRun(
        rows=workbook.rows,
        size=len(workbook.content),
        export_s=export_s,
        parse_s=parse_s,
        import_s=import_s,
        import_summary=result.summary(),
        changed=len(result.changes),
    )
