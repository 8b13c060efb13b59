"""Parsing of environment settings, kept apart from settings.py so it can be tested."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url

SUPPORTED_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, *, default: bool) -> bool:
    """Read a yes/no setting; an unknown word is an error rather than a silent False."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"{name} must be one of 1/0/true/false/yes/no, not {raw!r}")


def env_int(name: str, *, default: int, low: int, high: int) -> int:
    """Read a whole number within [low, high]; anything else is an error naming the setting."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip()
    if not value.isdigit() or not low <= int(value) <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, not {raw!r}")
    return int(value)


def env_list(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def trusted_proxy(raw: str | None, *, https: bool) -> str | None:
    """The one proxy address whose X-Forwarded-* headers waitress believes, or None.

    Unset: 127.0.0.1 behind HTTPS (a proxy on the same machine), else none. Empty: none.
    waitress compares the peer address with one string, so a list or a host name would
    silently match nothing; they are refused here. "*" trusts every peer.
    """
    if raw is None:
        return "127.0.0.1" if https else None
    value = raw.strip()
    if not value:
        return None
    if value == "*":
        return value
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise ValueError(
            f"DUBAN_TRUSTED_PROXY must be one IP address (or *), not {raw!r}"
        ) from None


def database_from_url(
    url: str, *, sqlite_default: Path, statement_timeout_ms: int = 0
) -> dict[str, Any]:
    """Turn DATABASE_URL into Django's DATABASES entry; raise ValueError naming what is wrong.

    On PostgreSQL a `statement_timeout_ms` above 0 makes the server cancel any statement
    running longer (0: no limit), so a pathological query cannot hold a worker.
    """
    if not url.strip():
        url = f"sqlite:///{sqlite_default}"
    parts = urlsplit(url)
    if parts.scheme not in SUPPORTED_SCHEMES:
        raise ValueError(
            f"unsupported or malformed URL {url!r}; expected sqlite:///PATH or "
            "postgres://USER@HOST:PORT/NAME"
        )
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except Exception as error:  # the library raises several types for bad URLs
        raise ValueError(f"malformed URL {url!r}: {error}") from error
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if not config.get("NAME"):
            raise ValueError(f"malformed URL {url!r}: no database file")
        # IMMEDIATE transactions serialise writers, which keeps the ledger chain linear.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
        }
        config["CONN_MAX_AGE"] = 0
    else:
        if not config.get("NAME"):
            raise ValueError(f"malformed URL {url!r}: no database name")
        try:
            parts.port  # noqa: B018 — urlsplit checks the port only when asked
        except ValueError as error:
            raise ValueError(f"malformed URL {url!r}: {error}") from error
        options = config.setdefault("OPTIONS", {})
        options["connect_timeout"] = 5
        # No JIT: it compiles a page's scoped query for hundreds of milliseconds whenever the
        # planner's estimate crosses jit_above_cost (measured at national scale, issue 17),
        # to speed up analytic scans this application does not run.
        options["options"] = f"-c statement_timeout={statement_timeout_ms} -c jit=off"
        # A persistent connection is checked before a request reuses it, so a database that
        # restarted while it sat idle costs a reconnect, not a failed request.
        config["CONN_HEALTH_CHECKS"] = True
    return config


SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT = 5


def weak_secret_key(key: str, *, builtin: str) -> str | None:
    """Why `key` is too weak to serve with, or None when it is acceptable.

    Refused: the built-in demo key, also with whitespace added or letters recased (and any key
    containing it); Django's `django-insecure-` keys; keys shorter than 50 characters; keys with
    fewer than 5 distinct characters. The reason names SECRET_KEY and never repeats the key.
    """

    def normal(text: str) -> str:
        return "".join(text.split()).casefold()

    if normal(builtin) in normal(key):
        return "SECRET_KEY is the built-in demo key; set a random SECRET_KEY"
    if normal(key).startswith("django-insecure-"):
        return "SECRET_KEY is a django-insecure- development key; set a random SECRET_KEY"
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return (
            f"SECRET_KEY has {len(key)} characters, at least {SECRET_KEY_MIN_LENGTH} are needed; "
            "set a random SECRET_KEY"
        )
    if len(set(key)) < SECRET_KEY_MIN_DISTINCT:
        return (
            f"SECRET_KEY has fewer than {SECRET_KEY_MIN_DISTINCT} distinct characters; "
            "set a random SECRET_KEY"
        )
    return None
