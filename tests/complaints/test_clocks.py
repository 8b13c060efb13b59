"""The daily job's complaints step (complaints/clock_warnings.py): each clock at its edges, once per
stage, to the right people and never to anyone the complaint is against.

The handling services are another part's; where a test needs a handling result (an
acknowledgement, a report to the team, a review request) it sets the columns with
`Complaint.objects.filter(pk=..).update(...)` (or creates the review row), and says so."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from duban.complaints import clock_warnings as clocks
from duban.complaints.choices import ComplaintState, ReviewLevel
from duban.complaints.models import Complaint, ComplaintReview
from duban.complaints.services.intake import complaint_register
from duban.complaints.todo import complaints_overdue
from duban.core import clock
from duban.core.choices import Role
from duban.core.models import Membership
from duban.core.principal import SYSTEM
from duban.daily import run_daily
from duban.rectification.models import Notification
from tests.complaints.scene import complaint_in
from tests.factories import make_person, make_user

pytestmark = pytest.mark.django_db


def keys(user, clock_name: str | None = None) -> list[str]:
    found = Notification.objects.filter(user=user, key__startswith=clocks.KEY_PREFIX)
    return sorted(
        key
        for key in found.values_list("key", flat=True)
        if clock_name is None or f":{clock_name}:" in key
    )


def stages(user, clock_name: str) -> list[str]:
    return [key.rsplit(":", 1)[1] for key in keys(user, clock_name)]


def test_team_report_clock_at_its_edges(scene):
    # Handed over yesterday: report to the team within 10 days of the hand-over.
    due = scene.complaint.team_report_due_on
    assert due == scene.complaint.handed_over_on + timedelta(days=10)
    worker = scene.unit_worker
    clocks.clocks_scan(today=due - timedelta(days=4))  # the day before the warning window
    assert stages(worker, "team_report") == []
    clocks.clocks_scan(today=due - timedelta(days=3))
    assert stages(worker, "team_report") == ["soon"]
    clocks.clocks_scan(today=due - timedelta(days=1))  # still "soon": told once, not again
    assert stages(worker, "team_report") == ["soon"]
    clocks.clocks_scan(today=due)
    assert stages(worker, "team_report") == ["due", "soon"]
    clocks.clocks_scan(today=due + timedelta(days=1))
    clocks.clocks_scan(today=due + timedelta(days=5))  # overdue once, not every day
    assert stages(worker, "team_report") == ["due", "overdue", "soon"]
    levels = dict(
        Notification.objects.filter(user=worker, key__contains=":team_report:").values_list(
            "key", "level"
        )
    )
    assert sorted(levels.values()) == ["red", "red", "yellow"]
    overdue = Notification.objects.get(
        user=worker, key__endswith=":team_report:" + f"{due}:overdue"
    )
    assert overdue.message == (
        f"向督察组反馈办理情况已逾期 1 天：信访件 {scene.complaint.number}"
        f"（株洲市某化工有限公司），时限 {due}。"
    )
    assert overdue.link.endswith(f"/{scene.complaint.pk}/")
    assert overdue.task_id is None


def test_a_second_run_the_same_day_writes_and_sends_nothing(scene):
    day = scene.complaint.team_report_due_on
    first = clocks.clocks_scan(today=day)
    assert first.notifications > 0
    second = clocks.clocks_scan(today=day)
    assert (second.notifications, second.emails) == (0, 0)


def test_acknowledge_and_handle_clocks(scene):
    c = scene.complaint
    worker = scene.unit_worker
    clocks.clocks_scan(today=c.acknowledge_due_on)
    assert stages(worker, "acknowledge") == ["due"]
    assert stages(worker, "handle") == []  # 60 days: far off
    clocks.clocks_scan(today=c.handle_due_on + timedelta(days=1))
    assert stages(worker, "handle") == ["overdue"]
    assert stages(worker, "acknowledge") == ["due", "overdue"]


def test_done_clocks_are_silent(scene):
    c = scene.complaint
    # Handling results set directly: the handling services are another part's.
    Complaint.objects.filter(pk=c.pk).update(
        acknowledged_on=c.transferred_on,
        team_reported_on=c.transferred_on,
        state=ComplaintState.HANDLING,
    )
    clocks.clocks_scan(today=c.handle_due_on - timedelta(days=1))
    assert stages(scene.unit_worker, "acknowledge") == []
    assert stages(scene.unit_worker, "team_report") == []
    assert stages(scene.unit_worker, "handle") == ["soon"]
    # Concluded: the handle clock stops too.
    Complaint.objects.filter(pk=c.pk).update(
        state=ComplaintState.CONCLUDED, concluded_on=c.handle_due_on
    )
    result = clocks.clocks_scan(today=c.handle_due_on + timedelta(days=3))
    assert result.notifications == 0
    assert stages(scene.unit_worker, "handle") == ["soon"]


def test_partly_concluded_keeps_the_handle_clock_running(scene):
    c = scene.complaint
    # Handling result set directly (another part's service).
    Complaint.objects.filter(pk=c.pk).update(
        state=ComplaintState.PARTLY_CONCLUDED, acknowledged_on=c.transferred_on
    )
    clocks.clocks_scan(today=c.handle_due_on)
    assert stages(scene.unit_worker, "handle") == ["due"]


def test_an_extension_warns_again_for_the_new_due_date(scene):
    c = scene.complaint
    clocks.clocks_scan(today=c.handle_due_on)
    later = c.handle_due_on + timedelta(days=30)
    # The approved extension set directly (another part's service).
    Complaint.objects.filter(pk=c.pk).update(handle_due_on=later, extended_days=30)
    clocks.clocks_scan(today=later)
    handle = keys(scene.unit_worker, "handle")
    assert [k.split(":")[3] for k in handle] == [str(c.handle_due_on), str(later)]


def test_transfer_clock_tells_the_receiving_office_not_the_unit(scene):
    today = clock.today()
    waiting = complaint_register(
        actor=scene.w.reviewer,
        office=scene.w.office,
        data=complaint_in(
            number="D3HN202611270099",
            received_on=today - timedelta(days=14),
            accused_name="另一家企业",
            address="株洲市荷塘区另一条路1号",
            identity=complaint_in().identity.__class__(),
        ),
    )
    assert waiting.state == ComplaintState.REGISTERED
    clocks.clocks_scan(today=today)  # due tomorrow
    assert any(f":{waiting.pk}:transfer:" in k for k in keys(scene.w.reviewer, "transfer"))
    assert any(f":{waiting.pk}:transfer:" in k for k in keys(scene.office_handler, "transfer"))
    assert keys(scene.unit_worker, "transfer") == []
    assert keys(scene.office_viewer) == []  # viewers are not told
    clocks.clocks_scan(today=today + timedelta(days=2))
    assert stages(scene.w.reviewer, "transfer") == ["overdue", "soon"]
    with clock.frozen(today + timedelta(days=2)):
        assert waiting in complaints_overdue(scene.w.reviewer)
        assert waiting not in complaints_overdue(scene.unit_worker)


def test_review_decision_clock_tells_the_reviewing_body(scene):
    c = scene.complaint
    # A 复查 request created directly: its service is another part's.
    requested = clock.today()
    ComplaintReview.objects.create(
        complaint=c,
        level=ReviewLevel.RECHECK,
        requested_on=requested,
        grounds="不满意",
        reviewer=scene.w.office,
        due_on=requested + timedelta(days=30),
    )
    clocks.clocks_scan(today=requested + timedelta(days=30))
    assert stages(scene.w.reviewer, "review") == ["due"]
    assert stages(scene.unit_worker, "review") == []
    ComplaintReview.objects.filter(complaint=c).update(decided_on=requested + timedelta(days=31))
    result = clocks.clocks_scan(today=requested + timedelta(days=31))
    assert stages(scene.w.reviewer, "review") == ["due"]
    assert result.warnings == 2  # acknowledge and team report overdue; no longer the review


def test_nobody_the_complaint_is_against_is_told(scene):
    c = scene.complaint
    # A handling-unit worker who is also in the accused unit; and one named personally.
    double = make_user("double", organization=scene.environment, role=Role.REPORTER)
    Membership.objects.create(user=double, organization=scene.accused, role=Role.VIEWER)
    named = make_user("named", organization=scene.environment, role=Role.REPORTER)
    person = make_person("被举报人", organization=scene.accused)
    person.user = named
    person.save()
    c.accused_people.add(person)
    clocks.clocks_scan(today=c.team_report_due_on)
    assert keys(scene.unit_worker, "team_report")
    assert keys(double) == []
    assert keys(named) == []
    assert keys(scene.accused_reviewer) == []


def test_digests_go_once_per_user(scene, settings):
    c = scene.complaint
    for user in (scene.unit_worker, scene.unit_reviewer):
        user.email = f"{user.username}@example.cn"
        user.save()
    mail.outbox.clear()
    result = clocks.clocks_scan(today=c.team_report_due_on)
    assert result.emails == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "unit_reviewer@example.cn",
        "unit_worker@example.cn",
    ]
    assert "信访件办理预警" in mail.outbox[0].subject
    assert c.number in mail.outbox[0].body
    assert "郝秘密" not in mail.outbox[0].body
    assert clocks.clocks_scan(today=c.team_report_due_on).emails == 0


def test_the_daily_job_runs_the_step(scene):
    result = run_daily(today=scene.complaint.team_report_due_on)
    assert result.complaints is not None and result.complaints.notifications >= 2
    assert "complaint clock warnings" in result.summary()


def test_the_todo_lists_the_users_overdue_complaints(scene):
    c = scene.complaint
    # The team report (10 days from the hand-over) is the first clock to run out.
    with clock.frozen(c.team_report_due_on):
        assert list(complaints_overdue(scene.unit_worker)) == []
    with clock.frozen(c.team_report_due_on + timedelta(days=1)):
        assert list(complaints_overdue(scene.unit_worker)) == [c]
        assert list(complaints_overdue(scene.accused_reviewer)) == []
        assert list(complaints_overdue(scene.far_reviewer)) == []
        assert list(complaints_overdue(scene.w.reviewer)) == []  # the unit's to act, not the office


def test_queries_do_not_grow_with_complaints(scene, django_assert_max_num_queries):
    today = clock.today()
    for n in range(5):
        complaint_register(
            actor=SYSTEM,
            office=scene.w.office,
            data=complaint_in(
                number=f"D3HN20261127{n + 200:04d}",
                received_on=today - timedelta(days=16),
                accused_name=f"企业{n}",
                address=f"株洲市芦淞区某路{n}号",
                identity=complaint_in().identity.__class__(),
            ),
        )
    with django_assert_max_num_queries(12):
        result = clocks.clocks_scan(today=today)
    assert result.complaints_checked == 5
