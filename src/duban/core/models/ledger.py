"""The append-only, hash-chained event ledger (DESIGN §5)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class LedgerViolation(Exception):
    """Raised on any attempt to change or remove a recorded event."""


class EventQuerySet(models.QuerySet["Event"]):
    def update(self, **kwargs: Any) -> int:
        raise LedgerViolation("ledger events cannot be updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise LedgerViolation("ledger events cannot be deleted")


class Event(models.Model):
    """One recorded change: who did what to which object, when and why."""

    seq = models.BigIntegerField(_("sequence"), unique=True)
    created_at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    organization = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acting organization"),
    )
    verb = models.CharField(_("verb"), max_length=64, db_index=True)
    subject_type = models.CharField(_("subject type"), max_length=64)
    subject_id = models.CharField(_("subject id"), max_length=64)
    data = models.JSONField(_("data"), default=dict)
    reason = models.TextField(_("reason"), blank=True)
    prev_hash = models.CharField(max_length=64, unique=True)
    hash = models.CharField(max_length=64, unique=True)
    # Who may see the event, stamped from its subject when it is built (ledger.build_event),
    # so that "events this user may see" is an indexed filter, not a subquery per subject
    # type. Derived, never hashed: canonical_json leaves them out, recorded hashes stay valid.
    # subject_id as a number; the subject's region and its organization's path (blank when
    # it has none); the problem and the task the subject belongs to (or is).
    subject_pk = models.BigIntegerField(null=True)
    region_code = models.CharField(max_length=6, blank=True, default="", db_default="")
    org_path = models.CharField(max_length=255, blank=True, default="", db_default="")
    problem_ref = models.BigIntegerField(null=True)
    task_ref = models.BigIntegerField(null=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "seq"]),
            models.Index(fields=["subject_type", "subject_pk", "seq"], name="event_subject_pk"),
            models.Index(fields=["problem_ref", "seq"], name="event_problem"),
            models.Index(fields=["task_ref", "seq"], name="event_task"),
            # Prefix filters (LIKE '43%') use these on PostgreSQL; other databases ignore
            # opclasses and get plain indexes.
            models.Index(
                fields=["region_code"], opclasses=["varchar_pattern_ops"], name="event_region"
            ),
            models.Index(fields=["org_path"], opclasses=["varchar_pattern_ops"], name="event_path"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.verb} {self.subject_type}:{self.subject_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise LedgerViolation("ledger events cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise LedgerViolation("ledger events cannot be deleted")

    def canonical_json(self) -> str:
        """The exact text the hash covers: every field but the hashes, keys sorted."""
        return canonical_json(
            {
                "seq": self.seq,
                "created_at": self.created_at.astimezone(UTC).isoformat(),
                "actor": self.actor_id,
                "organization": self.organization_id,
                "verb": self.verb,
                "subject_type": self.subject_type,
                "subject_id": self.subject_id,
                "data": self.data,
                "reason": self.reason,
            }
        )

    def compute_hash(self) -> str:
        return hashlib.sha256((self.prev_hash + self.canonical_json()).encode()).hexdigest()


class LedgerHead(models.Model):
    """The single row holding the chain's tip; locking it serialises appends."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("ledger head")

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash}"


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
