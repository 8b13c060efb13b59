"""Complaints (信访举报件) and what hangs on them. The complainant's identity lives in its own
table, encrypted (`identity.py`): nothing that reads a `Complaint` can reach it by accident."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.complaints.choices import (
    Channel,
    ComplaintState,
    Priority,
    ReviewLevel,
    ReviewOutcome,
    Satisfaction,
    Truth,
)
from duban.core.models import Attachment, Organization, Person, Region
from duban.inspections.models import InspectionTeam, Problem
from duban.rectification.models import Task
from duban.verification.models import SiteCheck

User = settings.AUTH_USER_MODEL


class Complaint(models.Model):
    """One 信访举报件: what was complained of, where, and how it was handled to the end."""

    # 受理编号: D3SX202505280018 from a central team, plain numbers from a provincial one,
    # or one duban gives (portal and staff entry). Unique: imports are idempotent on it.
    number = models.CharField(_("acceptance number"), max_length=32, unique=True)
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    received_by = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="complaints_received",
        verbose_name=_("received by"),
    )
    # 边督边改: the team that handed the complaint over, and its batch (第N批) and date.
    team = models.ForeignKey(
        InspectionTeam,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("inspection team"),
    )
    batch_number = models.PositiveSmallIntegerField(_("batch"), null=True, blank=True)
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    accused_name = models.CharField(_("person or firm complained about"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    content = models.TextField(_("what was complained of"))
    pollution_types = models.CharField(_("pollution types"), max_length=200, blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    # Who is complained about, where they are in the directory: never shown the complaint
    # (信访工作条例 Art. 30), never its handling unit.
    accused_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_against",
        verbose_name=_("organization complained about"),
    )
    accused_people = models.ManyToManyField(
        Person,
        blank=True,
        related_name="complaints_against",
        verbose_name=_("people complained about"),
    )
    # Repeat detection keys (repeats.py): the firm's name and the address, normalised.
    accused_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    address_key = models.CharField(max_length=300, blank=True, db_index=True, editable=False)
    repeat_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repeats",
        verbose_name=_("repeat of"),
    )

    state = models.CharField(
        _("state"),
        max_length=20,
        choices=ComplaintState.choices,
        default=ComplaintState.REGISTERED,
        db_index=True,
    )
    not_accepted_reason = models.TextField(_("reason not accepted"), blank=True)
    # 转办 and the clocks (rules.py computes each due date; stored so lists can filter on them).
    handling_unit = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_handled",
        verbose_name=_("handling unit"),
    )
    transferred_on = models.DateField(_("transferred on"), null=True, blank=True)
    acknowledge_due_on = models.DateField(_("acknowledge by"), null=True, blank=True)
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    handle_due_on = models.DateField(_("handle by"), null=True, blank=True, db_index=True)
    extended_days = models.PositiveSmallIntegerField(_("extension (days)"), default=0)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    team_report_due_on = models.DateField(_("report to the team by"), null=True, blank=True)
    team_reported_on = models.DateField(_("reported to the team on"), null=True, blank=True)

    # 办理: what the published 一览表 shows.
    truth = models.CharField(_("true?"), max_length=16, choices=Truth.choices, blank=True)
    investigation = models.TextField(_("investigation"), blank=True)  # 调查核实情况
    measures = models.TextField(_("handling and rectification"), blank=True)  # 处理和整改情况
    closure_target = models.TextField(_("target for conclusion"), blank=True)  # 办结目标
    accountability = models.TextField(_("people held to account"), blank=True)  # 责任人被处理情况
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    # Enforcement counts, as batch totals publish them.
    ordered_to_rectify = models.PositiveIntegerField(_("ordered to rectify (firms)"), default=0)
    cases_filed = models.PositiveIntegerField(_("penalty cases filed (firms)"), default=0)
    fines_wan_yuan = models.DecimalField(
        _("fines (10,000 yuan)"), max_digits=12, decimal_places=2, default=0
    )
    criminal_cases = models.PositiveIntegerField(_("criminal investigations (cases)"), default=0)
    administrative_detentions = models.PositiveIntegerField(
        _("administrative detentions (people)"), default=0
    )
    criminal_detentions = models.PositiveIntegerField(_("criminal detentions (people)"), default=0)
    talks = models.PositiveIntegerField(_("admonitory talks (people)"), default=0)
    held_accountable = models.PositiveIntegerField(_("held accountable (people)"), default=0)

    # 答复意见书 and 回访.
    reply = models.TextField(_("written reply"), blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    followed_up_on = models.DateField(_("called back on"), null=True, blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    follow_up_note = models.TextField(_("call-back note"), blank=True)

    # A complaint can become, or join, a problem and its tasks.
    problem = models.ForeignKey(
        Problem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("problem"),
    )
    tasks = models.ManyToManyField(Task, blank=True, related_name="complaints")
    site_checks = models.ManyToManyField(SiteCheck, blank=True, related_name="complaints")
    evidence = models.ManyToManyField(Attachment, blank=True, related_name="+")

    anonymous = models.BooleanField(_("anonymous"), default=False)
    # Published in the daily 一览表 and on the portal (paraphrased content, no identity).
    is_public = models.BooleanField(_("public"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["region", "received_on"]),
            models.Index(fields=["team", "batch_number"]),
            models.Index(fields=["state", "handle_due_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.accused_name}"


class ComplaintIdentity(models.Model):
    """The complainant: name, phone, address, ID number, e-mail, as one encrypted token
    (Fernet, the key named by `key_id`; docs/complaints.md "Keys"). Read only through
    `services.identity.identity_read`, which records the read in the ledger."""

    complaint = models.OneToOneField(
        Complaint, on_delete=models.CASCADE, related_name="identity", primary_key=True
    )
    key_id = models.CharField(max_length=32)
    token = models.TextField()
    # A tracking code's hash for the portal's status lookup (never the code itself).
    tracking_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("complainant identity")
        verbose_name_plural = _("complainant identities")

    def __str__(self) -> str:
        return f"identity of complaint {self.complaint_id}"  # never the identity itself


class HandlerDesignation(models.Model):
    """A person an organization's administrator names as its 信访 handler: the one role that
    may read complainants' identities for the complaints the organization receives or
    handles."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="complaint_handlers"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="complaint_handlings")
    designated_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    designated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("complaint handler")
        verbose_name_plural = _("complaint handlers")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="one_designation")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization}"


class ComplaintReview(models.Model):
    """A 复查 or 复核 request and its decision (30 days to ask, 30 to decide)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="reviews")
    level = models.CharField(_("level"), max_length=8, choices=ReviewLevel.choices)
    requested_on = models.DateField(_("requested on"))
    grounds = models.TextField(_("grounds"))
    reviewer = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewed by")
    )
    due_on = models.DateField(_("decide by"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=8, choices=ReviewOutcome.choices, blank=True
    )
    decision = models.TextField(_("decision"), blank=True)

    class Meta:
        verbose_name = _("re-examination")
        verbose_name_plural = _("re-examinations")
        ordering = ["requested_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "level"], name="one_review_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.complaint_id}"
