"""Running queued jobs inside a test, as `duban worker --batch` does, and following a page's
redirect to its job's result."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

WORKER_ID = "test-worker"


def run_jobs() -> int:
    """Claim and run every ready task with django-tasks-db's own Worker.run_task; the
    worker's loop is left out because it closes the connection between tasks, which would
    end the test's transaction. Returns how many tasks ran."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=WORKER_ID,
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        # Claimed in a transaction, as the worker does: PostgreSQL locks the row (SKIP
        # LOCKED), which a test's autocommit connection (a live-server test) cannot do outside one.
        with transaction.atomic():
            task = DBTaskResult.objects.ready().get_locked()
            if task is None:
                return ran
            task.claim(WORKER_ID)
        worker.run_task(task)
        ran += 1


def follow_job(client: Any, response: Any) -> Any:
    """The download at the end of a page that answered by queuing a job: run the queue, open
    the job's page and fetch the file its link points to."""
    assert response.status_code == 302, response.status_code
    job_page = response["Location"]
    assert job_page.startswith("/jobs/"), job_page
    run_jobs()
    page = client.get(job_page)
    assert page.status_code == 200
    assert 'data-testid="job-download"' in page.content.decode(), page.content.decode()
    download = client.get(f"{job_page}download/")
    assert download.status_code == 200
    return download


def finished_job_page(client: Any, response: Any) -> str:
    """The page of the job a request queued, once the queue has run: its result."""
    assert response.status_code == 302, response.status_code
    run_jobs()
    page = client.get(response["Location"])
    assert page.status_code == 200
    return str(page.content.decode())
