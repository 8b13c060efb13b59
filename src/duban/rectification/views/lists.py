"""Pages for lists: task list (three lists), review queue, warnings, inbox, statistics."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from duban.core import clock
from duban.core.choices import Role
from duban.core.dashboard import todo_narrow
from duban.core.pickers import PICK_LIMIT, Option, picker_view, render_picker
from duban.core.replica import reads_from_replica
from duban.core.roles import at_least
from duban.core.scope import scope_of
from duban.core.selectors import organization_list
from duban.core.web.bulk import back_to, report, selected_ids
from duban.core.web.downloads import download
from duban.core.web.lists import XLSX, list_response
from duban.core.web.params import get_choice, get_int, get_text
from duban.inspections.choices import ScheduleStatus
from duban.inspections.selectors import plan_list
from duban.rectification import selectors, services, statistics
from duban.rectification.choices import TaskState, WarningLevel
from duban.rectification.forms import task_label
from duban.rectification.permissions import transition_refusal
from duban.rectification.services.notifications import notifications_mark_read
from duban.rectification.statistics_workbook import statistics_workbook
from duban.rectification.transitions import TRANSITIONS
from duban.rectification.views import listings

MY_TASKS_SHOWN = 50
TASK_LIST_VIEWS = ("tasks", "responsibility")


def _holds_role(user: Any, least: Role) -> bool:
    """The user holds `least` or a higher role in some organization (as the nav decides)."""
    return scope_of(user).holds_anywhere(at_least(least))


def task_list(request: HttpRequest) -> HttpResponse:
    """任务清单 and 责任清单: the same task rows, two sets of columns."""
    view = get_choice(request, "view", TASK_LIST_VIEWS) or "tasks"
    filters = selectors.TaskFilter(
        query=get_text(request, "q"),
        plan=get_text(request, "plan", max_length=32) or None,
        state=get_choice(request, "state", TaskState.values),
        schedule_status=get_choice(request, "schedule_status", ScheduleStatus.values),
        warning_level=get_choice(request, "warning_level", WarningLevel.values),
        lead_unit=get_int(request, "lead_unit"),
    )
    tasks, todo = todo_narrow(request, selectors.task_list(user=request.user, filters=filters))
    return list_response(
        request,
        listings.RESPONSIBILITY if view == "responsibility" else listings.TASKS,
        tasks,
        "rectification/list_tasks.html",
        {
            "view": view,
            "todo": todo,
            "filters": filters,
            "plans": plan_list(user=request.user),
            "lead_unit_picker": _lead_unit_picker(request.user, filters.lead_unit),
            "states": TaskState.choices,
            "schedule_statuses": ScheduleStatus.choices,
            "warning_levels": WarningLevel.choices,
        },
        per_page=lambda page: {"acknowledgeable": _acknowledgeable(request.user, page)},
    )


def _lead_unit_picker(user: Any, pk: int | None) -> str:
    """Too many units for a select at national scale: search them by name (the filter keeps
    the id; an unknown or unseen id shows as no choice)."""
    unit = organization_list(user=user).filter(pk=pk).first() if pk else None
    value, label = (str(unit.pk), unit.name) if unit else (None, "")
    return render_picker(
        "pick-organizations", "lead_unit", value, label, **{"aria-label": _("Lead unit")}
    )


def _acknowledgeable(user: Any, page: Page) -> set[int]:
    """The page's tasks this user may 签收 now — asked of the rule the service enforces."""
    acknowledge = TRANSITIONS["acknowledge"]
    return {
        task.pk
        for task in page.object_list
        if transition_refusal(actor=user, task=task, transition=acknowledge) is None
    }


@require_POST
def task_acknowledge_selected(request: HttpRequest) -> HttpResponse:
    """批量签收: the ticked tasks, each through the one transition service."""
    back = back_to(request, reverse("task-list"))
    ids = selected_ids(request, "task")
    if ids is None:
        messages.error(request, gettext("The selection could not be read; tick the tasks again."))
        return redirect(back)
    outcome = services.tasks_acknowledge(actor=request.user, task_ids=ids)
    report(
        request,
        outcome,
        done=lambda count: gettext("Acknowledged: %(count)s task(s).") % {"count": count},
        name_of=lambda task: task.code,
    )
    return redirect(back)


def review_queue(request: HttpRequest) -> HttpResponse:
    """Reviewers' queue; the actions themselves live on each task's page."""
    if not _holds_role(request.user, Role.REVIEWER):
        raise PermissionDenied
    queue = selectors.review_queue(user=request.user)
    return list_response(
        request,
        listings.REVIEW,
        queue["tasks"],
        "rectification/review_queue.html",
        {"extensions": queue["extensions"]},
    )


def warning_list(request: HttpRequest) -> HttpResponse:
    tasks = selectors.warning_task_list(user=request.user)
    return list_response(request, listings.WARNINGS, tasks, "rectification/warnings.html", {})


def inbox(request: HttpRequest) -> HttpResponse:
    """The user's notifications (sorted, exported like any list) and their open tasks."""
    notifications = selectors.notification_list(user=request.user)
    my_tasks = selectors.my_task_list(user=request.user)
    return list_response(
        request,
        listings.NOTIFICATIONS,
        notifications,
        "rectification/inbox.html",
        {"my_tasks": my_tasks[:MY_TASKS_SHOWN], "my_tasks_limit": MY_TASKS_SHOWN},
    )


@require_POST
def inbox_mark_read(request: HttpRequest) -> HttpResponse:
    notifications_mark_read(actor=request.user)
    return redirect("inbox")


STATISTICS_ROWS_SHOWN = 50  # per table; the Excel export (?format=xlsx) has every row


@reads_from_replica
def statistics_page(request: HttpRequest) -> HttpResponse:
    """The published-form sentence and the tables by region, unit and plan: the first rows of
    each on the page, all of them in the Excel export."""
    plan = get_text(request, "plan", max_length=32) or None
    tables = [
        ("by-region", _("By region"), statistics.summary_by_region(user=request.user, plan=plan)),
        ("by-unit", _("By lead unit"), statistics.summary_by_unit(user=request.user, plan=plan)),
        ("by-plan", _("By rectification plan"), statistics.summary_by_plan(user=request.user)),
    ]
    if request.GET.get("format") == "xlsx":
        content = statistics_workbook([(caption, rows) for _key, caption, rows in tables])
        filename = f"{gettext('Statistics')}（{clock.today():%Y-%m-%d}）.xlsx"
        return download(content, filename=filename, content_type=XLSX)
    return render(
        request,
        "rectification/statistics.html",
        {
            "plan": plan,
            "plans": plan_list(user=request.user),
            "summary": statistics.summary(user=request.user, plan=plan),
            "sentences": statistics.published_sentences(
                statistics.summary_by_source(user=request.user, plan=plan)
            ),
            "tables": [
                (key, caption, rows[:STATISTICS_ROWS_SHOWN], len(rows) - STATISTICS_ROWS_SHOWN)
                for key, caption, rows in tables
            ],
        },
    )


def _pick_tasks(user: Any, query: str, params: Any) -> list[Option]:
    rows = selectors.task_search(user=user, query=query)
    return [Option(str(task.pk), task_label(task), task.code) for task in rows[: PICK_LIMIT + 1]]


pick_tasks = picker_view(_pick_tasks)
