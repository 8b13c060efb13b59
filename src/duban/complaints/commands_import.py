"""Handler behind `duban import complaints FILE --office ID [--team ID --batch N
--handed-over DATE] [--dry-run] [--user NAME]`: a team's daily list, all rows or none.

Exit codes as every command: 0 imported (or nothing to change), 1 refused (bad rows, no
permission), 2 bad arguments (CommandError)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model

from duban.complaints.services.importing import (
    ImportResult,
    complaints_import,
    import_team_get,
)
from duban.core.attachments import Upload
from duban.core.models import Organization
from duban.core.principal import SYSTEM
from duban.errors import CommandError, NotFound, NotPermitted

EXIT_REFUSED = 1


def _user(username: str | None) -> Any:
    if not username:
        return SYSTEM
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user named {username!r}")
    return user


def _office(pk: int) -> Organization:
    office = Organization.objects.filter(pk=pk).first()
    if office is None:
        raise CommandError(f"--office: no organization with id {pk}")
    return office


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--handed-over: {text!r} is not a date (YYYY-MM-DD)") from error


def print_result(result: ImportResult) -> None:
    for reason in result.reasons:
        where = f"第{reason.row}行" if reason.row else "文件"
        column = f"【{reason.column}】" if reason.column else ""
        print(f"{where}{column}：{reason.reason}")
    if result.refused:
        print(f"导入被拒绝：共{len(result.reasons)}处错误，未写入任何数据。")
        return
    verb = "试运行（未写入）：将登记" if result.dry_run else "导入完成：登记"
    print(
        f"{verb}{len(result.created)}件（其中{len(result.linked)}件作为重复件关联），"
        f"{len(result.unchanged)}件已登记且未变化。"
    )


def import_complaints(args: argparse.Namespace) -> int:
    actor = _user(args.user)
    try:
        content = Path(args.file).read_bytes()
    except OSError as error:
        raise CommandError(f"cannot read {args.file}: {error.strerror}") from error
    try:
        team = import_team_get(pk=args.team) if args.team else None
    except NotFound as error:
        raise CommandError(f"--team: {error.message}") from error
    try:
        result = complaints_import(
            actor=actor,
            office=_office(args.office),
            upload=Upload(name=Path(args.file).name, content=content),
            team=team,
            batch_number=args.batch,
            handed_over_on=_day(args.handed_over),
            dry_run=args.dry_run,
        )
    except NotPermitted as error:
        print(f"duban: {error.message}", file=sys.stderr)
        return EXIT_REFUSED
    print_result(result)
    return EXIT_REFUSED if result.refused else 0
