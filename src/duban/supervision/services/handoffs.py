"""Notices handed to a unit: its staff hear of them in their inbox (rectification's
hand-off notifications, docs/rectification.md "Who is told")."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duban.core.roles import WORKERS
from duban.rectification.models import Notification
from duban.rectification.services.handoffs import members, notify_handoff, text
from duban.supervision.choices import NoticeLevel
from duban.supervision.models import SupervisionNotice

NOTICE_ISSUED = _("%(issuer)s issued %(level)s %(number)s to %(target)s; answer by %(due)s")
TALK_ISSUED = _(
    "%(issuer)s summons %(target)s to an admonitory talk (%(number)s) at %(at)s, %(place)s; "
    "answer by %(due)s"
)


def notice_issued(*, actor: Any, notice: SupervisionNotice) -> list[Notification]:
    """A notice (督办单, 约谈 …) goes to the staff of the unit that must answer it."""
    names = {
        "issuer": notice.issuer.name,
        "target": notice.target.name,
        "level": NoticeLevel(notice.level).label,  # lazy: worded in Chinese by text()
        "number": notice.number,
        "due": notice.due_on,
    }
    if notice.level == NoticeLevel.TALK and notice.talk_at:
        at = timezone.localtime(notice.talk_at).strftime("%Y-%m-%d %H:%M")
        message = text(TALK_ISSUED, at=at, place=notice.talk_place, **names)
    else:
        message = text(NOTICE_ISSUED, **names)
    tasks = list(notice.tasks.all())
    return notify_handoff(
        actor=actor,
        recipients=members([notice.target], WORKERS),
        key=f"notice:{notice.pk}",
        message=message,
        task=tasks[0] if len(tasks) == 1 else None,
        link=reverse("notice-detail", args=[notice.pk]),
    )
