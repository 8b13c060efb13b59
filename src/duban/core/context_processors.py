"""Navigation by role: each entry names the least role that sees it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from duban.core.choices import Role
from duban.core.scope import ROLE_RANK, scope_of

# (label, url name, least role or None for everyone signed in); apps append their entries
# from AppConfig.ready() with register_nav_item, in INSTALLED_APPS order.
NAV_ITEMS: list[tuple[Any, str, Role | None]] = [
    (_("Home"), "home", None),
    (_("Organizations"), "organization-list", None),
    (_("People"), "person-list", None),
]


def register_nav_item(label: Any, url_name: str, least: Role | None = None) -> None:
    if all(existing[1] != url_name for existing in NAV_ITEMS):
        NAV_ITEMS.append((label, url_name, least))


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    scope = scope_of(user)
    best = max((ROLE_RANK[grant.role] for grant in scope.grants), default=-1)
    if user.is_superuser:
        best = ROLE_RANK[Role.ADMIN]
    items = []
    for label, url_name, least in NAV_ITEMS:
        if least is None or best >= ROLE_RANK[least]:
            url = reverse(url_name)
            items.append({"label": label, "url": url, "active": request.path == url})
    if user.is_staff:
        items.append({"label": _("Admin"), "url": reverse("admin:index"), "active": False})
    return {"nav_items": items}
