"""Inspection rounds, batches, teams, the problems they hand over and the plans answering them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core.models import Organization, Region
from duban.inspections.choices import (
    Cadence,
    Category,
    ProblemSource,
    ProblemStatus,
    RoundKind,
    ScheduleStatus,
)


class InspectionRound(models.Model):
    """A round of central inspections (e.g. the second round)."""

    number = models.PositiveSmallIntegerField(_("round"))
    kind = models.CharField(_("kind"), max_length=16, choices=RoundKind.choices)
    name = models.CharField(_("name"), max_length=128)

    class Meta:
        ordering = ["number"]
        verbose_name = _("inspection round")
        constraints = [models.UniqueConstraint(fields=["number", "kind"], name="round_unique")]

    def __str__(self) -> str:
        return self.name


class Batch(models.Model):
    """A batch within a round (e.g. the third batch, 2021)."""

    round = models.ForeignKey(InspectionRound, on_delete=models.PROTECT, related_name="batches")
    number = models.PositiveSmallIntegerField(_("batch"))
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        ordering = ["round__number", "number"]
        verbose_name = _("batch")
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="batch_unique")]

    def __str__(self) -> str:
        return f"{self.round} · {self.number}"


class InspectionTeam(models.Model):
    """A team such as 中央第六生态环境保护督察组, stationed in one province."""

    name = models.CharField(_("name"), max_length=128)
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="teams")
    province = models.ForeignKey(
        Region, on_delete=models.PROTECT, verbose_name=_("inspected province")
    )
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True)
    stationed_from = models.DateField(_("stationed from"), null=True, blank=True)
    stationed_until = models.DateField(_("stationed until"), null=True, blank=True)
    feedback_on = models.DateField(_("feedback date"), null=True, blank=True)
    hotline = models.CharField(_("hotline"), max_length=64, blank=True)

    class Meta:
        ordering = ["batch", "name"]
        verbose_name = _("inspection team")

    def __str__(self) -> str:
        return self.name


class Plan(models.Model):
    """A rectification plan (整改方案) of one region, dispatched at a fixed cadence."""

    code = models.CharField(_("plan code"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=200)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    office = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("rectification office"),
    )
    cadence = models.CharField(
        _("dispatch cadence"), max_length=16, choices=Cadence.choices, default=Cadence.MONTHLY
    )
    dispatch_starts_on = models.DateField(_("first dispatch period starts"))
    # The 30-working-day clock runs to submission (上报); approval comes later.
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    submitted_to = models.CharField(_("submitted to"), max_length=128, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.CharField(_("approved by"), max_length=128, blank=True)

    # The ledger names its subjects by model label; the plan was rectification's until it
    # moved here, and the append-only ledger keeps the name its events were recorded under.
    ledger_subject_type = "rectification.plan"

    class Meta:
        # Moved from rectification without moving its rows (see migration 0003).
        db_table = "rectification_plan"
        ordering = ["code"]
        verbose_name = _("rectification plan")
        verbose_name_plural = _("rectification plans")

    def __str__(self) -> str:
        return self.title


class Problem(models.Model):
    """A problem handed over for rectification; its status is derived from its tasks."""

    code = models.CharField(_("problem code"), max_length=32, unique=True)
    source = models.CharField(_("source"), max_length=16, choices=ProblemSource.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    basic_situation = models.TextField(_("basic situation"), blank=True)
    main_issues = models.TextField(_("main issues"), blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    other_regions = models.ManyToManyField(Region, blank=True, related_name="+")
    team = models.ForeignKey(
        InspectionTeam,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problems",
        verbose_name=_("inspection team"),
    )
    plan = models.ForeignKey(
        Plan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problems",
        verbose_name=_("rectification plan"),
    )
    tags = models.CharField(_("tags"), max_length=200, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    disclosed_on = models.DateField(_("disclosure date"), null=True, blank=True)
    feedback_on = models.DateField(_("feedback date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProblemStatus.choices,
        default=ProblemStatus.IN_PROGRESS,
        db_index=True,
    )
    schedule_status = models.CharField(
        _("schedule status"),
        max_length=16,
        default=ScheduleStatus.ON_SCHEDULE,
        db_index=True,
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ProblemCategory(models.Model):
    """One category of a problem (a problem may be about water and ecology at once)."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="categories")
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["problem", "category"], name="problem_category_unique")
        ]

    def __str__(self) -> str:
        return self.get_category_display()
