"""Accountability forms in the users' words: problems picked (not typed as codes), evidence
events ticked from the problems' timelines (not typed as record numbers), people and
organizations picked by name."""

from __future__ import annotations

import re

import pytest

from duban.accountability.models import AccountabilityCase, ResponsibilityFinding
from duban.core.models import Event
from tests.clients import client_for

pytestmark = pytest.mark.django_db


def test_case_open_takes_the_picked_problems(scene):
    client = client_for(scene.supervisor)
    page = client.get("/accountability/new/?problem=HN-ZZ-01").content.decode()
    assert 'hx-get="/pick/problems/"' in page
    assert (
        '<input type="hidden" name="problems" value="HN-ZZ-01">HN-ZZ-01 老旧污水管网改造滞后'
        in page
    )
    assert "以逗号分隔" not in page
    response = client.post(
        "/accountability/new/",
        {
            "commission": scene.commission.pk,
            "title": "管网数据再次失实",
            "problems": ["HN-ZZ-01"],  # the chip's hidden value
            "source": "handover",
            "summary": "移交线索",
        },
    )
    assert response.status_code == 302
    case = AccountabilityCase.objects.get(title="管网数据再次失实")
    assert [problem.code for problem in case.problems.all()] == ["HN-ZZ-01"]


def test_case_open_without_a_problem_says_choose_one(scene):
    response = client_for(scene.supervisor).post(
        "/accountability/new/",
        {"commission": scene.commission.pk, "title": "x", "source": "handover", "summary": "x"},
    )
    assert response.status_code == 400
    assert "请至少选择一个问题" in response.content.decode()


def test_finding_cites_events_ticked_from_the_timeline(scene):
    client = client_for(scene.supervisor)
    page = client.get(f"/accountability/{scene.case.pk}/").content.decode()
    created = Event.objects.get(subject_type="rectification.task", verb="task.created")
    box = re.search(rf'<input type="checkbox" name="event_seqs" value="{created.seq}"[^>]*>', page)
    assert box, "the task's creation is offered as a box to tick"
    label = page[box.end() :].split("</label>")[0]
    assert "交办任务" in label and "task.created" not in label  # described in words
    assert f"#{created.seq}" not in label
    assert 'hx-get="/pick/people/"' in page and 'hx-get="/pick/organizations/"' in page
    response = client.post(
        f"/accountability/{scene.case.pk}/findings/",
        {
            "target": "person",
            "person": scene.w.leader.pk,
            "responsibility": "leadership",
            "facts": "分管领导督促不力",
            "event_seqs": [str(created.seq)],
        },
    )
    assert response.status_code == 302
    finding = ResponsibilityFinding.objects.get(facts="分管领导督促不力")
    assert finding.event_seqs == [created.seq]


def test_an_event_outside_the_cases_timelines_cannot_be_ticked(scene):
    stranger = Event.objects.filter(subject_type="core.organization").first()
    assert stranger is not None
    before = ResponsibilityFinding.objects.count()
    response = client_for(scene.supervisor).post(
        f"/accountability/{scene.case.pk}/findings/",
        {
            "target": "person",
            "person": scene.w.leader.pk,
            "responsibility": "leadership",
            "facts": "x",
            "event_seqs": [str(stranger.seq)],
        },
    )
    assert response.status_code == 400
    assert 'data-field-error="event_seqs"' in response.content.decode()
    assert ResponsibilityFinding.objects.count() == before
