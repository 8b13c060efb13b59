"""Regions, organizations, people and memberships: who is who, and where."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core.choices import COORDINATING_KINDS, OrganizationKind, RegionLevel, Role


class Region(models.Model):
    """An administrative division from GB/T 2260; the code is the key."""

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=64)
    level = models.CharField(_("level"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        """Codes of this region and every region below it start with this prefix."""
        return {RegionLevel.PROVINCE: self.code[:2], RegionLevel.CITY: self.code[:4]}.get(
            RegionLevel(self.level), self.code
        )


class Organization(models.Model):
    """A party committee, government, department, commission, team, office or enterprise."""

    name = models.CharField(_("name"), max_length=128)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    # No region means nationwide (a ministry, a central inspection team).
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organization"),
    )
    # A stationed discipline group sees what the department it is stationed in sees.
    stationed_in = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stationed_groups",
        verbose_name=_("stationed in"),
    )
    # Materialised path of zero-padded ids ("000001/000007/"), for subtree queries.
    path = models.CharField(max_length=255, db_index=True, editable=False)

    class Meta:
        ordering = ["path"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="organization_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_coordinating(self) -> bool:
        return self.kind in COORDINATING_KINDS


class Person(models.Model):
    """Someone answerable for work: a responsible person, a leader, a signer."""

    name = models.CharField(_("name"), max_length=64)
    post = models.CharField(_("post"), max_length=128, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("organization"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user"),
    )

    class Meta:
        ordering = ["organization__path", "name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"{self.name}（{self.post}）" if self.post else self.name


class Membership(models.Model):
    """A user's role in an organization; scope follows from these."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.get_role_display()})"
