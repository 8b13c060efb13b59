from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeLevel(models.TextChoices):
    REMINDER = "reminder", _("Reminder")
    NOTICE = "notice", _("Supervision notice")
    LISTED = "listed", _("Listed supervision")
    TALK = "talk", _("Admonitory talk")
    CRITICISM = "criticism", _("Public criticism")


class NoticeState(models.TextChoices):
    ISSUED = "issued", _("Issued")
    RESPONDED = "responded", _("Responded")
    # "Closed" is taken: for tasks it means struck off (已销号); a notice is 办结.
    CLOSED = "closed", _("Concluded")


class InvestigationState(models.TextChoices):
    OPEN = "open", _("Under investigation")
    CONCLUDED = "concluded", _("Concluded")


class Verb(models.TextChoices):
    NOTICE_ISSUED = "notice.issued", _("Supervision notice issued")
    NOTICE_RESPONDED = "notice.responded", _("Notice answered")
    NOTICE_CLOSED = "notice.closed", _("Notice closed")
    NOTICE_ESCALATED = "notice.escalated", _("Escalated")
    NUMBERING_CONFIGURED = "notice.numbering_configured", _("Notice numbering configured")
    INVESTIGATION_OPENED = "investigation.opened", _("Direct investigation opened")
    INVESTIGATION_UPDATED = "investigation.updated", _("Investigation findings recorded")
    INVESTIGATION_CONCLUDED = "investigation.concluded", _("Direct investigation concluded")
