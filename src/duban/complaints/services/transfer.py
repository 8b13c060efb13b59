"""转办: the receiving office passes a complaint to the unit with power to handle it."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from duban.complaints import rules
from duban.complaints.choices import ComplaintState, Verb
from duban.complaints.errors import TRANSFER_TO_ACCUSED, UNIT_OUTSIDE_REGION
from duban.complaints.events import complaint_event
from duban.complaints.models import Complaint
from duban.complaints.permissions import may_dispatch
from duban.complaints.services.common import locked
from duban.core import clock
from duban.core.models import Organization
from duban.errors import ApplicationError, Reason


def transfer_refusal(complaint: Complaint, unit: Organization) -> Reason | None:
    """Why `unit` cannot handle the complaint, or None. Never the organization complained
    about nor one inside it (Art. 30); a unit of the complaint's region or above it."""
    accused = complaint.accused_organization
    if accused is not None and unit.path.startswith(accused.path):
        return TRANSFER_TO_ACCUSED(unit=unit.name)
    if unit.region is not None and not complaint.region_id.startswith(unit.region.prefix):
        return UNIT_OUTSIDE_REGION(unit=unit.name, region=complaint.region.name)
    return None


def complaint_transfer(*, actor: Any, pk: int, unit: Organization, note: str = "") -> Complaint:
    """Transfer to `unit`; its clocks start today: acknowledge in 15 days, handle in 60 (the
    60 run from the unit's receipt, so a late acknowledgement cannot stretch them), report
    back to the team in 10 from the hand-over while an inspection is on."""
    with transaction.atomic():
        complaint = locked(
            actor=actor,
            pk=pk,
            allowed=may_dispatch,
            states=[ComplaintState.REGISTERED, ComplaintState.TRANSFERRED],
        )
        refusal = transfer_refusal(complaint, unit)
        if refusal:
            raise ApplicationError(refusal, code=refusal.code, fields={"unit": refusal})
        today = clock.today()
        complaint.handling_unit = unit
        complaint.transferred_on = today
        complaint.acknowledge_due_on = rules.acknowledge_due(today)
        complaint.handle_due_on = rules.handle_due(today, complaint.extended_days)
        if complaint.handed_over_on:
            complaint.team_report_due_on = rules.team_report_due(complaint.handed_over_on)
        complaint.state = ComplaintState.TRANSFERRED
        complaint.save()
        complaint_event(
            actor=actor,
            verb=Verb.TRANSFERRED,
            complaint=complaint,
            data={"unit": unit.name, "handle_due_on": complaint.handle_due_on},
            reason=note,
        )
    return complaint
