"""Today's date, in one place, so that tests and `duban scan --today` can move time."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.utils import timezone


def today() -> date:
    """The current date in Asia/Shanghai, or settings.DUBAN_TODAY when a test fixes it."""
    fixed = getattr(settings, "DUBAN_TODAY", None)
    if fixed:
        return fixed if isinstance(fixed, date) else date.fromisoformat(str(fixed))
    return timezone.localdate()


def now() -> datetime:
    return timezone.now()
