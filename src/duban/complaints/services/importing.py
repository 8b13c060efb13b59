"""Importing the daily list a team hands over (转办 list): all rows or none.

Every row is read and checked first (importer.py), with every reason of every row. Then,
in one transaction, each new row is registered through `intake.complaint_register` — so the
repeat rule links a repeat to the open complaint and each complaint gets its own ledger event
— and one summary event (complaint.imported) is recorded on the office. A refused row, or a
dry run, rolls the whole transaction back: a dry run's counts (linked repeats included) are
exactly what the import would do. Idempotent on 受理编号: a number already registered with the
same content is "unchanged"; with different content it refuses the row, never overwrites.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from duban.complaints import errors
from duban.complaints.choices import ComplaintState
from duban.complaints.events import list_imported_event
from duban.complaints.importer import (
    NUMBER,
    ListFileError,
    ListRow,
    RowReason,
    differences,
    read_list,
)
from duban.complaints.models import Complaint
from duban.complaints.permissions import may_receive
from duban.complaints.services.intake import ComplaintIn, complaint_register
from duban.core.attachments import Upload
from duban.core.choices import OrganizationKind
from duban.core.models import Organization
from duban.core.roles import REVIEWERS
from duban.core.scope import scope_of
from duban.errors import ApplicationError, NotFound, NotPermitted
from duban.inspections.models import InspectionTeam

# Service field names (intake_refusals) → the list's columns.
_FIELD_COLUMNS = {
    "number": NUMBER,
    "received_on": "受理时间",
    "region": "行政区域",
    "accused_name": "被举报对象",
    "content": "交办问题基本情况",
}


@dataclass
class ImportResult:
    """What the import did, or (dry run, or refused) would have done."""

    rows: int = 0
    created: list[str] = field(default_factory=list)  # numbers registered
    linked: list[str] = field(default_factory=list)  # of those, linked as repeats
    unchanged: list[str] = field(default_factory=list)
    reasons: list[RowReason] = field(default_factory=list)
    dry_run: bool = False

    @property
    def refused(self) -> bool:
        return bool(self.reasons)

    @property
    def written(self) -> bool:
        return not self.refused and not self.dry_run and bool(self.created)


def import_offices(*, user: Any) -> QuerySet[Organization]:
    """The offices the user may import a list as (`may_receive`): those where the user is a
    reviewer; for a superuser, every rectification office. What the page and API offer."""
    scope = scope_of(user)
    if scope.superuser:
        return Organization.objects.filter(kind=OrganizationKind.RECTIFICATION_OFFICE)
    ids = scope.with_roles(REVIEWERS).organization_ids
    return Organization.objects.filter(pk__in=sorted(ids)).order_by("path")


def import_team_get(*, pk: int) -> InspectionTeam:
    """The team a list came from (teams are no secret: their lists are published)."""
    team = InspectionTeam.objects.filter(pk=pk).first()
    if team is None:
        raise NotFound("no such inspection team", code="team_not_found")
    return team


class _Rollback(Exception):
    """Leaves the import's transaction so that nothing written inside it is kept."""


def _given(
    team: InspectionTeam | None, batch_number: int | None, handed_over_on: date | None
) -> dict[str, Any]:
    return {
        "team_id": team.pk if team else None,
        "batch_number": batch_number,
        "handed_over_on": handed_over_on,
    }


def _known_rows(
    rows: list[ListRow], office: Organization, given: dict[str, Any], result: ImportResult
) -> list[ListRow]:
    """The rows to register: not refused, not repeated inside the file, not already
    registered (the same → unchanged; different, or another office's → a reason)."""
    first_row: dict[str, int] = {}
    for row in rows:
        if row.number in first_row:
            row.refuse(NUMBER, errors.IMPORT_DUPLICATE_NUMBER(row=first_row[row.number]))
        elif row.number:
            first_row[row.number] = row.row
    existing = {
        complaint.number: complaint
        for complaint in Complaint.objects.filter(number__in=sorted(first_row))
    }
    new: list[ListRow] = []
    for row in rows:
        known = existing.get(row.number)
        if row.reasons:
            continue
        if known is None:
            new.append(row)
        elif known.received_by_id != office.pk:
            row.refuse(NUMBER, errors.NUMBER_TAKEN(number=row.number))
        elif changed := differences(known, row, given):
            row.refuse(NUMBER, errors.IMPORT_CHANGED(fields="、".join(changed)))
        else:
            result.unchanged.append(row.number)
    return new


def _register(
    *, actor: Any, office: Organization, row: ListRow, given: dict[str, Any], team: Any
) -> Complaint | None:
    """One new row through intake; its refusal becomes the row's reasons (None)."""
    assert row.received_on is not None and row.region is not None
    data = ComplaintIn(
        number=row.number,
        received_on=row.received_on,
        channel=row.channel,
        region=row.region,
        accused_name=row.accused_name,
        content=row.content,
        address=row.address,
        pollution_types=row.pollution_types,
        industry=row.industry,
        priority=row.priority,
        team=team,
        batch_number=given["batch_number"],
        handed_over_on=given["handed_over_on"],
        identity=row.identity,
    )
    try:
        with transaction.atomic():
            return complaint_register(actor=actor, office=office, data=data)
    except IntegrityError:  # registered meanwhile by a concurrent import
        row.refuse(NUMBER, errors.NUMBER_TAKEN(number=row.number))
    except ApplicationError as error:
        for name, reason in (error.fields or {"": error.message}).items():
            row.refuse(_FIELD_COLUMNS.get(name, ""), reason)  # type: ignore[arg-type]
    return None


def complaints_import(
    *,
    actor: Any,
    office: Organization,
    upload: Upload,
    team: InspectionTeam | None = None,
    batch_number: int | None = None,
    handed_over_on: date | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Import a team's daily list as `office` (see the module's docstring). Raises
    NotPermitted when the actor may not register complaints as the office; every other
    refusal is in the result's `reasons` (row 0: the file as a whole)."""
    if not may_receive(actor, office):
        raise NotPermitted(errors.NOT_PERMITTED(), code=errors.NOT_PERMITTED.code)
    result = ImportResult(dry_run=dry_run)
    try:
        daily = read_list(upload.content, office=office)
    except ListFileError as error:
        result.reasons.append(RowReason(0, "", error.reason))
        return result
    result.rows = len(daily.rows)
    given = _given(team, batch_number, handed_over_on)
    new = _known_rows(daily.rows, office, given, result)
    try:
        with transaction.atomic():
            for row in new:
                complaint = _register(actor=actor, office=office, row=row, given=given, team=team)
                if complaint is not None:
                    result.created.append(complaint.number)
                    if complaint.state == ComplaintState.LINKED:
                        result.linked.append(complaint.number)
            result.reasons = sorted(
                (reason for row in daily.rows for reason in row.reasons),
                key=lambda reason: reason.row,
            )
            if result.refused or dry_run:
                raise _Rollback
            if result.created:
                list_imported_event(
                    actor=actor,
                    office=office,
                    file=upload.name,
                    result=result,
                    team=team,
                    batch_number=batch_number,
                )
    except _Rollback:
        pass
    return result
