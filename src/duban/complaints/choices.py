"""The complaint's channels, states and value sets, as the 信访 rules and the published
一览表 word them (docs/complaints.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """信访条例 Art. 17: by network, letter, phone, fax or visit; the portal is the network."""

    PHONE = "phone", _("Phone call")
    LETTER = "letter", _("Letter")
    WEB = "web", _("Web")
    VISIT = "visit", _("Visit")
    FAX = "fax", _("Fax")
    PORTAL = "portal", _("Portal form")


class ComplaintState(models.TextChoices):
    """Where the complaint stands in 受理 → 转办 → 办理 → 办结."""

    REGISTERED = "registered", _("Registered")  # 登记, not yet transferred
    TRANSFERRED = "transferred", _("Transferred")  # 已转办, receipt not yet acknowledged
    HANDLING = "handling", _("Being handled")  # 正在办理 (acknowledged)
    PARTLY_CONCLUDED = "partly_concluded", _("Concluded in stages")  # 阶段性办结
    CONCLUDED = "concluded", _("Concluded")  # 已办结
    # 举报事项已经受理，再次提出同一举报事项的，不予受理 — linked to the open one instead.
    LINKED = "linked", _("Linked to an open complaint")
    NOT_ACCEPTED = (
        "not_accepted",
        _("Not accepted for handling"),
    )  # 不予受理 (outside powers, courts)


OPEN_STATES = frozenset(
    {
        ComplaintState.REGISTERED,
        ComplaintState.TRANSFERRED,
        ComplaintState.HANDLING,
        ComplaintState.PARTLY_CONCLUDED,
    }
)


class Truth(models.TextChoices):
    """是否属实, the four values every published table uses."""

    TRUE = "true", _("True")  # 属实
    BASICALLY_TRUE = "basically_true", _("Basically true")  # 基本属实
    PARTLY_TRUE = "partly_true", _("Partly true")  # 部分属实
    UNTRUE = "untrue", _("Untrue")  # 不属实


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class Satisfaction(models.TextChoices):
    """回访: what the complainant said when called back."""

    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")
    UNREACHABLE = "unreachable", _("Could not be reached")


class ReviewLevel(models.TextChoices):
    """复查 by the body above the handling one, then 复核 by the one above that (Art. 35–36)."""

    RECHECK = "recheck", _("Re-examination")  # 复查
    REVIEW = "review", _("Second review")  # 复核


class ReviewOutcome(models.TextChoices):
    UPHELD = "upheld", _("Handling upheld")
    CHANGED = "changed", _("Handling changed")


class Verb(models.TextChoices):
    RECEIVED = "complaint.received", _("Complaint received")
    IMPORTED = "complaint.imported", _("Complaint list imported")
    LINKED = "complaint.linked", _("Linked as a repeat")
    NOT_ACCEPTED = "complaint.not_accepted", _("Complaint not accepted")
    TRANSFERRED = "complaint.transferred", _("Complaint transferred")
    ACKNOWLEDGED = "complaint.acknowledged", _("Receipt acknowledged")
    EXTENDED = "complaint.extended", _("Handling period extended")
    HANDLED = "complaint.handled", _("Handling recorded")
    REPLIED = "complaint.replied", _("Written reply given")
    TEAM_REPORTED = "complaint.team_reported", _("Handling reported to the team")
    FOLLOWED_UP = "complaint.followed_up", _("Complainant called back")
    PROBLEM_LINKED = "complaint.problem_linked", _("Complaint joined to a problem")
    # Links (services/links.py): a repeat unlinked, a task the complaint is about.
    UNLINKED = "complaint.unlinked", _("Repeat link removed")
    TASK_LINKED = "complaint.task_linked", _("Complaint linked to a task")
    REVIEW_REQUESTED = "complaint.review_requested", _("Re-examination requested")
    REVIEW_DECIDED = "complaint.review_decided", _("Re-examination decided")
    IDENTITY_READ = "complaint.identity_read", _("Complainant identity read")
    IDENTITY_REKEYED = "complaint.identity_rekeyed", _("Complainant identities re-encrypted")
    HANDLER_DESIGNATED = "complaint.handler_designated", _("Complaint handler designated")
    HANDLER_REVOKED = "complaint.handler_revoked", _("Complaint handler designation revoked")


class NotAcceptedGround(models.TextChoices):
    """不予受理: why a complaint is not taken up (信访工作条例 Art. 31; the answered repeat,
    docs/complaints.md "Repeats")."""

    OUTSIDE_POWERS = "outside_powers", _("Outside the powers of the administrative bodies")
    COURTS = "courts", _("For the courts, arbitration or another statutory procedure")
    ANSWERED_REPEAT = "answered_repeat", _("The same matter was already answered")
    OTHER = "other", _("Other")
