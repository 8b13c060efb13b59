"""The 信访 clocks, as pure functions of dates (docs/complaints.md cites each).

《信访工作条例》(2022): transfer within 15 days of registration (Art. 22); the receiving body
tells the complainant in writing within 15 days (Art. 23); handled within 60 days of
acceptance, at most 30 more with approval and the reason told (Art. 34); 复查 asked within 30
days of the reply and decided in 30, 复核 the same (Art. 35–36). During a central inspection the
handling is reported back to the team within 10 days of its hand-over.
"""

from __future__ import annotations

from datetime import date, timedelta

TRANSFER_DAYS = 15
ACKNOWLEDGE_DAYS = 15
HANDLE_DAYS = 60
MAX_EXTENSION_DAYS = 30
TEAM_REPORT_DAYS = 10
REVIEW_REQUEST_DAYS = 30
REVIEW_DECISION_DAYS = 30
# Days before a due date when the daily job warns (yellow); on and after it, red.
WARN_BEFORE_DAYS = 3


def transfer_due(received_on: date) -> date:
    return received_on + timedelta(days=TRANSFER_DAYS)


def acknowledge_due(transferred_on: date) -> date:
    return transferred_on + timedelta(days=ACKNOWLEDGE_DAYS)


def handle_due(accepted_on: date, extended_days: int = 0) -> date:
    """60 days from acceptance (the day the handling unit received it), plus an approved
    extension."""
    return accepted_on + timedelta(days=HANDLE_DAYS + extended_days)


def extension_refusal(*, already: int, asked: int) -> str | None:
    """Why an extension cannot be granted, or None: it is one, of at most 30 days."""
    if asked <= 0:
        return "positive"
    if already:
        return "once"
    if asked > MAX_EXTENSION_DAYS:
        return "too_long"
    return None


def team_report_due(handed_over_on: date) -> date:
    return handed_over_on + timedelta(days=TEAM_REPORT_DAYS)


def review_request_closes(replied_on: date) -> date:
    """The last day the complainant may ask for 复查 (or, after it, 复核)."""
    return replied_on + timedelta(days=REVIEW_REQUEST_DAYS)


def review_due(requested_on: date) -> date:
    return requested_on + timedelta(days=REVIEW_DECISION_DAYS)


def clock_stage(due_on: date | None, done_on: date | None, today: date) -> str | None:
    """Where one clock stands: None (done, or not running), "soon" (within WARN_BEFORE_DAYS),
    "due" (today) or "overdue"."""
    if due_on is None or done_on is not None:
        return None
    if today > due_on:
        return "overdue"
    if today == due_on:
        return "due"
    if (due_on - today).days <= WARN_BEFORE_DAYS:
        return "soon"
    return None
