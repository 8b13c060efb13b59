"""Login lockout: django-axes locks a username tried from one address after AXES_FAILURE_LIMIT
failures; this handler adds the address alone, with its own higher limit
(DUBAN_LOGIN_ADDRESS_FAILURE_LIMIT), against one address trying many usernames. Both count
failures within AXES_COOLOFF_TIME and lock for it."""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


class AddressLimitHandler(AxesDatabaseHandler):
    """Axes's database handler; an address past its own limit counts as locked out for any
    username (axes compares one number with one limit, so it is reported at that limit)."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        failures: int = super().get_failures(request, credentials)
        limit = settings.DUBAN_LOGIN_ADDRESS_FAILURE_LIMIT
        if limit and address_failures(request) >= limit:
            return max(failures, get_failure_limit(request, credentials))
        return failures


def address_failures(request: HttpRequest) -> int:
    """Failed logins from the request's address, whatever the username, within the cool-off."""
    attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)  # type: ignore[attr-defined]
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    total: int | None = attempts.aggregate(total=Sum("failures_since_start"))["total"]
    return total or 0
