"""The `duban` command: demo, serve, manage, token, audit, backup (and more as apps arrive)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import django
from django.core.exceptions import ImproperlyConfigured
from django.db.utils import OperationalError

from duban.config import weak_secret_key
from duban.errors import EXIT_USAGE, CommandError


def setup_django(*, serving: bool = False) -> None:
    """Load the settings. Jobs (everything but `serve`) may run long statements on purpose —
    a migration, the scan of a large database — so their PostgreSQL statement timeout is
    DUBAN_JOB_STATEMENT_TIMEOUT_MS (default 0: none), not the web's DUBAN_STATEMENT_TIMEOUT_MS."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    if not serving:
        os.environ["DUBAN_STATEMENT_TIMEOUT_MS"] = os.environ.get(
            "DUBAN_JOB_STATEMENT_TIMEOUT_MS", "0"
        )
    try:
        django.setup()
    except (ImproperlyConfigured, ValueError) as error:
        raise CommandError(f"configuration error: {error}") from error


def check_database() -> None:
    """Fail early, in one line, when the configured database cannot be reached."""
    from django.db import connection
    from django.db.utils import Error as DatabaseError

    try:
        connection.ensure_connection()
    except DatabaseError as error:
        first_line = (
            str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        )
        raise CommandError(f"DATABASE_URL: cannot connect to the database: {first_line}") from error


def cmd_demo(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    database = data_dir / "duban.sqlite3"
    for stale in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        stale.unlink(missing_ok=True)
    os.environ["DUBAN_DATA_DIR"] = str(data_dir)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    # The demo's warning digests go to files in the data folder, not to a mail server.
    os.environ.setdefault("EMAIL_BACKEND", "duban.core.mail.AtomicFileEmailBackend")
    setup_django()
    from django.core.management import call_command

    from duban.demo.load import load_demo

    call_command("migrate", verbosity=0)
    logins = load_demo()
    from duban.daily import run_daily

    result = run_daily()
    print(f"duban demo: database {database}; e-mail digests in {data_dir / 'mail'}")
    print(f"  {result.summary()}")
    print("Logins (username / password — role @ organization):")
    for login in logins:
        print(f"  {login.username:<16} {login.password:<22} {login.description}")
    if args.no_serve:
        return 0
    _start_demo_worker()
    return _serve(host="127.0.0.1", port=args.port, threads=4)


def _start_demo_worker() -> None:
    """The demo runs its background jobs (documents, exports, imports) in a thread of its
    own process; a deployment runs `duban worker` processes instead."""
    import threading

    from duban.core.jobs.worker import run_worker

    worker = threading.Thread(
        target=run_worker, kwargs={"signals": False}, name="demo-worker", daemon=True
    )
    worker.start()
    print("  background jobs: one worker runs inside this process")


def cmd_serve(args: argparse.Namespace) -> int:
    setup_django(serving=True)
    from django.conf import settings

    if settings.DEBUG:
        raise CommandError("refusing to serve: DEBUG is on; unset DEBUG for production")
    weakness = weak_secret_key(settings.SECRET_KEY, builtin=settings.BUILTIN_SECRET_KEY)
    if weakness:
        raise CommandError(f"refusing to serve: {weakness}")
    check_database()
    from duban.complaints.identity import DERIVED_KEY_WARNING, derived_key_in_use

    if derived_key_in_use():
        print(f"warning: {DERIVED_KEY_WARNING}", file=sys.stderr)
    if not settings.HTTPS:
        print(
            "warning: DUBAN_HTTPS is off; put duban behind HTTPS and set DUBAN_HTTPS=1",
            file=sys.stderr,
        )
    return _serve(
        host=args.host, port=args.port, threads=args.threads, trusted_proxy=settings.TRUSTED_PROXY
    )


# What a TLS proxy tells waitress: the scheme (Django's https redirect, secure cookies) and the
# client address (the login lockout). Host comes in the Host header itself.
PROXY_HEADERS = {"x-forwarded-proto", "x-forwarded-for"}


def _serve(*, host: str, port: int, threads: int, trusted_proxy: str | None = None) -> int:
    import waitress
    from django.conf import settings

    from duban.wsgi import application

    proxy: dict[str, Any] = {}
    behind = ""
    if trusted_proxy:
        # One hop: of X-Forwarded-For only the address the proxy itself appended counts.
        proxy = {
            "trusted_proxy": trusted_proxy,
            "trusted_proxy_count": 1,
            "trusted_proxy_headers": PROXY_HEADERS,
            "clear_untrusted_proxy_headers": True,
        }
        behind = f" behind the proxy at {trusted_proxy}"
    print(f"duban serving on http://{host}:{port}/{behind}  (Ctrl-C stops)", flush=True)
    waitress.serve(
        application,
        host=host,
        port=port,
        threads=threads,
        ident="duban",
        max_request_body_size=settings.MAX_REQUEST_BYTES,
        **proxy,
    )
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["duban manage", *args.rest])
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    setup_django()
    check_database()
    from duban.core.chain import Checkpoint, verify

    try:
        checkpoint = Checkpoint.parse(args.trusted) if args.trusted else None
    except ValueError as error:
        raise CommandError(f"--from: {error}") from error
    started = time.perf_counter()
    result = verify(checkpoint)
    rate = result.checked / max(time.perf_counter() - started, 1e-9)
    after = f" after trusted event #{checkpoint.seq}" if checkpoint else ""
    if result.intact:
        print(f"ledger intact: {result.checked} events checked{after} ({rate:,.0f} events/s)")
        return 0
    print(
        f"ledger BROKEN at event #{result.broken_seq}: {result.problem} "
        f"({result.checked} events{after} before it are intact)"
    )
    return 1


def cmd_scan(args: argparse.Namespace) -> int:
    setup_django()
    check_database()
    from datetime import date

    from duban.daily import run_daily

    try:
        today = date.fromisoformat(args.today) if args.today else None
    except ValueError as error:
        raise CommandError(f"--today: {error}") from error
    if args.background:
        from duban.daily import daily_request

        job = daily_request(today=today)
        print(f"daily job {job.pk} queued for `duban worker` ({job.state})")
        return 0
    try:
        result = run_daily(today=today)
    except ImproperlyConfigured as error:
        raise CommandError(f"configuration error: {error}") from error
    print(result.summary())
    return 0


# The `commands` module of each package whose CLI handlers run only after Django is set up.
COMMAND_MODULES = {
    "accountability": "duban.accountability.commands",
    "backup": "duban.backup.commands",
    "complaints": "duban.complaints.commands",
    "complaints_tables": "duban.complaints.table_commands",
    "complaints_import": "duban.complaints.commands_import",
    "core": "duban.core.commands",
    "generate": "duban.generate.commands",
    "reports": "duban.reports.commands",
}


def _lazy_handler(package: str, name: str) -> Callable[[argparse.Namespace], int]:
    """A handler from `package`'s commands module, imported only after Django is set up."""

    def handler(args: argparse.Namespace) -> int:
        setup_django()
        check_database()
        commands = importlib.import_module(COMMAND_MODULES[package])
        result: int = getattr(commands, name)(args)
        return result

    return handler


Commands = Any  # argparse's private _SubParsersAction


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="duban", description="督办 — rectification supervision")
    commands = parser.add_subparsers(dest="command", required=True)
    _add_running(commands)
    _add_documents(commands)
    return parser


def _add_running(commands: Commands) -> None:
    """demo, serve, manage, token, scan, audit, worker, backup, restore: running and operating."""
    demo = commands.add_parser("demo", help="fresh SQLite database with demo data, then serve")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--data-dir", default=os.environ.get("DUBAN_DATA_DIR", "var"))
    demo.add_argument("--no-serve", action="store_true")
    demo.set_defaults(handler=cmd_demo)

    serve = commands.add_parser("serve", help="production WSGI server with static files")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--threads", type=int, default=8)
    serve.set_defaults(handler=cmd_serve)

    manage = commands.add_parser("manage", help="run a Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=cmd_manage)

    scan = commands.add_parser("scan", help="warnings, schedule status, end of publicity (公示)")
    scan.add_argument("--today", help="run as if today were this date (YYYY-MM-DD)")
    scan.add_argument(
        "--background", action="store_true", help="queue it for `duban worker` instead"
    )
    scan.set_defaults(handler=cmd_scan)

    audit = commands.add_parser("audit", help="ledger checks").add_subparsers(
        dest="action", required=True
    )
    verify = audit.add_parser("verify", help="walk the hash chain")
    verify.add_argument(
        "--from",
        dest="trusted",
        metavar="SEQ:HASH",
        help="start from an event you trust: its number and the hash you noted for it",
    )
    verify.set_defaults(handler=cmd_audit_verify)
    worker = commands.add_parser("worker", help="run background jobs (documents, imports, scan)")
    worker.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
    worker.add_argument("--batch", action="store_true", help="exit when the queue is empty")
    worker.add_argument("--worker-id", help="unique name of this worker (default: random)")
    worker.set_defaults(handler=_lazy_handler("core", "worker_command"))
    _add_tokens(commands)
    _add_complaints(commands)
    _add_backups(commands)
    _add_generate(commands)


def _add_generate(commands: Commands) -> None:
    """generate: a seeded data set at national scale (docs/generate.md)."""
    generate = commands.add_parser("generate", help="fill an empty database with generated data")
    generate.add_argument("--scale", default="province", help="national, province or N provinces")
    generate.add_argument("--seed", type=int, default=1)
    generate.add_argument(
        "--density", type=float, default=1.0, help="rows per province, 1 = national density"
    )
    generate.set_defaults(handler=_lazy_handler("generate", "generate_command"))


def _add_tokens(commands: Commands) -> None:
    """token create|list|revoke: API tokens for scripts."""
    token = commands.add_parser("token", help="API tokens").add_subparsers(
        dest="action", required=True
    )
    token_create = token.add_parser("create", help="print a new API token for a user")
    token_create.add_argument("username")
    token_create.add_argument("--name", default="")
    token_create.add_argument(
        "--days", type=int, help="lifetime in days (default: DUBAN_TOKEN_DAYS, 90)"
    )
    token_create.set_defaults(handler=_lazy_handler("core", "token_create"))
    token_list = token.add_parser("list", help="tokens: prefix, owner, dates, state")
    token_list.add_argument("--user", help="only this user's tokens")
    token_list.set_defaults(handler=_lazy_handler("core", "token_list"))
    token_revoke = token.add_parser("revoke", help="revoke a token for good")
    token_revoke.add_argument("token", help="the token's prefix (8 characters) or id")
    token_revoke.set_defaults(handler=_lazy_handler("core", "token_revoke"))


def cmd_complaints_new_key(args: argparse.Namespace) -> int:
    """Print a fresh key for DUBAN_COMPLAINT_KEYS (needs no database)."""
    from duban.complaints.identity import new_key

    print(new_key())
    return 0


def _add_complaints(commands: Commands) -> None:
    """complaints new-key|rekey: the keys that encrypt complainants' identities."""
    complaints = commands.add_parser(
        "complaints", help="complainants' identity keys (docs/complaints.md)"
    ).add_subparsers(dest="action", required=True)
    new_key = complaints.add_parser("new-key", help="print a fresh key for DUBAN_COMPLAINT_KEYS")
    new_key.set_defaults(handler=cmd_complaints_new_key)
    rekey = complaints.add_parser(
        "rekey", help="re-encrypt every identity under the first key of DUBAN_COMPLAINT_KEYS"
    )
    rekey.add_argument("--batch", type=int, default=200, help="identities per transaction")
    rekey.set_defaults(handler=_lazy_handler("complaints", "rekey_command"))


def _add_backups(commands: Commands) -> None:
    """backup and restore: the database and attachment files in one archive."""
    backup = commands.add_parser(
        "backup", help="database, attachment files and manifest in one archive"
    )
    backup.add_argument("-o", "--output", required=True, help="FILE.tar.gz (must not exist)")
    backup.set_defaults(handler=_lazy_handler("backup", "backup_command"))
    restore = commands.add_parser("restore", help="restore a backup into an empty database")
    restore.add_argument("file", help="an archive written by duban backup")
    restore.set_defaults(handler=_lazy_handler("backup", "restore_command"))


def _add_documents(commands: Commands) -> None:
    """export, import, report, dossier: files in and out."""
    export = commands.add_parser("export", help="exports").add_subparsers(
        dest="what", required=True
    )
    # "workbook" names the 整改台账; "ledger", the word the README taught, stays an alias.
    export_workbook = export.add_parser(
        "workbook", aliases=["ledger"], help="the rectification workbook (整改台账) as .xlsx"
    )
    export_workbook.add_argument("--plan", help="plan code")
    export_workbook.add_argument("-o", "--output", required=True, help="FILE.xlsx")
    export_workbook.add_argument("--user", help="export what this user sees (default: everything)")
    export_workbook.set_defaults(handler=_lazy_handler("reports", "export_workbook"))
    export_table = export.add_parser(
        "complaints-table",
        help="转办和边督边改公开情况一览表 of a team's batch (or all) as .xlsx/.docx",
    )
    export_table.add_argument("--team", type=int, required=True, help="inspection team id")
    export_table.add_argument("--batch", type=int, help="batch number (default: all batches)")
    export_table.add_argument("--format", choices=["xlsx", "docx"], default="xlsx")
    export_table.add_argument("-o", "--output", required=True, help="FILE.xlsx or FILE.docx")
    export_table.add_argument("--user", help="export what this user sees (default: everything)")
    export_table.set_defaults(handler=_lazy_handler("complaints_tables", "export_table"))

    import_ = commands.add_parser("import", help="imports").add_subparsers(
        dest="what", required=True
    )
    import_workbook = import_.add_parser(
        "workbook", aliases=["ledger"], help="read a workbook .xlsx (all or nothing)"
    )
    import_workbook.add_argument("file")
    import_workbook.add_argument("--dry-run", action="store_true")
    import_workbook.add_argument("--plan", help="plan code that new problems belong to")
    import_workbook.add_argument("--user", help="import as this user (default: system)")
    import_workbook.set_defaults(handler=_lazy_handler("reports", "import_workbook"))
    import_complaints = import_.add_parser(
        "complaints", help="a team's daily complaint list .xlsx (转办清单; all or nothing)"
    )
    import_complaints.add_argument("file")
    import_complaints.add_argument("--office", type=int, required=True, help="receiving office id")
    import_complaints.add_argument("--team", type=int, help="inspection team id")
    import_complaints.add_argument("--batch", type=int, help="batch number (第N批)")
    import_complaints.add_argument("--handed-over", help="YYYY-MM-DD the team handed it over")
    import_complaints.add_argument("--dry-run", action="store_true")
    import_complaints.add_argument("--user", help="import as this user (default: system)")
    import_complaints.set_defaults(handler=_lazy_handler("complaints_import", "import_complaints"))

    report = commands.add_parser("report", help="documents").add_subparsers(
        dest="what", required=True
    )
    report_progress = report.add_parser("progress", help="整改进展情况报告 as .docx")
    report_progress.add_argument("--plan", required=True, help="plan code")
    report_progress.add_argument("--period", help="YYYY-MM-DD inside the period (default today)")
    report_progress.add_argument("-o", "--output", required=True, help="FILE.docx")
    report_progress.set_defaults(handler=_lazy_handler("reports", "report_progress"))

    dossier = commands.add_parser("dossier", help="一案一档: a problem's dossier as .docx or .pdf")
    dossier.add_argument("code", help="problem code, e.g. HN-DX-2021-02")
    dossier.add_argument("-o", "--output", required=True, help="FILE.docx or FILE.pdf")
    dossier.add_argument("--user", help="what this user may see (default: everything)")
    dossier.set_defaults(handler=_lazy_handler("accountability", "dossier_command"))


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except CommandError as error:
        print(f"duban: {error}", file=sys.stderr)
        return error.code
    except OperationalError as error:
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
        print(f"duban: DATABASE_URL: cannot use the database: {reason}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
