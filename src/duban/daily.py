"""The daily job behind `duban scan` (and the end of `duban demo`): every step idempotent;
also a background job for `duban worker` (`duban scan --background`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext
from django_tasks import task

from duban.complaints.clock_warnings import ClockResult, clocks_scan
from duban.core import clock
from duban.core.jobs.runner import Progress, run_job
from duban.core.jobs.services import JobOutcome, job_request
from duban.core.models import Job
from duban.core.principal import SYSTEM
from duban.core.services import api_tokens_retire
from duban.rectification.services import ScanResult, handoff_digests_send, scan
from duban.supervision.services import (
    escalate,
    escalation_periods,
    refer_confirmed_false_reporting,
)
from duban.verification.services import signals_scan


@dataclass(frozen=True)
class DailyResult:
    schedule: ScanResult
    signals: int
    notices: int
    referrals: int
    tokens_retired: int = 0
    handoff_emails: int = 0
    complaints: ClockResult | None = None

    def summary(self) -> str:
        s = self.schedule
        return (
            f"scan: {s.tasks_checked} tasks checked, {s.status_changed} changed status, "
            f"{s.closed} closed after public notice, {s.notifications} notifications, "
            f"{s.emails} warning digest e-mails, {self.handoff_emails} to-do e-mails, "
            f"{self.signals} new data-quality signals, "
            f"{self.notices} supervision notices by escalation, "
            f"{self.referrals} false-reporting signals referred to the discipline commission, "
            f"{self.tokens_retired} API tokens revoked (password changed or user deactivated)"
            + (
                f", {self.complaints.notifications} complaint clock warnings"
                if self.complaints is not None
                else ""
            )
        )


def run_daily(*, today: date | None = None, progress: Progress | None = None) -> DailyResult:
    """Schedules and warnings, signals, escalation, referrals — in that order, since each
    step reads what the one before it wrote; then the API tokens whose user changed password
    or was deactivated are revoked, and last the day's hand-offs are e-mailed. `progress`,
    when given (a background job), hears of each step. Raises ImproperlyConfigured for bad
    settings."""
    step = progress or (lambda percent, name: None)
    escalation_periods()  # a bad setting stops the job before any step writes anything
    step(5, gettext("Checking schedules and warnings"))
    schedule = scan(today=today)
    step(30, gettext("Looking for data-quality signals"))
    signals = signals_scan()
    step(70, gettext("Escalating supervision notices"))
    notices = escalate(today=today)
    referrals = refer_confirmed_false_reporting(today=today)
    complaints = clocks_scan(today=today)
    step(85, gettext("Revoking API tokens and sending to-do e-mails"))
    tokens = api_tokens_retire(actor=SYSTEM)
    handoff_emails = handoff_digests_send(today=today or clock.today())
    return DailyResult(
        schedule,
        len(signals),
        len(notices),
        len(referrals),
        len(tokens),
        handoff_emails,
        complaints,
    )


DAILY_JOB = "daily"


@task()
def daily_job(job_id: str) -> None:
    """The daily job as a background job (`duban scan --background` queues it). Not one
    transaction: each step commits per unit of work and is idempotent, so a run killed
    half-way and run again by the next worker ends as one uninterrupted run."""
    run_job(job_id, _run_daily_job)


def _run_daily_job(job: Job, progress: Progress) -> JobOutcome:
    today = date.fromisoformat(job.params["today"]) if job.params.get("today") else None
    return JobOutcome(summary=run_daily(today=today, progress=progress).summary())


def daily_request(*, today: date | None = None) -> Job:
    """Queue the daily job (as the system); while one waits or runs, that one is returned."""
    return job_request(
        actor=SYSTEM,
        kind=DAILY_JOB,
        label=gettext("Daily job (%(day)s)") % {"day": (today or clock.today()).isoformat()},
        params={"today": today.isoformat() if today else ""},
        task=daily_job,
    )
