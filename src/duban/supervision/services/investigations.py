"""Direct investigations (直查直办): open, record findings, conclude."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from duban.core import clock
from duban.core.errors import REQUIRED
from duban.core.models import Organization, Person
from duban.core.principal import user_of
from duban.core.selectors import person_visible_to
from duban.errors import ApplicationError, Conflict, InvalidTransition, NotFound
from duban.inspections.models import Problem
from duban.inspections.selectors import problem_visible_to
from duban.supervision.choices import InvestigationState
from duban.supervision.errors import (
    ALREADY_INVESTIGATING,
    INVESTIGATION_ALREADY_CONCLUDED,
    INVESTIGATION_CONCLUDED,
    NOT_A_COMMISSION,
    OUTSIDE_REGION,
    TEAM_REQUIRED,
    UNKNOWN,
)
from duban.supervision.events import (
    investigation_concluded_event,
    investigation_opened_event,
    investigation_updated_event,
)
from duban.supervision.models import DirectInvestigation
from duban.supervision.permissions import (
    COMMISSION_KINDS,
    is_open,
    may_investigate_for,
)
from duban.supervision.selectors import investigation_visible_to
from duban.supervision.services.common import require


def _require_commission(actor: Any, commission: Organization, problem: Problem) -> None:
    """The actor supervises in the commission, sees the problem, and it is in its region."""
    if commission.kind not in COMMISSION_KINDS:
        raise ApplicationError(
            "only a discipline commission investigates directly",
            code="invalid_investigation",
            fields={"commission": NOT_A_COMMISSION()},
        )
    require(may_investigate_for(actor=actor, commission=commission), "investigate", commission)
    if not problem_visible_to(actor).filter(pk=problem.pk).exists():
        raise NotFound("problem not found", code="problem_not_found", fields={"problem": UNKNOWN()})
    region = commission.region
    if region is not None and not (problem.region_id or "").startswith(region.prefix):
        raise ApplicationError(
            "outside the commission's region",
            code="invalid_investigation",
            fields={"problem": OUTSIDE_REGION(name=commission.name)},
        )


def investigation_open(
    *, actor: Any, problem: Problem, commission: Organization, team: list[Person], plan: str
) -> DirectInvestigation:
    """A commission takes a problem over; the units see that it happened, not its findings.

    Raises NotPermitted (not a supervisor there), NotFound (problem or team member out of
    scope), Conflict (the commission already investigates it), ApplicationError (input).
    """
    _require_commission(actor, commission, problem)
    _check_investigation(actor, team=team, plan=plan)
    with transaction.atomic():
        Problem.objects.select_for_update(no_key=True).filter(pk=problem.pk).first()
        if DirectInvestigation.objects.filter(
            problem=problem, commission=commission, state=InvestigationState.OPEN
        ).exists():
            raise Conflict(
                "already under investigation",
                code="investigation_open",
                fields={"problem": ALREADY_INVESTIGATING(name=commission.name)},
            )
        investigation = DirectInvestigation.objects.create(
            problem=problem,
            commission=commission,
            plan=plan,
            opened_on=clock.today(),
            opened_by=user_of(actor),
        )
        investigation.team.set(team)
        investigation_opened_event(actor=actor, investigation=investigation, team=team)
    return investigation


def _check_investigation(actor: Any, *, team: list[Person], plan: str) -> None:
    """Raise ApplicationError without a team or a plan, NotFound for a team member outside
    the actor's scope."""
    errors = {
        **({"team": TEAM_REQUIRED()} if not team else {}),
        **({"plan": REQUIRED()} if not plan.strip() else {}),
    }
    if errors:
        raise ApplicationError(
            "investigation not opened", code="invalid_investigation", fields=errors
        )
    seen = set(
        person_visible_to(actor).filter(pk__in=[p.pk for p in team]).values_list("pk", flat=True)
    )
    if any(person.pk not in seen for person in team):
        raise NotFound("person not found", code="person_not_found", fields={"team": UNKNOWN()})


def _locked_investigation(actor: Any, investigation_id: int) -> DirectInvestigation:
    if not investigation_visible_to(actor).filter(pk=investigation_id).exists():
        raise NotFound("investigation not found", code="investigation_not_found")
    investigation = (
        DirectInvestigation.objects.select_for_update(no_key=True, of=("self",))
        .select_related("problem", "commission")
        .filter(pk=investigation_id)
        .first()
    )
    if investigation is None:
        raise NotFound("investigation not found", code="investigation_not_found")
    commission = investigation.commission
    require(may_investigate_for(actor=actor, commission=commission), "investigate", commission)
    return investigation


def investigation_record(
    *, actor: Any, investigation_id: int, findings: str
) -> DirectInvestigation:
    """Record findings; they are kept in the investigation's own events, never on the problem."""
    if not findings.strip():
        raise ApplicationError("findings required", fields={"findings": REQUIRED()})
    with transaction.atomic():
        investigation = _locked_investigation(actor, investigation_id)
        if not is_open(investigation):
            raise InvalidTransition(INVESTIGATION_CONCLUDED())
        investigation.findings = findings
        investigation.save(update_fields=["findings"])
        investigation_updated_event(actor=actor, investigation=investigation)
    return investigation


def investigation_conclude(
    *, actor: Any, investigation_id: int, outcome: str
) -> DirectInvestigation:
    """Conclude with an outcome; the problem's timeline learns only that it concluded."""
    if not outcome.strip():
        raise ApplicationError("outcome required", fields={"outcome": REQUIRED()})
    with transaction.atomic():
        investigation = _locked_investigation(actor, investigation_id)
        if not is_open(investigation):
            raise InvalidTransition(INVESTIGATION_ALREADY_CONCLUDED())
        investigation.state, investigation.outcome = InvestigationState.CONCLUDED, outcome
        investigation.concluded_on = clock.today()
        investigation.save()
        investigation_concluded_event(actor=actor, investigation=investigation)
    return investigation
