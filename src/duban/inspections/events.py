"""Inspections' ledger events: one helper per event, building its payload and recording it.

Recorded payloads never change shape (the ledger is append-only and hash-chained), so each
helper writes exactly the keys, in the order, the service wrote before it existed.
"""

from __future__ import annotations

from typing import Any

from duban.core import ledger
from duban.core.models import Event
from duban.inspections.choices import Verb
from duban.inspections.models import InspectionTeam, Plan, Problem


def problem_stamp(problem: Problem) -> ledger.Stamp:
    """A problem's events are seen by its region (it never moves) and by those it reaches."""
    return ledger.Stamp(region_code=problem.region_id, problem=problem.pk)


def plan_created_event(*, actor: Any, plan: Plan) -> Event:
    """Record a new rectification plan, by its office."""
    return ledger.record(
        actor=actor,
        verb=Verb.PLAN_CREATED,
        subject=plan,
        organization=plan.office,
        data={
            "code": plan.code,
            "title": plan.title,
            "cadence": str(plan.cadence),
            "approved_on": plan.approved_on,
        },
    )


def plan_submitted_event(*, actor: Any, plan: Plan) -> Event:
    """Record that a plan was submitted (上报) — the date the plan clock measures."""
    return ledger.record(
        actor=actor,
        verb=Verb.PLAN_SUBMITTED,
        subject=plan,
        organization=plan.office,
        data={"submitted_on": plan.submitted_on, "submitted_to": plan.submitted_to},
    )


def team_created_event(*, actor: Any, team: InspectionTeam) -> Event:
    """Record an inspection team stationed in a province."""
    return ledger.record(
        actor=actor,
        verb=Verb.TEAM_CREATED,
        subject=team,
        data={
            "name": team.name,
            "province": team.province.code,
            "stationed_from": team.stationed_from,
            "stationed_until": team.stationed_until,
            "feedback_on": team.feedback_on,
        },
    )


def problem_created_event(*, actor: Any, problem: Problem, categories: list[str]) -> Event:
    """Record a problem handed over, with its categories as given (repeats included)."""
    return ledger.record(
        actor=actor,
        verb=Verb.PROBLEM_CREATED,
        subject=problem,
        data={
            "code": problem.code,
            "source": str(problem.source),
            "title": problem.title,
            "region": problem.region.code,
            "team": problem.team.pk if problem.team else None,
            "plan": problem.plan.code if problem.plan else None,
            "categories": categories,
            "is_public": problem.is_public,
            "disclosed_on": problem.disclosed_on,
        },
    )
