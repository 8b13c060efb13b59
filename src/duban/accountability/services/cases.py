"""Opening cases, recording responsibility findings and deciding sanctions (精准问责)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction

from duban.accountability.choices import (
    ORGANIZATION_MEASURES,
    ORGANIZATIONAL_HANDLING,
    PARTY_ORGANIZATION_KINDS,
    PARTY_ORGANIZATION_MEASURES,
    PERIOD_CHOICES,
    SANCTION_MONTHS,
    CaseSource,
    CaseState,
    Measure,
    Rank,
    ResponsibilityType,
)
from duban.accountability.errors import (
    CARRIED_OUT_OUT_OF_RANGE,
    DECISION_IN_FUTURE,
    EVENTS_UNKNOWN,
    FINDING_HAS_SANCTIONS,
    FINDING_NOT_IN_CASE,
    FINDING_WITHOUT_EVIDENCE,
    INVESTIGATION_OF_OTHERS,
    INVESTIGATION_REQUIRED,
    MEASURE_FOR_PARTY_ORGANIZATIONS,
    MEASURE_NOT_FOR_ORGANIZATION,
    MEASURE_NOT_FOR_PERSON,
    NO_ONE_NAMED,
    NO_PROBLEMS,
    NOT_A_COMMISSION,
    NOT_ORGANIZATIONAL_HANDLING,
    PERIOD_NOT_CHOSEN,
    PERIOD_REQUIRED,
    RANK_REQUIRED,
    SIGNAL_NOT_CONFIRMED,
    SIGNAL_REQUIRED,
    UNKNOWN_MEASURE,
    UNKNOWN_RESPONSIBILITY,
    UNKNOWN_SOURCE,
)
from duban.accountability.events import (
    case_opened_event,
    finding_recorded_event,
    finding_withdrawn_event,
    sanction_carried_out_event,
    sanction_decided_event,
)
from duban.accountability.models import AccountabilityCase, ResponsibilityFinding, Sanction
from duban.accountability.selectors import can_work_on, case_visible_to, problems_supervised
from duban.accountability.services.handoffs import sanction_decided
from duban.core import clock
from duban.core.attachments import Upload, uploads_store
from duban.core.errors import REQUIRED, UNKNOWN_OR_OUTSIDE_SCOPE
from duban.core.models import Attachment, Event, Organization, Person
from duban.core.principal import user_of
from duban.core.roles import SUPERVISORS
from duban.errors import ApplicationError, InvalidTransition, NotFound
from duban.inspections.models import Problem
from duban.supervision.models import DirectInvestigation
from duban.supervision.services import COMMISSION_KINDS, require, require_member
from duban.verification.choices import SignalStatus
from duban.verification.models import Signal


def case_open(
    *,
    actor: Any,
    commission: Organization,
    title: str,
    problems: list[Problem],
    source: CaseSource | str,
    summary: str,
    investigation: DirectInvestigation | None = None,
    signal: Signal | None = None,
) -> AccountabilityCase:
    """Open a case in a commission; numbered per commission and year."""
    require_member(actor, commission, SUPERVISORS, "open accountability cases")
    _check_case(
        actor=actor,
        commission=commission,
        problems=problems,
        source=source,
        investigation=investigation,
        signal=signal,
    )
    today = clock.today()
    with transaction.atomic():
        case = AccountabilityCase.objects.create(
            number=_next_case_number(commission, today.year),
            title=title,
            commission=commission,
            source=source,
            summary=summary,
            investigation=investigation,
            signal=signal,
            opened_on=today,
            opened_by=user_of(actor),
        )
        case.problems.set(problems)
        case_opened_event(actor=actor, case=case, problems=problems)
    return case


def _next_case_number(commission: Organization, year: int) -> str:
    """The commission's next case number of the year; locks the commission while counting."""
    Organization.objects.select_for_update(no_key=True).filter(pk=commission.pk).first()
    count = AccountabilityCase.objects.filter(commission=commission, opened_on__year=year).count()
    return f"{commission.name}问责〔{year}〕{count + 1}号"


def _check_case(
    *,
    actor: Any,
    commission: Organization,
    problems: list[Problem],
    source: CaseSource | str,
    investigation: DirectInvestigation | None,
    signal: Signal | None,
) -> None:
    """Raise NotFound for problems outside the actor's supervision, else ApplicationError
    naming every field that is wrong."""
    errors: dict[str, str] = {}
    if commission.kind not in COMMISSION_KINDS:
        errors["commission"] = NOT_A_COMMISSION()
    if not problems:
        errors["problems"] = NO_PROBLEMS()
    if source not in CaseSource.values:
        errors["source"] = UNKNOWN_SOURCE(source=source)
    if source == CaseSource.SIGNAL and signal is None:
        errors["signal"] = SIGNAL_REQUIRED()
    if signal is not None and signal.status != SignalStatus.CONFIRMED:
        errors["signal"] = SIGNAL_NOT_CONFIRMED()
    if source == CaseSource.INVESTIGATION and investigation is None:
        errors["investigation"] = INVESTIGATION_REQUIRED()
    if investigation is not None and investigation.commission_id != commission.pk:
        errors["investigation"] = INVESTIGATION_OF_OTHERS()
    if problems:
        overseen = set(
            problems_supervised(actor)
            .filter(pk__in=[p.pk for p in problems])
            .values_list("pk", flat=True)
        )
        if outside := [p.code for p in problems if p.pk not in overseen]:
            raise NotFound(
                "problem not found",
                code="problem_not_found",
                fields={"problems": UNKNOWN_OR_OUTSIDE_SCOPE(ids=", ".join(outside))},
            )
    if errors:
        raise ApplicationError("case not opened", code="invalid_case", fields=errors)


def case_for_work(actor: Any, case_id: int) -> AccountabilityCase:
    """The case, if the actor sees it (NotFound) and may work on it (NotPermitted)."""
    case = case_visible_to(actor).select_related("commission").filter(pk=case_id).first()
    if case is None:
        raise NotFound("case not found", code="case_not_found")
    require(can_work_on(user=actor, case=case), "work on accountability cases", case.commission)
    return case


def finding_record(
    *,
    actor: Any,
    case_id: int,
    responsibility: ResponsibilityType | str,
    facts: str,
    person: Person | None = None,
    organization: Organization | None = None,
    evidence: list[Attachment] | None = None,
    event_seqs: list[int] | None = None,
    uploads: Sequence[Upload] = (),
) -> ResponsibilityFinding:
    """Record who bore which responsibility and what proves it (stored files, files sent with
    it and stored here, and/or ledger events)."""
    with transaction.atomic():
        case = case_for_work(actor, case_id)
        evidence = [*(evidence or []), *uploads_store(actor=actor, uploads=uploads)]
        known = _check_finding(
            responsibility=responsibility,
            facts=facts,
            person=person,
            organization=organization,
            event_seqs=event_seqs or [],
        )
        finding = ResponsibilityFinding.objects.create(
            case=case,
            person=person,
            organization=organization,
            responsibility=responsibility,
            facts=facts,
            event_seqs=known,
        )
        finding.evidence.set(evidence)
        finding_recorded_event(actor=actor, finding=finding, evidence=evidence)
    return finding


def _check_finding(
    *,
    responsibility: ResponsibilityType | str,
    facts: str,
    person: Person | None,
    organization: Organization | None,
    event_seqs: list[int],
) -> list[int]:
    """The cited ledger events' seqs, sorted; ApplicationError naming every bad field."""
    errors: dict[str, str] = {}
    if (person is None) == (organization is None):
        errors["person"] = NO_ONE_NAMED()
    if responsibility not in ResponsibilityType.values:
        errors["responsibility"] = UNKNOWN_RESPONSIBILITY(responsibility=responsibility)
    if not facts.strip():
        errors["facts"] = REQUIRED()
    known = set(Event.objects.filter(seq__in=event_seqs).values_list("seq", flat=True))
    if missing := sorted(set(event_seqs) - known):
        errors["event_seqs"] = EVENTS_UNKNOWN(seqs=missing)
    if errors:
        raise ApplicationError("finding not recorded", code="invalid_finding", fields=errors)
    return sorted(known)


def finding_withdraw(*, actor: Any, finding_id: int, reason: str) -> ResponsibilityFinding:
    """Withdraw a finding with a reason (it is never edited: record another to replace it);
    refused while a sanction that is not revoked rests on it."""
    finding = ResponsibilityFinding.objects.filter(pk=finding_id).first()
    if finding is None:
        raise NotFound("finding not found", code="finding_not_found")
    with transaction.atomic():
        case_for_work(actor, finding.case_id)
        finding = ResponsibilityFinding.objects.select_for_update(no_key=True).get(pk=finding.pk)
        if finding.withdrawn_on:
            raise InvalidTransition("the finding has already been withdrawn")
        errors: dict[str, str] = {}
        if not reason.strip():
            errors["reason"] = REQUIRED()
        if finding.sanctions.filter(revoked_on__isnull=True).exists():
            errors["finding"] = FINDING_HAS_SANCTIONS()
        if errors:
            raise ApplicationError(
                "finding not withdrawn", code="invalid_withdrawal", fields=errors
            )
        finding.withdrawn_on, finding.withdrawal_reason = clock.today(), reason
        finding.save(update_fields=["withdrawn_on", "withdrawal_reason"])
        finding_withdrawn_event(actor=actor, finding=finding)
    return finding


def sanction_decide(
    *,
    actor: Any,
    case_id: int,
    finding_id: int,
    measure: Measure | str,
    decided_by: str,
    decided_on: date,
    rank: Rank | str = "",
    is_public: bool = False,
    months: int | None = None,
) -> Sanction:
    """Decide one sanction. Refused without a finding that carries evidence (against 问责泛化);
    `months` is the period chosen where the measure has one to choose (留党察看)."""
    case = case_for_work(actor, case_id)
    finding = _check_sanction(
        case,
        finding_id=finding_id,
        measure=measure,
        rank=rank,
        decided_by=decided_by,
        decided_on=decided_on,
        months=months,
    )
    with transaction.atomic():
        sanction = Sanction.objects.create(
            case=case,
            finding=finding,
            measure=measure,
            rank=rank if finding.person_id else "",
            decided_by=decided_by,
            decided_on=decided_on,
            months=months or SANCTION_MONTHS.get(Measure(measure)),
            is_public=is_public,
        )
        if case.state == CaseState.OPEN:
            AccountabilityCase.objects.filter(pk=case.pk).update(state=CaseState.DECIDED)
        sanction_decided_event(actor=actor, sanction=sanction, rank=rank)
        sanction_decided(actor=actor, sanction=sanction)
    return sanction


def _check_sanction(
    case: AccountabilityCase,
    *,
    finding_id: int,
    measure: str,
    rank: str,
    decided_by: str,
    decided_on: date,
    months: int | None = None,
) -> ResponsibilityFinding:
    """The case's finding the sanction rests on; ApplicationError without one that carries
    evidence (against 问责泛化) or naming every other field that is wrong."""
    finding = (
        ResponsibilityFinding.objects.select_related("organization")
        .filter(pk=finding_id, case=case, withdrawn_on__isnull=True)
        .first()
    )
    if finding is None:
        raise ApplicationError(
            "a sanction needs a finding of this case",
            code="finding_required",
            fields={"finding": FINDING_NOT_IN_CASE()},
        )
    errors = measure_errors(finding, measure=measure, months=months)
    if not finding.evidence.exists() and not finding.event_seqs:
        errors["finding"] = FINDING_WITHOUT_EVIDENCE()
    if finding.person_id and rank not in Rank.values:
        errors["rank"] = RANK_REQUIRED()
    if not decided_by.strip():
        errors["decided_by"] = REQUIRED()
    if decided_on > clock.today():
        errors["decided_on"] = DECISION_IN_FUTURE()
    if errors:
        raise ApplicationError("sanction not recorded", code="invalid_sanction", fields=errors)
    return finding


def measure_errors(
    finding: ResponsibilityFinding, *, measure: str, months: int | None
) -> dict[str, str]:
    """Whether the measure fits whom the finding names: a person's measure for a person, an
    organization's for an organization — a party organization's only for a party committee or
    group —, and a period only where the measure has one to choose (留党察看: 1 or 2 years)."""
    errors: dict[str, str] = {}
    organization = finding.organization
    if measure not in Measure.values:
        errors["measure"] = UNKNOWN_MEASURE(measure=measure)
    elif (measure in ORGANIZATION_MEASURES) != (organization is not None):
        errors["measure"] = (
            MEASURE_NOT_FOR_ORGANIZATION() if organization else MEASURE_NOT_FOR_PERSON()
        )
    elif (
        measure in PARTY_ORGANIZATION_MEASURES
        and organization is not None
        and organization.kind not in PARTY_ORGANIZATION_KINDS
    ):
        errors["measure"] = MEASURE_FOR_PARTY_ORGANIZATIONS()
    periods = PERIOD_CHOICES.get(Measure(measure), ()) if measure in Measure.values else ()
    if periods and months not in periods:
        errors["months"] = PERIOD_REQUIRED(periods="/".join(str(p) for p in periods))
    elif not periods and months is not None:
        errors["months"] = PERIOD_NOT_CHOSEN()
    return errors


def sanction_carried_out(*, actor: Any, sanction_id: int, on: date) -> Sanction:
    """Record that organizational handling (停职, 免职 …) was carried out."""
    sanction = Sanction.objects.select_related("case__commission").filter(pk=sanction_id).first()
    if sanction is None:
        raise NotFound("sanction not found", code="sanction_not_found")
    case_for_work(actor, sanction.case_id)
    if sanction.measure not in ORGANIZATIONAL_HANDLING:
        raise ApplicationError(
            "only organizational handling is carried out separately",
            fields={"sanction": NOT_ORGANIZATIONAL_HANDLING()},
        )
    if on > clock.today() or on < sanction.decided_on:
        raise ApplicationError(
            "sanction not updated",
            code="invalid_date",
            fields={"on": CARRIED_OUT_OUT_OF_RANGE()},
        )
    with transaction.atomic():
        updated = Sanction.objects.filter(pk=sanction.pk, carried_out_on__isnull=True).update(
            carried_out_on=on
        )
        if not updated:
            raise InvalidTransition("the handling has already been recorded as carried out")
        sanction_carried_out_event(actor=actor, sanction=sanction, on=on)
    sanction.carried_out_on = on
    return sanction
