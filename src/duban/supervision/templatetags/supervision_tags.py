"""Presentation helpers of the supervision pages: level and state badges, the unit panel.

Display only: `unit_escalations` reads through a selector; nothing here writes.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from duban.supervision import selectors

register = template.Library()

LEVEL_CLASSES = {
    "reminder": "text-bg-info",
    "notice": "text-bg-warning",
    "listed": "text-bg-danger",
    "talk": "text-bg-dark",
    "criticism": "text-bg-dark",
}
STATE_CLASSES = {
    "issued": "text-bg-primary",
    "responded": "text-bg-light border border-primary",
    "closed": "text-bg-success",
    "open": "text-bg-primary",
    "concluded": "text-bg-success",
}


@register.simple_tag
def level_badge(notice: Any) -> SafeString:
    """The notice's level as a coloured badge: listed supervision stands out in red."""
    return format_html(
        '<span class="badge {}" data-level="{}">{}</span>',
        LEVEL_CLASSES.get(notice.level, "text-bg-secondary"),
        notice.level,
        notice.get_level_display(),
    )


@register.simple_tag
def state_badge(item: Any) -> SafeString:
    """A notice's or an investigation's state as a badge."""
    return format_html(
        '<span class="badge {}" data-state="{}">{}</span>',
        STATE_CLASSES.get(item.state, "text-bg-secondary"),
        item.state,
        item.get_state_display(),
    )


@register.simple_tag(takes_context=True)
def unit_escalations(context: template.Context, unit: Any) -> selectors.UnitEscalations | None:
    """Notices addressed to the unit, by level, and their escalation chains (as the user sees
    them); None without a signed-in user."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return selectors.unit_escalations(user=user, unit=unit)


@register.filter
def may_issue_notices(user: Any) -> bool:
    """Whether to offer "Issue a supervision notice": the user works for an issuer."""
    if user is None or not user.is_authenticated:
        return False
    return selectors.issuer_list(user=user).exists()
