"""Site checks, verifications of claims, and the signals that point at untrue data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core.models import Attachment, Organization, Person, Region
from duban.verification.choices import Severity, SignalKind, SignalStatus, VerificationMethod

User = settings.AUTH_USER_MODEL
DEFAULT_DEVIATION_THRESHOLD = "0.10"


class SiteCheck(models.Model):
    """An on-site check (often unannounced, 四不两直) of one or more tasks."""

    checked_on = models.DateField(_("checked on"))
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("checking organization"),
    )
    inspectors = models.ManyToManyField(
        Person, related_name="site_checks", verbose_name=_("inspectors")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    place = models.CharField(_("place"), max_length=200)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    unannounced = models.BooleanField(_("unannounced"), default=True)
    findings = models.TextField(_("findings"))
    # None: no verdict; False: what was found does not match what was reported.
    passed = models.BooleanField(_("matches the reports"), null=True)
    tasks = models.ManyToManyField(
        "rectification.Task", related_name="site_checks", verbose_name=_("tasks")
    )
    evidence = models.ManyToManyField(Attachment, blank=True, related_name="+")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["-checked_on", "-pk"]
        verbose_name = _("site check")
        verbose_name_plural = _("site checks")

    def __str__(self) -> str:
        return f"{self.checked_on} {self.place}"


class Verification(models.Model):
    """A checked value for one claim; the deviation is stored for statistics."""

    claim = models.ForeignKey(
        "rectification.Claim", on_delete=models.PROTECT, related_name="verifications"
    )
    verified_value = models.DecimalField(_("verified value"), max_digits=16, decimal_places=4)
    method = models.CharField(_("method"), max_length=24, choices=VerificationMethod.choices)
    checker = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("checker")
    )
    site_check = models.ForeignKey(
        SiteCheck, on_delete=models.PROTECT, null=True, blank=True, related_name="verifications"
    )
    verified_on = models.DateField(_("verified on"))
    note = models.TextField(_("note"), blank=True)
    # (claimed − verified) / verified; None when the verified value is zero.
    deviation = models.DecimalField(
        _("relative deviation"), max_digits=12, decimal_places=4, null=True
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["-verified_on", "-pk"]
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.verified_value}"


class MetricThreshold(models.Model):
    """How far a claimed figure may stray from the verified one before it counts as deviating."""

    metric = models.CharField(_("metric"), max_length=100, unique=True)
    threshold = models.DecimalField(
        _("threshold"), max_digits=6, decimal_places=4, default=DEFAULT_DEVIATION_THRESHOLD
    )

    class Meta:
        verbose_name = _("deviation threshold")

    def __str__(self) -> str:
        return f"{self.metric} ±{self.threshold}"


class Signal(models.Model):
    """A sign that reported data may be untrue, with its evidence; a supervisor decides."""

    kind = models.CharField(_("kind"), max_length=32, choices=SignalKind.choices, db_index=True)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SignalStatus.choices,
        default=SignalStatus.OPEN,
        db_index=True,
    )
    task = models.ForeignKey(
        "rectification.Task",
        on_delete=models.PROTECT,
        null=True,
        related_name="signals",
        verbose_name=_("task"),
    )
    unit = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        related_name="signals",
        verbose_name=_("unit"),
    )
    explanation = models.TextField(_("explanation"))
    # {"claims": [ids], "verifications": [ids], "attachments": [ids], "reports": [ids], ...}
    evidence = models.JSONField(_("evidence"), default=dict)
    # One signal per finding: re-running the rules finds the key and raises nothing new.
    key = models.CharField(max_length=200, unique=True)
    raised_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True)
    decision_reason = models.TextField(_("decision reason"), blank=True)
    referred = models.BooleanField(_("referred to the discipline commission"), default=False)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class DetectorProgress(models.Model):
    """How far one signal detector has read each of its feeds, so that the daily job looks
    only at what changed since its last run. Written only by services.signals_scan, after
    each committed chunk: a run that dies resumes where the last chunk ended."""

    detector = models.CharField(max_length=64, unique=True)
    # {feed: {"done": position, "window_end": position, "after": key}}: rows up to "done"
    # are examined; within the window up to "window_end", keys up to "after" are.
    feeds = models.JSONField(default=dict)
    # The metric thresholds of the last run: rules that use them start over when they change.
    thresholds = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("signal detector progress")

    def __str__(self) -> str:
        return self.detector
