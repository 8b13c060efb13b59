"""The progress-report write path: what it costs and how long it holds the ledger head
(issue 17: service writes ≥ 100/s and scaling with processes)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.core.models import Event
from duban.rectification.models import Claim
from duban.rectification.services import ClaimInput, report_submit, task_transition
from tests.factories import add_problem, make_organization

pytestmark = pytest.mark.django_db

HEAD_LOCK = 'FROM "core_ledgerhead"'


def _submit(w, task_id: int, *metrics: str):
    return report_submit(
        actor=w.reporter,
        task_id=task_id,
        narrative="管网改造推进",
        percent=30,
        claims=[ClaimInput(metric, "公里", Decimal("12.5")) for metric in metrics],
    )


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK")


def _statements(captured: CaptureQueriesContext) -> list[str]:
    """The SQL sent, without transaction control (a test runs inside a transaction of its
    own, so the service's commit is a savepoint release here)."""
    return [
        query["sql"]
        for query in captured.captured_queries
        if not query["sql"].startswith(TRANSACTION_CONTROL)
    ]


def test_a_report_costs_the_same_queries_however_many_tasks_there_are(workflow):
    w = workflow
    task_transition(actor=w.reporter, task_id=w.task.pk, action="acknowledge")
    _submit(w, w.task.pk, "管网改造长度")  # the scope of the reporter is cached from here on
    with CaptureQueriesContext(connection) as few:
        _submit(w, w.task.pk, "管网改造长度", "雨污分流户数")
    for index in range(12):  # more tasks, in and out of the reporter's scope
        add_problem(w, f"HN-ZZ-M{index:02d}", tasks=2)
        add_problem(
            w, f"HN-HT-{index:02d}", region="430202", lead_unit=make_organization(f"荷塘{index}局")
        )
    with CaptureQueriesContext(connection) as many:
        _submit(w, w.task.pk, "管网改造长度", "雨污分流户数")
    assert len(_statements(many)) == len(_statements(few)) == 12


def test_the_ledger_head_is_locked_only_for_the_append(workflow):
    w = workflow
    task_transition(actor=w.reporter, task_id=w.task.pk, action="acknowledge")
    with CaptureQueriesContext(connection) as captured:
        _submit(w, w.task.pk, "管网改造长度")
    statements = _statements(captured)
    locked_at = next(i for i, sql in enumerate(statements) if HEAD_LOCK in sql)
    # Lock the head, insert the event, move the head, commit: nothing else waits behind it.
    assert len(statements) - locked_at == 3
    assert statements[locked_at + 1].startswith('INSERT INTO "core_event"')
    assert statements[locked_at + 2].startswith('UPDATE "core_ledgerhead"')
    assert Event.objects.order_by("-seq").first().verb == "report.submitted"


def test_claim_versions_follow_each_metric_latest_claim(workflow):
    w = workflow
    task_transition(actor=w.reporter, task_id=w.task.pk, action="acknowledge")
    _submit(w, w.task.pk, "管网改造长度")
    _submit(w, w.task.pk, "管网改造长度")
    _submit(w, w.task.pk, "管网改造长度", "雨污分流户数")
    versions = sorted(Claim.objects.values_list("metric", "version"))
    assert versions == [
        ("管网改造长度", 1),
        ("管网改造长度", 2),
        ("管网改造长度", 3),
        ("雨污分流户数", 1),
    ]
