"""Supervision notices (督办单), their numbering, and direct investigations (直查直办)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core.models import Attachment, Organization, Person
from duban.supervision.choices import InvestigationState, NoticeLevel, NoticeState

User = settings.AUTH_USER_MODEL
DEFAULT_NUMBER_PATTERN = "{prefix}〔{year}〕{seq}号"


class NoticeNumbering(models.Model):
    """How an issuer numbers its notices, e.g. 株纪督〔2026〕3号; the counter runs per year."""

    issuer = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    prefix = models.CharField(_("prefix"), max_length=32)
    pattern = models.CharField(_("pattern"), max_length=64, default=DEFAULT_NUMBER_PATTERN)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "year"], name="numbering_once")]

    def __str__(self) -> str:
        return f"{self.prefix} {self.year}: {self.last}"


class SupervisionNotice(models.Model):
    """A notice pressing a unit to act: reminder, notice, listed supervision, talk, criticism."""

    number = models.CharField(_("number"), max_length=64, unique=True)
    issuer = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="issued_notices",
        verbose_name=_("issuer"),
    )
    target = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="notices",
        verbose_name=_("target organization"),
    )
    tasks = models.ManyToManyField(
        "rectification.Task", related_name="notices", verbose_name=_("tasks")
    )
    level = models.CharField(_("level"), max_length=16, choices=NoticeLevel.choices)
    demands = models.TextField(_("demands"))
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("reply due"))
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=NoticeState.choices,
        default=NoticeState.ISSUED,
        db_index=True,
    )
    # 挂牌督办: a time limit in months set by the higher authority, and published (the portal
    # reads `listed_supervision_public()`); the reply date is the end of the time limit.
    time_limit_months = models.PositiveSmallIntegerField(
        _("time limit (months)"), null=True, blank=True
    )
    is_public = models.BooleanField(_("published"), default=False)
    # 约谈: when and where the talk is held, and who is summoned to it.
    talk_at = models.DateTimeField(_("talk time"), null=True, blank=True)
    talk_place = models.CharField(_("talk place"), max_length=128, blank=True)
    talk_attendees = models.TextField(_("attendees"), blank=True)
    response = models.TextField(_("response"), blank=True)
    response_evidence = models.ManyToManyField(Attachment, blank=True, related_name="+")
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    escalated_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="escalations"
    )
    # Set when an escalation rule issued it; unique so `duban scan` issues it once.
    rule_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("supervision notice")
        verbose_name_plural = _("supervision notices")

    def __str__(self) -> str:
        return self.number


class DirectInvestigation(models.Model):
    """A discipline commission takes a problem over (直查直办); findings stay internal."""

    problem = models.ForeignKey(
        "inspections.Problem",
        on_delete=models.PROTECT,
        related_name="investigations",
        verbose_name=_("problem"),
    )
    commission = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("discipline commission"),
    )
    team = models.ManyToManyField(Person, related_name="+", verbose_name=_("investigation team"))
    plan = models.TextField(_("work plan"))
    findings = models.TextField(_("findings"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=InvestigationState.choices,
        default=InvestigationState.OPEN,
    )
    opened_on = models.DateField(_("opened on"))
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    opened_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    # Results fed back to the public (及时向社会反馈): a summary written for publication, never
    # the internal findings; set by accountability.services.investigation_publish.
    is_public = models.BooleanField(_("public"), default=False)
    published_summary = models.TextField(_("published summary"), blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("direct investigation")

    def __str__(self) -> str:
        return f"{self.problem_id} {self.opened_on}"
