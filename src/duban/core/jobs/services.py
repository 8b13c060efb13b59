"""The writers of Job rows: request (and enqueue), start, progress, finish, fail, recover.

A Job is operational state, not workflow state: its start and finish are kept on its row (and
logged), not in the ledger. Work a job does on the workflow (an import, the daily job) goes
through that app's services, which record their own ledger events."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from duban.core.choices import JobState
from duban.core.files import atomic_write
from duban.core.models import Job
from duban.core.principal import SYSTEM

logger = logging.getLogger(__name__)
UNFINISHED = (JobState.QUEUED, JobState.RUNNING)
RESULTS_DIR = "jobs"


@dataclass(frozen=True)
class JobFile:
    """A document a job made: its bytes, the name it is saved under, its media type."""

    content: bytes
    filename: str
    content_type: str


@dataclass(frozen=True)
class JobOutcome:
    """What a finished job leaves: a file to download, a line to read, or both; `details`
    for the result template its kind registered (core.jobs.results)."""

    file: JobFile | None = None
    summary: str = ""
    details: dict[str, Any] = field(default_factory=dict)


def job_request(*, actor: Any, kind: str, label: str, params: dict[str, Any], task: Any) -> Job:
    """The actor's unfinished job of this kind and params if there is one (asking twice does
    not run it twice), else a new Job with its django-tasks task enqueued in the same
    transaction: a worker sees the task only once the Job row is committed with it."""
    if actor is None:
        raise TypeError("job_request needs an actor (a user or SYSTEM)")
    user = None if actor is SYSTEM else actor
    with transaction.atomic():
        for waiting in Job.objects.filter(requested_by=user, kind=kind, state__in=UNFINISHED):
            if waiting.params == params:
                return waiting
        job = Job.objects.create(kind=kind, label=label, params=params, requested_by=user)
        job.task_id = task.enqueue(job_id=str(job.pk)).id
        job.save(update_fields=["task_id"])
    logger.info("job %s (%s) queued", job.pk, kind)
    return job


def job_start(job_id: str) -> Job | None:
    """Mark the job running for one more attempt; None when it is gone or already finished
    (a task run twice — re-queued after its worker died — does its work once)."""
    with transaction.atomic():
        job = Job.objects.select_for_update(no_key=True).filter(pk=job_id).first()
        if job is None or job.finished:
            return None
        now = timezone.now()
        job.state = JobState.RUNNING
        job.attempts += 1
        job.started_at = job.heartbeat_at = now
        job.progress, job.step = 0, ""
        job.save(
            update_fields=["state", "attempts", "started_at", "heartbeat_at", "progress", "step"]
        )
    logger.info("job %s (%s) started, attempt %d", job.pk, job.kind, job.attempts)
    return job


def job_progress(job: Job, percent: int, step: str = "") -> None:
    """Show how far the job got (0–100) and what it is doing."""
    job.progress, job.step = max(0, min(100, percent)), step[:200]
    Job.objects.filter(pk=job.pk).update(
        progress=job.progress, step=job.step, heartbeat_at=timezone.now()
    )
    if settings.DUBAN_JOB_STEP_DELAY_MS:
        time.sleep(settings.DUBAN_JOB_STEP_DELAY_MS / 1000)


def result_path(job: Job, filename: str) -> str:
    """Where a job's file is stored, relative to MEDIA_ROOT: one name per job, so a job run
    again replaces its file instead of adding a second one."""
    return f"{RESULTS_DIR}/{job.pk}/result{Path(filename).suffix.lower()}"


def job_finish(job: Job, outcome: JobOutcome) -> None:
    """Store the result file whole (core.files.atomic_write) and mark the job done."""
    if outcome.file is not None:
        job.result_file = result_path(job, outcome.file.filename)
        target = Path(settings.MEDIA_ROOT) / job.result_file
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, outcome.file.content)
        job.result_name, job.result_type = outcome.file.filename, outcome.file.content_type
    job.summary, job.details = outcome.summary, outcome.details
    job.state, job.progress, job.step = JobState.DONE, 100, ""
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "result_file",
            "result_name",
            "result_type",
            "summary",
            "details",
            "state",
            "progress",
            "step",
            "finished_at",
        ]
    )
    logger.info("job %s (%s) done", job.pk, job.kind)


def job_fail(job: Job, message: str) -> None:
    """Mark the job failed with a message its requester may read."""
    Job.objects.filter(pk=job.pk).update(
        state=JobState.FAILED, error=message[:2000], step="", finished_at=timezone.now()
    )
    logger.warning("job %s (%s) failed: %s", job.pk, job.kind, message)


def job_beat(job_id: Any) -> None:
    """The running job's worker is alive (see jobs_recover)."""
    Job.objects.filter(pk=job_id, state=JobState.RUNNING).update(heartbeat_at=timezone.now())


def jobs_recover(*, now: datetime | None = None) -> int:
    """Put back in the queue the tasks claimed by a worker that has gone silent for a whole
    lease (killed, its machine lost): django-tasks-db leaves such a task RUNNING for ever.
    Returns how many tasks were re-queued."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.DUBAN_JOB_LEASE_SECONDS)
    recovered = 0
    with transaction.atomic():
        claimed = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, started_at__lt=cutoff
        )
        for task in claimed:
            job = Job.objects.select_for_update(no_key=True).filter(task_id=task.pk).first()
            if job is None:
                continue  # not a job's task: left to whoever queued it
            if job.state == JobState.RUNNING and job.heartbeat_at and job.heartbeat_at >= cutoff:
                continue
            DBTaskResult.objects.filter(pk=task.pk).update(
                status=TaskResultStatus.READY, started_at=None
            )
            if not job.finished:
                Job.objects.filter(pk=job.pk).update(state=JobState.QUEUED, step="")
            logger.warning("job %s (%s): its worker went silent; queued again", job.pk, job.kind)
            recovered += 1
    return recovered
