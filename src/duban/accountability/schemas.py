"""API shapes of accountability: cases, findings, sanctions, back-tracing, statistics and the
public results (which carry no findings). Bounded input types come from core.api_types."""

from datetime import date, datetime
from typing import Annotated, Any

from ninja import Query, Schema
from pydantic import Field, StrictBool

from duban.accountability.choices import (
    CaseSource,
    Measure,
    Rank,
    ResponsibilityType,
    ReviewKind,
    ReviewOutcome,
)
from duban.core.api_types import MAX_LIST_ITEMS, Day, Id, Ids, Line, LongText, Storable
from duban.core.schemas import AttachmentOut, OrganizationRef, PersonRef

ProblemCodeIn = Annotated[str, Storable, Field(min_length=1, max_length=32)]
ProblemQuery = Annotated[str | None, Storable, Query(None, max_length=32)]


class CaseIn(Schema):
    commission: Id
    title: Line
    problems: Annotated[list[ProblemCodeIn], Field(min_length=1, max_length=MAX_LIST_ITEMS)]
    source: CaseSource
    summary: LongText
    signal: Id | None = None
    investigation: Id | None = None


class FindingIn(Schema):
    responsibility: ResponsibilityType
    facts: LongText
    person: Id | None = Field(None, description="a person, or else an organization")
    organization: Id | None = None
    evidence: Ids = Field([], description="ids from POST /api/attachments")
    event_seqs: Ids = Field([], description="ledger event numbers relied on")


class SanctionIn(Schema):
    finding: Id
    measure: Measure
    rank: Rank | None = Field(None, description="required when the finding names a person")
    decided_by: Annotated[str, Storable, Field(min_length=1, max_length=128)]
    decided_on: Day
    is_public: StrictBool = False
    months: Annotated[int, Field(ge=1, le=24)] | None = Field(
        None, description="the period chosen, for 留党察看 only: 12 or 24"
    )


class WithdrawalIn(Schema):
    reason: LongText


class PublicationIn(Schema):
    summary: LongText
    is_public: StrictBool = True


class ReviewIn(Schema):
    kind: ReviewKind = ReviewKind.REVIEW
    grounds: LongText


class ReviewDecisionIn(Schema):
    outcome: ReviewOutcome
    answer: LongText
    measure: Measure | None = Field(None, description="the new measure, when changed")
    months: Annotated[int, Field(ge=1, le=24)] | None = None


class ReviewOut(Schema):
    id: int
    sanction: int
    kind: str
    requested_on: date
    grounds: str
    outcome: str
    previous_measure: str
    measure: str
    answer: str
    decided_on: date | None

    @staticmethod
    def resolve_sanction(obj: Any) -> int:
        return int(obj.sanction_id)

    @staticmethod
    def resolve_measure(obj: Any) -> str:
        return str(obj.sanction.measure)


class CarriedOutIn(Schema):
    on: Day


class ProblemRef(Schema):
    code: str
    title: str


class FindingOut(Schema):
    id: int
    person: PersonRef | None
    organization: OrganizationRef | None
    responsibility: str
    facts: str
    event_seqs: list[int]
    evidence: list[AttachmentOut]
    withdrawn_on: date | None
    withdrawal_reason: str

    @staticmethod
    def resolve_evidence(obj: Any) -> list[Any]:
        return list(obj.evidence.all())


class SanctionOut(Schema):
    id: int
    finding: int
    person: PersonRef | None
    organization: OrganizationRef | None
    measure: str
    measure_label: str
    rank: str
    months: int | None
    decided_by: str
    decided_on: date
    is_public: bool
    carried_out_on: date | None
    revoked_on: date | None

    @staticmethod
    def resolve_finding(obj: Any) -> int:
        return int(obj.finding_id)

    @staticmethod
    def resolve_person(obj: Any) -> Any:
        return obj.finding.person

    @staticmethod
    def resolve_organization(obj: Any) -> Any:
        return obj.finding.organization

    @staticmethod
    def resolve_measure_label(obj: Any) -> str:
        return str(obj.get_measure_display())


class CaseOut(Schema):
    id: int
    number: str
    title: str
    commission: OrganizationRef
    problems: list[ProblemRef]
    source: str
    state: str
    opened_on: date
    signal: int | None
    investigation: int | None

    @staticmethod
    def resolve_problems(obj: Any) -> list[Any]:
        return list(obj.problems.all())

    @staticmethod
    def resolve_signal(obj: Any) -> int | None:
        return obj.signal_id

    @staticmethod
    def resolve_investigation(obj: Any) -> int | None:
        return obj.investigation_id


class CaseDetailOut(CaseOut):
    summary: str
    findings: list[FindingOut]
    sanctions: list[SanctionOut]

    @staticmethod
    def resolve_findings(obj: Any) -> list[Any]:
        return list(obj.findings.all())

    @staticmethod
    def resolve_sanctions(obj: Any) -> list[Any]:
        return list(obj.sanctions.all())


class TaskResponsibilityOut(Schema):
    task_id: int
    code: str
    title: str
    lead_unit: str | None
    responsible_person: str | None
    supervising_leader: str | None
    deadline: date | None
    state: str
    done_on: date | None
    missed_deadline: bool


class ChangeOut(Schema):
    task: str
    field: str
    seq: int
    at: datetime
    old: str | None
    new: str | None


class ChainEventOut(Schema):
    seq: int
    at: datetime
    actor: str
    organization: str
    verb: str
    label: str
    summary: str
    hash: str


class MissedNoticeOut(Schema):
    number: str
    level: str
    target: str
    due_on: date
    responded_on: date | None
    seq: int


class ResponsibilityOut(Schema):
    problem: ProblemRef
    at: date
    tasks: list[TaskResponsibilityOut]
    changes: list[ChangeOut]
    events: list[ChainEventOut]
    missed_tasks: list[str]
    missed_notices: list[MissedNoticeOut]


class TotalsOut(Schema):
    problems: int
    people: int
    disciplined: int
    units: int
    sanctions: int
    sentence: str


class CountRowOut(Schema):
    key: str
    label: str
    count: int


class ProblemCountOut(Schema):
    code: str
    title: str
    people: int
    disciplined: int
    units: int
    sanctions: int


class StatisticsOut(Schema):
    totals: TotalsOut
    by_measure: list[CountRowOut]
    by_region: list[CountRowOut]
    by_rank: list[CountRowOut]
    by_responsibility: list[CountRowOut]
    by_problem: list[ProblemCountOut]


class PublicSanctionOut(Schema):
    """A published result: who, which measure, decided by whom and when — never the facts."""

    target: str
    post: str
    organization: str
    responsibility: str
    responsibility_label: str
    measure: str
    measure_label: str
    rank: str
    rank_label: str
    decided_by: str
    decided_on: date
    problems: list[ProblemRef]

    @staticmethod
    def resolve_target(obj: Any) -> str:
        finding = obj.finding
        return finding.person.name if finding.person_id else finding.organization.name

    @staticmethod
    def resolve_post(obj: Any) -> str:
        return obj.finding.person.post if obj.finding.person_id else ""

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        finding = obj.finding
        return finding.person.organization.name if finding.person_id else ""

    @staticmethod
    def resolve_responsibility(obj: Any) -> str:
        return str(obj.finding.responsibility)

    @staticmethod
    def resolve_responsibility_label(obj: Any) -> str:
        return str(obj.finding.get_responsibility_display())

    @staticmethod
    def resolve_measure_label(obj: Any) -> str:
        return str(obj.get_measure_display())

    @staticmethod
    def resolve_rank_label(obj: Any) -> str:
        return str(obj.get_rank_display()) if obj.rank else ""

    @staticmethod
    def resolve_problems(obj: Any) -> list[Any]:
        return [problem for problem in obj.case.problems.all() if problem.is_public]


class PublicInvestigationOut(Schema):
    """A direct investigation's published results: the summary written for the public, never
    its findings."""

    commission: str
    problem: ProblemRef | None
    concluded_on: date | None
    published_on: date | None
    summary: str

    @staticmethod
    def resolve_commission(obj: Any) -> str:
        return str(obj.commission.name)

    @staticmethod
    def resolve_problem(obj: Any) -> Any:
        return obj.problem if obj.problem.is_public else None

    @staticmethod
    def resolve_summary(obj: Any) -> str:
        return str(obj.published_summary)


class PublicAccountabilityOut(Schema):
    totals: TotalsOut
    count: int
    items: list[PublicSanctionOut]
    investigations: list[PublicInvestigationOut]
