"""The columns of supervision's lists: how each sorts and what its Excel export holds."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from duban.core.web.lists import Column, Listing, in_choice_order
from duban.rectification.views.listings import CODE, DEADLINE, LEAD_UNIT, STATE, TITLE
from duban.supervision.choices import InvestigationState, NoticeLevel, NoticeState


def _task_codes(notice: Any) -> str:
    return "、".join(task.code for task in notice.tasks.all())


NOTICES = Listing(
    _("Supervision notices"),
    (
        Column("number", _("Notice number"), lambda n: n.number, ("issued_on", "number")),
        Column(
            "level",
            _("Level"),
            lambda n: n.get_level_display(),
            (in_choice_order("level", NoticeLevel),),
        ),
        Column("target", _("Addressed to"), lambda n: n.target.name, ("target__path",), width=24),
        Column("issuer", _("Issued by"), lambda n: n.issuer.name, ("issuer__path",), width=24),
        Column("tasks", _("Tasks concerned"), _task_codes, width=24),
        Column("issued_on", _("Issued on"), lambda n: n.issued_on, ("issued_on",), width=12),
        Column("due_on", _("Reply due by"), lambda n: n.due_on, ("due_on",), width=12),
        Column(
            "state",
            _("State"),
            lambda n: n.get_state_display(),
            (in_choice_order("state", NoticeState),),
        ),
    ),
)

OVERDUE_TASKS = Listing(
    _("Overdue tasks"),
    (
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
        STATE,
    ),
)

INVESTIGATIONS = Listing(
    _("Direct investigations"),
    (
        Column(
            "problem",
            _("Problem"),
            lambda i: f"{i.problem.code} {i.problem.title}",
            ("problem__code",),
            width=40,
        ),
        Column(
            "commission",
            _("Discipline commission"),
            lambda i: i.commission.name,
            ("commission__path",),
            width=24,
        ),
        Column(
            "team",
            _("Investigation team"),
            lambda i: "、".join(person.name for person in i.team.all()),
            width=24,
        ),
        Column("opened_on", _("Opened on"), lambda i: i.opened_on, ("opened_on",), width=12),
        Column(
            "state",
            _("State"),
            lambda i: i.get_state_display(),
            (in_choice_order("state", InvestigationState),),
        ),
    ),
)
