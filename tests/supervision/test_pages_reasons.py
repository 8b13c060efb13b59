"""Supervision pages show a service's refusal in the UI language, by its reason's code."""

from __future__ import annotations

from datetime import timedelta

import pytest

from duban.core import clock
from duban.supervision.models import DirectInvestigation
from tests.clients import client_for
from tests.supervision.scene import build_scene

pytestmark = pytest.mark.django_db


def test_the_issue_form_shows_the_services_reasons_translated():
    scene = build_scene()
    client = client_for(scene.w.reviewer)
    response = client.post(
        f"/tasks/{scene.w.task.pk}/notices/new/",
        {
            "issuer": scene.w.office.pk,
            "target": scene.w.housing.pk,
            "tasks": [scene.w.task.pk],
            "level": "criticism",
            "demands": "通报批评",
            "due_on": (clock.today() - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"due_on": ["反馈时限早于今天。"]}


def test_the_numbering_form_shows_a_pattern_reason_translated():
    scene = build_scene()
    response = client_for(scene.w.reviewer).post(
        "/notices/numbering/",
        {
            "issuer": scene.w.office.pk,
            "year": clock.today().year,
            "number_prefix": "株整改督",
            "pattern": "{prefix}{os}",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"pattern": ["只能使用 {prefix}、{year} 和 {seq}。"]}


def test_a_second_investigation_shows_the_commissions_name_in_the_reason():
    scene = build_scene()
    response = client_for(scene.supervisor).post(
        "/investigations/new/",
        {
            "problem": scene.w.problem.code,
            "commission": scene.commission.pk,
            "team": [scene.investigator.pk],
            "plan": "再查",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"problem": ["株洲市纪委监委正在直查直办该问题。"]}
    assert DirectInvestigation.objects.count() == 1
