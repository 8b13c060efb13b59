"""Handlers behind `duban export workbook`, `duban import workbook` (alias: `ledger`) and
`duban report progress`.

Each takes the parsed argparse namespace and returns the exit code: 0 done (or nothing to
change), 1 refused (bad rows, no permission), 2 bad arguments (from CommandError).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model

from duban.core.files import atomic_write
from duban.core.principal import SYSTEM
from duban.errors import CommandError, NotFound, NotPermitted
from duban.inspections.models import Plan
from duban.reports.progress_report import progress_report
from duban.reports.selectors import plan_for
from duban.reports.workbook.export import workbook_export
from duban.reports.workbook.format import parse_date
from duban.reports.workbook.importer import ImportResult, workbook_import

EXIT_REFUSED = 1


def _user(username: str | None) -> Any:
    """The acting user, or SYSTEM when no --user is given."""
    if not username:
        return SYSTEM
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user named {username!r}")
    return user


def _plan(*, user: Any, code: str | None) -> Plan | None:
    if not code:
        return None
    try:
        return plan_for(user=user, code=code)
    except NotFound as error:
        raise CommandError(error.message) from error


def _write(path: str, content: bytes) -> Path:
    try:
        return atomic_write(path, content)
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror}") from error


def export_workbook(args: argparse.Namespace) -> int:
    user = _user(args.user)
    workbook = workbook_export(user=user, plan=_plan(user=user, code=args.plan))
    target = _write(args.output, workbook.content)
    print(f"已导出整改台账：{workbook.rows}行 → {target}")
    return 0


def _print_progress(stage: str, done: int, total: int) -> None:
    print(f"  {stage} {done}/{total} 行", flush=True)


def print_result(result: ImportResult) -> None:
    for error in result.errors:
        print(error)
    for ignored in result.ignored:
        print(ignored)
    for change in [] if result.refused else result.changes:
        if change.new_problem:
            print(f"  新建问题 {change.problem_code}")
        if change.action == change.CREATE:
            print(f"  新建任务 {change.code}（第{change.row}行）")
        else:
            moved = "；".join(f"{c} {old or '（空）'} → {new}" for c, old, new in change.changes)
            print(f"  调整任务 {change.code}（第{change.row}行）：{moved}")
    print(result.summary())


def import_workbook(args: argparse.Namespace) -> int:
    user = _user(args.user)
    plan = _plan(user=user, code=getattr(args, "plan", None))
    try:
        content = Path(args.file).read_bytes()
    except OSError as error:
        raise CommandError(f"cannot read {args.file}: {error.strerror}") from error
    try:
        result = workbook_import(
            actor=user,
            content=content,
            plan=plan,
            dry_run=args.dry_run,
            progress=_print_progress,
        )
    except NotPermitted as error:
        print(f"duban: {error.message}", file=sys.stderr)
        return EXIT_REFUSED
    print_result(result)
    return EXIT_REFUSED if result.refused else 0


def report_progress(args: argparse.Namespace) -> int:
    try:
        day = parse_date(args.period) if args.period else None
    except ValueError as error:
        raise CommandError(f"--period: {error}") from error
    plan = _plan(user=SYSTEM, code=args.plan)
    if plan is None:
        raise CommandError("--plan is required")
    report = progress_report(user=SYSTEM, plan=plan, day=day)
    target = _write(args.output, report.content)
    print(f"已生成整改进展情况报告（{report.period.start}至{report.period.end}）→ {target}")
    return 0
