"""The columns of the signal and site-check lists: how each sorts and what its export holds."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from duban.core.web.lists import Column, Listing, in_choice_order
from duban.verification.choices import Severity, SignalStatus


def _signal_status(signal: Any) -> str:
    status = str(signal.get_status_display())
    return f"{status}（{_('Referred')}）" if signal.referred else status


def _passed(check: Any) -> Any:
    """None is no verdict yet, as the page says — not an empty cell that reads as "No"."""
    return _("Not judged") if check.passed is None else check.passed


def _task_codes(check: Any) -> str:
    return "、".join(task.code for task in check.tasks.all())


SIGNALS = Listing(
    _("Data-truth signals"),
    (
        Column("kind", _("Kind"), lambda s: s.get_kind_display(), ("kind",), width=28),
        Column(
            "severity",
            _("Severity"),
            lambda s: s.get_severity_display(),
            (in_choice_order("severity", Severity),),
            width=8,
        ),
        Column(
            "task",
            _("Task"),
            lambda s: s.task.code if s.task else "",
            ("task__problem__code", "task__number"),
            width=14,
        ),
        Column("unit", _("Unit"), lambda s: s.unit.name if s.unit else "", ("unit__path",)),
        Column("explanation", _("Explanation"), lambda s: s.explanation, width=60),
        Column(
            "status",
            _("Status"),
            _signal_status,
            (in_choice_order("status", SignalStatus),),
            width=10,
        ),
        Column("raised_at", _("Raised at"), lambda s: s.raised_at, ("raised_at",), width=16),
    ),
)

SITE_CHECKS = Listing(
    _("Site checks"),
    (
        Column("checked_on", _("checked on"), lambda c: c.checked_on, ("checked_on",), width=12),
        Column(
            "organization",
            _("checking organization"),
            lambda c: c.organization.name,
            ("organization__path",),
            width=24,
        ),
        Column(
            "place",
            _("place"),
            lambda c: f"{c.region.name} {c.place}",
            ("region__code", "place"),
            width=30,
        ),
        Column("tasks", _("tasks"), _task_codes, width=24),
        Column("passed", _("matches the reports"), _passed, ("passed",), width=10),
        Column("findings", _("findings"), lambda c: c.findings, width=60),
    ),
)
