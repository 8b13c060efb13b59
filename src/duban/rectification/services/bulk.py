"""Several tasks moved in one request: 批量签收."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from duban.core.bulk import BulkOutcome, apply_each
from duban.rectification.models import Task
from duban.rectification.selectors import task_visible_to
from duban.rectification.services.lifecycle import task_transition


def tasks_acknowledge(*, actor: Any, task_ids: Iterable[int]) -> BulkOutcome[Task]:
    """签收 each task through task_transition, each in its own transaction: a task the actor
    may not acknowledge (its state, the actor's role) is refused with the service's reason, the
    others are acknowledged; ids outside the actor's scope are counted as missing, untouched."""
    return apply_each(
        visible=task_visible_to(actor).select_related("problem"),
        ids=task_ids,
        act=lambda task: task_transition(actor=actor, task_id=task.pk, action="acknowledge"),
    )
