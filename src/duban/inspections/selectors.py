"""Reads of problems, plans, teams and the 30-working-day plan clock, scoped by user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import CharField, Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Cast

from duban.core.ledger import subject_type_of
from duban.core.models import Event, Region
from duban.core.scope import scope_of
from duban.core.selectors import region_q
from duban.errors import NotFound
from duban.inspections.models import InspectionTeam, Plan, Problem
from duban.inspections.rules import plan_due_on
from duban.rectification.models import Task
from duban.rectification.selectors import task_visible_to


def problem_visible_to(user: Any) -> QuerySet[Problem]:
    """Problems in the user's regions, or with a task the user's organizations work on."""
    scope = scope_of(user)
    if scope.everything:
        return Problem.objects.all()
    has_task = task_visible_to(user).filter(problem=OuterRef("pk"))
    return Problem.objects.filter(scope.region_q("region__code") | Q(Exists(has_task)))


def plan_visible_to(user: Any) -> QuerySet[Plan]:
    scope = scope_of(user)
    if scope.everything:
        return Plan.objects.all()
    visible_tasks = task_visible_to(user).filter(problem__plan=OuterRef("pk"))
    return Plan.objects.filter(scope.region_q("region__code") | Q(Exists(visible_tasks)))


def plan_list(*, user: Any) -> QuerySet[Plan]:
    """Plans the user sees, for filters and statistics."""
    return plan_visible_to(user).order_by("code")


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
        # Count only the tasks this user may see: a unit must not learn how many others exist.
        .annotate(
            task_count=Count(
                "tasks", filter=Q(tasks__in=task_visible_to(user).values("pk")), distinct=True
            )
        )
    )
    if filters.query:
        problems = problems.filter(
            Q(code__contains=filters.query)
            | Q(title__contains=filters.query)
            | Q(description__contains=filters.query)
            | Q(tags__contains=filters.query)
        )
    if filters.region:
        problems = problems.filter(region_q("region__code", filters.region))
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


def problem_region_choices(*, user: Any, limit: int = 300) -> list[Region] | None:
    """Regions that hold the user's visible problems, with their city and province, for a
    region filter; None when there are too many for a select (a text box is shown instead)."""
    codes = set(
        problem_visible_to(user).order_by().values_list("region_id", flat=True).distinct()[:limit]
    )
    if len(codes) >= limit:
        return None
    wanted = codes | {f"{code[:4]}00" for code in codes} | {f"{code[:2]}0000" for code in codes}
    return list(Region.objects.filter(code__in=wanted).order_by("code"))


@dataclass(frozen=True)
class PlanClock:
    """Where a problem stands on the 30-working-day clock for its rectification plan."""

    feedback_on: date
    due_on: date
    # The holiday schedule of some year on the way was not published; Mon-Fri was assumed.
    estimated: bool
    approved_on: date | None
    overdue: bool

    @property
    def approved_in_time(self) -> bool:
        return self.approved_on is not None and self.approved_on <= self.due_on


def plan_clock(*, problem: Problem, today: date) -> PlanClock | None:
    """The plan clock of a problem with a feedback date; None without one."""
    if problem.feedback_on is None:
        return None
    due = plan_due_on(problem.feedback_on)
    approved_on = problem.plan.approved_on if problem.plan else None
    late = approved_on is None or approved_on > due.due_on
    return PlanClock(
        feedback_on=problem.feedback_on,
        due_on=due.due_on,
        estimated=due.estimated,
        approved_on=approved_on,
        overdue=late and today > due.due_on,
    )


def problem_timeline(*, user: Any, problem: Problem) -> QuerySet[Event]:
    """Events of the problem and of all its tasks the user sees, oldest first, in one query."""
    task_ids = (
        task_visible_to(user)
        .filter(problem=problem)
        .annotate(pk_text=Cast("pk", CharField()))
        .values("pk_text")
    )
    return (
        Event.objects.filter(
            Q(subject_type=subject_type_of(problem), subject_id=str(problem.pk))
            | Q(subject_type=Task._meta.label_lower, subject_id__in=task_ids)
        )
        .select_related("actor", "organization")
        .order_by("seq")
    )


def problem_timeline_labels(*, problem: Problem) -> dict[str, str]:
    """Names for the subjects of a problem's timeline, keyed "<subject type>:<id>".

    Uses the tasks already prefetched by problem_get, so it adds no query.
    """
    labels = {f"{subject_type_of(problem)}:{problem.pk}": problem.code}
    for task in problem.tasks.all():
        labels[f"{Task._meta.label_lower}:{task.pk}"] = f"{task.code} {task.title}"
    return labels
