"""Throw-away databases beside the test database, for tests that run the `duban` command
against a database of their own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _server() -> dict[str, str]:
    from django.db import connection

    settings = connection.settings_dict
    return {
        "host": settings["HOST"] or "127.0.0.1",
        "port": str(settings["PORT"] or 5432),
        "user": settings["USER"],
        "password": settings.get("PASSWORD") or "",
    }


def postgres_dsn(dbname: str) -> str:
    """A libpq connection string for `dbname` on the test server."""
    server = _server()
    dsn = f"host={server['host']} port={server['port']} user={server['user']} dbname={dbname}"
    return dsn + (f" password={server['password']}" if server["password"] else "")


@contextmanager
def scratch_postgres_url() -> Iterator[str]:
    """A new, empty database on the test server as a DATABASE_URL; dropped afterwards."""
    import psycopg

    server = _server()
    name = f"duban_scratch_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_dsn("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    credentials = server["user"] + (f":{server['password']}" if server["password"] else "")
    try:
        yield f"postgres://{credentials}@{server['host']}:{server['port']}/{name}"
    finally:
        with psycopg.connect(postgres_dsn("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def scratch_database_url(directory: Path) -> Iterator[str]:
    """A new, empty database of the suite's own kind: a file in `directory` on SQLite, a
    database on the test server on PostgreSQL."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with scratch_postgres_url() as url:
            yield url
    else:
        yield f"sqlite:///{directory / 'duban.sqlite3'}"
