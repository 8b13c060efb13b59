"""Recording inspection rounds, teams, the problems they hand over and the plans answering them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from duban.core.errors import REQUIRED, UNKNOWN_VALUE
from duban.core.models import Organization, Region
from duban.core.roles import REVIEWERS
from duban.core.scope import scope_of
from duban.errors import ApplicationError, NotPermitted
from duban.inspections.choices import Cadence, Category, ProblemSource, RoundKind
from duban.inspections.events import (
    plan_created_event,
    plan_submitted_event,
    problem_created_event,
    team_created_event,
)
from duban.inspections.models import (
    Batch,
    InspectionRound,
    InspectionTeam,
    Plan,
    Problem,
    ProblemCategory,
)


def require_planner(*, actor: Any, region: Region) -> None:
    """Plans, problems and tasks are made by reviewers or admins of a coordinating organization
    there."""
    if not scope_of(actor).oversees(REVIEWERS, region.code):
        raise NotPermitted("only the rectification office of this region may plan tasks")


def plan_create(
    *,
    actor: Any,
    code: str,
    title: str,
    region: Region,
    office: Organization,
    cadence: Cadence | str = Cadence.MONTHLY,
    dispatch_starts_on: date,
    submitted_on: date | None = None,
    submitted_to: str = "",
    approved_on: date | None = None,
    approved_by: str = "",
) -> Plan:
    """Create a rectification plan (with its submission, if already made); raises
    NotPermitted or ApplicationError."""
    require_planner(actor=actor, region=region)
    if cadence not in Cadence.values:
        raise ApplicationError("unknown cadence", fields={"cadence": UNKNOWN_VALUE(value=cadence)})
    if Plan.objects.filter(code=code).exists():
        raise ApplicationError("plan code already used", fields={"code": "already used"})
    with transaction.atomic():
        plan = Plan.objects.create(
            code=code,
            title=title,
            region=region,
            office=office,
            cadence=cadence,
            dispatch_starts_on=dispatch_starts_on,
            submitted_on=submitted_on,
            submitted_to=submitted_to,
            approved_on=approved_on,
            approved_by=approved_by,
        )
        plan_created_event(actor=actor, plan=plan)
        if submitted_on is not None:
            plan_submitted_event(actor=actor, plan=plan)
    return plan


def round_get_or_create(*, number: int, kind: RoundKind | str, name: str) -> InspectionRound:
    """Reference data for rounds; idempotent."""
    inspection_round, _ = InspectionRound.objects.get_or_create(
        number=number, kind=kind, defaults={"name": name}
    )
    return inspection_round


def batch_get_or_create(*, inspection_round: InspectionRound, number: int, year: int) -> Batch:
    batch, _ = Batch.objects.get_or_create(
        round=inspection_round, number=number, defaults={"year": year}
    )
    return batch


def team_create(
    *,
    actor: Any,
    name: str,
    batch: Batch,
    province: Region,
    organization: Organization | None = None,
    stationed_from: date | None = None,
    stationed_until: date | None = None,
    feedback_on: date | None = None,
    hotline: str = "",
) -> InspectionTeam:
    """Record an inspection team stationed in a province."""
    with transaction.atomic():
        team = InspectionTeam.objects.create(
            name=name,
            batch=batch,
            province=province,
            organization=organization,
            stationed_from=stationed_from,
            stationed_until=stationed_until,
            feedback_on=feedback_on,
            hotline=hotline,
        )
        team_created_event(actor=actor, team=team)
    return team


def problem_create(
    *,
    actor: Any,
    code: str,
    source: ProblemSource | str,
    title: str,
    description: str,
    region: Region,
    team: InspectionTeam | None = None,
    plan: Plan | None = None,
    categories: list[str] | None = None,
    tags: str = "",
    is_public: bool = False,
    disclosed_on: date | None = None,
    feedback_on: date | None = None,
    basic_situation: str = "",
    main_issues: str = "",
    other_regions: list[Region] | None = None,
) -> Problem:
    """Record a problem handed over for rectification; raises ApplicationError per field."""
    _check_problem(actor, region, code=code, source=source, title=title, categories=categories)
    with transaction.atomic():
        problem = Problem.objects.create(
            code=code,
            source=source,
            title=title,
            description=description,
            region=region,
            team=team,
            plan=plan,
            tags=tags,
            is_public=is_public,
            disclosed_on=disclosed_on,
            feedback_on=feedback_on or (team.feedback_on if team else None),
            basic_situation=basic_situation,
            main_issues=main_issues,
        )
        _file_problem(actor, problem, categories=categories, other_regions=other_regions)
    return problem


def _file_problem(
    actor: Any,
    problem: Problem,
    *,
    categories: list[str] | None,
    other_regions: list[Region] | None,
) -> None:
    """File a new problem under its categories (each once) and the other regions it touches,
    and record it in the ledger."""
    ProblemCategory.objects.bulk_create(
        [ProblemCategory(problem=problem, category=c) for c in dict.fromkeys(categories or [])]
    )
    problem.other_regions.set(other_regions or [])
    problem_created_event(actor=actor, problem=problem, categories=categories or [])


def _check_problem(
    actor: Any, region: Region, *, code: str, source: str, title: str, categories: list[str] | None
) -> None:
    """Raise NotPermitted unless the actor plans in the region, else ApplicationError naming
    every field of a new problem that is wrong."""
    require_planner(actor=actor, region=region)
    errors: dict[str, str] = {}
    if Problem.objects.filter(code=code).exists():
        errors["code"] = f"problem {code} exists"
    if source not in ProblemSource.values:
        errors["source"] = f"unknown source {source!r}"
    unknown = [c for c in categories or [] if c not in Category.values]
    if unknown:
        errors["categories"] = UNKNOWN_VALUE(value=", ".join(unknown))
    if not title.strip():
        errors["title"] = REQUIRED()
    if errors:
        raise ApplicationError("invalid problem", code="invalid_problem", fields=errors)
