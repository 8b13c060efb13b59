"""Problem pages: the problem list (问题清单) and a problem's detail with its timeline."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from duban.core import clock
from duban.core import selectors as core_selectors
from duban.core.pickers import PICK_LIMIT, Option, picker_view, region_path, render_picker
from duban.core.web.lists import list_response
from duban.core.web.params import get_choice, get_int, get_region, get_text
from duban.core.web.refusals import found
from duban.inspections import selectors
from duban.inspections.choices import Category, ProblemSource, ProblemStatus, ScheduleStatus
from duban.inspections.listings import PROBLEMS
from duban.inspections.models import Problem


def problem_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.ProblemFilter(
        query=get_text(request, "q"),
        region=get_region(request),
        team=get_int(request, "team"),
        source=get_choice(request, "source", ProblemSource.values),
        status=get_choice(request, "status", ProblemStatus.values),
        category=get_choice(request, "category", Category.values),
    )
    # The task-count annotation makes Django drop Meta.ordering, so the page orders by code.
    problems = selectors.problem_list(user=request.user, filters=filters).order_by("code")
    regions = selectors.problem_region_choices(user=request.user)
    return list_response(
        request,
        PROBLEMS,
        problems,
        "inspections/problem_list.html",
        {
            "filters": filters,
            "regions": regions,
            "region_picker": None if regions is not None else _region_picker(filters.region),
            "teams": selectors.team_list(),
            "sources": ProblemSource.choices,
            "statuses": ProblemStatus.choices,
            "categories": Category.choices,
            # Problem.schedule_status is stored without choices; it takes the task values.
            "schedule_labels": dict(ScheduleStatus.choices),
        },
    )


def _region_picker(code: str | None) -> str:
    """Too many regions for a select: search them by name (the filter keeps the code)."""
    region = core_selectors.region_list().select_related("parent__parent").filter(code=code).first()
    label = region_path(region) if region else code or ""
    return render_picker("pick-regions", "region", code, label, **{"aria-label": _("Region")})


def problem_detail(request: HttpRequest, code: str) -> HttpResponse:
    problem = found(lambda: selectors.problem_get(user=request.user, code=code))
    return render(
        request,
        "inspections/problem_detail.html",
        {
            "problem": problem,
            # Rows other apps show with a problem: rectification's tasks (core.related).
            "sections": selectors.problem_sections(problem=problem),
            "plan_clock": selectors.plan_clock(problem=problem, today=clock.today()),
            "events": selectors.problem_timeline(user=request.user, problem=problem),
            "subject_labels": selectors.problem_timeline_labels(problem=problem),
            "schedule_labels": dict(ScheduleStatus.choices),
        },
    )


def _pick_problems(user: Any, query: str, params: Any) -> list[Option]:
    rows = selectors.problem_search(user=user, query=query)
    return [problem_option(problem) for problem in rows[: PICK_LIMIT + 1]]


def problem_option(problem: Problem) -> Option:
    return Option(problem.code, problem_label(problem), problem.region.name)


def problem_label(problem: Problem) -> str:
    return f"{problem.code} {problem.title}"


pick_problems = picker_view(_pick_problems)
