"""Handler behind `duban export complaints-table`: the daily public table (一览表) of a team's
batch, or of all its batches, as .xlsx or .docx. Exit codes as the other commands: 0 written,
1 nothing to write (no public complaints the user sees), 2 bad arguments (CommandError)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from django.contrib.auth import get_user_model

from duban.complaints import documents
from duban.core.files import atomic_write
from duban.core.principal import SYSTEM
from duban.errors import CommandError, NotFound

EXIT_REFUSED = 1


def _user(username: str | None) -> Any:
    """The acting user, or SYSTEM when no --user is given."""
    if not username:
        return SYSTEM
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user named {username!r}")
    return user


def export_table(args: argparse.Namespace) -> int:
    user = _user(args.user)
    if args.batch is not None and args.batch < 1:
        raise CommandError("--batch: a batch number from 1")
    try:
        table = documents.table_for(user=user, team_id=args.team, batch_number=args.batch)
    except NotFound:
        which = f"batch {args.batch} of team {args.team}" if args.batch else f"team {args.team}"
        print(f"duban: no public complaints of {which} to export", file=sys.stderr)
        return EXIT_REFUSED
    result = documents.table_file(table, args.format)
    try:
        target = atomic_write(args.output, result.content)
    except OSError as error:
        raise CommandError(f"cannot write {args.output}: {error.strerror}") from error
    print(f"已导出{table.title}：{len(table.rows)}件 → {target}")
    return 0
