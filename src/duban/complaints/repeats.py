"""Repeat complaints: the same firm or address within the window (DUBAN_COMPLAINT_REPEAT_DAYS)
while the first is open. Keys are the normalised firm name and address."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.db.models import Q

from duban.complaints.choices import OPEN_STATES
from duban.complaints.models import Complaint

_SPACE = re.compile(r"\s+")


def firm_key(name: str) -> str:
    return _SPACE.sub("", name)


def address_key(address: str) -> str:
    return _SPACE.sub("", address)


def keys_of(complaint: Complaint) -> tuple[str, str]:
    return firm_key(complaint.accused_name), address_key(complaint.address)


def open_repeat_of(complaint: Complaint) -> Complaint | None:
    """The earliest open complaint in the window about the same firm or address, if any."""
    same = Q()
    if complaint.accused_key:
        same |= Q(accused_key=complaint.accused_key)
    if complaint.address_key:
        same |= Q(address_key=complaint.address_key)
    if not same:
        return None
    since = complaint.received_on - timedelta(days=settings.DUBAN_COMPLAINT_REPEAT_DAYS)
    return (
        Complaint.objects.filter(same, state__in=OPEN_STATES, received_on__gte=since)
        .exclude(pk=complaint.pk)
        .order_by("received_on", "pk")
        .first()
    )
