"""The daily job behind `duban scan` (and the end of `duban demo`): every step idempotent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from duban.core import clock
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
        )


def run_daily(*, today: date | None = None) -> DailyResult:
    """Schedules and warnings, signals, escalation, referrals — in that order, since each
    step reads what the one before it wrote; then the API tokens whose user changed password
    or was deactivated are revoked, and last the day's hand-offs are e-mailed.
    Raises ImproperlyConfigured for bad settings."""
    escalation_periods()  # a bad setting stops the job before any step writes anything
    schedule = scan(today=today)
    signals = signals_scan()
    notices = escalate(today=today)
    referrals = refer_confirmed_false_reporting(today=today)
    tokens = api_tokens_retire(actor=SYSTEM)
    handoff_emails = handoff_digests_send(today=today or clock.today())
    return DailyResult(
        schedule, len(signals), len(notices), len(referrals), len(tokens), handoff_emails
    )
