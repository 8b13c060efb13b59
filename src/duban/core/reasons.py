"""Refusals in the UI language: the one place a service's reason is translated for a page."""

from __future__ import annotations

from duban.errors import Reason


def localize(text: str) -> str:
    """A Reason's UI wording filled with its params, under the active language; any other
    text (a reason without UI wording, or a plain string) as it is."""
    if not isinstance(text, Reason) or text.ui is None:
        return str(text)
    wording = str(text.ui)
    return wording % text.params if text.params else wording
