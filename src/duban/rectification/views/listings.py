"""The columns of rectification's lists: how each sorts and what its Excel export holds."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from duban.core.templatetags.duban_tags import deadline_countdown
from duban.core.web.lists import Column, Listing, in_choice_order
from duban.inspections.choices import ScheduleStatus
from duban.rectification.choices import FilingState, TaskState, WarningLevel


def _names(people: Any) -> str:
    return "、".join(item.name for item in people.all())


def _with_post(person: Any) -> str:
    if person is None:
        return ""
    return f"{person.name}（{person.post}）" if person.post else person.name


def _deadline(task: Any) -> Any:
    return task.deadline or _("Ongoing")


CODE = Column("code", _("Task code"), lambda t: t.code, ("problem__code", "number"), width=14)
TITLE = Column("title", _("Title"), lambda t: t.title, ("title",), width=36)
DEADLINE = Column("deadline", _("Due date"), _deadline, ("deadline",), width=12)
STATE = Column(
    "state", _("State"), lambda t: t.get_state_display(), (in_choice_order("state", TaskState),)
)
SCHEDULE = Column(
    "schedule",
    _("Schedule"),
    lambda t: t.get_schedule_status_display(),
    (in_choice_order("schedule_status", ScheduleStatus),),
)
WARNING = Column(
    "warning",
    _("Warning"),
    lambda t: t.get_warning_level_display(),
    (in_choice_order("warning_level", WarningLevel),),
)
LEAD_UNIT = Column("lead_unit", _("Lead unit"), lambda t: t.lead_unit.name, ("lead_unit__path",))

TASKS = Listing(
    _("Task list"),
    (
        CODE,
        TITLE,
        Column("problem", _("Problem"), lambda t: t.problem.title, ("problem__title",), width=30),
        Column("kind", _("Kind"), lambda t: t.get_kind_display(), ("kind",), width=10),
        Column("measures", _("Measures"), lambda t: t.measures, width=50),
        Column("target", _("Target"), lambda t: t.target, width=40),
        DEADLINE,
        STATE,
        SCHEDULE,
        WARNING,
    ),
)

RESPONSIBILITY = Listing(
    _("Responsibility list"),
    (
        CODE,
        TITLE,
        LEAD_UNIT,
        Column("co_units", _("Co-units"), lambda t: _names(t.co_units), width=30),
        Column(
            "responsible_person",
            _("Responsible person"),
            lambda t: _with_post(t.responsible_person),
            ("responsible_person__name",),
        ),
        Column(
            "supervising_leader",
            _("Supervising leader"),
            lambda t: _with_post(t.supervising_leader),
            ("supervising_leader__name",),
        ),
        DEADLINE,
        Column(
            "acceptance_level",
            _("Acceptance level"),
            lambda t: t.get_acceptance_level_display(),
            ("acceptance_level",),
        ),
    ),
)

# The review queue: the task list's own columns, the same sort keys.
REVIEW = Listing(
    _("Review queue"),
    (
        CODE,
        TITLE,
        LEAD_UNIT,
        Column("kind", _("Kind"), lambda t: t.get_kind_display(), ("kind",), width=10),
        DEADLINE,
        STATE,
    ),
)

WARNINGS = Listing(
    _("Warnings"),
    (
        WARNING,
        CODE,
        TITLE,
        LEAD_UNIT,
        Column(
            "responsible_person",
            _("Responsible person"),
            lambda t: t.responsible_person.name,
            ("responsible_person__name",),
        ),
        DEADLINE,
        Column(
            "countdown",
            _("Days to or after the deadline"),
            lambda t: deadline_countdown(t.deadline),
            ("deadline",),
            width=14,
        ),
        SCHEDULE,
        STATE,
    ),
)


def _filing_state(filing: Any) -> str:
    state = str(filing.get_state_display())
    return f"{state}：{filing.reason}" if filing.reason else state


FILINGS = Listing(
    _("Close-out filings"),
    (
        Column(
            "task",
            _("Task code"),
            lambda f: f.task.code,
            ("task__problem__code", "task__number"),
            width=14,
        ),
        Column(
            "acceptance_unit",
            _("acceptance unit"),
            lambda f: f.closeout.acceptance_unit.name,
            ("closeout__acceptance_unit__path",),
            width=24,
        ),
        Column(
            "filed_with",
            _("filed with"),
            lambda f: f.filed_with.name,
            ("filed_with__path",),
            width=24,
        ),
        Column("filed_on", _("filed on"), lambda f: f.filed_on, ("filed_on",), width=12),
        Column(
            "review_ends_on",
            _("may be rejected until"),
            lambda f: f.review_ends_on,
            ("review_ends_on",),
            width=12,
        ),
        Column(
            "state", _("state"), _filing_state, (in_choice_order("state", FilingState),), width=30
        ),
    ),
)


def _notification_kind(notification: Any) -> Any:
    return notification.get_level_display() if notification.level else _("To do")


NOTIFICATIONS = Listing(
    _("Notifications"),
    (
        Column(
            "kind",
            _("Kind"),
            _notification_kind,
            (in_choice_order("level", WarningLevel),),
            width=10,
        ),
        Column("message", _("Message"), lambda n: n.message, width=60),
        Column(
            "task",
            _("Task"),
            lambda n: n.task.code if n.task else "",
            ("task__problem__code", "task__number"),
            width=14,
        ),
        Column("created_at", _("Received at"), lambda n: n.created_at, ("created_at",), width=16),
        Column("read_at", _("Read at"), lambda n: n.read_at, ("read_at",), width=16),
    ),
)
