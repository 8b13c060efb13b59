"""The site checks (现场核查) an acceptance may rest on, without importing verification.

Site checks belong to verification, which sits above rectification. An acceptance stores the
id of the site check it rests on (`CloseOut.site_check_id`, a plain integer, no foreign key:
a foreign key to "verification.SiteCheck" would make rectification's migrations depend on
the app above). Verification registers, from its AppConfig.ready(), the one lookup that says
which site checks are linked to a task; the acceptance rule and the pages ask here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SiteCheckRef:
    """What rectification knows of a site check: enough to choose, validate and show it."""

    pk: int
    checked_on: date
    place: str
    organization: str
    passed: bool | None  # None: not yet judged; False: the reports did not match

    def __str__(self) -> str:
        return f"{self.checked_on:%Y-%m-%d} {self.place}（{self.organization}）"


SiteChecksOf = Callable[[int], list[SiteCheckRef]]  # task id -> its site checks, newest first

_LOOKUPS: list[SiteChecksOf] = []


def register_site_checks(lookup: SiteChecksOf) -> None:
    if lookup not in _LOOKUPS:
        _LOOKUPS.append(lookup)


def site_checks_of(task_id: int) -> list[SiteCheckRef]:
    """The site checks linked to the task (none when no app registered a lookup)."""
    return [check for lookup in _LOOKUPS for check in lookup(task_id)]


def site_check_of(task_id: int, site_check_id: int | None) -> SiteCheckRef | None:
    """One of the task's site checks by id, or None when it is not linked to the task."""
    if site_check_id is None:
        return None
    return next((c for c in site_checks_of(task_id) if c.pk == site_check_id), None)
