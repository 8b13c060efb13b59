"""Panels on the home page, contributed by the apps (the core knows none of them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


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
