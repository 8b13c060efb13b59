"""Accountability's ledger events keep the payloads they were first recorded with."""

from __future__ import annotations

from typing import Any

import pytest

from duban.accountability.services import sanction_carried_out, sanction_decide
from duban.core import clock
from duban.core.models import Event
from tests.accountability.conftest import Scene, proven_finding

pytestmark = pytest.mark.django_db


def case_events(verb: str) -> list[tuple[int | None, dict[str, Any], str]]:
    """(acting organization, data, reason) of the events with this verb, oldest first."""
    events = Event.objects.filter(verb=verb, subject_type="accountability.accountabilitycase")
    return [(e.organization_id, e.data, e.reason) for e in events.order_by("seq")]


def test_case_finding_and_sanction_events_keep_their_payloads(scene: Scene):
    # given the scene's case, person finding and sanction; a finding against the unit with a
    # circulated criticism; and the person suspended, carried out
    case, finding, sanction = scene.case, scene.finding, scene.sanction
    cited = Event.objects.filter(verb="task.created").get().seq
    unit_finding = proven_finding(case, scene.supervisor, organization=scene.party_group)
    today = clock.today()
    circular = sanction_decide(
        actor=scene.supervisor,
        case_id=case.pk,
        finding_id=unit_finding.pk,
        measure="org_circular",
        rank="division",
        decided_by="株洲市纪委",
        decided_on=today,
        is_public=True,
    )
    suspension = sanction_decide(
        actor=scene.supervisor,
        case_id=case.pk,
        finding_id=finding.pk,
        measure="suspension",
        rank="division",
        decided_by="株洲市纪委",
        decided_on=today,
    )
    sanction_carried_out(actor=scene.supervisor, sanction_id=suspension.pk, on=today)
    # then each event holds exactly what it always held (the rank as given, even for a unit)
    commission = scene.commission.pk
    assert case_events("case.opened") == [
        (
            commission,
            {
                "case": case.pk,
                "number": case.number,
                "source": "handover",
                "problems": [scene.w.problem.code],
                "signal": None,
            },
            "",
        )
    ]
    evidence = [a.sha256 for a in finding.evidence.all()]
    facts = "内部认定：组织报送失实数据"
    assert case_events("case.finding_recorded") == [
        (
            commission,
            {
                "finding": finding.pk,
                "person": "周建国",
                "organization": None,
                "responsibility": "direct",
                "event_seqs": [cited],
                "evidence": evidence,
            },
            facts,
        ),
        (
            commission,
            {
                "finding": unit_finding.pk,
                "person": None,
                "organization": "株洲市住建局党组",
                "responsibility": "primary",
                "event_seqs": [cited],
                "evidence": evidence,
            },
            facts,
        ),
    ]
    decided = [
        (sanction, finding, "gov_demerit", "株洲市监委", False),
        (circular, unit_finding, "org_circular", "株洲市纪委", True),
        (suspension, finding, "suspension", "株洲市纪委", False),
    ]
    assert case_events("case.sanction_decided") == [
        (
            commission,
            {
                "sanction": decision.pk,
                "finding": basis.pk,
                "measure": measure,
                "rank": "division",
                "decided_by": decided_by,
                "decided_on": str(today),
                "months": decision.months,
                "public": public,
            },
            "",
        )
        for decision, basis, measure, decided_by, public in decided
    ]
    assert case_events("case.sanction_carried_out") == [
        (commission, {"sanction": suspension.pk, "carried_out_on": str(today)}, "")
    ]
