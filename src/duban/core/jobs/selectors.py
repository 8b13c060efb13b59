"""Reading jobs: the one scope rule, and one job by id."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet

from duban.core.models import Job
from duban.core.scope import scope_of
from duban.errors import NotFound


def job_visible_to(user: Any) -> QuerySet[Job]:
    """The one rule for jobs: a user sees the jobs they asked for; superusers and SYSTEM see
    every one (the daily job, asked for by nobody, only they see)."""
    if scope_of(user).superuser:
        return Job.objects.all()
    return Job.objects.filter(requested_by=user) if user.is_authenticated else Job.objects.none()


def job_get(*, user: Any, pk: Any) -> Job:
    """One job the user sees; NotFound otherwise (whether it exists is not told)."""
    try:
        key = uuid.UUID(str(pk))
    except ValueError:
        key = None
    job = job_visible_to(user).filter(pk=key).first() if key else None
    if job is None:
        raise NotFound("job not found", code="job_not_found")
    return job
