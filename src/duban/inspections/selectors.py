"""Reads of problems, plans, teams and the 30-working-day plan clock, scoped by user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from duban.core.ledger import subject_type_of
from duban.core.models import Event, Region
from duban.core.related import Section, reach_q, sections_of
from duban.core.scope import scope_of
from duban.core.selectors import ids_of, region_q
from duban.errors import NotFound
from duban.inspections.models import InspectionTeam, Plan, Problem
from duban.inspections.rules import plan_due_on, plan_submitted_in_time


def problem_visible_to(user: Any) -> QuerySet[Problem]:
    """Problems in the user's regions, or reached through other apps' rows (core.related:
    rectification lets the units working on a task of a problem see the problem)."""
    scope = scope_of(user)
    if scope.everything:
        return Problem.objects.all()
    return Problem.objects.filter(scope.region_q("region__code") | reach_q(Problem, user))


def problem_event_q(user: Any) -> Q:
    """problem_visible_to over Event's stamped columns: the problem's region (never changes)
    or a problem reached through other apps' rows, by its id."""
    scope = scope_of(user)
    if scope.everything:
        return Q()
    reached = ids_of(Problem.objects.filter(reach_q(Problem, user)))
    return scope.region_q("region_code") | Q(problem_ref__in=reached)


def plan_visible_to(user: Any) -> QuerySet[Plan]:
    """Plans in the user's regions, or with a problem the user reaches through other apps."""
    scope = scope_of(user)
    if scope.everything:
        return Plan.objects.all()
    reached = Problem.objects.filter(reach_q(Problem, user), plan=OuterRef("pk"))
    return Plan.objects.filter(scope.region_q("region__code") | Q(Exists(reached)))


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
        # Count only the rows this user may see: a unit must not learn how many others exist.
        .annotate(**{section.count_as: section.count(user) for section in sections_of(Problem)})
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


def problem_search(*, user: Any, query: str) -> QuerySet[Problem]:
    """Visible problems whose code or title holds `query`, newest first, for a picker."""
    problems = problem_visible_to(user).select_related("region")
    if query:
        problems = problems.filter(Q(code__contains=query) | Q(title__contains=query))
    return problems.order_by("-code")


def problem_get(*, user: Any, code: str) -> Problem:
    """One problem with the rows other apps show with it (its tasks), in a fixed number of
    queries; `problem_sections` hands those rows out."""
    sections = [section.prefetch(user) for section in sections_of(Problem)]
    problem = (
        problem_visible_to(user)
        .select_related("region", "team__batch__round", "plan")
        .prefetch_related("categories", "other_regions", *sections)
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
    """Where a problem stands on the 30-working-day clock for submitting its plan (上报)."""

    feedback_on: date
    due_on: date
    # The holiday schedule of some year on the way was not published; Mon-Fri was assumed.
    estimated: bool
    submitted_on: date | None
    submitted_to: str
    submitted_in_time: bool
    approved_on: date | None
    approved_by: str
    overdue: bool


def plan_clock(*, problem: Problem, today: date) -> PlanClock | None:
    """The plan clock of a problem with a feedback date; None without one."""
    if problem.feedback_on is None:
        return None
    due = plan_due_on(problem.feedback_on)
    plan = problem.plan
    submitted_on = plan.submitted_on if plan else None
    in_time = plan_submitted_in_time(submitted_on=submitted_on, due_on=due.due_on)
    return PlanClock(
        feedback_on=problem.feedback_on,
        due_on=due.due_on,
        estimated=due.estimated,
        submitted_on=submitted_on,
        submitted_to=plan.submitted_to if plan else "",
        submitted_in_time=in_time,
        approved_on=plan.approved_on if plan else None,
        approved_by=plan.approved_by if plan else "",
        overdue=not in_time and today > due.due_on,
    )


def problem_sections(*, problem: Problem) -> list[tuple[Section, list[Any]]]:
    """Each section other apps show with a problem and its rows, as problem_get loaded them."""
    return [(section, section.shown(problem)) for section in sections_of(Problem)]


def problem_timeline(*, user: Any, problem: Problem) -> QuerySet[Event]:
    """Events of the problem and of the rows shown with it that the user sees (its tasks),
    oldest first, in one query."""
    # Events are stamped with the problem they belong to (problem_ref, indexed), so this reads
    # the problem's events, not the ledger: a section's rows must stamp their problem.
    condition = Q(subject_type=subject_type_of(problem), subject_pk=problem.pk)
    for section in sections_of(Problem):
        rows = section.rows_of(user, problem)
        condition |= Q(subject_type=subject_type_of(rows.model), subject_pk__in=rows.values("pk"))
    return (
        Event.objects.filter(condition, problem_ref=problem.pk)
        .select_related("actor", "organization")
        .order_by("seq")
    )


def problem_timeline_labels(*, problem: Problem) -> dict[str, str]:
    """Names for the subjects of a problem's timeline, keyed "<subject type>:<id>".

    Uses the rows already prefetched by problem_get, so it adds no query.
    """
    labels = {f"{subject_type_of(problem)}:{problem.pk}": problem.code}
    for section, rows in problem_sections(problem=problem):
        for row in rows:
            labels[f"{subject_type_of(row)}:{row.pk}"] = section.label(row)
    return labels
