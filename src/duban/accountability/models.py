"""Accountability cases, responsibility findings and sanctions (精准问责)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.accountability.choices import (
    CaseSource,
    CaseState,
    Measure,
    Rank,
    ResponsibilityType,
    ReviewKind,
    ReviewOutcome,
)
from duban.core.models import Attachment, Organization, Person

User = settings.AUTH_USER_MODEL


class AccountabilityCase(models.Model):
    """A commission's case about one or more problems."""

    number = models.CharField(_("case number"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=200)
    commission = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("discipline commission"),
    )
    problems = models.ManyToManyField(
        "inspections.Problem", related_name="accountability_cases", verbose_name=_("problems")
    )
    source = models.CharField(_("source"), max_length=16, choices=CaseSource.choices)
    investigation = models.ForeignKey(
        "supervision.DirectInvestigation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    signal = models.ForeignKey(
        "verification.Signal", on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    summary = models.TextField(_("summary"))
    state = models.CharField(
        _("state"), max_length=16, choices=CaseState.choices, default=CaseState.OPEN
    )
    opened_on = models.DateField(_("opened on"))
    opened_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("accountability case")
        verbose_name_plural = _("accountability cases")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class ResponsibilityFinding(models.Model):
    """Who bore which responsibility, and on what evidence (no sanction without one)."""

    case = models.ForeignKey(AccountabilityCase, on_delete=models.PROTECT, related_name="findings")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responsibility = models.CharField(
        _("responsibility type"), max_length=32, choices=ResponsibilityType.choices
    )
    facts = models.TextField(_("facts"))
    evidence = models.ManyToManyField(Attachment, blank=True, related_name="+")
    # Ledger events relied on, by sequence number (checked by `duban audit verify`).
    event_seqs = models.JSONField(_("ledger events"), default=list, blank=True)
    # A finding is never edited: it is withdrawn with a reason (and another recorded).
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        verbose_name = _("responsibility finding")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(person__isnull=False, organization__isnull=True)
                    | models.Q(person__isnull=True, organization__isnull=False)
                ),
                name="finding_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person or self.organization}: {self.get_responsibility_display()}"


class Sanction(models.Model):
    """One decided measure against a person or an organization, tied to a finding."""

    case = models.ForeignKey(AccountabilityCase, on_delete=models.PROTECT, related_name="sanctions")
    finding = models.ForeignKey(
        ResponsibilityFinding, on_delete=models.PROTECT, related_name="sanctions"
    )
    measure = models.CharField(_("measure"), max_length=32, choices=Measure.choices)
    rank = models.CharField(_("rank"), max_length=16, choices=Rank.choices, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=128)
    decided_on = models.DateField(_("decision date"))
    months = models.PositiveSmallIntegerField(_("period (months)"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    # Organizational handling must be carried out within one month of the decision.
    carried_out_on = models.DateField(_("carried out on"), null=True, blank=True)
    # Set by a review that revokes the sanction: it is then no longer counted or published.
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")

    def __str__(self) -> str:
        return self.get_measure_display()


class SanctionReview(models.Model):
    """A sanctioned person's request for review (复审/复核) and the decision on it."""

    sanction = models.ForeignKey(Sanction, on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(_("kind"), max_length=16, choices=ReviewKind.choices)
    requested_on = models.DateField(_("requested on"))
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    grounds = models.TextField(_("grounds"))
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=ReviewOutcome.choices, blank=True
    )
    # The measure before the review changed it (the sanction then carries the new one).
    previous_measure = models.CharField(
        _("previous measure"), max_length=32, choices=Measure.choices, blank=True
    )
    answer = models.TextField(_("answer"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["requested_on", "pk"]
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sanction}"
