"""Inspections' ledger events keep the payloads they were first recorded with."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from duban.core.ledger import subject_type_of
from duban.core.models import Event, Region
from duban.core.principal import SYSTEM
from duban.inspections.services import (
    batch_get_or_create,
    problem_create,
    round_get_or_create,
    team_create,
)
from tests.factories import make_workflow

pytestmark = pytest.mark.django_db


def recorded(verb: str, subject: Any) -> tuple[int | None, dict[str, Any], str]:
    """(acting organization, data, reason) of the one event with this verb on the subject."""
    event = Event.objects.get(
        verb=verb, subject_type=subject_type_of(subject), subject_id=str(subject.pk)
    )
    return event.organization_id, event.data, event.reason


def test_plan_team_and_problem_events_keep_their_payloads():
    # given the workflow's plan, a team, and a problem found by that team in two categories
    w = make_workflow()
    batch = batch_get_or_create(
        inspection_round=round_get_or_create(number=2, kind="routine", name="第二轮"),
        number=1,
        year=2021,
    )
    province = Region.objects.get(code="430000")
    team = team_create(
        actor=SYSTEM,
        name="中央第六生态环境保护督察组",
        batch=batch,
        province=province,
        stationed_from=date(2021, 4, 6),
        stationed_until=date(2021, 5, 6),
        feedback_on=date(2021, 7, 19),
    )
    problem = problem_create(
        actor=SYSTEM,
        code="HN-ZZ-02",
        source="typical_case",
        title="工业园区污水直排",
        description="园区管网不完善",
        region=w.problem.region,
        team=team,
        plan=w.plan,
        categories=["water", "water", "air"],
        is_public=True,
        disclosed_on=date(2021, 5, 1),
    )
    # then each event holds exactly what it always held (categories as given, repeats kept)
    assert recorded("plan.created", w.plan) == (
        w.office.pk,
        {"code": "ZZ-2021", "title": "株洲市整改方案", "cadence": "monthly", "approved_on": None},
        "",
    )
    assert recorded("team.created", team) == (
        None,
        {
            "name": "中央第六生态环境保护督察组",
            "province": "430000",
            "stationed_from": "2021-04-06",
            "stationed_until": "2021-05-06",
            "feedback_on": "2021-07-19",
        },
        "",
    )
    assert recorded("problem.created", problem) == (
        None,
        {
            "code": "HN-ZZ-02",
            "source": "typical_case",
            "title": "工业园区污水直排",
            "region": "430200",
            "team": team.pk,
            "plan": "ZZ-2021",
            "categories": ["water", "water", "air"],
            "is_public": True,
            "disclosed_on": "2021-05-01",
        },
        "",
    )
