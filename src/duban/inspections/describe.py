"""Inspections' ledger events in words (core.timeline; registered in apps.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from duban.core.describe import naming
from duban.core.timeline import Describer, register_verbs
from duban.inspections.choices import Verb

DESCRIBERS: dict[Any, Describer] = {
    Verb.PROBLEM_CREATED: naming(_("%(actor)s recorded the problem “%(name)s”"), "title"),
    Verb.TEAM_CREATED: naming(_("%(actor)s recorded the inspection team %(name)s")),
    Verb.PLAN_CREATED: naming(_("%(actor)s drew up the plan “%(name)s”"), "title"),
    Verb.PLAN_SUBMITTED: naming(_("%(actor)s submitted the plan to %(name)s"), "submitted_to"),
    Verb.PLAN_APPROVED: naming(_("%(actor)s recorded the plan's approval")),
}


def register() -> None:
    """Called from the app's ready(): its verbs read as these sentences on every timeline."""
    register_verbs(Verb, DESCRIBERS)
