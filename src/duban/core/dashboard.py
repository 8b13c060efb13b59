"""Panels on the home page, contributed by the apps (the core knows none of them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse

from duban.core.scope import scope_of


@dataclass(frozen=True)
class HomePanel:
    template: str
    context: Callable[[Any], dict[str, Any]]  # user -> what the template shows


HOME_PANELS: list[HomePanel] = []


def register_home_panel(template: str, context: Callable[[Any], dict[str, Any]]) -> None:
    if all(panel.template != template for panel in HOME_PANELS):
        HOME_PANELS.append(HomePanel(template, context))


def home_panels(user: Any) -> list[dict[str, Any]]:
    return [{"template": panel.template, "data": panel.context(user)} for panel in HOME_PANELS]


# 待办: each app registers what waits for a user; the home page lists them first, counted and
# linked, and the navigation bar shows their total. The link opens the app's own list with
# ?todo=<key>, narrowed by `todo_narrow` to exactly the rows counted.


@dataclass(frozen=True)
class Todo:
    key: str
    label: Any
    applies: Callable[[Any], bool]  # scope -> whether this user has such work at all (no query)
    rows: Callable[[Any], QuerySet[Any]]  # user -> the rows waiting, through visible_to
    url_name: str  # the list the link opens
    urgent: bool = False  # shown in red (overdue work)


TODOS: dict[str, Todo] = {}


def register_todo(todo: Todo) -> None:
    TODOS.setdefault(todo.key, todo)


def todo_list(user: Any) -> list[dict[str, Any]]:
    """The user's to-do entries with their counts (one COUNT query each), memoised on the user
    object so the page and the badge of one request count once."""
    cached = getattr(user, "_duban_todo", None)
    if cached is not None:
        return cached
    scope = scope_of(user)
    entries = [
        {
            "key": todo.key,
            "label": todo.label,
            "count": todo.rows(user).count(),
            "url": f"{reverse(todo.url_name)}?todo={todo.key}",
            "urgent": todo.urgent,
        }
        for todo in TODOS.values()
        if todo.applies(scope)
    ]
    user._duban_todo = entries
    return entries


def todo_total(user: Any) -> int:
    return sum(entry["count"] for entry in todo_list(user))


def todo_narrow(request: HttpRequest, rows: QuerySet[Any]) -> tuple[QuerySet[Any], Any]:
    """A list narrowed to a to-do entry named by ?todo= (of this list's model), and the
    entry's label; an unknown key or another model's leaves the list as it was."""
    todo = TODOS.get(request.GET.get("todo", ""))
    if todo is None or not todo.applies(scope_of(request.user)):
        return rows, None
    waiting = todo.rows(request.user)
    if waiting.model is not rows.model:
        return rows, None
    return rows.filter(pk__in=waiting.values("pk")), todo.label
