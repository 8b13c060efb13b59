"""Escalation through `duban scan`: reminder, notice (督办), referral — each once; the rules
never issue 约谈 or 挂牌督办, which a person decides."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from duban.cli import main
from duban.core import clock
from duban.core.choices import OrganizationKind, Role
from duban.core.models import Event
from duban.rectification.services import ClaimInput, report_submit, task_transition
from duban.supervision.choices import NoticeLevel
from duban.supervision.models import SupervisionNotice
from duban.verification.choices import SignalKind
from duban.verification.models import Signal
from duban.verification.services import signal_decide, verification_record
from tests.factories import make_organization, make_user

pytestmark = pytest.mark.django_db


def scan(day: date, capsys) -> str:
    assert main(["scan", "--today", day.isoformat()]) == 0
    return str(capsys.readouterr().out)


def deviating_submissions(w) -> None:
    """Three reports of 100+ km against 8.84 km found on site: a false-reporting pattern."""
    task_transition(actor=w.reporter, task_id=w.task.pk, action="acknowledge")
    task_transition(actor=w.reporter, task_id=w.task.pk, action="start")
    for number, value in enumerate(["107.5", "112", "115.2"], start=1):
        report = report_submit(
            actor=w.reporter,
            task_id=w.task.pk,
            narrative=f"第{number}次",
            percent=20 + number,
            claims=[ClaimInput("污水管网改造长度", "公里", Decimal(value))],
        )
        verification_record(
            actor=w.reviewer,
            claim_id=report.claims.get().pk,
            verified_value=Decimal("8.84"),
            method="site_measurement",
            checker=w.signer,
            verified_on=clock.today(),
        )


def test_scan_escalates_reminder_then_notice_then_referral(workflow, capsys):
    w = workflow
    deviating_submissions(w)
    commission = make_organization("株洲市纪委监委", kind=OrganizationKind.DISCIPLINE_COMMISSION)
    supervisor = make_user("jw", organization=commission, role=Role.SUPERVISOR)

    # Overdue 8 days (the default threshold is 7): one reminder, however often scan runs.
    first_day = w.task.deadline + timedelta(days=8)
    assert "1 supervision notices by escalation" in scan(first_day, capsys)
    assert "0 supervision notices by escalation" in scan(first_day, capsys)
    (reminder,) = SupervisionNotice.objects.all()
    assert (reminder.level, reminder.issuer, reminder.target) == (
        NoticeLevel.REMINDER,
        w.office,
        w.housing,
    )
    assert reminder.issued_on == first_day and reminder.issued_by is None
    assert list(reminder.tasks.all()) == [w.task]

    # Past the reminder's reply date (5 days) and still overdue: a notice (督办), once.
    later = first_day + timedelta(days=6)
    assert "1 supervision notices by escalation" in scan(later, capsys)
    assert "0 supervision notices by escalation" in scan(later, capsys)
    pressed = SupervisionNotice.objects.get(level=NoticeLevel.NOTICE)
    assert pressed.escalated_from == reminder
    assert pressed.due_on == later + timedelta(days=10)
    assert list(reminder.escalations.all()) == [pressed]
    verbs = Event.objects.filter(
        subject_type="supervision.supervisionnotice", subject_id=str(pressed.pk)
    ).values_list("verb", flat=True)
    assert list(verbs) == ["notice.escalated"]
    # The notice lapses too: the ladder stops; 约谈 and 挂牌督办 are a person's decision.
    assert "0 supervision notices by escalation" in scan(later + timedelta(days=30), capsys)
    assert not SupervisionNotice.objects.filter(level__in=[NoticeLevel.LISTED, NoticeLevel.TALK])

    # The scan raised the false-reporting signal; once a supervisor confirms it, the next
    # scan refers it to the discipline commission — once.
    signal = Signal.objects.get(kind=SignalKind.FALSE_REPORTING)
    assert not signal.referred
    assert "0 false-reporting signals referred" in scan(later, capsys)
    signal_decide(actor=supervisor, signal_id=signal.pk, confirm=True, reason="核实属实")
    assert "1 false-reporting signals referred" in scan(later, capsys)
    assert "0 false-reporting signals referred" in scan(later, capsys)
    signal.refresh_from_db()
    assert signal.referred
    referrals = Event.objects.filter(verb="signal.referred", subject_id=str(signal.pk))
    assert referrals.count() == 1 and referrals.get().actor is None
    assert SupervisionNotice.objects.count() == 2


def test_escalation_periods_come_from_settings(workflow, settings, capsys):
    w = workflow
    settings.DUBAN_REMINDER_AFTER_OVERDUE_DAYS = 30
    settings.DUBAN_REMINDER_REPLY_DAYS = 2
    assert "0 supervision notices" in scan(w.task.deadline + timedelta(days=8), capsys)
    day = w.task.deadline + timedelta(days=30)
    assert "1 supervision notices" in scan(day, capsys)
    assert SupervisionNotice.objects.get().due_on == day + timedelta(days=2)


def test_a_bad_escalation_setting_is_a_one_line_error(workflow, settings, capsys):
    settings.DUBAN_NOTICE_REPLY_DAYS = "ten"
    assert main(["scan", "--today", clock.today().isoformat()]) == 2
    assert "DUBAN_NOTICE_REPLY_DAYS" in capsys.readouterr().err


def test_the_retired_listed_reply_setting_stops_the_scan(workflow, settings, capsys):
    settings.DUBAN_LISTED_REPLY_DAYS = 10
    assert main(["scan", "--today", clock.today().isoformat()]) == 2
    error = capsys.readouterr().err
    assert "DUBAN_LISTED_REPLY_DAYS is no longer read" in error
    assert "DUBAN_NOTICE_REPLY_DAYS" in error
    assert not SupervisionNotice.objects.exists()


def test_the_notice_reply_period_comes_from_settings(workflow, settings, capsys):
    w = workflow
    settings.DUBAN_NOTICE_REPLY_DAYS = 3
    first_day = w.task.deadline + timedelta(days=8)
    scan(first_day, capsys)
    later = first_day + timedelta(days=6)
    scan(later, capsys)
    assert SupervisionNotice.objects.get(level=NoticeLevel.NOTICE).due_on == later + timedelta(3)
