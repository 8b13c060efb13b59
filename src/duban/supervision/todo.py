"""Supervision's to-do (core.dashboard): notices a unit must answer (permissions.may_respond)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from duban.core.dashboard import Todo
from duban.core.roles import WORKERS
from duban.core.scope import Scope, scope_of
from duban.supervision.choices import NoticeState
from duban.supervision.models import SupervisionNotice
from duban.supervision.selectors import notice_visible_to


def answers_notices(scope: Scope) -> bool:
    return scope.holds_anywhere(WORKERS)


def notices_to_answer(user: Any) -> QuerySet[SupervisionNotice]:
    """Issued, unanswered notices to an organization the user works for (or one below it)."""
    answering = scope_of(user).with_roles(WORKERS)
    return (
        notice_visible_to(user).filter(state=NoticeState.ISSUED).filter(answering.path_q("target"))
    )


TODOS = [
    Todo(
        "notices",
        _("Notices to answer"),
        answers_notices,
        notices_to_answer,
        "notice-list",
        urgent=True,
    )
]
