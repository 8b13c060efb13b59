"""The escalation rules `duban scan` runs: reminders, the notice ladder, referrals."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from duban.core import clock
from duban.core.models import Organization
from duban.core.principal import SYSTEM
from duban.errors import InvalidTransition
from duban.inspections.choices import ScheduleStatus
from duban.rectification.models import Task
from duban.supervision.choices import NoticeLevel, NoticeState
from duban.supervision.models import SupervisionNotice
from duban.supervision.services.notices import notice_issue
from duban.verification.choices import SignalKind, SignalStatus
from duban.verification.models import Signal
from duban.verification.services import signal_refer

# Escalation defaults (docs/supervision.md), each overridable by the Django setting of the
# same name with a DUBAN_ prefix: a task overdue this many days gets a reminder (提醒); a
# reminder still unanswered or overdue past its reply date becomes a notice (督办). The
# ladder stops there: 约谈 and 挂牌督办 are a person's decision (permissions.level_refusals).
REMINDER_AFTER_OVERDUE_DAYS = 7
REMINDER_REPLY_DAYS = 5
NOTICE_REPLY_DAYS = 10
ESCALATION_DEFAULTS = {
    "DUBAN_REMINDER_AFTER_OVERDUE_DAYS": REMINDER_AFTER_OVERDUE_DAYS,
    "DUBAN_REMINDER_REPLY_DAYS": REMINDER_REPLY_DAYS,
    "DUBAN_NOTICE_REPLY_DAYS": NOTICE_REPLY_DAYS,
}
# Read no more: rule-issued listed supervision is gone. A deployment still setting it is told.
RETIRED_SETTINGS = {
    "DUBAN_LISTED_REPLY_DAYS": "listed supervision is no longer issued by the escalation "
    "rules; DUBAN_NOTICE_REPLY_DAYS sets the reply period of a rule-issued notice",
}


REFERRAL_NOTE = "弄虚作假疑点经确认，依督办升级规则移送纪委监委。"


def escalation_setting(name: str) -> int:
    """An escalation period in days from settings (or its default); refuses nonsense."""
    value = getattr(settings, name, ESCALATION_DEFAULTS[name])
    try:
        days = int(value)
    except (TypeError, ValueError) as error:
        raise ImproperlyConfigured(f"{name} must be a whole number of days") from error
    if days < 0 or (days == 0 and name != "DUBAN_REMINDER_AFTER_OVERDUE_DAYS"):
        raise ImproperlyConfigured(f"{name} must be a positive number of days, not {value!r}")
    return days


def _office_of(task: Task) -> Organization | None:
    plan = task.problem.plan
    return plan.office if plan else None


def _remind_overdue_tasks(today: date, *, after: int, reply_days: int) -> list[SupervisionNotice]:
    """Rule 1: a task overdue N days gets a reminder from its plan's rectification office."""
    issued: list[SupervisionNotice] = []
    overdue = Task.objects.filter(
        schedule_status=ScheduleStatus.OVERDUE,
        deadline__lte=today - timedelta(days=after),
    ).order_by("pk")
    for task in overdue.select_related("problem__plan__office", "lead_unit"):
        office = _office_of(task)
        key = f"overdue-reminder:{task.pk}:{task.deadline}"
        late = (today - task.deadline).days if task.deadline else 0
        if office is None or SupervisionNotice.objects.filter(rule_key=key).exists():
            continue
        with clock.frozen(today):
            issued.append(
                notice_issue(
                    actor=SYSTEM,
                    issuer=office,
                    target=task.lead_unit,
                    tasks=[task],
                    level=NoticeLevel.REMINDER,
                    demands=f"任务{task.code}已逾期{late}天（时限{task.deadline}），"
                    "请立即整改并书面报告整改进展。",
                    due_on=today + timedelta(days=reply_days),
                    rule_key=key,
                )
            )
    return issued


def _press_lapsed_reminders(today: date, *, reply_days: int) -> list[SupervisionNotice]:
    """Rule 2: a reminder past its reply date, unanswered or with a task still overdue,
    becomes a supervision notice (督办), escalated from it."""
    issued: list[SupervisionNotice] = []
    lapsed = (
        SupervisionNotice.objects.filter(
            level=NoticeLevel.REMINDER,
            due_on__lt=today,
        )
        .exclude(state=NoticeState.CLOSED)
        .order_by("pk")
        .prefetch_related("tasks")
    )
    for notice in lapsed.select_related("issuer", "target"):
        key = f"notice:{notice.pk}"
        still_overdue = [
            t for t in notice.tasks.all() if t.schedule_status == ScheduleStatus.OVERDUE
        ]
        unanswered = notice.state == NoticeState.ISSUED
        if (not still_overdue and not unanswered) or SupervisionNotice.objects.filter(
            rule_key=key
        ).exists():
            continue
        with clock.frozen(today):
            issued.append(
                notice_issue(
                    actor=SYSTEM,
                    issuer=notice.issuer,
                    target=notice.target,
                    tasks=still_overdue or list(notice.tasks.all()),
                    level=NoticeLevel.NOTICE,
                    demands=f"{notice.number}提醒后逾期仍未整改到位，现予督办，"
                    f"请于{reply_days}日内整改到位并书面报告。",
                    due_on=today + timedelta(days=reply_days),
                    escalated_from=notice,
                    rule_key=key,
                )
            )
    return issued


def escalation_periods() -> dict[str, int]:
    """Every escalation setting, read and checked at once (ImproperlyConfigured if wrong or
    retired)."""
    for name, why in RETIRED_SETTINGS.items():
        if hasattr(settings, name):
            raise ImproperlyConfigured(f"{name} is no longer read: {why}")
    return {name: escalation_setting(name) for name in ESCALATION_DEFAULTS}


def escalate(*, today: date | None = None) -> list[SupervisionNotice]:
    """Run the notice escalation rules once (idempotent: a rule key issues one notice, ever).

    Raises ImproperlyConfigured when an escalation setting is not a sensible number of days.
    """
    periods = escalation_periods()
    today = today or clock.today()
    reminders = _remind_overdue_tasks(
        today,
        after=periods["DUBAN_REMINDER_AFTER_OVERDUE_DAYS"],
        reply_days=periods["DUBAN_REMINDER_REPLY_DAYS"],
    )
    notices = _press_lapsed_reminders(today, reply_days=periods["DUBAN_NOTICE_REPLY_DAYS"])
    return [*reminders, *notices]


def refer_confirmed_false_reporting(*, today: date | None = None) -> list[Signal]:
    """Rule 3: every confirmed false-reporting signal not yet referred goes to the discipline
    commission (verification's signal_refer, as the system). Idempotent: referred once."""
    today = today or clock.today()
    pending = Signal.objects.filter(
        kind=SignalKind.FALSE_REPORTING, status=SignalStatus.CONFIRMED, referred=False
    ).order_by("pk")
    referred: list[Signal] = []
    for signal_id in pending.values_list("pk", flat=True):
        try:
            with clock.frozen(today):
                referred.append(signal_refer(actor=SYSTEM, signal_id=signal_id, note=REFERRAL_NOTE))
        except InvalidTransition:  # referred by someone else meanwhile
            continue
    return referred
