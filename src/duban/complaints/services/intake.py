"""Registering complaints: one by staff entry or the portal (the daily list from a team goes
through `importer.py`, which calls `complaint_register` for each new row)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from duban.complaints import repeats
from duban.complaints.choices import Channel, ComplaintState, Priority, Verb
from duban.complaints.errors import (
    NOT_PERMITTED,
    NUMBER_TAKEN,
    OUTSIDE_OFFICE_REGION,
    RECEIVED_IN_FUTURE,
)
from duban.complaints.events import complaint_event
from duban.complaints.identity import Identity, seal
from duban.complaints.models import Complaint, ComplaintIdentity
from duban.complaints.permissions import may_receive
from duban.core import clock
from duban.core.errors import REQUIRED
from duban.core.models import Organization, Person, Region
from duban.errors import ApplicationError, Conflict, NotPermitted
from duban.inspections.models import InspectionTeam


@dataclass
class ComplaintIn:
    """What intake knows of one complaint, from any channel."""

    received_on: date
    channel: str
    region: Region
    accused_name: str
    content: str
    number: str = ""  # empty: duban numbers it
    address: str = ""
    pollution_types: str = ""
    industry: str = ""
    priority: str = Priority.NORMAL
    team: InspectionTeam | None = None
    batch_number: int | None = None
    handed_over_on: date | None = None
    accused_organization: Organization | None = None
    accused_people: Sequence[Person] = field(default_factory=list)
    identity: Identity = field(default_factory=Identity)
    is_public: bool = True


def intake_refusals(office: Organization, data: ComplaintIn) -> dict[str, str]:
    """Field-level reasons the complaint cannot be registered as given (empty: it can)."""
    refusals: dict[str, str] = {}
    for name in ("accused_name", "content"):
        if not getattr(data, name).strip():
            refusals[name] = REQUIRED()
    if data.received_on > clock.today():
        refusals["received_on"] = RECEIVED_IN_FUTURE()
    if office.region is not None and not data.region.code.startswith(office.region.prefix):
        refusals["region"] = OUTSIDE_OFFICE_REGION(region=data.region.name, office=office.name)
    if data.number and Complaint.objects.filter(number=data.number).exists():
        refusals["number"] = NUMBER_TAKEN(number=data.number)
    return refusals


def _next_number(received_on: date) -> str:
    """DB + date + a 4-digit serial after the highest of that day, for complaints with no
    number from a team."""
    prefix = f"DB{received_on:%Y%m%d}"
    numbers = Complaint.objects.filter(number__regex=rf"^{prefix}[0-9]{{4}}$")
    last = numbers.order_by("-number").values_list("number", flat=True).first()
    return f"{prefix}{int(last[len(prefix) :]) + 1 if last else 1:04d}"


def _unsaved(office: Organization, data: ComplaintIn) -> Complaint:
    """The complaint as registered, not yet saved (the ledger head's lock, taken by an earlier
    registration's event, serialises numbering; the unique number is the last guard)."""
    return Complaint(
        number=data.number or _next_number(data.received_on),
        received_on=data.received_on,
        channel=Channel(data.channel),
        received_by=office,
        team=data.team,
        batch_number=data.batch_number,
        handed_over_on=data.handed_over_on,
        region=data.region,
        accused_name=data.accused_name.strip(),
        address=data.address.strip(),
        content=data.content.strip(),
        pollution_types=data.pollution_types,
        industry=data.industry,
        priority=data.priority,
        accused_organization=data.accused_organization,
        anonymous=data.identity.is_empty,
        is_public=data.is_public,
    )


def _save_numbered(complaint: Complaint, *, given: bool, attempts: int = 5) -> None:
    """Save; a number taken meanwhile by a concurrent registration is a Conflict when it was
    given, and the next free one when duban chose it."""
    for _ in range(attempts):
        try:
            with transaction.atomic():
                complaint.save()
            return
        except IntegrityError:
            if given:
                reason = NUMBER_TAKEN(number=complaint.number)
                raise Conflict(reason, code=NUMBER_TAKEN.code, fields={"number": reason}) from None
            complaint.number = _next_number(complaint.received_on)
    raise Conflict(NUMBER_TAKEN(number=complaint.number), code=NUMBER_TAKEN.code)


def complaint_register(*, actor: Any, office: Organization, data: ComplaintIn) -> Complaint:
    """Register one complaint received by `office`. A repeat of an open complaint about the
    same firm or address within the window is registered as linked to it, not accepted anew
    (环保举报热线工作管理办法: 再次提出同一举报事项的，不予受理, and told how to follow it)."""
    if not may_receive(actor, office):
        raise NotPermitted(NOT_PERMITTED(), code=NOT_PERMITTED.code)
    refusals = intake_refusals(office, data)
    if refusals:
        raise ApplicationError(next(iter(refusals.values())), fields=refusals)
    with transaction.atomic():
        complaint = _unsaved(office, data)
        complaint.accused_key, complaint.address_key = repeats.keys_of(complaint)
        earlier = repeats.open_repeat_of(complaint)
        if earlier is not None:
            complaint.repeat_of = earlier
            complaint.state = ComplaintState.LINKED
        _save_numbered(complaint, given=bool(data.number))
        complaint.accused_people.set(data.accused_people)
        if not data.identity.is_empty:
            key_id, token = seal(data.identity)
            ComplaintIdentity.objects.create(complaint=complaint, key_id=key_id, token=token)
        complaint_event(
            actor=actor,
            verb=Verb.RECEIVED,
            complaint=complaint,
            data={
                "channel": complaint.channel,
                "region": complaint.region_id,
                "team": data.team.name if data.team else None,
                "batch": data.batch_number,
                "anonymous": complaint.anonymous,
                "repeat_of": earlier.number if earlier else None,
            },
        )
    return complaint
