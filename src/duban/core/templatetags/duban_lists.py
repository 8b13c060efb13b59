"""The list pages' header row (sortable columns) and export link, from a core.web.lists.Listing.

Display only: the links carry the page's own query (its filters) with another sort or format.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from duban.core.web.lists import Listing, Sort

register = template.Library()


def _link(request: HttpRequest, **changes: str | None) -> str:
    """The current query with `changes` (None removes a parameter), from the first page."""
    query = request.GET.copy()
    query.pop("page", None)
    for name, value in changes.items():
        query.pop(name, None)
        if value is not None:
            query[name] = value
    return f"?{query.urlencode()}"


@register.inclusion_tag("core/_list_head.html", takes_context=True)
def list_head(
    context: Any, listing: Listing, sort: Sort, select: str = "", actions: str = ""
) -> dict[str, Any]:
    """<th> for every column; a sortable one links to its order (ascending first, then
    descending) and says its current order in aria-sort. `select`: a leading checkbox column
    that ticks every row's box of that name; `actions`: the (hidden) name of a trailing column
    of the rows' own links and forms, which the export leaves out."""
    request = context["request"]
    heads = []
    for column in listing.columns:
        current = sort.column is not None and sort.column.key == column.key
        descending = current and sort.descending
        heads.append(
            {
                "label": column.label,
                "href": _link(
                    request, sort=column.key if descending or not current else f"-{column.key}"
                )
                if column.sortable
                else "",
                "aria_sort": ("descending" if descending else "ascending") if current else "",
            }
        )
    return {"heads": heads, "select": select, "actions": actions}


@register.simple_tag(takes_context=True)
def export_link(context: Any) -> str:
    """This list, with its filters and order, as an Excel file."""
    return _link(context["request"], format="xlsx")
