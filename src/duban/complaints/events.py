"""The complaints' ledger events. A payload never holds the complainant's identity: events
are read by everyone who sees the complaint. Each part of the app adds its helpers below."""

from __future__ import annotations

from typing import Any

from duban.complaints.choices import Verb
from duban.complaints.models import Complaint
from duban.core import ledger
from duban.core.models import Event, Organization
from duban.inspections.models import InspectionTeam


def complaint_event(
    *, actor: Any, verb: str, complaint: Complaint, data: dict[str, Any], reason: str = ""
) -> Event:
    """Record one event on a complaint, stamped by the office that received it."""
    return ledger.record(
        actor=actor,
        verb=verb,
        subject=complaint,
        organization=complaint.received_by,
        data={"number": complaint.number, **data},
        reason=reason,
    )


def complaint_task_event(*, actor: Any, verb: str, complaint: Complaint, task: Any) -> Event:
    """Record on a task that a complaint concerns it. The task's viewers include units that
    must not read the complaint (the unit complained about may lead the task): the payload is
    the complaint's number, nothing of its content."""
    return ledger.record(
        actor=actor,
        verb=verb,
        subject=task,
        organization=complaint.received_by,
        data={"number": complaint.number},
    )


def list_imported_event(
    *,
    actor: Any,
    office: Organization,
    file: str,
    result: Any,
    team: InspectionTeam | None,
    batch_number: int | None,
) -> Event:
    """One event on the office for a daily list that created complaints, with its counts."""
    return ledger.record(
        actor=actor,
        verb=Verb.IMPORTED,
        subject=office,
        organization=office,
        data={
            "file": file,
            "rows": result.rows,
            "created": len(result.created),
            "linked": len(result.linked),
            "unchanged": len(result.unchanged),
            "team": team.name if team else None,
            "batch": batch_number,
        },
    )
