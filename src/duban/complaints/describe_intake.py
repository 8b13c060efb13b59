"""The complaints' intake events in words (core.timeline; registered in apps.py). Every other
complaint verb reads "who: its label" until its part adds a sentence of its own."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from duban.complaints.choices import Verb
from duban.core.describe import naming
from duban.core.models import Event
from duban.core.timeline import Describer, Names, actor_name, register_verbs


def _transferred(event: Event, names: Names) -> str:
    return str(_("%(actor)s transferred %(number)s to %(unit)s, to be handled by %(due)s")) % {
        "actor": actor_name(event),
        "number": event.data.get("number") or "—",
        "unit": event.data.get("unit") or "—",
        "due": event.data.get("handle_due_on") or "—",
    }


DESCRIBERS: dict[Any, Describer] = {
    Verb.RECEIVED: naming(_("%(actor)s registered complaint %(name)s"), "number"),
    Verb.TRANSFERRED: _transferred,
}


def register() -> None:
    """Called from the app's ready()."""
    register_verbs(Verb, DESCRIBERS)
