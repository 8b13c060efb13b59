"""The columns of the case list and the supervision ledger: how each sorts, what each exports."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from duban.accountability.choices import CaseState
from duban.core.web.lists import Column, Listing, in_choice_order
from duban.inspections.choices import ProblemStatus, ScheduleStatus
from duban.supervision.choices import NoticeLevel


def _problem_codes(case: Any) -> str:
    return "、".join(problem.code for problem in case.problems.all())


def _schedule(problem: Any) -> str:
    """Only a problem in progress has a schedule to keep (as the page shows it)."""
    if problem.status != ProblemStatus.IN_PROGRESS:
        return "—"
    return str(dict(ScheduleStatus.choices).get(problem.schedule_status, problem.schedule_status))


def _count(key: str, label: Any) -> Column:
    return Column(key, label, lambda problem: getattr(problem, key), (key,), width=10)


CASES = Listing(
    _("Accountability cases"),
    (
        Column("number", _("case number"), lambda c: c.number, ("number",), width=20),
        Column("title", _("title"), lambda c: c.title, ("title",), width=36),
        Column("problems", _("problems"), _problem_codes, width=20),
        Column("source", _("source"), lambda c: c.get_source_display(), ("source",), width=20),
        Column("opened_on", _("opened on"), lambda c: c.opened_on, ("opened_on",), width=12),
        Column(
            "state",
            _("state"),
            lambda c: c.get_state_display(),
            (in_choice_order("state", CaseState),),
            width=10,
        ),
        _count("finding_count", _("Findings")),
        _count("sanction_count", _("Sanctions")),
    ),
)

LEDGER = Listing(
    _("Political supervision ledger"),
    (
        Column("code", _("Problem code"), lambda p: p.code, ("code",), width=14),
        Column("title", _("Title"), lambda p: p.title, ("title",), width=40),
        Column("region", _("Region"), lambda p: p.region.name, ("region__code",)),
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
        _count("task_count", _("Number of tasks")),
        *(_count(f"notices_{value}", label) for value, label in NoticeLevel.choices),
        _count("open_notices", _("Open notices")),
        _count("investigation_count", _("Direct investigations")),
        _count("case_count", _("Accountability cases")),
        _count("sanction_count", _("Sanctions")),
    ),
)
