"""批量督办: one supervision notice (督办单) per ticked task, to its lead unit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from duban.core.bulk import BulkOutcome, apply_each
from duban.core.models import Organization
from duban.rectification.models import Task
from duban.rectification.selectors import task_visible_to
from duban.supervision.choices import NoticeLevel
from duban.supervision.services.notices import notice_issue


def notices_issue_each(
    *, actor: Any, issuer: Organization, task_ids: Iterable[int], demands: str, due_on: date | None
) -> BulkOutcome[Task]:
    """Issue a 督办 notice for each task through notice_issue — every rule it applies (the
    actor's right to issue for `issuer`, the issuer's kind, the reply date, the task in scope)
    holds task by task, each notice in its own transaction with its own number. A refused task
    is reported with the service's reasons; ids outside the actor's scope are never acted on."""
    return apply_each(
        visible=task_visible_to(actor).select_related("lead_unit__region", "problem"),
        ids=task_ids,
        act=lambda task: notice_issue(
            actor=actor,
            issuer=issuer,
            target=task.lead_unit,
            tasks=[task],
            level=NoticeLevel.NOTICE,
            demands=demands,
            due_on=due_on,
        ),
    )
