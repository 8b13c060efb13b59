"""备案销号: a closed task's close-out is filed with the office one level up, which may
reject it within its period (the task is reopened); after that, the filing stands."""

from __future__ import annotations

from datetime import date

import pytest

from duban.core import clock
from duban.core.choices import OrganizationKind, Role
from duban.core.models import Event
from duban.errors import ApplicationError, InvalidTransition, NotFound, NotPermitted
from duban.rectification.choices import FilingState, TaskState
from duban.rectification.models import Filing, Task
from duban.rectification.selectors import filing_list
from duban.rectification.services import filing_reject, scan
from tests.factories import make_organization, make_user
from tests.rectification.test_publicity import AFTER, publicize

pytestmark = pytest.mark.django_db
# 15 working days after Fri 2025-10-10 (Sat 10-11 a make-up day): Thu 10-30 is the last.
LAST_REVIEW_DAY = date(2025, 10, 30)


@pytest.fixture
def province(workflow):
    office = make_organization(
        "湖南省整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="430000"
    )
    return make_user("province", organization=office, role=Role.REVIEWER), office


def closed(w) -> Task:
    task = publicize(w)
    with clock.frozen(AFTER):
        scan()
    task.refresh_from_db()
    assert task.state == TaskState.CLOSED
    return task


def test_closure_files_with_the_office_one_level_up(workflow, province):
    reviewer, office = province
    task = closed(workflow)
    filing = Filing.objects.get(task=task)
    assert (filing.filed_with, filing.filed_on, filing.state) == (office, AFTER, FilingState.FILED)
    assert filing.review_ends_on == LAST_REVIEW_DAY
    assert filing.closeout == task.closeouts.get()
    assert Event.objects.get(verb="filing.filed").data["filed_with"] == "湖南省整改办"
    assert list(filing_list(user=reviewer)) == [filing]
    assert list(filing_list(user=workflow.outsider)) == []


def test_no_office_above_means_no_filing(workflow):
    closed(workflow)
    assert Filing.objects.count() == 0


def test_higher_office_rejects_within_the_period_and_the_task_reopens(workflow, province):
    reviewer, _office = province
    task = closed(workflow)
    filing = Filing.objects.get()
    with clock.frozen(LAST_REVIEW_DAY):
        filing_reject(actor=reviewer, filing_id=filing.pk, reason="现场核查资料不全")
    filing.refresh_from_db()
    task.refresh_from_db()
    assert (filing.state, filing.decided_by, filing.reason) == (
        FilingState.REJECTED,
        reviewer,
        "现场核查资料不全",
    )
    assert (task.state, task.reopen_count) == (TaskState.IN_PROGRESS, 1)
    reopened = Event.objects.get(verb="task.reopened")
    assert reopened.data["cause"] == "filing_rejected" and reopened.data["filing"] == filing.pk


def test_rejection_refusals_change_nothing(workflow, province):
    reviewer, _office = province
    task = closed(workflow)
    filing = Filing.objects.get()
    before = Event.objects.count()
    with pytest.raises(ApplicationError) as unexplained:
        filing_reject(actor=reviewer, filing_id=filing.pk, reason=" ")
    assert set(unexplained.value.fields) == {"reason"}
    with pytest.raises(NotPermitted):  # the city office sees it, but it is not the office above
        filing_reject(actor=workflow.reviewer, filing_id=filing.pk, reason="x")
    with pytest.raises(NotFound):
        filing_reject(actor=workflow.outsider, filing_id=filing.pk, reason="x")
    with clock.frozen(date(2025, 10, 31)), pytest.raises(InvalidTransition) as late:
        filing_reject(actor=reviewer, filing_id=filing.pk, reason="x")
    assert late.value.code == "filing_review_over"
    filing.refresh_from_db()
    task.refresh_from_db()
    assert (filing.state, task.state) == (FilingState.FILED, TaskState.CLOSED)
    assert Event.objects.count() == before


def test_after_the_period_the_daily_job_accepts_the_filing_once(workflow, province):
    closed(workflow)
    with clock.frozen(LAST_REVIEW_DAY):
        assert scan().filings_accepted == 0
    with clock.frozen(date(2025, 10, 31)):
        assert scan().filings_accepted == 1
        assert scan().filings_accepted == 0
    filing = Filing.objects.get()
    assert (filing.state, filing.decided_by) == (FilingState.ACCEPTED, None)
    assert Event.objects.filter(verb="filing.accepted").count() == 1
