from __future__ import annotations

import pytest

from tests.factories import TwoCounties, make_two_counties


@pytest.fixture
def counties(db) -> TwoCounties:
    return make_two_counties()


@pytest.fixture
def scratch_postgres():
    """A throw-away PostgreSQL database beside the test database, for multi-process tests."""
    import uuid

    import psycopg
    from django.db import connection

    settings = connection.settings_dict
    name = f"duban_scratch_{uuid.uuid4().hex[:12]}"
    admin_dsn = f"host={settings['HOST']} port={settings['PORT'] or 5432} user={settings['USER']} dbname=postgres"
    if settings.get("PASSWORD"):
        admin_dsn += f" password={settings['PASSWORD']}"
    with psycopg.connect(admin_dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    credentials = settings["USER"] + (f":{settings['PASSWORD']}" if settings.get("PASSWORD") else "")
    yield f"postgres://{credentials}@{settings['HOST']}:{settings['PORT'] or 5432}/{name}"
    with psycopg.connect(admin_dsn, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
