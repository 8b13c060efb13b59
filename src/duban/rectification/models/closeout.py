"""Deadline extensions, close-out with the five tests, and look-backs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core.models import Attachment, Organization, Person
from duban.rectification.choices import ExtensionState

User = settings.AUTH_USER_MODEL


class ExtensionRequest(models.Model):
    """A request to move a deadline; only an approved one changes the task."""

    task = models.ForeignKey(
        "rectification.Task", on_delete=models.PROTECT, related_name="extensions"
    )
    old_deadline = models.DateField(_("current deadline"))
    new_deadline = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"))
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=ExtensionState.choices,
        default=ExtensionState.PENDING,
        db_index=True,
    )
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("deadline extension request")

    def __str__(self) -> str:
        return f"{self.task_id}: {self.old_deadline} → {self.new_deadline}"


class CloseOut(models.Model):
    """One closure attempt: the request with evidence, then acceptance with the five tests —
    or, for an ongoing task, one staged acceptance (阶段性验收, `staged`), which never closes."""

    task = models.ForeignKey(
        "rectification.Task", on_delete=models.PROTECT, related_name="closeouts"
    )
    summary = models.TextField(_("rectification summary"))
    evidence = models.ManyToManyField(Attachment, related_name="+")
    # A staged acceptance has no closure request: the acceptor records it (None for SYSTEM).
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    requested_at = models.DateTimeField()
    staged = models.BooleanField(_("staged acceptance"), default=False)
    acceptance_unit = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("acceptance unit"),
    )
    signer = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("signer")
    )
    # {"measures_done": {"passed": true, "comment": "..."}, ...} — see rules.CLOSURE_TESTS
    tests = models.JSONField(_("closure tests"), default=dict)
    accepted = models.BooleanField(null=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True)
    publicity_days = models.PositiveSmallIntegerField(_("public notice days"), null=True)
    # What the acceptance rests on: a site check's id (verification sits above rectification,
    # so no foreign key — rectification.site_checks validates it) or why documents suffice.
    site_check_id = models.PositiveIntegerField(_("site check"), null=True, blank=True)
    document_check_reason = models.TextField(_("why a document check suffices"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("close-out")

    def __str__(self) -> str:
        return f"{self.task_id} close-out {self.requested_at:%Y-%m-%d}"


class LookBack(models.Model):
    """A re-check after close-out (回头看); a relapse reopens the task."""

    task = models.ForeignKey(
        "rectification.Task", on_delete=models.PROTECT, related_name="look_backs"
    )
    checked_on = models.DateField(_("checked on"))
    findings = models.TextField(_("findings"))
    relapsed = models.BooleanField(_("relapsed"))
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-checked_on"]
        verbose_name = _("look-back")

    def __str__(self) -> str:
        return f"{self.task_id} look-back {self.checked_on}"
