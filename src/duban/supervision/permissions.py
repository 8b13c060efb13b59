"""Who may do what with notices and investigations — one place for services and pages alike.

Seeing is decided by the selectors (notice_visible_to, investigation_visible_to); acting is
decided here, from the roles the actor holds in the organization concerned (Scope.holds).
Each rule below is called by the service that enforces it and by the pages that offer it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from duban.core.choices import OrganizationKind
from duban.core.roles import OVERSIGHT, SUPERVISORS, WORKERS
from duban.core.scope import scope_of
from duban.supervision.choices import InvestigationState, NoticeState

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
