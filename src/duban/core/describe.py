"""Core's ledger events in words (core.timeline; registered in apps.py)."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from duban.core.choices import Role, Verb
from duban.core.events import ATTACHMENT_STORED, ATTACHMENT_UPLOADED
from duban.core.timeline import Describer, actor_name, register_verbs


def naming(text: Promise, key: str = "name") -> Describer:
    """A sentence naming who acted and the `key` of the event's data."""
    return lambda event, names: (
        str(text)
        % {
            "actor": actor_name(event),
            "name": event.data.get(key) or "—",
        }
    )


def _membership(text: Promise) -> Describer:
    def describe(event: Any, names: Any) -> str:
        role = dict(Role.choices).get(event.data.get("role"), "—")
        return str(text) % {
            "actor": actor_name(event),
            "name": event.data.get("username") or "—",
            "role": role,
        }

    return describe


DESCRIBERS: dict[Any, Describer] = {
    Verb.ORGANIZATION_CREATED: naming(_("%(actor)s recorded the organization %(name)s")),
    Verb.ORGANIZATION_UPDATED: naming(_("%(actor)s updated the organization's details")),
    Verb.PERSON_CREATED: naming(_("%(actor)s recorded %(name)s")),
    Verb.PERSON_UPDATED: naming(_("%(actor)s updated a person's details")),
    Verb.MEMBERSHIP_GRANTED: _membership(_("%(actor)s gave %(name)s the role %(role)s")),
    Verb.MEMBERSHIP_REVOKED: _membership(_("%(actor)s took the role %(role)s from %(name)s")),
    Verb.USER_CREATED: naming(_("%(actor)s created the account %(name)s"), "username"),
    Verb.TOKEN_CREATED: naming(_("%(actor)s issued an API token")),
    Verb.TOKEN_REVOKED: naming(_("%(actor)s revoked an API token")),
    ATTACHMENT_STORED: naming(_("%(actor)s stored the file %(name)s")),
    ATTACHMENT_UPLOADED: naming(_("%(actor)s uploaded the file %(name)s")),
}


def register() -> None:
    """Called from the app's ready(): its verbs read as these sentences on every timeline."""
    register_verbs(Verb, DESCRIBERS)
