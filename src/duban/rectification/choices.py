from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskKind(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediate")
    DEADLINE = "deadline", _("Deadline")
    ONGOING = "ongoing", _("Ongoing")


class AcceptanceLevel(models.TextChoices):
    # Their own words (省级/市级/县级), not the region levels' (地级 is a kind of region).
    PROVINCE = "province", _("Province level")
    CITY = "city", _("City level")
    COUNTY = "county", _("County level")


class TaskState(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CLOSURE_REQUESTED = "closure_requested", _("Closure requested")
    UNDER_ACCEPTANCE = "under_acceptance", _("Under acceptance")
    PUBLICIZED = "publicized", _("Publicized")
    CLOSED = "closed", _("Closed")
    UPHELD = "upheld", _("Completed and upheld")


# "Completed" (the unit says the work is done) counts every state from completed on;
# "closed" (销号) counts only closed. Ongoing tasks end at upheld and never close.
DONE_STATES = frozenset(
    {
        TaskState.COMPLETED,
        TaskState.CLOSURE_REQUESTED,
        TaskState.UNDER_ACCEPTANCE,
        TaskState.PUBLICIZED,
        TaskState.CLOSED,
        TaskState.UPHELD,
    }
)
FINISHED_STATES = frozenset({TaskState.CLOSED, TaskState.UPHELD})
# Progress reports are owed (and accepted) until the unit says the work is done.
REPORTING_STATES = frozenset({TaskState.ASSIGNED, TaskState.ACKNOWLEDGED, TaskState.IN_PROGRESS})


class WarningLevel(models.TextChoices):
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")


class ReopenCause(models.TextChoices):
    LOOK_BACK = "look_back", _("Look-back finding")
    REPEAT_COMPLAINT = "repeat_complaint", _("Repeat complaint")
    HASTY_CLOSURE = "hasty_closure", _("Hasty closure")
    FILING_REJECTED = "filing_rejected", _("Filing rejected by the higher office")


# What a look-back may give as its cause; a rejected filing reopens through filing_reject.
LOOK_BACK_CAUSES = [cause for cause in ReopenCause if cause != ReopenCause.FILING_REJECTED]


class ObjectionChannel(models.TextChoices):
    """How an objection (异议) during the public notice reached the office."""

    PHONE = "phone", _("Telephone")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    VISIT = "visit", _("In person")
    PORTAL = "portal", _("Public portal")
    OTHER = "other", _("Other")


class FilingState(models.TextChoices):
    """备案销号: filed with the higher office, accepted (the period ran out) or rejected."""

    FILED = "filed", _("Filed")
    ACCEPTED = "accepted", _("Filing accepted")
    REJECTED = "rejected", _("Filing rejected")


class CloseOutStanding(models.TextChoices):
    """Where one close-out attempt stands now (rules.closeout_standing)."""

    AWAITING = "awaiting", _("Awaiting acceptance")
    UNDER_ACCEPTANCE = "under_acceptance", _("Under acceptance")
    ACCEPTED = "accepted", _("Accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    RETURNED = "returned", _("Returned to the unit")


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Verb(models.TextChoices):
    TASK_CREATED = "task.created", _("Task created")
    TASK_UPDATED = "task.updated", _("Responsibility changed")
    TASK_ACKNOWLEDGED = "task.acknowledged", _("Acknowledged")
    TASK_STARTED = "task.started", _("Work started")
    TASK_COMPLETED = "task.completed", _("Reported completed")
    TASK_CLOSURE_REQUESTED = "task.closure_requested", _("Closure requested")
    TASK_ACCEPTANCE_STARTED = "task.acceptance_started", _("Acceptance started")
    TASK_ACCEPTED = "task.accepted", _("Accepted, public notice started")
    TASK_CLOSED = "task.closed", _("Closed")
    TASK_UPHELD = "task.upheld", _("Completed and upheld")
    TASK_RETURNED = "task.returned", _("Returned")
    TASK_REOPENED = "task.reopened", _("Reopened")
    TASK_LOOKED_BACK = "task.looked_back", _("Look-back recorded")
    REPORT_SUBMITTED = "report.submitted", _("Progress reported")
    EXTENSION_REQUESTED = "extension.requested", _("Extension requested")
    EXTENSION_APPROVED = "extension.approved", _("Extension approved")
    EXTENSION_REJECTED = "extension.rejected", _("Extension rejected")
    WARNING_SENT = "warning.sent", _("Warning sent")
    OBJECTION_RECORDED = "objection.recorded", _("Objection recorded")
    OBJECTION_ANSWERED = "objection.answered", _("Objection answered")
    FILING_FILED = "filing.filed", _("Close-out filed with the higher office")
    FILING_ACCEPTED = "filing.accepted", _("Filing accepted")
    FILING_REJECTED = "filing.rejected", _("Filing rejected")
