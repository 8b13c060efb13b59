"""Handler behind `duban dossier CODE -o FILE.docx|pdf` (一案一档).

Exit codes as for the reports commands: 0 written, 1 refused (unknown problem for the user,
no CJK font for PDF), 2 bad arguments (from CommandError).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model

from duban.accountability.dossier.files import dossier
from duban.accountability.dossier.pdf import FontMissing
from duban.accountability.selectors import backtrace_problem_get
from duban.core.files import atomic_write
from duban.core.principal import SYSTEM
from duban.errors import CommandError, NotFound

EXIT_REFUSED = 1
SUFFIXES = {".docx": "docx", ".pdf": "pdf"}


def acting_user(username: str | None) -> Any:
    """The user whose view the dossier shows, or SYSTEM (everything) without --user."""
    if not username:
        return SYSTEM
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user named {username!r}")
    return user


def dossier_command(args: argparse.Namespace) -> int:
    target = Path(args.output)
    file_format = SUFFIXES.get(target.suffix.lower())
    if file_format is None:
        raise CommandError(f"-o {args.output}: the file name must end in .docx or .pdf")
    user = acting_user(args.user)
    try:
        problem = backtrace_problem_get(user=user, code=args.code)
    except NotFound:
        print(f"duban: no problem {args.code!r}", file=sys.stderr)
        return EXIT_REFUSED
    try:
        document = dossier(
            user=user,
            problem=problem,
            file_format=file_format,
            generated_by="命令行" if user is SYSTEM else "",
        )
    except FontMissing as error:
        print(f"duban: {error.message}", file=sys.stderr)
        return EXIT_REFUSED
    try:
        atomic_write(target, document.content)
    except OSError as error:
        raise CommandError(f"cannot write {args.output}: {error.strerror}") from error
    print(f"一案一档：{problem.code}，{document.events}个事件 → {target}")
    return 0
