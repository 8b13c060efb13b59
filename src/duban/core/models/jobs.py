"""Background jobs: what a user asked to run outside the request, how far it got, its result."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core.choices import JobState


class Job(models.Model):
    """One piece of background work (a document, an export, an import, the daily job) as its
    requester sees it. The django-tasks row (`task_id`) is the queue's; this row is ours:
    progress, the lease that tells a dead worker's job from a running one, and the result."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=64)
    label = models.CharField(_("label"), max_length=200)
    params = models.JSONField(default=dict)
    # None: the system asked (the daily job); only administrators see such a job.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )
    state = models.CharField(
        _("state"), max_length=16, choices=JobState.choices, default=JobState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("percent done"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    task_id = models.UUIDField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The result: a stored file (relative to MEDIA_ROOT) under the name it is saved as,
    # and/or a short summary line (and details); `error` says why a failed job failed.
    result_file = models.CharField(max_length=500, blank=True)
    result_name = models.CharField(max_length=255, blank=True)
    result_type = models.CharField(max_length=128, blank=True)
    summary = models.TextField(blank=True)
    # What the result page of this kind shows beyond the summary (an import's rows).
    details = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["requested_by", "kind", "state"]),
            models.Index(fields=["state", "heartbeat_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="core_job_progress_percent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)
