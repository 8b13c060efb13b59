"""What later apps add to an earlier app's rows; core knows none of them.

A problem (inspections) is seen by the units working on one of its tasks and is shown with
the tasks they see, but tasks belong to rectification, which sits above inspections. So the
later app registers here from its AppConfig.ready() and the earlier app asks, without
importing it:

- `register_reach(Problem, reach)`: reach(user) is a Q over problems that the user reaches
  through the later app's rows; the owner ORs it into its own scope rule.
- `register_section(Problem, Section(...))`: rows of the later app shown with each problem,
  on its page and in its API answer.
- `register_panel(Organization, "supervision/_unit_escalations.html")`: a fragment of the
  later app shown on the owner's detail page (`{% for panel in organization|panels %}`); it
  reads the page's context and loads its own app's template tags.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Model, Prefetch, Q, QuerySet

Reach = Callable[[Any], Q]  # user -> Q over the owner's model

_REACH: dict[str, list[Reach]] = {}


def register_reach(model: type[Model], reach: Reach) -> None:
    entries = _REACH.setdefault(model._meta.label_lower, [])
    if reach not in entries:
        entries.append(reach)


def reach_q(model: type[Model], user: Any) -> Q:
    """Rows of `model` the user reaches through other apps' rows; none if no app says so."""
    condition = Q(pk__in=[])
    for reach in _REACH.get(model._meta.label_lower, []):
        condition |= reach(user)
    return condition


@dataclass(frozen=True)
class Section:
    """Rows of a later app shown with each row of an earlier one (the tasks of a problem)."""

    name: str  # the reverse relation on the owner, e.g. "tasks"; also its API field
    count_as: str  # the owner's list annotation (and API field) counting them: "task_count"
    rows: Callable[[Any], QuerySet[Any]]  # user -> the rows the user sees, ready to show
    label: Callable[[Any], str]  # a row -> its name on the owner's timeline
    data: Callable[[Any], dict[str, Any]]  # a row -> its API shape
    template: str  # the page fragment showing them; its context has `rows`

    @property
    def shown_as(self) -> str:
        # A separate attribute, not the relation's own cache: reading it from an owner that
        # was not loaded with prefetch() fails instead of quietly listing every row.
        return f"shown_{self.name}"

    def prefetch(self, user: Any) -> Prefetch:
        """Load, with the owners, the rows this user sees; `shown(owner)` returns them."""
        return Prefetch(self.name, queryset=self.rows(user), to_attr=self.shown_as)

    def shown(self, owner: Model) -> list[Any]:
        return list(getattr(owner, self.shown_as))

    def count(self, user: Any) -> Count:
        """An annotation over owners counting the rows the user sees (not the others)."""
        visible = Q(**{f"{self.name}__in": self.rows(user).values("pk")})
        return Count(self.name, filter=visible, distinct=True)

    def rows_of(self, user: Any, owner: Model) -> QuerySet[Any]:
        """The rows of one owner the user sees, as a query (nothing prefetched needed)."""
        # `name` is a reverse relation, so it has the row's foreign key to the owner.
        link = owner._meta.get_field(self.name).field.name  # type: ignore[union-attr]
        return self.rows(user).filter(**{link: owner})


_SECTIONS: dict[str, list[Section]] = {}


def register_section(model: type[Model], section: Section) -> None:
    entries = _SECTIONS.setdefault(model._meta.label_lower, [])
    if all(entry.name != section.name for entry in entries):
        entries.append(section)


def sections_of(model: type[Model]) -> list[Section]:
    return list(_SECTIONS.get(model._meta.label_lower, []))


def section_named(model: type[Model], name: str) -> Section | None:
    return next((section for section in sections_of(model) if section.name == name), None)


_PANELS: dict[str, list[str]] = {}


def register_panel(model: type[Model], template: str) -> None:
    entries = _PANELS.setdefault(model._meta.label_lower, [])
    if template not in entries:
        entries.append(template)


def panels_of(model: type[Model]) -> list[str]:
    """The templates later apps show on this model's detail page, in registration order."""
    return list(_PANELS.get(model._meta.label_lower, []))
