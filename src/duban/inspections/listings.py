"""The problem list's columns: how each sorts and what its Excel export holds."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from duban.core.web.lists import Column, Listing, in_choice_order
from duban.inspections.choices import ProblemStatus, ScheduleStatus
from duban.inspections.models import Problem


def _categories(problem: Problem) -> str:
    return "、".join(str(c.get_category_display()) for c in problem.categories.all())


def _schedule(problem: Problem) -> str:
    """Only a problem in progress has a schedule to keep (as the page shows it)."""
    if problem.status != ProblemStatus.IN_PROGRESS:
        return "—"
    return str(dict(ScheduleStatus.choices).get(problem.schedule_status, problem.schedule_status))


PROBLEMS = Listing(
    _("Problem list"),
    (
        Column("code", _("Problem code"), lambda p: p.code, ("code",), width=14),
        Column("title", _("Title"), lambda p: p.title, ("title",), width=40),
        Column("region", _("Region"), lambda p: p.region.name, ("region__code",)),
        Column("source", _("Source"), lambda p: p.get_source_display(), ("source",)),
        Column("categories", _("Categories"), _categories, width=24),
        Column(
            "status",
            _("Status"),
            lambda p: p.get_status_display(),
            (in_choice_order("status", ProblemStatus),),
        ),
        Column(
            "schedule",
            _("Schedule"),
            _schedule,
            (in_choice_order("schedule_status", ScheduleStatus),),
        ),
        Column("task_count", _("Task count"), lambda p: p.task_count, ("task_count",), width=10),
    ),
)
