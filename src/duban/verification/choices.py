from django.db import models
from django.utils.translation import gettext_lazy as _


class VerificationMethod(models.TextChoices):
    SITE_MEASUREMENT = "site_measurement", _("Site measurement")
    DOCUMENT_CHECK = "document_check", _("Document check")
    MONITORING_DATA = "monitoring_data", _("Monitoring data")
    REMOTE_SENSING = "remote_sensing", _("Remote sensing")


class SignalKind(models.TextChoices):
    FALSE_REPORTING = "false_reporting", _("Repeated deviation from verified figures")
    DUPLICATE_FILE = "duplicate_file", _("Same file offered for different tasks")
    NEAR_DUPLICATE_PHOTO = "near_duplicate_photo", _("Near-duplicate photo for different tasks")
    EXIF_TIME = "exif_time", _("Photo time inconsistent with the report")
    EXIF_GPS = "exif_gps", _("Photo taken far from the site")
    FLAT_SERIES = "flat_series", _("Implausibly flat figures")
    DEADLINE_BURST = "deadline_burst", _("Burst of reports before a deadline")
    CONTRADICTION = "contradiction", _("Claim contradicts an earlier one")
    RELAPSE_AFTER_CLOSURE = "relapse_after_closure", _("Failed check after close-out")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class SignalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")


class Verb(models.TextChoices):
    SITE_CHECK_RECORDED = "site_check.recorded", _("Site check recorded")
    CLAIM_VERIFIED = "claim.verified", _("Claim verified")
    SIGNAL_RAISED = "signal.raised", _("Data-quality signal raised")
    SIGNAL_CONFIRMED = "signal.confirmed", _("Signal confirmed")
    SIGNAL_DISMISSED = "signal.dismissed", _("Signal dismissed")
    SIGNAL_REFERRED = "signal.referred", _("Referred to the discipline commission")
