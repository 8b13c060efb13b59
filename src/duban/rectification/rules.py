"""Pure rules of rectification: schedule status, warnings, dispatch periods, closure tests.

Nothing here touches the database; services and `duban scan` feed it plain values.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from duban.inspections.choices import Cadence, ScheduleStatus
from duban.inspections.rules import add_working_days
from duban.rectification.choices import (
    DONE_STATES,
    CloseOutStanding,
    TaskKind,
    TaskState,
    WarningLevel,
)

# Reported progress may trail the time-proportional expectation by this many points.
SCHEDULE_TOLERANCE_POINTS = 10
# Reminders start this many days before a deadline.
WARN_DAYS_BEFORE = 7
# 公示 in working days (China's calendar); settings.DUBAN_PUBLICITY_WORKING_DAYS overrides.
# Published close-out notices run 5–10 working days (docs/rectification.md, sources there).
DEFAULT_PUBLICITY_DAYS = 5
# 备案销号: the higher office may reject a filing within this many working days
# (settings.DUBAN_FILING_REVIEW_WORKING_DAYS overrides; docs/rectification.md).
DEFAULT_FILING_REVIEW_DAYS = 15
DEFAULT_LOOK_BACK_DAYS = 180
# Reporting a task complete with the last reported progress below this percent asks for a
# written explanation, shown to the acceptor (docs/rectification.md, "Completing a task").
COMPLETION_EXPLANATION_BELOW = 80

CLOSURE_TESTS: list[tuple[str, object]] = [
    ("measures_done", _("Every rectification measure is done")),
    ("violations_penalised", _("Violations have been penalised according to law")),
    ("effect_meets_norms", _("The effect meets legal and technical norms")),
    ("similar_fixed", _("Similar problems at the same site or park are also fixed")),
    ("root_cause_removed", _("The root cause is removed and a lasting mechanism is in place")),
]
CLOSURE_TEST_KEYS = [key for key, _label in CLOSURE_TESTS]


def expected_percent(*, assigned_on: date, deadline: date, today: date) -> int:
    """序时进度: the share of the assigned-to-deadline span that has elapsed, as a percent."""
    span = (deadline - assigned_on).days
    if span <= 0:
        return 100
    elapsed = min(max((today - assigned_on).days, 0), span)
    return round(100 * elapsed / span)


def schedule_status(
    *,
    state: str,
    kind: str,
    assigned_on: date,
    deadline: date | None,
    percent: int,
    report_missing: bool,
    today: date,
) -> ScheduleStatus:
    """done / overdue / behind / on_schedule for one task (formula in docs/rectification.md)."""
    if TaskState(state) in DONE_STATES:
        return ScheduleStatus.DONE
    if kind == TaskKind.ONGOING or deadline is None:
        return ScheduleStatus.BEHIND if report_missing else ScheduleStatus.ON_SCHEDULE
    if today > deadline:
        return ScheduleStatus.OVERDUE
    expected = expected_percent(assigned_on=assigned_on, deadline=deadline, today=today)
    if percent + SCHEDULE_TOLERANCE_POINTS < expected or report_missing:
        return ScheduleStatus.BEHIND
    return ScheduleStatus.ON_SCHEDULE


def warning_level(*, status: str, deadline: date | None, today: date) -> WarningLevel:
    """Red: overdue, or behind with the deadline a week away. Yellow: behind or deadline near."""
    if status == ScheduleStatus.DONE:
        return WarningLevel.GREEN
    if status == ScheduleStatus.OVERDUE:
        return WarningLevel.RED
    near = deadline is not None and (deadline - today).days <= WARN_DAYS_BEFORE
    if status == ScheduleStatus.BEHIND:
        return WarningLevel.RED if near else WarningLevel.YELLOW
    return WarningLevel.YELLOW if near else WarningLevel.GREEN


def reminder_stage(*, deadline: date | None, today: date) -> str | None:
    """Which deadline reminder is due today: 'before', 'due', 'overdue-1/2/4/8…', or None.

    After the deadline, reminders back off: 1, 2, 4, 8 … days overdue. The stage names one
    notification, so sending it again the same (or a later) day is a no-op.
    """
    if deadline is None:
        return None
    days_left = (deadline - today).days
    if 0 < days_left <= WARN_DAYS_BEFORE:
        return "before"
    if days_left == 0:
        return "due"
    if days_left < 0:
        overdue = -days_left
        return f"overdue-{1 << (overdue.bit_length() - 1)}"
    return None


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def period_containing(*, cadence: str, anchor: date, day: date) -> Period:
    """The dispatch period that contains `day`: weeks or fortnights from the plan's anchor
    date, or calendar months."""
    if cadence == Cadence.MONTHLY:
        last = calendar.monthrange(day.year, day.month)[1]
        return Period(day.replace(day=1), day.replace(day=last))
    length = 7 if cadence == Cadence.WEEKLY else 14
    offset = ((day - anchor).days // length) * length
    start = anchor + timedelta(days=offset)
    return Period(start, start + timedelta(days=length - 1))


def previous_period(*, cadence: str, anchor: date, day: date) -> Period:
    current = period_containing(cadence=cadence, anchor=anchor, day=day)
    return period_containing(cadence=cadence, anchor=anchor, day=current.start - timedelta(days=1))


def claim_drop_needs_explanation(
    *, previous: Decimal | None, value: Decimal, cumulative: bool
) -> bool:
    """A cumulative figure may not go down without a written explanation."""
    return cumulative and previous is not None and value < previous


def publicity_working_days() -> int:
    """The configured length of the public notice (公示), in working days."""
    return int(getattr(settings, "DUBAN_PUBLICITY_WORKING_DAYS", DEFAULT_PUBLICITY_DAYS))


def filing_review_working_days() -> int:
    """The configured period in which the higher office may reject a filing, in working days."""
    return int(getattr(settings, "DUBAN_FILING_REVIEW_WORKING_DAYS", DEFAULT_FILING_REVIEW_DAYS))


def working_days_after(start: date, count: int) -> date:
    """The last of `count` working days after `start` (start not counted; China's calendar,
    Monday to Friday assumed for a year whose holidays are not yet published)."""
    return add_working_days(start, count).due_on


def period_over(*, ends_on: date | None, today: date) -> bool:
    """A period whose last day is `ends_on` is over from the next day on."""
    return ends_on is not None and today > ends_on


def publicity_close_reason(*, objections_received: int) -> str:
    """What the ledger says when the daily job closes a task after its notice: "无异议" only
    when nobody objected at all (issue 9); otherwise that the objections were answered."""
    if objections_received:
        return "公示期满，异议均已答复处理，予以销号"
    return "公示期满无异议，予以销号"


def completion_needs_explanation(*, percent: int) -> bool:
    """A task reported complete well short of 100 % must say why (the acceptor reads it)."""
    return percent < COMPLETION_EXPLANATION_BELOW


def acceptance_level_fits(
    *,
    level: str,
    coordinating: bool,
    unit_region_level: str | None,
    unit_region_prefix: str | None,
    problem_region: str,
) -> bool:
    """分级验收: a task is accepted by a coordinating organization of its acceptance level
    (county / city / province) whose region covers the problem's region."""
    if not coordinating or unit_region_level != level or unit_region_prefix is None:
        return False
    return problem_region.startswith(unit_region_prefix)


def closeout_standing(*, accepted: bool | None, current: bool, task_state: str) -> CloseOutStanding:
    """Where a close-out attempt stands: its decision once taken; undecided, the task's state
    says it — only the task's latest attempt, while the task waits for acceptance, is still
    awaited. An undecided attempt the task has left was returned (退回) without a decision."""
    if accepted is not None:
        return CloseOutStanding.ACCEPTED if accepted else CloseOutStanding.NOT_ACCEPTED
    if current and task_state == TaskState.CLOSURE_REQUESTED:
        return CloseOutStanding.AWAITING
    if current and task_state == TaskState.UNDER_ACCEPTANCE:
        return CloseOutStanding.UNDER_ACCEPTANCE
    return CloseOutStanding.RETURNED
