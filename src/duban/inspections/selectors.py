"""Reads of problems, teams and the 30-working-day plan clock, scoped by user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from duban.core.scope import scope_of
from duban.errors import NotFound
from duban.inspections.models import InspectionTeam, Problem
from duban.rectification.selectors import task_visible_to


def problem_visible_to(user: Any) -> QuerySet[Problem]:
    """Problems in the user's regions, or with a task the user's organizations work on."""
    scope = scope_of(user)
    if scope.everything:
        return Problem.objects.all()
    has_task = task_visible_to(user).filter(problem=OuterRef("pk"))
    return Problem.objects.filter(scope.region_q("region__code") | Q(Exists(has_task)))


@dataclass
class ProblemFilter:
    query: str = ""
    region: str | None = None
    team: int | None = None
    source: str | None = None
    status: str | None = None
    category: str | None = None
    plan: str | None = None


def problem_list(*, user: Any, filters: ProblemFilter | None = None) -> QuerySet[Problem]:
    filters = filters or ProblemFilter()
    problems = (
        problem_visible_to(user)
        .select_related("region", "team", "plan")
        .prefetch_related("categories")
        .annotate(task_count=Count("tasks", distinct=True))
    )
    if filters.query:
        problems = problems.filter(
            Q(code__contains=filters.query)
            | Q(title__contains=filters.query)
            | Q(description__contains=filters.query)
            | Q(tags__contains=filters.query)
        )
    if filters.region:
        problems = problems.filter(region__code__startswith=filters.region.rstrip("0") or "x")
    if filters.team:
        problems = problems.filter(team_id=filters.team)
    if filters.source:
        problems = problems.filter(source=filters.source)
    if filters.status:
        problems = problems.filter(status=filters.status)
    if filters.category:
        problems = problems.filter(categories__category=filters.category)
    if filters.plan:
        problems = problems.filter(plan__code=filters.plan)
    return problems


def problem_get(*, user: Any, code: str) -> Problem:
    """One problem with its tasks, in a fixed number of queries."""
    tasks = (
        task_visible_to(user)
        .select_related("lead_unit", "responsible_person", "supervising_leader")
        .prefetch_related("co_units")
    )
    problem = (
        problem_visible_to(user)
        .select_related("region", "team__batch__round", "plan")
        .prefetch_related("categories", "other_regions", Prefetch("tasks", queryset=tasks))
        .filter(code=code)
        .first()
    )
    if problem is None:
        raise NotFound(f"problem {code!r} not found", code="problem_not_found")
    return problem


def team_list() -> QuerySet[InspectionTeam]:
    return InspectionTeam.objects.select_related("batch__round", "province")
