"""Progress reports and the quantitative claims they carry; nothing is overwritten."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core.models import Attachment


class ProgressReport(models.Model):
    """A unit's report for one dispatch period; a resubmission is a new version."""

    task = models.ForeignKey("rectification.Task", on_delete=models.PROTECT, related_name="reports")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    narrative = models.TextField(_("progress"))
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    attachments = models.ManyToManyField(Attachment, blank=True, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    is_late = models.BooleanField(_("late"), default=False)

    class Meta:
        ordering = ["-period_start", "-version"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "period_start", "version"], name="report_unique_version"
            ),
            models.CheckConstraint(
                condition=models.Q(percent__lte=100), name="report_percent_max_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.period_start} v{self.version}"


class Claim(models.Model):
    """A figure a unit reports ("renovated 42.3 km"); each resubmission is a new version."""

    task = models.ForeignKey("rectification.Task", on_delete=models.PROTECT, related_name="claims")
    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="claims")
    metric = models.CharField(_("metric"), max_length=100)
    unit = models.CharField(_("unit"), max_length=20)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    is_cumulative = models.BooleanField(_("cumulative"), default=True)
    version = models.PositiveSmallIntegerField(_("version"))
    explanation = models.TextField(_("explanation"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        ordering = ["metric", "version"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "metric", "version"], name="claim_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.value} {self.unit} (v{self.version})"
