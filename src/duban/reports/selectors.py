"""Reads behind the workbook (整改台账) and the progress report, through the users' scope.

SYSTEM (the command line without --user) reads everything, through the same selectors.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from duban.core.choices import COORDINATING_KINDS
from duban.core.models import Membership, Organization
from duban.core.principal import SYSTEM
from duban.core.roles import REVIEWERS
from duban.core.scope import scope_of
from duban.core.selectors import organization_visible_to
from duban.errors import NotFound
from duban.inspections.models import Plan, Problem
from duban.inspections.selectors import plan_visible_to, problem_visible_to
from duban.rectification import statistics
from duban.rectification.models import CloseOut, ProgressReport, Task
from duban.rectification.selectors import task_visible_to


def can_import_workbook(*, user: Any) -> bool:
    """Reviewers and admins of a coordinating organization (those who plan) may import."""
    return scope_of(user).oversees_anywhere(REVIEWERS)


def plans_for(*, user: Any) -> QuerySet[Plan]:
    plans = plan_visible_to(user)
    return plans.select_related("region", "office").order_by("code")


def plan_for(*, user: Any, code: str) -> Plan:
    """One plan the user sees; NotFound otherwise."""
    plan = plans_for(user=user).filter(code=code).first()
    if plan is None:
        raise NotFound(f"no rectification plan {code!r} visible to you", code="plan_not_found")
    return plan


def tasks_for(*, user: Any) -> QuerySet[Task]:
    return task_visible_to(user)


def problems_for(*, user: Any) -> QuerySet[Problem]:
    return problem_visible_to(user)


def organizations_for(*, user: Any) -> QuerySet[Organization]:
    return organization_visible_to(user)


def workbook_tasks(*, user: Any, plan: Plan | None) -> QuerySet[Task]:
    """The workbook's rows with all they show, in a fixed number of queries."""
    accepted = (
        CloseOut.objects.filter(accepted=True)
        .select_related("acceptance_unit", "signer")
        .order_by("-decided_at", "-pk")
    )
    tasks = (
        tasks_for(user=user)
        .select_related("problem__region", "lead_unit", "responsible_person")
        .prefetch_related(
            "co_units", Prefetch("closeouts", queryset=accepted, to_attr="accepted_closeouts")
        )
        .order_by("problem__code", "number")
    )
    return tasks.filter(problem__plan=plan) if plan is not None else tasks


def issuing_office(*, user: Any, plan: Plan) -> Organization:
    """The office a report of the plan goes out under: the user's own coordinating
    organization inside the plan's region, the deepest one (a city office, not the province),
    an organization of the plan office's kind first; else the plan's office (SYSTEM too)."""
    if user is SYSTEM or not user.is_authenticated:
        return plan.office
    memberships = Membership.objects.filter(
        user=user,
        organization__kind__in=COORDINATING_KINDS,
        organization__region__code__startswith=plan.region.prefix,
    ).select_related("organization__region")
    offices = [membership.organization for membership in memberships]
    if not offices:
        return plan.office
    return max(
        offices,
        key=lambda office: (
            office.kind == plan.office.kind,
            len(office.region.prefix) if office.region else 0,
            -office.pk,
        ),
    )


def plan_summary(*, user: Any, plan: Plan, region: str | None = None) -> statistics.Summary:
    """The published-form counts for the plan over the problems the user sees (in `region`)."""
    return statistics.summary(user=user, plan=plan.code, region=region)


def plan_sentences(*, user: Any, plan: Plan, region: str | None = None) -> list[str]:
    """The published sentences for the plan, counted by problem source."""
    rows = statistics.summary_by_source(user=user, plan=plan.code, region=region)
    return statistics.published_sentences(rows)


def period_reports(*, user: Any, plan: Plan, start: Any, end: Any) -> QuerySet[ProgressReport]:
    """Progress reports of the plan's visible tasks whose dispatch period overlaps [start, end]."""
    return (
        ProgressReport.objects.filter(
            task__in=tasks_for(user=user).filter(problem__plan=plan),
            period_start__lte=end,
            period_end__gte=start,
        )
        .select_related("task__problem", "task__lead_unit", "submitted_by")
        .order_by("task__problem__code", "task__number", "period_start", "version")
    )
