"""Problem pages: the problem list (问题清单) and a problem's detail with its timeline."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from duban.core import clock
from duban.core.web.lists import list_response
from duban.core.web.params import get_choice, get_int, get_region, get_text
from duban.core.web.refusals import found
from duban.inspections import selectors
from duban.inspections.choices import Category, ProblemSource, ProblemStatus, ScheduleStatus
from duban.inspections.listings import PROBLEMS


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
    return list_response(
        request,
        PROBLEMS,
        problems,
        "inspections/problem_list.html",
        {
            "filters": filters,
            "regions": selectors.problem_region_choices(user=request.user),
            "teams": selectors.team_list(),
            "sources": ProblemSource.choices,
            "statuses": ProblemStatus.choices,
            "categories": Category.choices,
            # Problem.schedule_status is stored without choices; it takes the task values.
            "schedule_labels": dict(ScheduleStatus.choices),
        },
    )


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
