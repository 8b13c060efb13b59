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
# Independent, graded acceptance (谁验收谁负责, 分级验收): docs/rectification.md.
ACCEPTOR_NOT_INDEPENDENT = ReasonKind(
    "acceptor_not_independent",
    "the lead unit, a co-unit or an organization below either cannot accept the task",
    _("The lead unit, a co-unit or an organization below either cannot accept this task."),
)
ACCEPTANCE_LEVEL_MISMATCH = ReasonKind(
    "acceptance_level_mismatch",
    "the task is accepted at %(level)s level, by a coordinating organization of that level "
    "whose region covers the problem",
    _(
        "This task is accepted at %(level)s level: choose a coordinating organization of that "
        "level whose region covers the problem."
    ),
)
SIGNER_NOT_INDEPENDENT = ReasonKind(
    "signer_not_independent",
    "the signer is a member of the lead unit or a co-unit",
    _("The signer is a member of the lead unit or a co-unit."),
)
SIGNER_RESPONSIBLE = ReasonKind(
    "signer_responsible",
    "the signer is or was responsible for the task",
    _("The signer is or was responsible for this task."),
)
ACCEPTANCE_BASIS_MISSING = ReasonKind(
    "acceptance_basis_missing",
    "link a site check, or say why a document check suffices",
    _("Link a site check, or say why a document check suffices."),
)
ACCEPTANCE_BASIS_TWICE = ReasonKind(
    "acceptance_basis_twice",
    "either a site check or a document-check reason, not both",
    _("Give either a site check or a reason for a document check, not both."),
)
SITE_CHECK_UNLINKED = ReasonKind(
    "site_check_unlinked",
    "not a site check of this task",
    _("This is not a site check of this task."),
)
SITE_CHECK_FAILED = ReasonKind(
    "site_check_failed",
    "this site check found the reports untrue",
    _("This site check found that the reports did not match; it cannot support acceptance."),
)
COMPLETION_UNEXPLAINED = ReasonKind(
    "completion_unexplained",
    "the last reported progress is %(percent)s%%; explain why the task is complete",
    _("The last reported progress is %(percent)s%%: explain why the task is complete."),
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
WORK_REPORTED_DONE = ReasonKind(
    "work_reported_done",
    "the unit has reported the work completed; a deadline is no longer extended",
    _("The unit has reported the work completed; its deadline is no longer extended."),
)
EXTENSION_PENDING = ReasonKind(
    "extension_pending",
    "an extension request is already pending",
    _("An extension request is already pending."),
)
REJECTION_UNEXPLAINED = ReasonKind(
    "rejection_unexplained", "required when rejecting", _("Say why the request is rejected.")
)
# A progress report is the unit's own statement of its work: someone of the unit files it.
REPORT_BY_PERSON = ReasonKind(
    "report_by_person",
    "a progress report is filed by a person of the reporting unit, not by the system",
    _("A progress report is filed by a person of the reporting unit, not by the system."),
)
# A look-back is a visit someone made; its findings are that person's (see lookback_record).
LOOK_BACK_BY_PERSON = ReasonKind(
    "look_back_by_person",
    "a look-back is recorded by the person who made it, not by the system",
    _("A look-back is recorded by the person who made it, not by the system."),
)
