"""Rectification tasks (the three lists are views of these rows); plans are in inspections."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core.models import Organization, Person
from duban.inspections.choices import ScheduleStatus
from duban.rectification.choices import AcceptanceLevel, TaskKind, TaskState, WarningLevel


class Task(models.Model):
    """One rectification task of a problem: who does what by when, and where it stands."""

    problem = models.ForeignKey(
        "inspections.Problem",
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("problem"),
    )
    number = models.PositiveSmallIntegerField(_("task number"))
    title = models.CharField(_("title"), max_length=200)
    measures = models.TextField(_("measures"))
    target = models.TextField(_("target"))
    kind = models.CharField(_("kind"), max_length=16, choices=TaskKind.choices)
    lead_unit = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="led_tasks",
        verbose_name=_("lead unit"),
    )
    co_units = models.ManyToManyField(
        Organization, blank=True, related_name="co_tasks", verbose_name=_("co-units")
    )
    responsible_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible person")
    )
    supervising_leader = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("supervising leader"),
    )
    assigned_on = models.DateField(_("assigned on"))
    # Ongoing tasks have no deadline. Deadlines move only through an approved extension.
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    acceptance_level = models.CharField(
        _("acceptance level"), max_length=16, choices=AcceptanceLevel.choices
    )
    state = models.CharField(
        _("state"),
        max_length=24,
        choices=TaskState.choices,
        default=TaskState.ASSIGNED,
        db_index=True,
    )
    percent = models.PositiveSmallIntegerField(_("reported progress (%)"), default=0)
    latest_progress = models.TextField(_("latest progress"), blank=True)
    schedule_status = models.CharField(
        _("schedule status"),
        max_length=16,
        choices=ScheduleStatus.choices,
        default=ScheduleStatus.ON_SCHEDULE,
        db_index=True,
    )
    warning_level = models.CharField(
        _("warning"),
        max_length=8,
        choices=WarningLevel.choices,
        default=WarningLevel.GREEN,
        db_index=True,
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    publicity_starts_on = models.DateField(_("public notice from"), null=True, blank=True)
    publicity_ends_on = models.DateField(_("public notice until"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    look_back_on = models.DateField(_("look-back due"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    class Meta:
        ordering = ["problem__code", "number"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.UniqueConstraint(fields=["problem", "number"], name="task_unique_number"),
            models.CheckConstraint(
                condition=models.Q(kind=TaskKind.ONGOING) | models.Q(deadline__isnull=False),
                name="task_deadline_unless_ongoing",
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__isnull=True)
                | models.Q(deadline__gte=models.F("assigned_on")),
                name="task_deadline_after_assignment",
            ),
            models.CheckConstraint(
                condition=models.Q(percent__lte=100), name="task_percent_max_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.problem.code}-{self.number} {self.title}"

    @property
    def code(self) -> str:
        return f"{self.problem.code}-{self.number}"
