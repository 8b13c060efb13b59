"""Issuing, answering and concluding supervision notices."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from duban.core import clock
from duban.core.attachments import Upload, uploads_store
from duban.core.errors import REQUIRED, UNKNOWN_OR_OUTSIDE_SCOPE
from duban.core.models import Attachment, Organization
from duban.core.principal import user_of
from duban.core.roles import OVERSIGHT
from duban.errors import ApplicationError, InvalidTransition, NotFound
from duban.rectification.models import Task
from duban.rectification.selectors import task_visible_to
from duban.supervision.choices import NoticeLevel, NoticeState
from duban.supervision.errors import (
    NOT_A_TASK_UNIT,
    NOT_AN_ISSUER,
    NOTICE_ANSWERED,
    NOTICE_UNANSWERED,
    NOTICE_WITHOUT_TASKS,
    REPLY_DATE_PAST,
)
from duban.supervision.events import (
    notice_closed_event,
    notice_issued_event,
    notice_responded_event,
)
from duban.supervision.models import SupervisionNotice
from duban.supervision.permissions import (
    ISSUER_KINDS,
    LISTED_MONTHS,
    NoticeTerms,
    awaits_closing,
    awaits_response,
    level_refusals,
    may_close,
    may_respond,
)
from duban.supervision.selectors import notice_visible_to
from duban.supervision.services.common import require, require_member
from duban.supervision.services.handoffs import notice_issued
from duban.supervision.services.numbering import next_number

NO_TERMS = NoticeTerms()


def _task_errors(actor: Any, target: Organization, tasks: list[Task]) -> dict[str, str]:
    """Tasks must be in the actor's scope and the target's own work (lead or co-unit)."""
    visible = set(
        task_visible_to(actor).filter(pk__in=[t.pk for t in tasks]).values_list("pk", flat=True)
    )
    hidden = [str(task.pk) for task in tasks if task.pk not in visible]
    if hidden:
        raise NotFound(
            "task not found",
            code="task_not_found",
            fields={"tasks": UNKNOWN_OR_OUTSIDE_SCOPE(ids=", ".join(hidden))},
        )
    foreign = [
        task.code
        for task in tasks
        if not task.lead_unit.path.startswith(target.path)
        and not task.co_units.filter(path__startswith=target.path).exists()
    ]
    if foreign:
        return {"target": NOT_A_TASK_UNIT(tasks=", ".join(foreign))}
    return {}


def notice_issue(
    *,
    actor: Any,
    issuer: Organization,
    target: Organization,
    tasks: list[Task],
    level: NoticeLevel | str,
    demands: str,
    due_on: date | None,
    terms: NoticeTerms = NO_TERMS,
    escalated_from: SupervisionNotice | None = None,
    rule_key: str | None = None,
) -> SupervisionNotice:
    """Issue a numbered notice to a unit about its tasks; raises NotPermitted/ApplicationError.

    挂牌督办 is published and due at the end of its time limit (calendar months); the level's
    other terms (约谈: time, place, attendees) are kept on the notice.
    """
    today = clock.today()
    months, (low, high) = terms.time_limit_months, LISTED_MONTHS
    if level == NoticeLevel.LISTED and months is not None and low <= months <= high:
        due_on = months_after(today, months)
    draft = NoticeDraft(issuer, target, tasks, str(level), demands, due_on, terms)
    _check_notice(actor, draft, today=today)
    with transaction.atomic():
        notice = _create_notice(actor, draft, today, escalated_from, rule_key)
        notice.tasks.set(tasks)
        notice_issued_event(actor=actor, notice=notice, tasks=tasks)
        notice_issued(actor=actor, notice=notice)
    return notice


def _create_notice(
    actor: Any,
    draft: NoticeDraft,
    today: date,
    escalated_from: SupervisionNotice | None,
    rule_key: str | None,
) -> SupervisionNotice:
    """The checked notice, numbered; 挂牌督办 published with its months, 约谈 with its terms."""
    listed = draft.level == NoticeLevel.LISTED
    assert draft.due_on is not None  # _check_notice refuses a notice without one
    return SupervisionNotice.objects.create(
        number=next_number(draft.issuer, today.year),
        issuer=draft.issuer,
        target=draft.target,
        level=draft.level,
        demands=draft.demands,
        issued_on=today,
        due_on=draft.due_on,
        time_limit_months=draft.terms.time_limit_months if listed else None,
        is_public=listed,
        **_talk_fields(draft.level, draft.terms),
        escalated_from=escalated_from,
        rule_key=rule_key,
        issued_by=user_of(actor),
    )


def months_after(day: date, months: int) -> date:
    """The same day `months` calendar months later, or that month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _talk_fields(level: str, terms: NoticeTerms) -> dict[str, Any]:
    """约谈's time, place and attendees; other levels keep none."""
    if level != NoticeLevel.TALK:
        return {}
    return {
        "talk_at": terms.talk_at,
        "talk_place": terms.talk_place.strip(),
        "talk_attendees": terms.talk_attendees.strip(),
    }


@dataclass(frozen=True)
class NoticeDraft:
    issuer: Organization
    target: Organization
    tasks: list[Task]
    level: str
    demands: str
    due_on: date | None
    terms: NoticeTerms


def _check_notice(actor: Any, draft: NoticeDraft, *, today: date) -> None:
    """Raise NotPermitted unless the actor may issue for the issuer, NotFound for tasks outside
    the actor's scope, else ApplicationError naming every field of a notice that is wrong."""
    require_member(actor, draft.issuer, OVERSIGHT, "issue notices")
    errors: dict[str, str] = {}
    if draft.issuer.kind not in ISSUER_KINDS:
        errors["issuer"] = NOT_AN_ISSUER()
    if draft.level not in NoticeLevel.values:
        errors["level"] = f"unknown level {draft.level!r}"
    if not draft.tasks:
        errors["tasks"] = NOTICE_WITHOUT_TASKS()
    if draft.due_on is None and draft.level != NoticeLevel.LISTED:  # listed: months, below
        errors["due_on"] = REQUIRED()
    elif draft.due_on is not None and draft.due_on < today:
        errors["due_on"] = REPLY_DATE_PAST()
    if not draft.demands.strip():
        errors["demands"] = REQUIRED()
    if draft.tasks:
        errors.update(_task_errors(actor, draft.target, draft.tasks))
    terms = draft.terms
    refusals = level_refusals(
        actor=actor, issuer=draft.issuer, target=draft.target, level=draft.level, terms=terms
    )
    errors.update({field: reason for field, reason in refusals.items() if field not in errors})
    if errors:
        raise ApplicationError("notice not issued", code="invalid_notice", fields=errors)


def _locked_notice(actor: Any, notice_id: int) -> SupervisionNotice:
    if not notice_visible_to(actor).filter(pk=notice_id).exists():
        raise NotFound("notice not found", code="notice_not_found")
    notice = SupervisionNotice.objects.select_for_update(no_key=True).filter(pk=notice_id).first()
    if notice is None:
        raise NotFound("notice not found", code="notice_not_found")
    return notice


def notice_respond(
    *,
    actor: Any,
    notice_id: int,
    response: str,
    evidence: list[Attachment] | None = None,
    uploads: Sequence[Upload] = (),
) -> SupervisionNotice:
    """The target unit answers, with evidence (stored files, and files sent with the answer,
    stored here); raises NotFound, NotPermitted, InvalidTransition (already answered) or
    ApplicationError (no response)."""
    with transaction.atomic():
        notice = _locked_notice(actor, notice_id)
        require(may_respond(actor=actor, notice=notice), "answer notices", notice.target)
        evidence = [*(evidence or []), *uploads_store(actor=actor, uploads=uploads)]
        if not response.strip():
            raise ApplicationError("response required", fields={"response": REQUIRED()})
        if not awaits_response(notice):
            raise InvalidTransition(NOTICE_ANSWERED())
        notice.state, notice.response, notice.responded_on = (
            NoticeState.RESPONDED,
            response,
            clock.today(),
        )
        notice.save()
        notice.response_evidence.set(evidence)
        notice_responded_event(actor=actor, notice=notice, evidence=evidence)
    return notice


def notice_close(*, actor: Any, notice_id: int, note: str) -> SupervisionNotice:
    """The issuer closes an answered notice; raises NotFound, NotPermitted, InvalidTransition."""
    with transaction.atomic():
        notice = _locked_notice(actor, notice_id)
        require(may_close(actor=actor, notice=notice), "close notices", notice.issuer)
        if not awaits_closing(notice):
            raise InvalidTransition(NOTICE_UNANSWERED())
        notice.state, notice.closed_on, notice.closing_note = (
            NoticeState.CLOSED,
            clock.today(),
            note,
        )
        notice.save()
        notice_closed_event(actor=actor, notice=notice)
    return notice
