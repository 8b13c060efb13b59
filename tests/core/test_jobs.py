"""Background jobs (core.jobs, docs/queue.md): asked for once, run once, seen by their
requester alone, and re-queued when the worker running them goes silent for a lease."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from duban.accountability.services import dossier_request
from duban.accountability.tasks import dossier_job
from duban.cli import main
from duban.core.choices import JobState
from duban.core.jobs.selectors import job_visible_to
from duban.core.jobs.services import jobs_recover
from duban.core.models import Event, Job
from duban.core.principal import SYSTEM
from duban.daily import daily_request
from tests.accountability.conftest import scene  # noqa: F401 — the accountability scene
from tests.clients import client_for
from tests.factories import make_user
from tests.jobs import WORKER_ID, run_jobs

pytestmark = pytest.mark.django_db


def _ask(scene, file_format="docx"):  # noqa: F811
    return dossier_request(actor=scene.supervisor, problem=scene.w.problem, file_format=file_format)


def test_asking_twice_while_it_waits_gives_the_same_job(scene):  # noqa: F811
    first = _ask(scene)
    assert _ask(scene).pk == first.pk
    other = _ask(scene, "pdf")
    assert other.pk != first.pk
    assert DBTaskResult.objects.count() == 2
    assert {str(task) for task in DBTaskResult.objects.values_list("pk", flat=True)} == {
        str(first.task_id),
        str(other.task_id),
    }
    assert run_jobs() == 2
    # Once done, asking again makes a fresh one (the records may have changed since).
    assert _ask(scene).pk not in {first.pk, other.pk}


def test_a_job_runs_once_even_when_its_task_runs_twice(scene):  # noqa: F811
    job = _ask(scene)
    events = Event.objects.count()
    assert run_jobs() == 1
    job.refresh_from_db()
    assert (job.state, job.progress, job.attempts) == (JobState.DONE, 100, 1)
    stored = Path(settings.MEDIA_ROOT) / job.result_file
    first = stored.read_bytes()
    # The same task delivered again (a queue may deliver twice): it finds the job done.
    DBTaskResult.objects.filter(pk=job.task_id).update(status="READY")
    assert run_jobs() == 1
    job.refresh_from_db()
    assert job.attempts == 1
    assert stored.read_bytes() == first
    assert sorted(p.name for p in stored.parent.iterdir()) == ["result.docx"]
    assert Event.objects.count() == events  # making a document is not a workflow change


def test_a_job_whose_worker_went_silent_is_queued_again_and_finishes(scene):  # noqa: F811
    job = _ask(scene)
    task = DBTaskResult.objects.get(pk=job.task_id)
    long_ago = timezone.now() - timedelta(seconds=settings.DUBAN_JOB_LEASE_SECONDS + 5)
    # A worker claimed it, started it and died: no heartbeat for more than a lease.
    task.claim("dead-worker")
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=long_ago)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, attempts=1, heartbeat_at=long_ago, progress=30
    )
    assert run_jobs() == 0  # django-tasks-db alone would leave it running for ever
    assert jobs_recover() == 1
    job.refresh_from_db()
    assert job.state == JobState.QUEUED
    assert run_jobs() == 1
    job.refresh_from_db()
    task.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.DONE, 2)
    assert (task.status, task.worker_ids) == ("SUCCESSFUL", ["dead-worker", WORKER_ID])


def test_a_job_that_is_still_beating_is_left_to_its_worker(scene):  # noqa: F811
    job = _ask(scene)
    task = DBTaskResult.objects.get(pk=job.task_id)
    long_ago = timezone.now() - timedelta(seconds=settings.DUBAN_JOB_LEASE_SECONDS + 5)
    task.claim("slow-worker")
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=long_ago)
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, heartbeat_at=timezone.now())
    assert jobs_recover() == 0
    assert DBTaskResult.objects.get(pk=task.pk).status == "RUNNING"


def test_a_job_is_seen_by_its_requester_and_superusers_only(scene):  # noqa: F811
    job = _ask(scene)
    system_job = dossier_request(actor=SYSTEM, problem=scene.w.problem)
    root = make_user("root", is_superuser=True)
    assert list(job_visible_to(scene.supervisor)) == [job]
    assert list(job_visible_to(scene.far_supervisor)) == []
    assert set(job_visible_to(root)) == {job, system_job}
    assert client_for(scene.far_supervisor).get(f"/jobs/{job.pk}/").status_code == 404
    assert client_for(root).get(f"/jobs/{job.pk}/").status_code == 200
    assert client_for(scene.supervisor).get("/jobs/not-a-uuid/").status_code == 404


def test_the_progress_fragment_polls_until_the_job_is_finished(scene):  # noqa: F811
    job = _ask(scene)
    client = client_for(scene.supervisor)
    waiting = client.get(f"/jobs/{job.pk}/progress/").content.decode()
    assert f'hx-get="/jobs/{job.pk}/progress/"' in waiting
    assert 'data-state="queued"' in waiting and "job-download" not in waiting
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, progress=30, step="正在生成文档")
    running = client.get(f"/jobs/{job.pk}/progress/").content.decode()
    assert 'aria-valuenow="30"' in running and "正在生成文档" in running
    run_jobs()
    done = client.get(f"/jobs/{job.pk}/progress/").content.decode()
    assert "hx-get" not in done and 'data-state="done"' in done
    assert f'href="/jobs/{job.pk}/download/"' in done


def test_a_job_the_requester_may_no_longer_run_fails_with_a_reason(scene):  # noqa: F811
    job = _ask(scene)
    # Between asking and running, the supervisor lost the role that let them back-trace.
    scene.supervisor.memberships.all().delete()
    run_jobs()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and "HN-ZZ-01" in job.error
    assert not job.result_file
    page = client_for(scene.supervisor).get(f"/jobs/{job.pk}/").content.decode()
    assert "后台任务失败" in page
    assert client_for(scene.supervisor).get(f"/jobs/{job.pk}/download/").status_code == 404


def test_the_task_names_the_job_it_runs(scene):  # noqa: F811
    job = _ask(scene)
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert task.task_path == dossier_job.module_path
    assert task.args_kwargs == {"args": [], "kwargs": {"job_id": str(job.pk)}}


def test_the_daily_job_runs_in_the_background_and_only_one_waits(workflow, capsys):
    assert main(["scan", "--background"]) == 0
    assert "queued for `duban worker`" in capsys.readouterr().out
    job = Job.objects.get(kind="daily")
    assert daily_request().pk == job.pk  # a second cron tick while it waits adds nothing
    assert job.requested_by is None
    assert run_jobs() == 1
    job.refresh_from_db()
    assert (job.state, job.progress) == (JobState.DONE, 100)
    assert job.summary.startswith("scan: ") and "tasks checked" in job.summary
    assert not job.result_file
