"""Pickers: a form field whose value is chosen by searching in the users' words (a name, a
title, a place), never typed as a code or an id.

`Picker` is the widget: the chosen rows as chips carrying hidden inputs, and a search box that
asks a pick endpoint (htmx) for matching rows. Each app serves the endpoint for its own kind
with `picker_view(search)`, where `search` reads through the model's `*_visible_to` selector,
so a picker offers only rows the user may see; the form field's queryset decides again on
POST. The behaviour (choosing, removing a chip) lives in static/duban/picker.js, not inline:
the Content-Security-Policy forbids inline scripts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from duban.core.forms import person_label
from duban.core.web.params import get_text

PICK_LIMIT = 20  # rows one search answers; "type more" below them


@dataclass(frozen=True)
class Option:
    """One row a picker offers: the value posted, what the user reads, a hint below it."""

    value: str
    label: str
    detail: str = ""


def region_path(region: Any) -> str:
    """湖南省 / 株洲市 / 荷塘区: the region with the regions above it (loaded with it)."""
    names: list[str] = []
    current = region
    while current is not None:
        names.insert(0, current.name)
        current = current.parent
    return " / ".join(names)


def person_option(person: Any) -> Option:
    return Option(str(person.pk), person_label(person), person.post)


# (the user, the search text, the request's GET) → options, best first; at most PICK_LIMIT + 1
# are read, the extra one only to say that more match.
Search = Callable[[Any, str, Any], Iterable[Option]]


def picker_view(search: Search) -> Callable[[HttpRequest], HttpResponse]:
    """A GET endpoint answering `?q=` with the matching options as an HTML fragment."""

    @require_GET
    def view(request: HttpRequest) -> HttpResponse:
        query = get_text(request, "q", max_length=100)
        options = list(search(request.user, query, request.GET))
        return render(
            request,
            "core/_picker_options.html",
            {"options": options[:PICK_LIMIT], "more": len(options) > PICK_LIMIT, "query": query},
        )

    return view


class Picker(forms.Widget):
    """A searchable select (one value) or chips (`multiple`) for a ModelChoiceField or
    ModelMultipleChoiceField; `url_name` names the pick endpoint, `include` is a CSS selector of
    other inputs the search sends along (the chosen tasks, to leave out their units' staff)."""

    template_name = "core/_picker.html"

    def __init__(
        self,
        url_name: str,
        *,
        multiple: bool = False,
        include: str = "",
        placeholder: Any = "",  # text or a lazy translation
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs)
        self.url_name, self.multiple, self.include = url_name, multiple, include
        self.placeholder = placeholder
        self.query = ""  # fixed parameters of the search, e.g. "tasks=12"
        self.choices: Any = ()

    @property
    def allow_multiple_selected(self) -> bool:
        return self.multiple

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if self.multiple and hasattr(data, "getlist"):
            return data.getlist(name)
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False if self.multiple else name not in data

    def use_required_attribute(self, initial: Any) -> bool:
        # The search box is not the value: a required box would block a form whose chips are set.
        return False

    def format_value(self, value: Any) -> list[str]:  # type: ignore[override]
        values = value if isinstance(value, list | tuple) else [value]
        return [str(getattr(item, "pk", item)) for item in values if item not in (None, "")]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget.update(
            chosen=self.chosen(widget["value"]),
            multiple=self.multiple,
            url=reverse(self.url_name) + (f"?{self.query}" if self.query else ""),
            include=self.include,
            placeholder=self.placeholder or _("Type to search"),
        )
        return context

    def chosen(self, values: Sequence[str]) -> list[Option]:
        """The options for the values already chosen (a form shown again), in their order."""
        if not values:
            return []
        if isinstance(self.choices, ModelChoiceIterator):
            field = self.choices.field
            key = field.to_field_name or "pk"
            try:
                rows = list(self.choices.queryset.filter(**{f"{key}__in": list(values)}))
            except (ValueError, ValidationError):  # a mistyped value posted: nothing chosen
                return []
            labels = {str(getattr(row, key)): field.label_from_instance(row) for row in rows}
        else:
            labels = {str(value): str(label) for value, label in self.choices}
        return [Option(value, labels[value]) for value in values if value in labels]


def render_picker(url_name: str, name: str, value: str | None, label: str, **attrs: Any) -> str:
    """A single picker outside a Django form (a list page's GET filters), `value` shown as
    `label` when set."""
    widget = Picker(url_name)
    widget.choices = [(value, label)] if value else []
    return widget.render(name, value, attrs={"id": f"id_{name}", "class": "form-control", **attrs})
