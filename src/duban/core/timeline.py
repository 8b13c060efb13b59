"""Ledger events as sentences a leader reads ("李明华 报送进展：污水管网改造长度 42.3 公里").

One renderer for every timeline. Each app registers a describer per verb it writes, in its
AppConfig.ready() (`register_describer`); core knows none of the higher apps. A describer
gets the event and the names of the units and people its data cites by id, and returns the
sentence in the active language (gettext, English msgids). A verb without a describer falls
back to "who: what" from its label, never to the raw verb or an id.

Entries come in time order: by day (Asia/Shanghai), then in ledger order within the day —
the demo and imports record past days, so the sequence alone is not the order of events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from duban.core.models import Event, Organization, Person

# The data keys that hold an organization's or a person's id (also inside "changes").
ORGANIZATION_KEYS = frozenset({"lead_unit", "organization", "parent", "co_units"})
PERSON_KEYS = frozenset({"responsible_person", "supervising_leader", "person"})


class Names:
    """Names of the organizations and people a batch of events cites by id: two queries."""

    def __init__(self, events: Iterable[Event]) -> None:
        units: set[int] = set()
        people: set[int] = set()
        for event in events:
            for key, value in _cited(event.data):
                target = units if key in ORGANIZATION_KEYS else people
                target.update(v for v in _ids(value))
        self.units = dict(Organization.objects.filter(pk__in=units).values_list("pk", "name"))
        self.people = dict(Person.objects.filter(pk__in=people).values_list("pk", "name"))

    def unit(self, value: Any) -> str:
        return "、".join(self.units.get(pk, _("(unknown unit)")) for pk in _ids(value)) or "—"

    def person(self, value: Any) -> str:
        return "、".join(self.people.get(pk, _("(unknown person)")) for pk in _ids(value)) or "—"

    def of(self, key: str, value: Any) -> str:
        """A cited value by its key: a unit's or a person's name, else the value as text."""
        if key in ORGANIZATION_KEYS:
            return self.unit(value)
        if key in PERSON_KEYS:
            return self.person(value)
        return "—" if value in (None, "", []) else str(value)


def _ids(value: Any) -> list[int]:
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def _cited(data: dict[str, Any]) -> Iterable[tuple[str, Any]]:
    for key, value in data.items():
        if key in ORGANIZATION_KEYS | PERSON_KEYS:
            yield key, value
    for key, change in (data.get("changes") or {}).items():
        if key in ORGANIZATION_KEYS | PERSON_KEYS and isinstance(change, dict):
            yield key, [change.get("old"), change.get("new")]


Describer = Callable[[Event, Names], str]
_DESCRIBERS: dict[str, Describer] = {}
_LABELS: dict[str, Any] = {}


def register_describer(verb: str, describer: Describer, label: Any = None) -> None:
    """Say how events of `verb` read; `label` (the verb's choice label) serves the fallback."""
    _DESCRIBERS[str(verb)] = describer
    if label is not None:
        _LABELS[str(verb)] = label


def register_verbs(choices: Any, describers: dict[Any, Describer]) -> None:
    """Register an app's describers, keyed by its Verb choices, with their labels."""
    labels = dict(choices.choices)
    for verb, describer in describers.items():
        register_describer(str(verb), describer, labels.get(str(verb)))
    for verb, label in labels.items():
        _LABELS.setdefault(verb, label)


def registered_verbs() -> list[str]:
    return sorted(_DESCRIBERS)


def actor_name(event: Event) -> str:
    if event.actor is None:
        return _("The system")
    return event.actor.get_full_name() or event.actor.get_username()


def sentence(event: Event, names: Names) -> str:
    """The event in words; "who: what" from the verb's label without a describer."""
    describer = _DESCRIBERS.get(event.verb)
    if describer is not None:
        return describer(event, names)
    label = _LABELS.get(event.verb)
    what = str(label) if label is not None else _("recorded a change")
    return _("%(actor)s: %(what)s") % {"actor": actor_name(event), "what": what}


@dataclass(frozen=True)
class Entry:
    event: Event
    sentence: str


def day_then_seq(event: Event) -> tuple[Any, int]:
    return timezone.localdate(event.created_at), event.seq


def entries(events: Iterable[Event], *, newest_first: bool = False) -> list[Entry]:
    """The events as sentences, in time order (ledger order within a day)."""
    rows = sorted(events, key=day_then_seq, reverse=newest_first)
    names = Names(rows)
    return [Entry(event, sentence(event, names)) for event in rows]
