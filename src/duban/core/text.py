"""Text typed by users: the one rule for what a text field accepts, for pages and the API.

Vertical tab and form feed (every paste from Word or Excel brings them) become newlines; any
other control character (C0 except tab, newline and carriage return; DEL; C1) is refused, as
is text the database cannot store (NUL, lone surrogates). Documents written from text already
stored use `duban.core.documents.document_text` instead, which never refuses.
"""

from __future__ import annotations

import re

from duban.core import errors
from duban.errors import Reason

LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")


class TextRefused(ValueError):
    """Text a field does not accept; `reason` says why (code and UI wording)."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(str(reason))
        self.reason = reason


def input_text(value: str) -> str:
    """`value` with vertical tab and form feed as newlines; TextRefused for a control
    character, NUL or a lone surrogate."""
    value = value.translate(LINE_BREAKS)
    if "\x00" in value:
        raise TextRefused(errors.NUL_CHARACTER())
    if SURROGATE.search(value):
        raise TextRefused(errors.INVALID_UNICODE())
    found = CONTROL.search(value)
    if found:
        raise TextRefused(errors.CONTROL_CHARACTER(code_point=f"U+{ord(found.group()):04X}"))
    return value
