"""Accountability's ledger events in words (core.timeline; registered in apps.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from duban.accountability.choices import Measure, Verb
from duban.core.describe import naming
from duban.core.models import Event
from duban.core.timeline import Describer, Names, actor_name, register_verbs


def _sanction(event: Event, names: Names) -> str:
    measure = dict(Measure.choices).get(event.data.get("measure"), "—")
    return str(_("%(actor)s recorded the decision: %(measure)s")) % {
        "actor": actor_name(event),
        "measure": measure,
    }


DESCRIBERS: dict[Any, Describer] = {
    Verb.CASE_OPENED: naming(_("%(actor)s opened the case %(name)s"), "number"),
    Verb.FINDING_RECORDED: naming(_("%(actor)s recorded a finding of responsibility")),
    Verb.SANCTION_DECIDED: _sanction,
    Verb.SANCTION_CARRIED_OUT: naming(_("%(actor)s recorded the handling as carried out")),
    Verb.FINDING_WITHDRAWN: naming(_("%(actor)s withdrew a finding of responsibility")),
    Verb.REVIEW_REQUESTED: naming(_("%(actor)s recorded a request to review a sanction")),
    Verb.REVIEW_DECIDED: naming(_("%(actor)s recorded the review's decision")),
    Verb.INVESTIGATION_PUBLISHED: naming(_("%(actor)s published the investigation's results")),
}


def register() -> None:
    """Called from the app's ready(): its verbs read as these sentences on every timeline."""
    register_verbs(Verb, DESCRIBERS)
