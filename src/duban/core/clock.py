"""Today's date, in one place, so that tests, the demo and `duban scan --today` can move time."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone

_frozen: ContextVar[date | None] = ContextVar("duban_frozen_today", default=None)


def _fixed_day() -> date | None:
    frozen_day = _frozen.get()
    if frozen_day is not None:
        return frozen_day
    fixed = getattr(settings, "DUBAN_TODAY", None)
    if fixed:
        return fixed if isinstance(fixed, date) else date.fromisoformat(str(fixed))
    return None


def today() -> date:
    """The current date in Asia/Shanghai, unless frozen() or settings.DUBAN_TODAY fix it."""
    return _fixed_day() or timezone.localdate()


@contextmanager
def frozen(day: date) -> Iterator[None]:
    """Act as if today were `day` (the demo replays 2021 this way)."""
    token = _frozen.set(day)
    try:
        yield
    finally:
        _frozen.reset(token)


def now() -> datetime:
    """The current moment; on a frozen day, that day at the current local time of day."""
    fixed_day = _fixed_day()
    current = timezone.localtime()
    if fixed_day is None:
        return current
    return current.replace(year=fixed_day.year, month=fixed_day.month, day=fixed_day.day)


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later, or that month's last day where it is
    shorter (2021-01-31 + 1 → 2021-02-28): "within one month" as the regulations count it."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
