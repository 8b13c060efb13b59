"""Who may do what with notices and investigations — one place for services and pages alike.

Seeing is decided by the selectors (notice_visible_to, investigation_visible_to); acting is
decided here, from the roles the actor holds in the organization concerned (Scope.holds).
Each rule below is called by the service that enforces it and by the pages that offer it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from duban.core import clock
from duban.core.choices import OrganizationKind, RegionLevel
from duban.core.errors import REQUIRED
from duban.core.principal import SYSTEM
from duban.core.roles import OVERSIGHT, SUPERVISORS, WORKERS
from duban.core.scope import scope_of
from duban.supervision.choices import InvestigationState, NoticeLevel, NoticeState
from duban.supervision.errors import (
    ATTENDEES_NOT_NAMES,
    DECIDED_BY_A_PERSON,
    LISTED_FROM_ABOVE,
    MONTHS_BETWEEN,
    TALK_NOT_AHEAD,
    TALK_OUTSIDE_REGION,
)
from duban.supervision.rules import attendees_are_names

# Who issues notices: the rectification office, the discipline commission, its stationed group.
ISSUER_KINDS = frozenset(
    {
        OrganizationKind.RECTIFICATION_OFFICE,
        OrganizationKind.DISCIPLINE_COMMISSION,
        OrganizationKind.STATIONED_GROUP,
    }
)
COMMISSION_KINDS = frozenset(
    {OrganizationKind.DISCIPLINE_COMMISSION, OrganizationKind.STATIONED_GROUP}
)


# 挂牌督办 and 约谈 are decisions a person takes (docs/supervision.md, "Instruments"); the
# escalation rules stop at 督办.
PERSONAL_LEVELS = frozenset({NoticeLevel.LISTED, NoticeLevel.TALK})
LISTED_MONTHS = (1, 12)
# Depth of a region: nationwide (no region) above province above city above county.
REGION_DEPTH = {None: 0, RegionLevel.PROVINCE: 1, RegionLevel.CITY: 2, RegionLevel.COUNTY: 3}


def _covers(issuer: Any, target: Any) -> bool:
    """The issuer's region is the target's or contains it (no region: the whole country)."""
    if issuer.region is None:
        return True
    return target.region is not None and target.region_id.startswith(issuer.region.prefix)


def _above(issuer: Any, target: Any) -> bool:
    """The issuer's region covers the target's and is a level higher (province over city)."""
    depth = REGION_DEPTH[issuer.region.level if issuer.region else None]
    target_depth = REGION_DEPTH[target.region.level if target.region else None]
    return _covers(issuer, target) and depth < target_depth


@dataclass(frozen=True)
class NoticeTerms:
    """What a level asks besides demands: 挂牌督办's time limit, 约谈's time, place, attendees."""

    time_limit_months: int | None = None
    talk_at: datetime | None = None
    talk_place: str = ""
    talk_attendees: str = ""


def level_refusals(
    *, actor: Any, issuer: Any, target: Any, level: str, terms: NoticeTerms
) -> dict[str, str]:
    """What forbids issuing this level, by field: 挂牌督办 only from a level above the
    target's region, with a time limit of 1–12 months; 约谈 only from an issuer whose region
    covers the target, with a time still ahead, a place and attendees by name; neither by the
    escalation rules."""
    if level not in PERSONAL_LEVELS:
        return {}
    if actor is SYSTEM:
        return {"level": DECIDED_BY_A_PERSON()}
    if level == NoticeLevel.LISTED:
        low, high = LISTED_MONTHS
        errors: dict[str, str] = {}
        if not _above(issuer, target):
            errors["issuer"] = LISTED_FROM_ABOVE(name=target.name)
        months = terms.time_limit_months
        if months is None or not low <= months <= high:
            errors["time_limit_months"] = MONTHS_BETWEEN(low=low, high=high)
        return errors
    errors = {}
    if not _covers(issuer, target):
        errors["target"] = TALK_OUTSIDE_REGION(name=target.name)
    required = {
        "talk_at": terms.talk_at,
        "talk_place": terms.talk_place.strip(),
        "talk_attendees": terms.talk_attendees.strip(),
    }
    errors.update({field: REQUIRED() for field, value in required.items() if not value})
    if terms.talk_at is not None and terms.talk_at <= clock.now():
        errors["talk_at"] = TALK_NOT_AHEAD()
    if required["talk_attendees"] and not attendees_are_names(terms.talk_attendees):
        errors["talk_attendees"] = ATTENDEES_NOT_NAMES()
    return errors


def may_respond(*, actor: Any, notice: Any) -> bool:
    """The target's workers answer its notices."""
    return scope_of(actor).holds(WORKERS, notice.target)


def awaits_response(notice: Any) -> bool:
    return notice.state == NoticeState.ISSUED


def may_close(*, actor: Any, notice: Any) -> bool:
    """The issuer's oversight roles (those who may issue) close what it issued."""
    return scope_of(actor).holds(OVERSIGHT, notice.issuer)


def awaits_closing(notice: Any) -> bool:
    return notice.state == NoticeState.RESPONDED


def may_investigate_for(*, actor: Any, commission: Any) -> bool:
    """Supervisors of the commission open, record and conclude its investigations."""
    return scope_of(actor).holds(SUPERVISORS, commission)


def is_open(investigation: Any) -> bool:
    return investigation.state == InvestigationState.OPEN


@dataclass(frozen=True)
class NoticeActions:
    """What the user may do with one notice now."""

    can_respond: bool
    can_close: bool

    @property
    def anything(self) -> bool:
        return self.can_respond or self.can_close


def notice_actions(*, actor: Any, notice: Any) -> NoticeActions:
    """The target answers an issued notice; the issuer closes an answered one."""
    return NoticeActions(
        can_respond=awaits_response(notice) and may_respond(actor=actor, notice=notice),
        can_close=awaits_closing(notice) and may_close(actor=actor, notice=notice),
    )


def can_investigate(*, actor: Any, investigation: Any) -> bool:
    """Supervisors of the investigating commission record findings and conclude."""
    return is_open(investigation) and may_investigate_for(
        actor=actor, commission=investigation.commission
    )
