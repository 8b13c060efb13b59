"""The 30-working-day clock for the rectification plan, on China's official calendar."""

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
