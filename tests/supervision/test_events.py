"""Supervision's ledger events keep the payloads they were first recorded with."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from duban.core import clock
from duban.core.ledger import subject_type_of
from duban.core.models import Event
from duban.supervision.services import (
    investigation_conclude,
    notice_close,
    notice_respond,
    numbering_configure,
)
from tests.supervision.scene import FINDINGS, PLAN, build_scene

pytestmark = pytest.mark.django_db


def recorded(verb: str, subject: Any) -> tuple[int | None, dict[str, Any], str]:
    """(acting organization, data, reason) of the one event with this verb on the subject."""
    event = Event.objects.get(
        verb=verb, subject_type=subject_type_of(subject), subject_id=str(subject.pk)
    )
    return event.organization_id, event.data, event.reason


def test_notice_events_keep_their_payloads():
    # given the scene's notice, answered and closed, and a numbering configured for next year
    scene = build_scene()
    w, notice = scene.w, scene.notice
    notice_respond(actor=w.reporter, notice_id=notice.pk, response="已加派施工队")
    notice_close(actor=w.reviewer, notice_id=notice.pk, note="整改到位")
    year, pattern = clock.today().year + 1, "{prefix}〔{year}〕{seq}号"
    numbering_configure(
        actor=w.reviewer,
        issuer=w.office,
        year=year,
        prefix="株整督",
        pattern=pattern,
    )
    # then each event holds exactly what it always held
    issued = {
        "notice": notice.pk,
        "number": notice.number,
        "level": "notice",
        "issuer": "株洲市整改办",
        "target": "株洲市住建局",
        "due_on": str(clock.today() + timedelta(days=10)),
        "tasks": [w.task.code],
        "escalated_from": None,
    }
    assert recorded("notice.issued", notice) == (
        w.office.pk,
        issued,
        "加快管网改造进度，每周报送进展",
    )
    assert recorded("notice.issued", w.task) == (w.office.pk, issued, "")
    assert recorded("notice.responded", notice) == (
        w.housing.pk,
        {"notice": notice.pk, "number": notice.number, "evidence": []},
        "已加派施工队",
    )
    assert recorded("notice.closed", notice) == (
        w.office.pk,
        {"notice": notice.pk, "number": notice.number},
        "整改到位",
    )
    assert recorded("notice.numbering_configured", w.office) == (
        w.office.pk,
        {
            "year": year,
            "prefix": "株整督",
            "pattern": pattern,
            "example": f"株整督〔{year}〕1号",
        },
        "",
    )


def test_investigation_events_keep_their_payloads():
    # given the scene's investigation, with findings recorded, then concluded
    scene = build_scene()
    investigation, commission = scene.investigation, scene.commission
    investigation_conclude(
        actor=scene.supervisor, investigation_id=investigation.pk, outcome="移送问责"
    )
    # then the problem learns only that it was taken over and concluded; the rest stays inside
    problem = scene.w.problem
    assert recorded("investigation.opened", problem) == (
        commission.pk,
        {"investigation": investigation.pk, "commission": "株洲市纪委监委"},
        "",
    )
    assert recorded("investigation.opened", investigation) == (
        commission.pk,
        {"problem": problem.code, "team": [str(scene.investigator)]},
        PLAN,
    )
    assert recorded("investigation.updated", investigation) == (
        commission.pk,
        {"findings": FINDINGS},
        "",
    )
    assert recorded("investigation.concluded", investigation) == (
        commission.pk,
        {"outcome": "移送问责"},
        "",
    )
    assert recorded("investigation.concluded", problem) == (
        commission.pk,
        {"investigation": investigation.pk},
        "",
    )
