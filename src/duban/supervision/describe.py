"""Supervision's ledger events in words (core.timeline; registered in apps.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from duban.core.describe import naming
from duban.core.models import Event
from duban.core.timeline import Describer, Names, actor_name, register_verbs
from duban.supervision.choices import Verb


def _issued(event: Event, names: Names) -> str:
    return str(_("%(actor)s issued %(number)s to %(target)s, answer due %(due)s")) % {
        "actor": actor_name(event),
        "number": event.data.get("number") or "—",
        "target": event.data.get("target") or "—",
        "due": event.data.get("due_on") or "—",
    }


DESCRIBERS: dict[Any, Describer] = {
    Verb.NOTICE_ISSUED: _issued,
    Verb.NOTICE_ESCALATED: _issued,
    Verb.NOTICE_RESPONDED: naming(_("%(actor)s answered %(name)s"), "number"),
    Verb.NOTICE_CLOSED: naming(_("%(actor)s closed %(name)s"), "number"),
    Verb.NUMBERING_CONFIGURED: naming(_("%(actor)s set the notice numbering")),
    Verb.INVESTIGATION_OPENED: naming(
        _("%(actor)s opened a direct investigation by %(name)s"), "commission"
    ),
    Verb.INVESTIGATION_UPDATED: naming(_("%(actor)s recorded the investigation's findings")),
    Verb.INVESTIGATION_CONCLUDED: naming(_("%(actor)s concluded the direct investigation")),
}


def register() -> None:
    """Called from the app's ready(): its verbs read as these sentences on every timeline."""
    register_verbs(Verb, DESCRIBERS)
