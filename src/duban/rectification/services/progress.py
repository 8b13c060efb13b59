"""Progress reports with claims: versions, late flags and the cumulative-drop rule."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, Q

from duban.core import clock
from duban.core.attachments import Upload, uploads_store
from duban.core.errors import IMPLAUSIBLE_NUMBER, REQUIRED
from duban.core.models import Attachment
from duban.core.principal import user_of
from duban.errors import ApplicationError
from duban.rectification import rules
from duban.rectification.errors import (
    CUMULATIVE_LOWER,
    METRIC_REPEATED,
    PERCENT_OUT_OF_RANGE,
    PERIOD_IN_FUTURE,
)
from duban.rectification.events import report_submitted_event
from duban.rectification.models import Claim, ProgressReport, Task
from duban.rectification.permissions import enforce, report_refusal
from duban.rectification.services.lifecycle import lock_task
from duban.rectification.services.schedule import refresh_problem, refresh_task_schedule

MAX_CLAIM_VALUE = Decimal("999999999999")


@dataclass(frozen=True)
class ClaimInput:
    metric: str
    unit: str
    value: Decimal
    is_cumulative: bool = True
    explanation: str = ""


def _latest_claims(task: Task, claims: list[ClaimInput]) -> dict[str, Claim]:
    """Each metric's latest claim on the task, in one query: the drop rule compares with it
    and the new claim's version follows it."""
    latest: dict[str, Claim] = {}
    metrics = {claim.metric for claim in claims}
    for claim in Claim.objects.filter(task=task, metric__in=metrics).order_by("version"):
        latest[claim.metric] = claim
    return latest


def _check_claims(task: Task, claims: list[ClaimInput], latest: dict[str, Claim]) -> dict[str, str]:
    errors: dict[str, str] = {}
    seen: set[str] = set()
    for index, claim in enumerate(claims):
        field = f"claims.{index}"
        if not claim.metric.strip():
            errors[f"{field}.metric"] = REQUIRED()
        elif claim.metric in seen:
            errors[f"{field}.metric"] = METRIC_REPEATED()
        seen.add(claim.metric)
        if not claim.value.is_finite() or abs(claim.value) > MAX_CLAIM_VALUE:
            errors[f"{field}.value"] = IMPLAUSIBLE_NUMBER()
            continue
        previous = latest.get(claim.metric)
        if (
            rules.claim_drop_needs_explanation(
                previous=previous.value if previous else None,
                value=claim.value,
                cumulative=claim.is_cumulative,
            )
            and not claim.explanation.strip()
        ):
            before = previous.value.normalize() if previous else Decimal(0)
            errors[f"{field}.explanation"] = CUMULATIVE_LOWER(
                metric=claim.metric,
                previous=f"{before:f} {claim.unit}",  # :f, or 50 would read 5E+1
            )
    return errors


def report_submit(
    *,
    actor: Any,
    task_id: int,
    narrative: str,
    percent: int,
    period_day: date | None = None,
    claims: list[ClaimInput] | None = None,
    attachments: list[Attachment] | None = None,
    uploads: Sequence[Upload] = (),
) -> ProgressReport:
    """File the progress report of the period containing `period_day` (default today), with
    files already stored (`attachments`) and files sent with it (`uploads`, stored here).

    A second report for the same period is a new version; a report for a past period is
    flagged late. Raises NotPermitted, InvalidTransition or ApplicationError.
    """
    claims = claims or []
    today = clock.today()
    with transaction.atomic():
        task = lock_task(actor=actor, task_id=task_id)
        enforce(report_refusal(actor=actor, task=task))
        attachments = [*(attachments or []), *uploads_store(actor=actor, uploads=uploads)]
        latest_claims = _latest_claims(task, claims) if claims else {}
        _check_report(
            task=task, narrative=narrative, percent=percent, claims=claims, latest=latest_claims
        )
        period = _period(task=task, day=period_day or today, today=today)
        version, latest_period = _versions(task=task, period_start=period.start)
        report = _report_create(
            actor=actor,
            task=task,
            period=period,
            version=version,
            narrative=narrative,
            percent=percent,
            today=today,
        )
        if attachments:
            report.attachments.set(attachments)
        stored = [
            _store_claim(
                task=task, report=report, claim=c, previous=latest_claims.get(c.metric), actor=actor
            )
            for c in claims
        ]
        task.percent, task.latest_progress = percent, narrative
        if latest_period is None or latest_period < period.start:
            latest_period = period.start
        refresh_task_schedule(
            task=task, today=today, latest_period_start=latest_period, known_latest=True
        )
        task.save()
        refresh_problem(problem=task.problem)
        # Last, so the ledger head stays locked only for the append and the commit.
        report_submitted_event(actor=actor, report=report, claims=stored, attachments=attachments)
    return report


def _check_report(
    *,
    task: Task,
    narrative: str,
    percent: int,
    claims: list[ClaimInput],
    latest: dict[str, Claim],
) -> None:
    errors = _check_claims(task, claims, latest)
    if not narrative.strip():
        errors["narrative"] = REQUIRED()
    if not 0 <= percent <= 100:
        errors["percent"] = PERCENT_OUT_OF_RANGE()
    if errors:
        raise ApplicationError("the report was not filed", code="invalid_report", fields=errors)


def _period(*, task: Task, day: date, today: date) -> rules.Period:
    """The plan's dispatch period containing `day`; never a future one."""
    plan = task.problem.plan
    period = rules.period_containing(
        cadence=plan.cadence if plan else "monthly",
        anchor=plan.dispatch_starts_on if plan else task.assigned_on,
        day=day,
    )
    if period.start > today:
        raise ApplicationError(
            "cannot report for a future period", fields={"period_day": PERIOD_IN_FUTURE()}
        )
    return period


def _report_create(
    *,
    actor: Any,
    task: Task,
    period: rules.Period,
    version: int,
    narrative: str,
    percent: int,
    today: date,
) -> ProgressReport:
    """The next version of the task's report for the period; late if the period is over."""
    return ProgressReport.objects.create(
        task=task,
        period_start=period.start,
        period_end=period.end,
        version=version,
        narrative=narrative,
        percent=percent,
        submitted_by=user_of(actor),
        submitted_at=clock.now(),
        is_late=period.end < today,
    )


def _versions(*, task: Task, period_start: date) -> tuple[int, date | None]:
    """The next version of the period's report, and the latest period reported before it (the
    schedule status asks which), in one query."""
    found = ProgressReport.objects.filter(task=task).aggregate(
        version=Max("version", filter=Q(period_start=period_start)),
        latest=Max("period_start"),
    )
    return (found["version"] or 0) + 1, found["latest"]


def _store_claim(
    *, task: Task, report: ProgressReport, claim: ClaimInput, previous: Claim | None, actor: Any
) -> Claim:
    """The metric's next claim; `previous` was read under the task's lock, so it is still the
    latest."""
    version = (previous.version if previous else 0) + 1
    return Claim.objects.create(
        task=task,
        report=report,
        metric=claim.metric,
        unit=claim.unit,
        value=claim.value,
        is_cumulative=claim.is_cumulative,
        version=version,
        explanation=claim.explanation,
        submitted_by=user_of(actor),
        submitted_at=clock.now(),
    )
