"""The `duban` command refuses bad configuration in one clear line, without a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from duban.config import database_from_url, trusted_proxy


def run_duban(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "duban.cli", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "url",
    ["mysql://root@localhost/db", "postgres://u@h:notaport/db", "nonsense", "postgres://host"],
)
def test_malformed_database_url_is_one_clear_line(url, tmp_path):
    result = run_duban("audit", "verify", DATABASE_URL=url, DUBAN_DATA_DIR=str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "DATABASE_URL" in lines[0]


def test_unreachable_database_is_one_clear_line(tmp_path):
    result = run_duban(
        "audit",
        "verify",
        DATABASE_URL="postgres://nobody@127.0.0.1:1/none",
        DUBAN_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("duban: DATABASE_URL: cannot connect")
    assert len(result.stderr.strip().splitlines()) == 1


def test_manage_with_unreachable_database_is_one_clear_line(tmp_path):
    result = run_duban(
        "manage",
        "migrate",
        DATABASE_URL="postgres://nobody@127.0.0.1:1/none",
        DUBAN_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "DATABASE_URL" in result.stderr


def test_serve_refuses_debug_and_builtin_secret(tmp_path):
    debug = run_duban("serve", DEBUG="1", SECRET_KEY="x" * 50, DUBAN_DATA_DIR=str(tmp_path))
    assert debug.returncode == 2 and "DEBUG" in debug.stderr
    builtin = run_duban("serve", DUBAN_DATA_DIR=str(tmp_path))
    assert builtin.returncode == 2 and "SECRET_KEY" in builtin.stderr


def test_bad_debug_word_is_refused(tmp_path):
    result = run_duban("serve", DEBUG="maybe", DUBAN_DATA_DIR=str(tmp_path))
    assert result.returncode == 2 and "DEBUG" in result.stderr


def test_sqlite_urls_get_immediate_transactions(tmp_path):
    config = database_from_url("", sqlite_default=tmp_path / "x.sqlite3")
    assert config["NAME"] == str(tmp_path / "x.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    postgres = database_from_url(
        "postgres://duban:secret@db.internal:5433/duban", sqlite_default=tmp_path / "x"
    )
    assert (postgres["HOST"], postgres["PORT"], postgres["NAME"]) == ("db.internal", 5433, "duban")


def test_escalation_period_from_environment_is_validated(tmp_path):
    result = run_duban(
        "scan",
        DUBAN_REMINDER_REPLY_DAYS="soon",
        DUBAN_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3",
    )
    assert result.returncode == 2
    assert "DUBAN_REMINDER_REPLY_DAYS" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("raw", "https", "expected"),
    [
        (None, True, "127.0.0.1"),
        (None, False, None),
        ("", True, None),
        (" 10.0.0.5 ", True, "10.0.0.5"),
        ("0:0::1", True, "::1"),
        ("*", False, "*"),
    ],
)
def test_trusted_proxy_default_and_forms(raw, https, expected):
    assert trusted_proxy(raw, https=https) == expected


@pytest.mark.parametrize("raw", ["10.0.0.1,10.0.0.2", "proxy.internal", "10.0.0.0/8"])
def test_serve_refuses_a_trusted_proxy_waitress_could_never_match(raw, tmp_path):
    result = run_duban(
        "serve", DUBAN_TRUSTED_PROXY=raw, SECRET_KEY="x" * 50, DUBAN_DATA_DIR=str(tmp_path)
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "DUBAN_TRUSTED_PROXY" in lines[0] and repr(raw) in lines[0]


def test_postgres_gets_a_statement_timeout_and_connection_health_checks(tmp_path):
    postgres = database_from_url(
        "postgres://duban@db:5432/duban", sqlite_default=tmp_path / "x", statement_timeout_ms=1500
    )
    assert postgres["OPTIONS"]["options"] == "-c statement_timeout=1500 -c jit=off"
    assert postgres["CONN_HEALTH_CHECKS"] is True and postgres["CONN_MAX_AGE"] == 60


@pytest.mark.parametrize("name", ["DUBAN_STATEMENT_TIMEOUT_MS", "DUBAN_MAX_REQUEST_BYTES"])
def test_a_bad_limit_is_one_clear_line(tmp_path, name):
    result = run_duban("serve", DUBAN_DATA_DIR=str(tmp_path), **{name: "soon"})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"duban: configuration error: {name} must be a whole number from ")
