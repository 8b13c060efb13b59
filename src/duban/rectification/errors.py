"""Reasons the rectification services give. The English text is what the API sends; the UI
wording what pages show (`duban.core.reasons.localize`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from duban.errors import ReasonKind

# Transitions and closure.
REASON_REQUIRED = ReasonKind(
    "reason_required", "required for this action", _("A reason is required for this action.")
)
EVIDENCE_REQUIRED = ReasonKind(
    "evidence_required",
    "attach at least one evidence file",
    _("Attach at least one evidence file."),
)
TEST_UNANSWERED = ReasonKind("test_unanswered", "answer yes or no", _("Answer yes or no."))
TEST_FAILURE_UNEXPLAINED = ReasonKind(
    "test_failure_unexplained", "say why the test is not met", _("Say why this test is not met.")
)
TEST_UNKNOWN = ReasonKind("test_unknown", "unknown closure test", _("Unknown closure test."))
SIGNER_OUTSIDE_UNIT = ReasonKind(
    "signer_outside_unit",
    "the signer must belong to the acceptance unit",
    _("The signer must belong to the acceptance unit."),
)
PUBLICITY_RUNNING = ReasonKind(
    "publicity_running",
    "the public notice runs until %(until)s",
    _("The public notice (公示) runs until %(until)s; the task can be closed after it ends."),
)
OBJECTION_OPEN = ReasonKind(
    "objection_open",
    "%(count)s objection(s) to the public notice still await an answer",
    _("%(count)s objection(s) to the public notice still await an answer."),
)
RECEIVED_OUTSIDE_NOTICE = ReasonKind(
    "received_outside_notice",
    "must be between the start of the public notice (%(start)s) and today",
    _("Must be between the start of the public notice (%(start)s) and today."),
)
FILING_REVIEW_OVER = ReasonKind(
    "filing_review_over",
    "the period to reject this filing ended on %(until)s",
    _("The period to reject this filing ended on %(until)s."),
)

# Progress reports.
PERCENT_OUT_OF_RANGE = ReasonKind(
    "percent_out_of_range", "between 0 and 100", _("Enter a whole number from 0 to 100.")
)
METRIC_REPEATED = ReasonKind(
    "metric_repeated",
    "the same metric twice in one report",
    _("The same metric appears twice in this report."),
)
CUMULATIVE_LOWER = ReasonKind(
    "cumulative_lower",
    "%(metric)s is cumulative and lower than the previous claim (%(previous)s); explain why",
    _(
        "%(metric)s is a cumulative figure lower than the previous claim (%(previous)s): "
        "explain why."
    ),
)
PERIOD_IN_FUTURE = ReasonKind("period_in_future", "future", _("Cannot report for a future period."))

# Deadlines and extensions.
ONGOING_WITHOUT_DEADLINE = ReasonKind(
    "ongoing_without_deadline",
    "ongoing tasks have no deadline",
    _("Ongoing tasks have no deadline."),
)
DEADLINE_NOT_LATER = ReasonKind(
    "deadline_not_later",
    "must be after the current deadline %(deadline)s",
    _("Must be after the current deadline %(deadline)s."),
)
TASK_FINISHED = ReasonKind("task_finished", "the task is finished", _("The task is finished."))
EXTENSION_PENDING = ReasonKind(
    "extension_pending",
    "an extension request is already pending",
    _("An extension request is already pending."),
)
REJECTION_UNEXPLAINED = ReasonKind(
    "rejection_unexplained", "required when rejecting", _("Say why the request is rejected.")
)
