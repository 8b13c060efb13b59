"""The public notice's objections (异议) and the filing with the higher office (备案销号)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core.models import Organization
from duban.rectification.choices import FilingState, ObjectionChannel

User = settings.AUTH_USER_MODEL


class Objection(models.Model):
    """An objection received during a close-out's public notice; open until answered."""

    task = models.ForeignKey(
        "rectification.Task", on_delete=models.PROTECT, related_name="objections"
    )
    closeout = models.ForeignKey(
        "rectification.CloseOut", on_delete=models.PROTECT, related_name="objections"
    )
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=16, choices=ObjectionChannel.choices)
    objector = models.CharField(_("objector"), max_length=64, blank=True)
    content = models.TextField(_("objection"))
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    answered_at = models.DateTimeField(null=True)
    upheld = models.BooleanField(_("upheld"), null=True)

    class Meta:
        ordering = ["received_on", "pk"]
        verbose_name = _("objection")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True, upheld__isnull=True)
                | models.Q(answered_at__isnull=False, upheld__isnull=False),
                name="objection_answer_with_decision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_id} objection {self.received_on}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class Filing(models.Model):
    """A closed task's close-out on record with the office one level up (备案销号)."""

    task = models.ForeignKey("rectification.Task", on_delete=models.PROTECT, related_name="filings")
    closeout = models.ForeignKey(
        "rectification.CloseOut", on_delete=models.PROTECT, related_name="filings"
    )
    filed_with = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("filed with")
    )
    filed_on = models.DateField(_("filed on"))
    review_ends_on = models.DateField(_("may be rejected until"))
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=FilingState.choices,
        default=FilingState.FILED,
        db_index=True,
    )
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-filed_on", "-pk"]
        verbose_name = _("filing")

    def __str__(self) -> str:
        return f"{self.task_id} filed with {self.filed_with_id} on {self.filed_on}"
