"""The complaint pages' tables part."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from duban.complaints.models import Complaint


def panel(request: HttpRequest, complaint: Complaint) -> dict[str, Any]:
    """Context for templates/complaints/_tables.html on the complaint's page."""
    return {}
