"""Pure rules of supervision notices (no database)."""

from __future__ import annotations

import re

ATTENDEE_SEPARATORS = re.compile(r"[\n、,，;；]+")
ATTENDEE_MAX_LENGTH = 64
# A name holds at least one letter (Han or Latin): "12" or "#7" is an identifier, not a person.
HAS_LETTER = re.compile(r"[^\W\d_]")


def attendee_names(text: str) -> list[str]:
    """The attendees of a 约谈 as entered: one per line or separated by 、，；, trimmed."""
    return [name.strip() for name in ATTENDEE_SEPARATORS.split(text or "") if name.strip()]


def attendees_are_names(text: str) -> bool:
    """At least one attendee, each a name (with its post if given) of at most 64 characters."""
    names = attendee_names(text)
    return bool(names) and all(
        HAS_LETTER.search(name) and len(name) <= ATTENDEE_MAX_LENGTH for name in names
    )
