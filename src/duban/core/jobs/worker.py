"""`duban worker`: django-tasks-db's worker, plus the recovery of dead workers' jobs."""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from duban.core.jobs.services import jobs_recover

logger = logging.getLogger(__name__)


class Recovery(threading.Thread):
    """Every half lease, re-queue the jobs whose worker stopped beating (jobs_recover)."""

    def __init__(self) -> None:
        super().__init__(name="job-recovery", daemon=True)
        self.stopped = threading.Event()

    def run(self) -> None:
        every = max(settings.DUBAN_JOB_LEASE_SECONDS / 2, 0.5)
        try:
            while not self.stopped.wait(every):
                try:
                    jobs_recover()
                except DatabaseError as error:
                    logger.warning("job recovery: %s", error)
        finally:
            connections.close_all()


def run_worker(
    *, interval: float = 1.0, batch: bool = False, worker_id: str = "", signals: bool = True
) -> None:
    """Run tasks until stopped (SIGINT/SIGTERM finish the current task first); with batch,
    until the queue is empty. Without `signals` (a thread of `duban demo`) no handler is set."""
    jobs_recover()
    recovery = Recovery()
    recovery.start()
    worker = Worker(
        queue_names=["default"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id or get_random_string(32),
        excluded_queue_names=[],
    )
    if signals:
        worker.configure_signals()
    try:
        worker.run()
    finally:
        recovery.stopped.set()
