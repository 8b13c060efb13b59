"""Handlers behind `duban token create|list|revoke`. The command line acts as SYSTEM: it may
issue, list and revoke anyone's tokens (whoever runs it can run `duban manage` too).

Each takes the parsed argparse namespace and returns the exit code: 0 done, 1 refused (the
token is revoked already), 2 bad arguments (from CommandError).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from duban.core.models import ApiToken
from duban.core.principal import SYSTEM
from duban.core.selectors import api_token_find, api_token_list
from duban.core.services import api_token_create, api_token_revoke
from duban.errors import ApplicationError, CommandError, InvalidTransition

EXIT_REFUSED = 1
COLUMNS = ("id", "prefix", "name", "user", "created", "expires", "last used", "state")


def token_create(args: argparse.Namespace) -> int:
    """Print the new secret alone on stdout (for scripts to capture), its expiry on stderr."""
    user = get_user_model().objects.filter(username=args.username, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user named {args.username!r}")
    try:
        token, secret = api_token_create(actor=SYSTEM, user=user, name=args.name, days=args.days)
    except ApplicationError as error:
        reasons = "; ".join(f"--{field}: {reason}" for field, reason in error.fields.items())
        raise CommandError(reasons or error.message) from error
    print(secret)
    print(f"token {token.pk} ({token.prefix}…) expires {_when(token.expires_at)}", file=sys.stderr)
    return 0


def token_list(args: argparse.Namespace) -> int:
    """Every token (of --user, if given), newest first, one line each."""
    now = timezone.now()
    rows = [COLUMNS] + [
        _row(token, now) for token in api_token_list(user=SYSTEM, username=args.user or "")
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(COLUMNS))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    return 0


def token_revoke(args: argparse.Namespace) -> int:
    """Revoke the token whose prefix or id is given."""
    try:
        token = api_token_revoke(actor=SYSTEM, token=api_token_find(user=SYSTEM, key=args.token))
    except InvalidTransition as error:
        raise CommandError(f"token {args.token}: {error.message}", code=EXIT_REFUSED) from error
    except ApplicationError as error:
        raise CommandError(f"token {args.token}: {error.message}") from error
    print(f"revoked token {token.pk} ({token.prefix}…) of {token.user.get_username()}")
    return 0


def _row(token: ApiToken, now: datetime) -> tuple[str, ...]:
    return (
        str(token.pk),
        token.prefix,
        token.name or "-",
        token.user.get_username(),
        _when(token.created_at),
        _when(token.expires_at),
        _when(token.last_used_at),
        str(token.state_at(now).value),
    )


def _when(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"


def worker_command(args: argparse.Namespace) -> int:
    """duban worker: run background jobs (docs/queue.md) until stopped."""
    import logging

    from duban.core.jobs.worker import run_worker

    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
    for name in ("django_tasks", "django_tasks_db", "duban.core.jobs"):
        logging.getLogger(name).addHandler(handler)
        logging.getLogger(name).setLevel(logging.INFO)
    run_worker(interval=args.interval, batch=args.batch, worker_id=args.worker_id or "")
    return 0
