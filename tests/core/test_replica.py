"""The replica router's choice of database (duban.core.replica). The replica itself, with
real lag, is tested in tests/cli/test_replica.py."""

from __future__ import annotations

import warnings

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.test import RequestFactory

from duban.core import replica
from duban.core.replica import ReplicaRouter, reads_from_replica, replica_reads, tracking
from duban.rectification.models import Task

router = ReplicaRouter()


@pytest.fixture
def with_replica(settings):
    """A 'replica' alias in the settings (the router reads only the settings)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Django warns that overriding DATABASES is unusual
        settings.DATABASES = {
            **django_settings.DATABASES,
            "replica": {**django_settings.DATABASES["default"]},
        }
    return settings


def test_without_a_replica_everything_reads_the_primary(settings):
    assert "replica" not in settings.DATABASES
    with tracking(), replica_reads() as using:
        assert using is False
        assert router.db_for_read(Task) == "default"


def test_only_marked_reads_go_to_the_replica(with_replica):
    assert router.db_for_read(Task) == "default"  # outside any request
    with tracking():
        assert router.db_for_read(Task) == "default"  # an unmarked view
        with replica_reads() as using:
            assert using is True
            assert router.db_for_read(Task) == "replica"
        assert router.db_for_read(Task) == "default"


def test_after_a_write_the_rest_of_the_request_reads_the_primary(with_replica):
    with tracking() as reads:
        with replica_reads():
            assert router.db_for_read(Task) == "replica"
            assert router.db_for_write(Task) == "default"
            assert router.db_for_read(Task) == "default"
        assert reads.wrote is True
        with replica_reads() as using:  # a later marked block of the same request
            assert using is False
            assert router.db_for_read(Task) == "default"


def test_a_request_that_wrote_before_a_marked_view_reads_the_primary(with_replica, workflow):
    seen = []

    @reads_from_replica
    def view(request):  # noqa: ANN001, ANN202
        seen.append(router.db_for_read(Task))
        return HttpResponse()

    request = RequestFactory().get("/statistics/")
    request.session = _session()
    with tracking():
        view(request)
        router.db_for_write(Task)
        view(request)
    assert seen == ["replica", "default"]


def test_unsafe_methods_and_sessionless_requests_read_the_primary(with_replica, workflow):
    seen = []

    @reads_from_replica
    def view(request):  # noqa: ANN001, ANN202
        seen.append(router.db_for_read(Task))
        return HttpResponse()

    post = RequestFactory().post("/reports/ledger/export.xlsx")
    post.session = _session()
    token_call = RequestFactory().get("/api/stats/summary")  # a bearer token: no session
    with tracking():
        view(post)
        view(token_call)
    assert seen == ["default", "default"]


def test_migrations_and_relations(with_replica):
    assert router.allow_migrate("default", "rectification") is True
    assert router.allow_migrate("replica", "rectification") is False
    assert router.allow_relation(object(), object()) is True


def _session():  # noqa: ANN202
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session.create()
    return session


def test_a_token_request_that_wrote_makes_no_session(with_replica, workflow):
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().post("/api/tasks/1/reports")
    request.session = SessionStore()
    request.user = workflow.reporter  # what the bearer token authenticated
    with tracking() as reads:
        router.db_for_write(Task)
        replica.remember_write(request, reads)
    assert request.session.session_key is None
    assert replica.WRITE_POSITION_KEY not in request.session


def test_signing_out_makes_no_anonymous_session(with_replica, workflow):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().post("/accounts/logout/")
    request.session, request.user = _session(), AnonymousUser()
    request.session.flush()
    with tracking() as reads:
        replica.remember_write(request, reads)
    assert replica.WRITE_POSITION_KEY not in request.session
