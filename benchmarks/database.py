"""The benchmark's PostgreSQL database: created if missing, migrated, filled by `duban generate`
(which reuses an identical data set), and copied for the steps that write."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/duban_bench"


def database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)


def _name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _with_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin(url: str) -> psycopg.Connection:
    """A connection to the server's `postgres` database, for CREATE and DROP DATABASE."""
    return psycopg.connect(_with_name(url, "postgres"), autocommit=True)


def ensure_database(url: str) -> bool:
    """Create the database if it does not exist; True when it was created."""
    with _admin(url) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [_name(url)]
        ).fetchone()
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(_name(url))))
    return not exists


def duban(arguments: list[str], url: str, *, data_dir: str) -> int:
    """Run `duban ARGUMENTS` on `url`, its output passed through; its exit code."""
    environment = {**os.environ, "DATABASE_URL": url, "DUBAN_DATA_DIR": data_dir}
    return subprocess.run(
        [sys.executable, "-m", "duban.cli", *arguments], env=environment, check=False
    ).returncode


def generator_available() -> bool:
    from duban.cli import build_parser

    try:
        build_parser().parse_args(["generate", "--scale", "1"])
    except SystemExit:
        return False
    return True


def prepare(url: str, *, scale: str, seed: int, data_dir: str) -> str:
    """Migrate and fill the database; say how it was filled."""
    ensure_database(url)
    if duban(["manage", "migrate", "--verbosity", "0"], url, data_dir=data_dir):
        raise SystemExit("bench: migrate failed")
    if generator_available():
        arguments = ["generate", "--scale", scale, "--seed", str(seed)]
        if duban(arguments, url, data_dir=data_dir):
            raise SystemExit("bench: duban generate failed")
        return f"duban generate --scale {scale} --seed {seed}"
    # Until the generator exists: the demo's data, loaded once.
    load = (
        "from duban.cli import setup_django; setup_django()\n"
        "from duban.inspections.models import Problem\n"
        "if not Problem.objects.exists():\n"
        "    from duban.demo.load import load_demo; load_demo()\n"
        "    from duban.daily import run_daily; run_daily()\n"
    )
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "DUBAN_DATA_DIR": data_dir,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    subprocess.run([sys.executable, "-c", load], env=environment, check=True)
    return "the demo data set (duban generate is not available)"


@contextmanager
def copy_of(url: str) -> Iterator[str]:
    """A copy of the database (PostgreSQL's CREATE DATABASE … TEMPLATE) for steps that
    write; dropped afterwards. Nothing may be connected to the original while it is copied."""
    name = f"{_name(url)}_scratch"
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with _admin(url) as admin:
        admin.execute(drop)  # left by an interrupted run
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(_name(url))
            )
        )
    try:
        yield _with_name(url, name)
    finally:
        with _admin(url) as admin:
            admin.execute(drop)
