"""Dumping and loading the database, one way per vendor.

SQLite: the online backup API (`sqlite3.Connection.backup`), page by page, while the
application keeps running. PostgreSQL: `pg_dump --format=custom` and `pg_restore`, with the
connection taken from DATABASE_URL; the password goes through the environment, never the
command line. Either way the ledger is verified, and its head and the attachment list read, in
the same snapshot the dump is taken from, so the manifest describes exactly what was dumped.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from duban.core.ledger import VerifyResult, verify
from duban.core.models import Attachment, Event, LedgerHead
from duban.errors import CommandError

DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# DATABASE_URL's options that libpq also reads from the environment.
LIBPQ_OPTIONS = {"sslmode": "PGSSLMODE", "connect_timeout": "PGCONNECT_TIMEOUT"}


@dataclass(frozen=True)
class DatabaseState:
    """What the dumped snapshot holds: the ledger's verification and head, the event count and
    the stored attachment files (name -> SHA-256 the bytes must have)."""

    ledger: VerifyResult
    events: int
    head_seq: int
    head_hash: str
    attachment_records: int
    files: dict[str, str]


def vendor() -> str:
    """'sqlite' or 'postgresql'; CommandError for any other database."""
    if connection.vendor not in DUMP_NAMES:
        raise CommandError(f"backups support SQLite and PostgreSQL, not {connection.vendor}")
    return connection.vendor


def describe() -> str:
    """The configured database in words, without its password."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite database {settings['NAME']}"
    return f"PostgreSQL database {settings['NAME']!r} on {settings['HOST'] or 'localhost'}"


def read_state() -> DatabaseState:
    """Verify the ledger and read what the manifest records, in the caller's snapshot."""
    head = LedgerHead.objects.get(pk=1)
    files = dict(Attachment.objects.order_by("file").values_list("file", "sha256").distinct())
    return DatabaseState(
        ledger=verify(),
        events=Event.objects.count(),
        head_seq=head.seq,
        head_hash=head.hash,
        attachment_records=Attachment.objects.count(),
        files=files,
    )


def dump(into: Path) -> DatabaseState:
    """Dump the database to the file `into`; return the state of the snapshot dumped."""
    if vendor() == "sqlite":
        return _dump_sqlite(into)
    return _dump_postgresql(into)


def _dump_sqlite(into: Path) -> DatabaseState:
    connection.ensure_connection()
    raw: sqlite3.Connection = connection.connection
    # A deferred read transaction (not Django's atomic(), which begins IMMEDIATE and so would
    # block writers and the backup itself): under WAL the first read fixes what this connection
    # sees, writers carry on, and backup() from this connection copies that same snapshot.
    raw.execute("BEGIN DEFERRED")
    try:
        state = read_state()
        target = sqlite3.connect(into)
        try:
            raw.backup(target)
        finally:
            target.close()
    finally:
        raw.execute("ROLLBACK")
    return state


def _dump_postgresql(into: Path) -> DatabaseState:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        state = read_state()
        # pg_dump reads the snapshot this transaction holds open: the same rows verify() saw.
        _run_client(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={into}"])
    return state


def tables() -> list[str]:
    """The tables of the configured database (none in an empty one)."""
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def load(dump_file: Path, dump_vendor: str) -> None:
    """Load a dump into the configured, empty database."""
    connection.close()
    if dump_vendor == "sqlite":
        source = sqlite3.connect(f"file:{dump_file}?mode=ro", uri=True)
        target = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        return
    # One transaction: a failed restore leaves the database as empty as it was.
    _run_client(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump_file),
        ]
    )


def _run_client(command: list[str]) -> None:
    """Run a PostgreSQL client program against the configured database."""
    program = shutil.which(command[0])
    if program is None:
        raise CommandError(
            f"{command[0]} not found: install the PostgreSQL client programs "
            "(Debian: postgresql-client), the same major version as the server or newer"
        )
    finished = subprocess.run(
        [program, *command[1:]], env=_libpq_environment(), capture_output=True, text=True
    )
    if finished.returncode != 0:
        detail = " ".join(finished.stderr.split())[:500] or f"exit code {finished.returncode}"
        raise CommandError(f"{command[0]} failed: {detail}")


def _libpq_environment() -> dict[str, str]:
    settings: dict[str, Any] = connection.settings_dict
    environment = dict(os.environ)
    for key, variable in (
        ("NAME", "PGDATABASE"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
    ):
        if settings.get(key):
            environment[variable] = str(settings[key])
    for option, variable in LIBPQ_OPTIONS.items():
        if settings.get("OPTIONS", {}).get(option):
            environment[variable] = str(settings["OPTIONS"][option])
    return environment
