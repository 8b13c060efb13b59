"""Navigation by role: each entry names the least role that sees it, and optionally the menu
it sits in, so the bar stays one line however many apps add pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from duban.core.choices import Role
from duban.core.roles import at_least
from duban.core.scope import scope_of

# Menus; an entry without one stands on the bar itself.
CHECKS = _("Checks and supervision")
ACCOUNTABILITY = _("Accountability")
REPORTS = _("Statistics and ledger")
REFERENCE = _("Reference data")


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    least: Role | None = None  # None: everyone signed in
    menu: Any = None


# Apps append their entries from AppConfig.ready() with register_nav_item, in INSTALLED_APPS
# order; menus appear where their first entry would.
NAV_ITEMS: list[NavItem] = [
    NavItem(_("Home"), "home"),
    NavItem(_("Organizations"), "organization-list", menu=REFERENCE),
    NavItem(_("People"), "person-list", menu=REFERENCE),
]


def register_nav_item(
    label: Any, url_name: str, least: Role | None = None, menu: Any = None
) -> None:
    if all(existing.url_name != url_name for existing in NAV_ITEMS):
        NAV_ITEMS.append(NavItem(label, url_name, least, menu))


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    scope = scope_of(user)
    visible = [
        item
        for item in NAV_ITEMS
        if item.least is None or scope.holds_anywhere(at_least(item.least))
    ]
    if user.is_staff:
        visible.append(NavItem(_("Admin"), "admin:index", menu=REFERENCE))
    bar: list[dict[str, Any]] = []
    menus: dict[str, dict[str, Any]] = {}
    for item in visible:
        url = reverse(item.url_name)
        link = {"label": item.label, "url": url, "active": request.path == url}
        if item.menu is None:
            bar.append(link)
            continue
        key = str(item.menu)
        if key not in menus:
            menus[key] = {"label": item.menu, "children": [], "active": False}
            bar.append(menus[key])
        menus[key]["children"].append(link)
        menus[key]["active"] = menus[key]["active"] or link["active"]
    # The reference menu goes last, however early its entries were registered.
    bar.sort(key=lambda entry: entry.get("label") == REFERENCE)
    return {"nav_items": bar}
