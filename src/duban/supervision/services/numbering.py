"""Notice numbering per issuer and year: configure it, draw the next number."""

from __future__ import annotations

import string
from typing import Any

from django.db import transaction

from duban.core.errors import BETWEEN, REQUIRED
from duban.core.models import Organization
from duban.core.roles import OVERSIGHT
from duban.errors import ApplicationError, Conflict
from duban.supervision.errors import (
    NOT_AN_ISSUER,
    NUMBERING_TAKEN,
    NUMBERS_TOO_LONG,
    PATTERN_INCOMPLETE,
    PATTERN_MALFORMED,
    PATTERN_UNKNOWN_FIELD,
    PREFIX_TOO_LONG,
)
from duban.supervision.events import (
    numbering_configured_event,
)
from duban.supervision.models import NoticeNumbering, SupervisionNotice
from duban.supervision.permissions import (
    ISSUER_KINDS,
)
from duban.supervision.services.common import require_member

NUMBER_MAX_LENGTH = SupervisionNotice._meta.get_field("number").max_length or 64
PATTERN_FIELDS = frozenset({"prefix", "year", "seq"})
# A pattern must still fit the number column when the counter has grown this far.
LARGEST_SEQ = 99999


def _numbering_for(issuer: Organization, year: int) -> NoticeNumbering:
    """The issuer's counter for the year, locked; a new year keeps last year's prefix/pattern."""
    numbering = (
        NoticeNumbering.objects.select_for_update(no_key=True)
        .filter(issuer=issuer, year=year)
        .first()
    )
    if numbering is not None:
        return numbering
    earlier = NoticeNumbering.objects.filter(issuer=issuer, year__lt=year).order_by("-year").first()
    defaults = (
        {"prefix": earlier.prefix, "pattern": earlier.pattern}
        if earlier
        else {"prefix": issuer.name[:32]}
    )
    numbering, _ = NoticeNumbering.objects.select_for_update(no_key=True).get_or_create(
        issuer=issuer, year=year, defaults=defaults
    )
    return numbering


def next_number(issuer: Organization, year: int) -> str:
    numbering = _numbering_for(issuer, year)
    # A number taken already (a pattern changed mid-year) is skipped, never reused.
    for _attempt in range(1000):
        numbering.last += 1
        number = numbering.pattern.format(prefix=numbering.prefix, year=year, seq=numbering.last)
        if not SupervisionNotice.objects.filter(number=number).exists():
            numbering.save(update_fields=["last"])
            return number
    raise Conflict("no free notice number", fields={"issuer": "change the numbering pattern"})


def _pattern_error(pattern: str, prefix: str, year: int) -> str | None:
    """Why a numbering pattern cannot be used, or None."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None]
    except ValueError as error:
        return PATTERN_MALFORMED(error=str(error))
    if any(name not in PATTERN_FIELDS for name in names):
        return PATTERN_UNKNOWN_FIELD()
    if "seq" not in names or "year" not in names:
        return PATTERN_INCOMPLETE()
    try:
        longest = pattern.format(prefix=prefix, year=year, seq=LARGEST_SEQ)
    except (KeyError, IndexError, ValueError, TypeError) as error:
        return PATTERN_MALFORMED(error=str(error))
    if len(longest) > NUMBER_MAX_LENGTH:
        return NUMBERS_TOO_LONG(length=NUMBER_MAX_LENGTH)
    return None


def numbering_configure(
    *, actor: Any, issuer: Organization, year: int, prefix: str, pattern: str
) -> NoticeNumbering:
    """Set an issuer's numbering, e.g. prefix 株纪督 and pattern {prefix}〔{year}〕{seq}号.

    Raises NotPermitted outside the issuer, ApplicationError for a bad pattern and Conflict
    when another issuer's numbers would look the same.
    """
    require_member(actor, issuer, OVERSIGHT, "configure numbering")
    _check_numbering(issuer, year=year, prefix=prefix, pattern=pattern)
    sample = pattern.format(prefix=prefix, year=year, seq=1)
    with transaction.atomic():
        for other in NoticeNumbering.objects.filter(year=year).exclude(issuer=issuer):
            if other.pattern.format(prefix=other.prefix, year=year, seq=1) == sample:
                raise Conflict(
                    "numbering taken",
                    code="numbering_taken",
                    fields={"prefix": NUMBERING_TAKEN(name=other.issuer.name)},
                )
        numbering, _ = NoticeNumbering.objects.update_or_create(
            issuer=issuer, year=year, defaults={"prefix": prefix, "pattern": pattern}
        )
        numbering_configured_event(actor=actor, issuer=issuer, numbering=numbering, example=sample)
    return numbering


def _check_numbering(issuer: Organization, *, year: int, prefix: str, pattern: str) -> None:
    """Raise ApplicationError naming every field of a numbering that is wrong."""
    errors: dict[str, str] = {}
    if issuer.kind not in ISSUER_KINDS:
        errors["issuer"] = NOT_AN_ISSUER()
    if not 2000 <= year <= 2100:
        errors["year"] = BETWEEN(low=2000, high=2100)
    if not prefix.strip():
        errors["prefix"] = REQUIRED()
    elif len(prefix) > 32:
        errors["prefix"] = PREFIX_TOO_LONG()
    problem = _pattern_error(pattern, prefix, year)
    if problem:
        errors["pattern"] = problem
    if errors:
        raise ApplicationError("numbering not saved", code="invalid_numbering", fields=errors)
