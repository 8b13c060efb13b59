"""Verification's ledger events keep the payloads they were first recorded with."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from duban.core import clock
from duban.core.ledger import subject_type_of
from duban.core.models import Event
from duban.rectification.services import ClaimInput, report_submit, task_transition
from duban.verification.services import (
    signal_decide,
    signals_scan,
    site_check_record,
    verification_record,
)
from tests.factories import make_workflow

pytestmark = pytest.mark.django_db


def recorded(verb: str, subject: Any) -> tuple[int | None, dict[str, Any], str]:
    """(acting organization, data, reason) of the one event with this verb on the subject."""
    event = Event.objects.get(
        verb=verb, subject_type=subject_type_of(subject), subject_id=str(subject.pk)
    )
    return event.organization_id, event.data, event.reason


def test_site_check_events_keep_their_payloads():
    # given a site check of the workflow's task
    w = make_workflow()
    check = site_check_record(
        actor=w.reviewer,
        organization=w.office,
        checked_on=clock.today(),
        region=w.problem.region,
        place="荷塘区排口",
        findings="排口仍有污水",
        inspectors=[w.signer],
        tasks=[w.task],
        passed=False,
    )
    # then the check and the task each hold exactly what they always held
    assert recorded("site_check.recorded", check) == (
        w.office.pk,
        {
            "checked_on": str(clock.today()),
            "place": "荷塘区排口",
            "passed": False,
            "tasks": [w.task.code],
            "inspectors": ["王晓梅"],
            "evidence": [],
        },
        "",
    )
    assert recorded("site_check.recorded", w.task) == (
        None,
        {"site_check": check.pk, "place": "荷塘区排口", "passed": False},
        "",
    )


def test_claim_and_signal_events_keep_their_payloads():
    # given three reported lengths, each verified far lower, and the signal this raises
    w = make_workflow()
    task_transition(actor=w.reporter, task_id=w.task.pk, action="acknowledge")
    task_transition(actor=w.reporter, task_id=w.task.pk, action="start")
    verifications = []
    for value in ["107.5", "112", "115.2"]:
        claim = report_submit(
            actor=w.reporter,
            task_id=w.task.pk,
            narrative="进展",
            percent=30,
            claims=[ClaimInput(metric="改造管网", unit="公里", value=Decimal(value))],
        ).claims.get()
        verifications.append(
            verification_record(
                actor=w.reviewer,
                claim_id=claim.pk,
                verified_value=Decimal("8.84"),
                method="site_measurement",
                checker=w.signer,
                verified_on=clock.today(),
            )
        )
    (signal,) = signals_scan()
    signal_decide(actor=w.reviewer, signal_id=signal.pk, confirm=True, reason="核实属实")
    # then each event holds exactly what it always held
    first = verifications[0]
    claim_events = Event.objects.filter(verb="claim.verified").order_by("seq")
    assert (claim_events[0].organization_id, claim_events[0].data, claim_events[0].reason) == (
        None,
        {
            "claim": first.claim_id,
            "metric": "改造管网",
            "version": 1,
            "claimed": "107.5000",  # the claim as stored, four places
            "verified": "8.84",
            "deviation": str(first.deviation),
            "method": "site_measurement",
            "checker": "王晓梅",
        },
        "",
    )
    raised = {
        "signal": signal.pk,
        "kind": "false_reporting",
        "severity": "high",
        "explanation": signal.explanation,
        "evidence": signal.evidence,
    }
    assert recorded("signal.raised", signal) == (None, raised, "")
    assert recorded("signal.raised", w.task) == (None, raised, "")
    assert recorded("signal.confirmed", signal) == (
        None,
        {"signal": signal.pk, "kind": "false_reporting"},
        "核实属实",
    )
