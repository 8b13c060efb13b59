"""Keeping the stored schedule status, warning level and problem status current."""

from __future__ import annotations

from datetime import date

from django.db.models import Max

from duban.inspections.choices import ProblemStatus, ScheduleStatus
from duban.inspections.models import Problem
from duban.rectification import rules
from duban.rectification.choices import DONE_STATES, REPORTING_STATES, TaskState
from duban.rectification.models import Task


def report_is_missing(*, task: Task, latest_period_start: date | None, today: date) -> bool:
    """An open task owes a report for the last full dispatch period since it was assigned."""
    if task.state not in REPORTING_STATES:
        return False
    plan = task.problem.plan
    cadence = plan.cadence if plan else "monthly"
    anchor = plan.dispatch_starts_on if plan else task.assigned_on
    previous = rules.previous_period(cadence=cadence, anchor=anchor, day=today)
    if previous.end < task.assigned_on:
        return False
    return latest_period_start is None or latest_period_start < previous.start


def refresh_task_schedule(
    *, task: Task, today: date, latest_period_start: date | None = None, known_latest: bool = False
) -> bool:
    """Recompute schedule status and warning level; True when either changed."""
    if not known_latest:
        latest_period_start = task.reports.aggregate(latest=Max("period_start"))["latest"]
    status = rules.schedule_status(
        state=task.state,
        kind=task.kind,
        assigned_on=task.assigned_on,
        deadline=task.deadline,
        percent=task.percent,
        report_missing=report_is_missing(
            task=task, latest_period_start=latest_period_start, today=today
        ),
        today=today,
    )
    level = rules.warning_level(status=status, deadline=task.deadline, today=today)
    changed = (status, level) != (task.schedule_status, task.warning_level)
    task.schedule_status, task.warning_level = status, level
    return changed


def refresh_problem(*, problem: Problem) -> None:
    """A problem is closed (销号) when every task is closed, completed when every task is done
    — an upheld ongoing task (阶段性完成、长期坚持) is done but never closed — and behind when
    any task is behind or overdue."""
    rows = list(
        Task.objects.filter(problem=problem).order_by().values_list("state", "schedule_status")
    )
    states = [state for state, _ in rows]
    if rows and all(state == TaskState.CLOSED for state in states):
        status = ProblemStatus.CLOSED
    elif rows and all(state in DONE_STATES for state in states):
        status = ProblemStatus.COMPLETED
    else:
        status = ProblemStatus.IN_PROGRESS
    schedules = {schedule for _, schedule in rows}
    if status != ProblemStatus.IN_PROGRESS:
        schedule = ScheduleStatus.DONE
    elif ScheduleStatus.OVERDUE in schedules:
        schedule = ScheduleStatus.OVERDUE
    elif ScheduleStatus.BEHIND in schedules:
        schedule = ScheduleStatus.BEHIND
    else:
        schedule = ScheduleStatus.ON_SCHEDULE
    if (problem.status, problem.schedule_status) != (status, schedule):
        Problem.objects.filter(pk=problem.pk).update(status=status, schedule_status=schedule)
        problem.status, problem.schedule_status = status, schedule
