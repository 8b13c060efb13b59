"""Presentation helpers for duban pages: ledger verb labels, status badges, deadline countdowns.

Display only — nothing here reads or writes workflow state (STYLE rule 5).
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django import template
from django.apps import apps
from django.db.models import TextChoices
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from duban.core import clock, related, timeline

register = template.Library()
TAG_SEPARATORS = re.compile(r"[,，、;；\s]+")

# Bootstrap badge classes. Completed (the unit says it is done) and closed (销号) are different
# facts and look different: completed is light blue, closed is green.
BADGE_CLASSES: dict[str, dict[str, str]] = {
    "warning": {"green": "text-bg-success", "yellow": "text-bg-warning", "red": "text-bg-danger"},
    "schedule": {
        "on_schedule": "text-bg-success",
        "behind": "text-bg-warning",
        "overdue": "text-bg-danger",
        "done": "text-bg-secondary",
    },
    "problem_status": {
        "in_progress": "text-bg-primary",
        "completed": "text-bg-info",
        "closed": "text-bg-success",
    },
    "closeout": {
        "awaiting": "text-bg-secondary",
        "under_acceptance": "text-bg-info",
        "accepted": "text-bg-success",
        "not_accepted": "text-bg-danger",
        "returned": "text-bg-warning",
    },
    "task_state": {
        "assigned": "text-bg-secondary",
        "acknowledged": "text-bg-secondary",
        "in_progress": "text-bg-primary",
        "completed": "text-bg-info",
        "closure_requested": "text-bg-light border border-info",
        "under_acceptance": "text-bg-light border border-info",
        "publicized": "text-bg-light border border-success",
        "closed": "text-bg-success",
        "upheld": "text-bg-success",
    },
}


@cache
def verb_labels() -> dict[str, Any]:
    """Ledger verb value -> label, from every duban app's `choices.Verb` (TextChoices)."""
    labels: dict[str, Any] = {}
    for config in apps.get_app_configs():
        module_name = f"{config.name}.choices"
        if not config.name.startswith("duban.") or find_spec(module_name) is None:
            continue
        verbs = getattr(import_module(module_name), "Verb", None)
        if isinstance(verbs, type) and issubclass(verbs, TextChoices):
            labels.update(dict(verbs.choices))
    return labels


@register.filter
def verb_label(verb: str) -> Any:
    """The human label of a ledger verb; an unknown verb is shown as it is."""
    return verb_labels().get(verb, verb)


@register.filter
def subject_label(event: Any, labels: dict[str, str]) -> str:
    """What an event is about, from a {"<subject type>:<id>": label} map; "" when unlisted."""
    return labels.get(f"{event.subject_type}:{event.subject_id}", "")


@register.filter
def tag_list(tags: str) -> list[str]:
    """A free-text tag field ("黑臭水体，湘江、污水") as separate tags."""
    return [tag for tag in TAG_SEPARATORS.split(tags or "") if tag]


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """mapping[key] in a template; the key itself when it is missing."""
    return mapping.get(key, key)


@register.simple_tag
def badge(kind: str, value: str, label: Any) -> SafeString:
    """A coloured Bootstrap badge for a state, schedule status or warning level."""
    css = BADGE_CLASSES.get(kind, {}).get(str(value), "text-bg-secondary")
    return format_html(
        '<span class="badge {}" data-{}="{}">{}</span>', css, kind.replace("_", "-"), value, label
    )


@register.filter
def days_from_today(day: date | None) -> int | None:
    """Days from today to `day`: positive ahead, negative past, None without a date."""
    if day is None:
        return None
    return (day - clock.today()).days


@register.simple_tag
def deadline_countdown(deadline: date | None) -> str:
    """'5 day(s) left', 'Due today' or '3 day(s) overdue' (translated), '—' without a date."""
    days = days_from_today(deadline)
    if days is None:
        return "—"
    if days > 0:
        return _("%(days)s day(s) left") % {"days": days}
    if days == 0:
        return _("Due today")
    return _("%(days)s day(s) overdue") % {"days": -days}


@register.filter
def panels(owner: Any) -> list[str]:
    """The panels later apps registered for this object's page (core.related.register_panel)."""
    return related.panels_of(type(owner))


@register.simple_tag
def timeline_entries(events: Any, newest_first: Any = False) -> list[timeline.Entry]:
    """A timeline's events as sentences in time order (core.timeline); names in one read."""
    return timeline.entries(events or [], newest_first=bool(newest_first))
