"""API shapes of complaint handling: inputs bounded like every app's, outputs with no
complainant identity (it is read only through services.identity)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field

from duban.complaints.choices import (
    ComplaintState,
    NotAcceptedGround,
    ReviewLevel,
    ReviewOutcome,
    Satisfaction,
    Truth,
)
from duban.complaints.models import Complaint
from duban.core.api_types import LongText, OptionalDay, Storable
from duban.core.schemas import OrganizationRef

RequiredText = Annotated[str, Storable, Field(min_length=1, max_length=20000)]
Count = Annotated[int, Field(ge=0, le=1_000_000)]
Fine = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]


class AcknowledgeIn(Schema):
    acknowledged_on: OptionalDay = None


class NotAcceptIn(Schema):
    ground: NotAcceptedGround
    reason: RequiredText


class ExtendIn(Schema):
    days: Annotated[int, Field(ge=-1000, le=1000)]
    reason: RequiredText


class HandlingIn(Schema):
    outcome: ComplaintState = ComplaintState.HANDLING
    truth: Truth | None = None
    investigation: LongText = ""
    measures: LongText = ""
    closure_target: LongText = ""
    accountability: LongText = ""
    ordered_to_rectify: Count = 0
    cases_filed: Count = 0
    fines_wan_yuan: Fine = Decimal("0")
    criminal_cases: Count = 0
    administrative_detentions: Count = 0
    criminal_detentions: Count = 0
    talks: Count = 0
    held_accountable: Count = 0


class ReplyIn(Schema):
    text: RequiredText
    replied_on: OptionalDay = None


class TeamReportIn(Schema):
    team_reported_on: OptionalDay = None


class FollowUpIn(Schema):
    followed_up_on: OptionalDay = None
    satisfaction: Satisfaction
    note: LongText = ""


class ComplaintReviewRequestIn(Schema):
    grounds: RequiredText
    requested_on: OptionalDay = None


class ComplaintReviewDecisionIn(Schema):
    outcome: ReviewOutcome
    decision: RequiredText


class ComplaintReviewOut(Schema):
    id: int
    level: ReviewLevel
    requested_on: date
    grounds: str
    reviewer: OrganizationRef
    due_on: date
    decided_on: date | None
    outcome: str
    decision: str


class HandlingOut(Schema):
    """Where the handling stands, and what the caller may do now. No identity."""

    id: int
    number: str
    state: ComplaintState
    state_display: str
    anonymous: bool
    handling_unit: OrganizationRef | None
    transferred_on: date | None
    acknowledge_due_on: date | None
    acknowledged_on: date | None
    handle_due_on: date | None
    extended_days: int
    extension_reason: str
    team_report_due_on: date | None
    team_reported_on: date | None
    not_accepted_reason: str
    truth: str
    investigation: str
    measures: str
    closure_target: str
    accountability: str
    concluded_on: date | None
    ordered_to_rectify: int
    cases_filed: int
    fines_wan_yuan: Decimal
    criminal_cases: int
    administrative_detentions: int
    criminal_detentions: int
    talks: int
    held_accountable: int
    reply: str
    replied_on: date | None
    followed_up_on: date | None
    satisfaction: str
    follow_up_note: str
    reviews: list[ComplaintReviewOut]
    actions: list[str]

    @staticmethod
    def resolve_state_display(obj: Complaint) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_reviews(obj: Complaint) -> list[object]:
        return list(obj.reviews.select_related("reviewer"))
