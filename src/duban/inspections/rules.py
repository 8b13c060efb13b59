"""The 30-working-day clock for the rectification plan, on China's official calendar.

The clock runs to the plan's submission (上报 to 党中央、国务院 for a province), not to its
approval: "在30个工作日内研究制定整改方案，按程序上报" (see docs/rectification.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar

PLAN_WORKING_DAYS = 30


@dataclass(frozen=True)
class WorkdayDue:
    due_on: date
    # True when some day fell in a year whose holiday schedule is not published yet, so
    # Monday-to-Friday was assumed for it.
    estimated: bool


def is_workday(day: date) -> tuple[bool, bool]:
    """(is a working day, was estimated) — official holidays and make-up workdays first."""
    try:
        return bool(chinese_calendar.is_workday(day)), False
    except NotImplementedError:
        return day.weekday() < 5, True


def add_working_days(start: date, count: int) -> WorkdayDue:
    """The date `count` working days after `start` (start itself not counted)."""
    day, remaining, estimated = start, count, False
    while remaining > 0:
        day += timedelta(days=1)
        working, guessed = is_workday(day)
        estimated = estimated or guessed
        if working:
            remaining -= 1
    return WorkdayDue(day, estimated)


def plan_due_on(feedback_on: date) -> WorkdayDue:
    """The plan is due 30 working days after the feedback report."""
    return add_working_days(feedback_on, PLAN_WORKING_DAYS)


def plan_submitted_in_time(*, submitted_on: date | None, due_on: date) -> bool:
    """A plan is on time when it was submitted (上报) on or before its due date."""
    return submitted_on is not None and submitted_on <= due_on
