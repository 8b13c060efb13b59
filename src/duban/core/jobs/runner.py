"""Running one job inside a django-tasks task: start it (once), keep its lease alive from a
side thread, do the work, store the result or the failure."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections, transaction

from duban.core.jobs.services import (
    JobOutcome,
    job_beat,
    job_fail,
    job_finish,
    job_progress,
    job_start,
)
from duban.core.models import Job
from duban.errors import ApplicationError

Progress = Callable[[int, str], None]
Work = Callable[[Job, Progress], JobOutcome]


class Heartbeat(threading.Thread):
    """Renews the job's lease every third of it, on its own database connection, so a long
    step (rendering a PDF, one big import transaction) does not look like a dead worker."""

    def __init__(self, job_id: Any) -> None:
        super().__init__(name=f"job-heartbeat-{job_id}", daemon=True)
        self.job_id = job_id
        self.stopped = threading.Event()

    def run(self) -> None:
        every = max(settings.DUBAN_JOB_LEASE_SECONDS / 3, 0.2)
        try:
            while not self.stopped.wait(every):
                try:
                    job_beat(self.job_id)
                except DatabaseError:
                    pass  # SQLite busy with the job's own write: the next beat tries again
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopped.set()
        self.join()


def run_job(job_id: str, work: Work, *, atomic: bool = False) -> None:
    """Do `work` for the job once. With atomic=True the work and the job's completion commit
    together (an import: a worker killed half-way leaves neither, and the re-run does it once);
    its progress then shows only when it is done. An ApplicationError fails the job with its
    message; anything else fails it and is raised for django-tasks to record."""
    job = job_start(job_id)
    if job is None:
        return
    heartbeat = Heartbeat(job.pk)
    heartbeat.start()
    try:

        def progress(percent: int, step: str = "") -> None:
            job_progress(job, percent, step)

        if atomic:
            with transaction.atomic():
                job_finish(job, work(job, progress))
        else:
            job_finish(job, work(job, progress))
    except ApplicationError as error:
        job_fail(job, str(error.message))
    except Exception:
        job_fail(job, "internal error; see the worker's log")
        raise
    finally:
        heartbeat.stop()
