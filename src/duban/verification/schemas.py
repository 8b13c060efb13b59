"""API shapes of data truth: site checks, verifications, signals, a unit's data quality.

Inputs are bounded: ids fit a 64-bit key, text is storable (no NUL, valid Unicode) and of a
maximum length, numbers fit their columns — anything else is a 422 naming the field.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, StrictBool

from duban.core.api_types import MAX_LIST_ITEMS, Day, Id, Ids, ShortText, Storable
from duban.core.schemas import OrganizationRef
from duban.verification.choices import SignalKind, SignalStatus, VerificationMethod

Latitude = Annotated[Decimal | None, Field(ge=-90, le=90, max_digits=9, decimal_places=6)]
Longitude = Annotated[Decimal | None, Field(ge=-180, le=180, max_digits=9, decimal_places=6)]


# References


class InspectorRef(Schema):
    """A person who checks on site or verifies a figure, with the organization they act for."""

    id: int
    name: str
    organization: str

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        return obj.organization.name


class TaskRef(Schema):
    id: int
    code: str
    title: str


class AttachmentRef(Schema):
    id: int
    original_name: str
    sha256: str
    content_type: str
    url: str

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return f"/attachments/{obj.pk}/"


# Site checks


class SiteCheckIn(Schema):
    organization: Id
    checked_on: Day
    region: Annotated[str | None, Field(pattern=r"^[0-9]{6}$")] = None
    place: Annotated[str, Storable, Field(min_length=1, max_length=200)]
    latitude: Latitude = None
    longitude: Longitude = None
    unannounced: StrictBool = True
    findings: Annotated[str, Storable, Field(min_length=1, max_length=20000)]
    passed: StrictBool | None = None
    inspectors: Ids
    tasks: Annotated[list[Id], Field(min_length=1, max_length=MAX_LIST_ITEMS)]
    evidence: Ids = []


class SiteCheckOut(Schema):
    id: int
    checked_on: date
    organization: OrganizationRef
    region: str
    region_name: str
    place: str
    latitude: Decimal | None
    longitude: Decimal | None
    unannounced: bool
    findings: str
    passed: bool | None
    inspectors: list[InspectorRef]
    tasks: list[TaskRef]
    evidence: list[AttachmentRef]

    @staticmethod
    def resolve_region(obj: Any) -> str:
        return obj.region_id

    @staticmethod
    def resolve_region_name(obj: Any) -> str:
        return obj.region.name

    @staticmethod
    def resolve_inspectors(obj: Any) -> list[Any]:
        return list(obj.inspectors.all())

    @staticmethod
    def resolve_tasks(obj: Any) -> list[Any]:
        return list(obj.tasks.all())

    @staticmethod
    def resolve_evidence(obj: Any) -> list[Any]:
        return list(obj.evidence.all())


# Verifications


class VerificationIn(Schema):
    verified_value: Annotated[Decimal, Field(max_digits=16, decimal_places=4)]
    method: VerificationMethod
    checker: Id
    site_check: Id | None = None
    verified_on: Day
    note: ShortText = ""


class VerificationOut(Schema):
    id: int
    claim: int
    verified_value: Decimal
    method: str
    method_display: str
    checker: InspectorRef
    site_check: int | None
    verified_on: date
    note: str
    deviation: Decimal | None

    @staticmethod
    def resolve_claim(obj: Any) -> int:
        return obj.claim_id

    @staticmethod
    def resolve_method_display(obj: Any) -> str:
        return str(obj.get_method_display())

    @staticmethod
    def resolve_site_check(obj: Any) -> int | None:
        return obj.site_check_id


# Signals


class SignalOut(Schema):
    id: int
    kind: str
    kind_display: str
    severity: str
    severity_display: str
    status: str
    status_display: str
    task: TaskRef | None
    unit: OrganizationRef | None
    explanation: str
    raised_at: datetime
    decided_at: datetime | None
    decision_reason: str
    referred: bool

    @staticmethod
    def resolve_kind_display(obj: Any) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_severity_display(obj: Any) -> str:
        return str(obj.get_severity_display())

    @staticmethod
    def resolve_status_display(obj: Any) -> str:
        return str(obj.get_status_display())


class ClaimEvidenceOut(Schema):
    id: int
    task: int
    metric: str
    unit: str
    value: Decimal
    version: int
    submitted_at: datetime
    verifications: list[VerificationOut]

    @staticmethod
    def resolve_task(obj: Any) -> int:
        return obj.task_id

    @staticmethod
    def resolve_verifications(obj: Any) -> list[Any]:
        return list(obj.verifications.all())


class ReportEvidenceOut(Schema):
    id: int
    task: int
    period_start: date
    period_end: date
    version: int
    submitted_at: datetime

    @staticmethod
    def resolve_task(obj: Any) -> int:
        return obj.task_id


class SiteCheckEvidenceOut(Schema):
    id: int
    checked_on: date
    place: str
    passed: bool | None


class EvidenceOut(Schema):
    claims: list[ClaimEvidenceOut]
    reports: list[ReportEvidenceOut]
    attachments: list[AttachmentRef]
    site_checks: list[SiteCheckEvidenceOut]
    tasks: list[TaskRef]
    hidden: int


class SignalDetailOut(Schema):
    """One signal and its evidence, resolved to what the caller may see."""

    signal: SignalOut
    evidence: EvidenceOut


class DecisionIn(Schema):
    confirm: StrictBool
    reason: ShortText


class ReferralIn(Schema):
    note: ShortText = ""


# A unit's data quality


class BucketOut(Schema):
    label: str
    count: int


class SignalCountOut(Schema):
    kind: str
    kind_display: str
    status: str
    status_display: str
    count: int


class DataQualityOut(Schema):
    """Of the figures the unit reported as lead unit: how many, how many verified (share in
    percent), how far off the verified ones were, and the signals by kind and status."""

    unit: OrganizationRef
    claims: int
    verified: int
    verified_share: float
    deviation_buckets: list[BucketOut]
    signals: list[SignalCountOut]

    @staticmethod
    def resolve_deviation_buckets(obj: Any) -> list[dict[str, Any]]:
        return [{"label": label, "count": count} for label, count in obj.deviation_buckets]

    @staticmethod
    def resolve_signals(obj: Any) -> list[dict[str, Any]]:
        kinds, statuses = dict(SignalKind.choices), dict(SignalStatus.choices)
        return [
            {
                **row,
                "kind_display": str(kinds.get(row["kind"], row["kind"])),
                "status_display": str(statuses.get(row["status"], row["status"])),
            }
            for row in obj.signals_by_kind
        ]
