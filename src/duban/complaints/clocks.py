"""The 信访 clocks of one complaint as its page and its API answer show them: each clock's due
date, the day it was met, and where it stands today (`rules.clock_stage`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from duban.complaints import rules
from duban.complaints.choices import ComplaintState
from duban.complaints.models import Complaint

STAGE_WORDS = {
    "soon": _("due soon"),
    "due": _("due today"),
    "overdue": _("overdue"),
}


@dataclass(frozen=True)
class Clock:
    """One running or finished clock."""

    key: str  # transfer, acknowledge, handle, team_report, review
    label: str | Promise
    due_on: date | None
    done_on: date | None
    stage: str | None  # None, "soon", "due" or "overdue"

    @property
    def stage_words(self) -> str | Promise:
        if self.done_on is not None:
            return _("met")
        if self.due_on is None:
            return _("not running")
        return STAGE_WORDS.get(self.stage or "", _("running"))


def complaint_clocks(complaint: Complaint, today: date) -> list[Clock]:
    """The complaint's clocks in the order the rules run them; the reviews (复查/复核) last.
    Expects the complaint's reviews prefetched or few."""
    transfer_due = (
        rules.transfer_due(complaint.received_on)
        if complaint.state == ComplaintState.REGISTERED or complaint.transferred_on
        else None
    )
    rows: list[tuple[str, Any, date | None, date | None]] = [
        ("transfer", _("Transfer"), transfer_due, complaint.transferred_on),
        (
            "acknowledge",
            _("Acknowledge receipt"),
            complaint.acknowledge_due_on,
            complaint.acknowledged_on,
        ),
        ("handle", _("Handle"), complaint.handle_due_on, complaint.concluded_on),
        (
            "team_report",
            _("Report to the team"),
            complaint.team_report_due_on,
            complaint.team_reported_on,
        ),
    ]
    for review in complaint.reviews.all():
        rows.append(("review", review.get_level_display(), review.due_on, review.decided_on))
    return [
        Clock(key, label, due_on, done_on, rules.clock_stage(due_on, done_on, today))
        for key, label, due_on, done_on in rows
    ]
