from __future__ import annotations

import time

import pytest

from tests.browser_support import browser, page  # noqa: F401 — shared Playwright fixtures
from tests.factories import TwoCounties, make_two_counties


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests share one xdist worker, so one chromium and one live server serve them."""
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory):
    """Uploads go to a directory of this run's own (each xdist worker's), never to var/media:
    parallel workers then never write the same file. Tests may still point it elsewhere."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture
def counties(db) -> TwoCounties:
    return make_two_counties()


@pytest.fixture
def scratch_postgres():
    """A throw-away PostgreSQL database beside the test database, for multi-process tests."""
    from tests.databases import scratch_postgres_url

    with scratch_postgres_url() as url:
        yield url


@pytest.fixture(autouse=True)
def _empty_cache():
    """The failed-token counters live in the (per-process) cache: no test inherits another's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """argon2 is deliberately slow; tests that are about hashing restore it themselves."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _flushable_ledger():
    """Let transactional tests (live_server) flush the append-only events table on PostgreSQL.

    pytest-django empties the database after a transactional test with TRUNCATE, which the
    ledger trigger refuses by design; the trigger is set aside for that flush only. The flush
    also empties the region table and the ledger head that migrations load, so they are
    loaded again.
    """
    from django.db import connection
    from django.test import TransactionTestCase

    from duban.core.testing import reload_reference_data

    original = TransactionTestCase._fixture_teardown

    def teardown(self):  # noqa: ANN001, ANN202
        guarded = connection.vendor == "postgresql"
        if guarded:
            with connection.cursor() as cursor:
                cursor.execute("ALTER TABLE core_event DISABLE TRIGGER USER")
        try:
            _flush_retrying_a_deadlock(original, self)
        finally:
            if guarded:
                with connection.cursor() as cursor:
                    cursor.execute("ALTER TABLE core_event ENABLE TRIGGER USER")
            reload_reference_data()

    TransactionTestCase._fixture_teardown = teardown
    yield
    TransactionTestCase._fixture_teardown = original


def _flush_retrying_a_deadlock(flush, test) -> None:  # noqa: ANN001
    """The flush's TRUNCATE takes its tables' locks one by one, as does a statement the live
    server is still running for the page the browser just left; PostgreSQL then ends one of
    them as a deadlock. The request's statement finishes either way; the flush is tried again."""
    for attempt in range(3):
        try:
            flush(test)
            return
        except Exception as error:  # CommandError from flush, around OperationalError
            if attempt == 2 or "deadlock detected" not in str(error):
                raise
            time.sleep(0.5)


@pytest.fixture
def workflow(db):
    from tests.factories import make_workflow

    return make_workflow()
