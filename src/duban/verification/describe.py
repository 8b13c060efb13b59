"""Verification's ledger events in words (core.timeline; registered in apps.py)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from duban.core.describe import naming
from duban.core.models import Event
from duban.core.timeline import Describer, Names, actor_name, register_verbs
from duban.verification.choices import Verb


def _site_check(event: Event, names: Names) -> str:
    verdict = {True: _("the reports match"), False: _("the reports do not match")}
    return str(_("%(actor)s checked on site at %(place)s: %(verdict)s")) % {
        "actor": actor_name(event),
        "place": event.data.get("place") or "—",
        "verdict": verdict.get(event.data.get("passed"), "—"),
    }


def plain_number(value: Any) -> str:
    """ "107.5000" → "107.5" (figures are stored with four decimals)."""
    try:
        return f"{Decimal(str(value)).normalize():f}"
    except (InvalidOperation, ValueError):
        return str(value or "—")


def _claim(event: Event, names: Names) -> str:
    data = event.data
    return str(_("%(actor)s verified %(metric)s: reported %(claimed)s, found %(verified)s")) % {
        "actor": actor_name(event),
        "metric": data.get("metric") or "—",
        "claimed": plain_number(data.get("claimed")),
        "verified": plain_number(data.get("verified")),
    }


DESCRIBERS: dict[Any, Describer] = {
    Verb.SITE_CHECK_RECORDED: _site_check,
    Verb.CLAIM_VERIFIED: _claim,
    Verb.SIGNAL_RAISED: naming(_("%(actor)s raised a data-quality signal")),
    Verb.SIGNAL_CONFIRMED: naming(_("%(actor)s confirmed the signal")),
    Verb.SIGNAL_DISMISSED: naming(_("%(actor)s dismissed the signal")),
    Verb.SIGNAL_REFERRED: naming(_("%(actor)s referred the signal to the discipline commission")),
}


def register() -> None:
    """Called from the app's ready(): its verbs read as these sentences on every timeline."""
    register_verbs(Verb, DESCRIBERS)
