"""The columns of rectification's lists: how each sorts and what its Excel export holds."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from duban.core.web.lists import Column, Listing, in_choice_order
from duban.inspections.choices import ScheduleStatus
from duban.rectification.choices import TaskState, WarningLevel


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
