"""Issuing, answering and closing supervision notices; escalation; direct investigations."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction

from duban.core import clock, ledger
from duban.core.choices import OrganizationKind, Role
from duban.core.models import Attachment, Organization, Person
from duban.core.scope import scope_of
from duban.errors import ApplicationError, InvalidTransition, NotFound, NotPermitted
from duban.inspections.models import Problem
from duban.rectification.choices import ScheduleStatus
from duban.rectification.models import Task
from duban.supervision.choices import InvestigationState, NoticeLevel, NoticeState, Verb
from duban.supervision.models import DirectInvestigation, NoticeNumbering, SupervisionNotice
from duban.supervision.selectors import investigation_visible_to, notice_visible_to

ISSUER_KINDS = frozenset(
    {
        OrganizationKind.RECTIFICATION_OFFICE,
        OrganizationKind.DISCIPLINE_COMMISSION,
        OrganizationKind.STATIONED_GROUP,
    }
)
COMMISSION_KINDS = frozenset(
    {OrganizationKind.DISCIPLINE_COMMISSION, OrganizationKind.STATIONED_GROUP}
)
ISSUER_ROLES = frozenset({Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN})
RESPONDER_ROLES = frozenset({Role.REPORTER, Role.REVIEWER, Role.ADMIN})
SUPERVISOR_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})
# Escalation defaults (docs/supervision.md): a task overdue this many days gets a reminder;
# an unanswered or still-overdue notice past its due date becomes listed supervision.
REMINDER_AFTER_OVERDUE_DAYS = 7
REMINDER_REPLY_DAYS = 5
LISTED_REPLY_DAYS = 10


def require_member(
    actor: Any, organization: Organization, roles: frozenset[Role], action: str
) -> None:
    if actor is None:
        return
    scope = scope_of(actor)
    if not scope.superuser and not scope.member_roles(organization) & roles:
        raise NotPermitted(f"you may not {action} for {organization.name}")


def _next_number(issuer: Organization, year: int) -> str:
    numbering, _ = NoticeNumbering.objects.select_for_update().get_or_create(
        issuer=issuer, year=year, defaults={"prefix": issuer.name}
    )
    numbering.last += 1
    numbering.save(update_fields=["last"])
    return numbering.pattern.format(prefix=numbering.prefix, year=year, seq=numbering.last)


def numbering_configure(
    *, actor: Any, issuer: Organization, year: int, prefix: str, pattern: str
) -> NoticeNumbering:
    """Set an issuer's numbering, e.g. prefix 株纪督 and pattern {prefix}〔{year}〕{seq}号."""
    require_member(actor, issuer, ISSUER_ROLES, "configure numbering")
    try:
        pattern.format(prefix=prefix, year=year, seq=1)
    except (KeyError, IndexError, ValueError) as error:
        raise ApplicationError(
            "bad pattern", fields={"pattern": f"use {{prefix}}, {{year}}, {{seq}}: {error}"}
        ) from error
    numbering, _ = NoticeNumbering.objects.update_or_create(
        issuer=issuer, year=year, defaults={"prefix": prefix, "pattern": pattern}
    )
    return numbering


def notice_issue(
    *,
    actor: Any,
    issuer: Organization,
    target: Organization,
    tasks: list[Task],
    level: NoticeLevel | str,
    demands: str,
    due_on: date,
    escalated_from: SupervisionNotice | None = None,
    rule_key: str | None = None,
) -> SupervisionNotice:
    """Issue a numbered notice to a unit about its tasks; raises NotPermitted/ApplicationError."""
    require_member(actor, issuer, ISSUER_ROLES, "issue notices")
    today = clock.today()
    errors: dict[str, str] = {}
    if issuer.kind not in ISSUER_KINDS:
        errors["issuer"] = "only rectification offices and discipline commissions issue notices"
    if level not in NoticeLevel.values:
        errors["level"] = f"unknown level {level!r}"
    if not tasks:
        errors["tasks"] = "name at least one task"
    if due_on < today:
        errors["due_on"] = "the reply date is in the past"
    if not demands.strip():
        errors["demands"] = "required"
    if errors:
        raise ApplicationError("notice not issued", code="invalid_notice", fields=errors)
    with transaction.atomic():
        notice = SupervisionNotice.objects.create(
            number=_next_number(issuer, today.year),
            issuer=issuer,
            target=target,
            level=level,
            demands=demands,
            issued_on=today,
            due_on=due_on,
            escalated_from=escalated_from,
            rule_key=rule_key,
            issued_by=actor,
        )
        notice.tasks.set(tasks)
        data = {
            "notice": notice.pk,
            "number": notice.number,
            "level": str(level),
            "issuer": issuer.name,
            "target": target.name,
            "due_on": due_on,
            "tasks": [t.code for t in tasks],
            "escalated_from": escalated_from.number if escalated_from else None,
        }
        verb = Verb.NOTICE_ESCALATED if escalated_from else Verb.NOTICE_ISSUED
        ledger.record(
            actor=actor, verb=verb, subject=notice, organization=issuer, data=data, reason=demands
        )
        for task in tasks:
            ledger.record(actor=actor, verb=verb, subject=task, organization=issuer, data=data)
    return notice


def _locked_notice(actor: Any, notice_id: int) -> SupervisionNotice:
    if actor is not None and not notice_visible_to(actor).filter(pk=notice_id).exists():
        raise NotFound("notice not found", code="notice_not_found")
    notice = SupervisionNotice.objects.select_for_update().filter(pk=notice_id).first()
    if notice is None:
        raise NotFound("notice not found", code="notice_not_found")
    return notice


def notice_respond(
    *, actor: Any, notice_id: int, response: str, evidence: list[Attachment] | None = None
) -> SupervisionNotice:
    """The target unit answers, with evidence."""
    if not response.strip():
        raise ApplicationError("response required", fields={"response": "required"})
    with transaction.atomic():
        notice = _locked_notice(actor, notice_id)
        require_member(actor, notice.target, RESPONDER_ROLES, "answer notices")
        if notice.state != NoticeState.ISSUED:
            raise InvalidTransition("the notice has already been answered or closed")
        notice.state, notice.response, notice.responded_on = (
            NoticeState.RESPONDED,
            response,
            clock.today(),
        )
        notice.save()
        notice.response_evidence.set(evidence or [])
        ledger.record(
            actor=actor,
            verb=Verb.NOTICE_RESPONDED,
            subject=notice,
            organization=notice.target,
            reason=response,
            data={
                "notice": notice.pk,
                "number": notice.number,
                "evidence": [a.sha256 for a in evidence or []],
            },
        )
    return notice


def notice_close(*, actor: Any, notice_id: int, note: str) -> SupervisionNotice:
    """The issuer closes an answered notice."""
    with transaction.atomic():
        notice = _locked_notice(actor, notice_id)
        require_member(actor, notice.issuer, ISSUER_ROLES, "close notices")
        if notice.state != NoticeState.RESPONDED:
            raise InvalidTransition("only an answered notice can be closed")
        notice.state, notice.closed_on, notice.closing_note = (
            NoticeState.CLOSED,
            clock.today(),
            note,
        )
        notice.save()
        ledger.record(
            actor=actor,
            verb=Verb.NOTICE_CLOSED,
            subject=notice,
            organization=notice.issuer,
            reason=note,
            data={"notice": notice.pk, "number": notice.number},
        )
    return notice


def _office_of(task: Task) -> Organization | None:
    plan = task.problem.plan
    return plan.office if plan else None


def escalate(*, today: date | None = None) -> list[SupervisionNotice]:
    """Run the escalation rules once (idempotent: each rule key issues at most one notice)."""
    today = today or clock.today()
    issued: list[SupervisionNotice] = []
    overdue = Task.objects.filter(
        schedule_status=ScheduleStatus.OVERDUE,
        deadline__lte=today - timedelta(days=REMINDER_AFTER_OVERDUE_DAYS),
    )
    for task in overdue.select_related("problem__plan__office", "lead_unit"):
        office = _office_of(task)
        key = f"overdue-reminder:{task.pk}:{task.deadline}"
        late = (today - task.deadline).days if task.deadline else 0
        if office is None or SupervisionNotice.objects.filter(rule_key=key).exists():
            continue
        with clock.frozen(today):
            issued.append(
                notice_issue(
                    actor=None,
                    issuer=office,
                    target=task.lead_unit,
                    tasks=[task],
                    level=NoticeLevel.REMINDER,
                    demands=f"任务{task.code}已逾期{late}天（时限{task.deadline}），"
                    "请立即整改并书面报告整改进展。",
                    due_on=today + timedelta(days=REMINDER_REPLY_DAYS),
                    rule_key=key,
                )
            )
    lapsed = (
        SupervisionNotice.objects.filter(
            level__in=[NoticeLevel.REMINDER, NoticeLevel.NOTICE],
            due_on__lt=today,
        )
        .exclude(state=NoticeState.CLOSED)
        .prefetch_related("tasks")
    )
    for notice in lapsed.select_related("issuer", "target"):
        key = f"listed:{notice.pk}"
        still_overdue = [
            t for t in notice.tasks.all() if t.schedule_status == ScheduleStatus.OVERDUE
        ]
        unanswered = notice.state == NoticeState.ISSUED
        if (not still_overdue and not unanswered) or SupervisionNotice.objects.filter(
            rule_key=key
        ).exists():
            continue
        with clock.frozen(today):
            issued.append(
                notice_issue(
                    actor=None,
                    issuer=notice.issuer,
                    target=notice.target,
                    tasks=still_overdue or list(notice.tasks.all()),
                    level=NoticeLevel.LISTED,
                    demands=f"{notice.number}逾期未整改到位，现予挂牌督办，请于{LISTED_REPLY_DAYS}日内整改到位并报告。",
                    due_on=today + timedelta(days=LISTED_REPLY_DAYS),
                    escalated_from=notice,
                    rule_key=key,
                )
            )
    return issued


def _require_commission(actor: Any, commission: Organization, problem: Problem) -> None:
    if commission.kind not in COMMISSION_KINDS:
        raise ApplicationError(
            "only a discipline commission investigates directly",
            fields={"commission": "not a discipline commission"},
        )
    require_member(actor, commission, SUPERVISOR_ROLES, "investigate")
    if (
        actor is not None
        and not scope_of(actor).covers_region(problem.region_id)
        and not scope_of(actor).superuser
    ):
        raise NotFound("problem not found", code="problem_not_found")


def investigation_open(
    *, actor: Any, problem: Problem, commission: Organization, team: list[Person], plan: str
) -> DirectInvestigation:
    """A commission takes a problem over; the units see that it happened, not its findings."""
    _require_commission(actor, commission, problem)
    if not team or not plan.strip():
        raise ApplicationError(
            "investigation not opened",
            fields={
                **({"team": "name the team"} if not team else {}),
                **({"plan": "required"} if not plan.strip() else {}),
            },
        )
    with transaction.atomic():
        investigation = DirectInvestigation.objects.create(
            problem=problem,
            commission=commission,
            plan=plan,
            opened_on=clock.today(),
            opened_by=actor,
        )
        investigation.team.set(team)
        # The problem's timeline says only that the commission took it over.
        ledger.record(
            actor=actor,
            verb=Verb.INVESTIGATION_OPENED,
            subject=problem,
            organization=commission,
            data={"investigation": investigation.pk, "commission": commission.name},
        )
    return investigation


def _locked_investigation(actor: Any, investigation_id: int) -> DirectInvestigation:
    if (
        actor is not None
        and not investigation_visible_to(actor).filter(pk=investigation_id).exists()
    ):
        raise NotFound("investigation not found", code="investigation_not_found")
    investigation = (
        DirectInvestigation.objects.select_for_update()
        .select_related("problem", "commission")
        .get(pk=investigation_id)
    )
    require_member(actor, investigation.commission, SUPERVISOR_ROLES, "investigate")
    return investigation


def investigation_record(
    *, actor: Any, investigation_id: int, findings: str
) -> DirectInvestigation:
    """Record findings; they are kept in the investigation's own events, never on the problem."""
    with transaction.atomic():
        investigation = _locked_investigation(actor, investigation_id)
        if investigation.state != InvestigationState.OPEN:
            raise InvalidTransition("the investigation is concluded")
        investigation.findings = findings
        investigation.save(update_fields=["findings"])
        ledger.record(
            actor=actor,
            verb=Verb.INVESTIGATION_UPDATED,
            subject=investigation,
            organization=investigation.commission,
            data={"findings": findings},
        )
    return investigation


def investigation_conclude(
    *, actor: Any, investigation_id: int, outcome: str
) -> DirectInvestigation:
    if not outcome.strip():
        raise ApplicationError("outcome required", fields={"outcome": "required"})
    with transaction.atomic():
        investigation = _locked_investigation(actor, investigation_id)
        if investigation.state != InvestigationState.OPEN:
            raise InvalidTransition("the investigation is already concluded")
        investigation.state, investigation.outcome = InvestigationState.CONCLUDED, outcome
        investigation.concluded_on = clock.today()
        investigation.save()
        ledger.record(
            actor=actor,
            verb=Verb.INVESTIGATION_CONCLUDED,
            subject=investigation,
            organization=investigation.commission,
            data={"outcome": outcome},
        )
        ledger.record(
            actor=actor,
            verb=Verb.INVESTIGATION_CONCLUDED,
            subject=investigation.problem,
            organization=investigation.commission,
            data={"investigation": investigation.pk},
        )
    return investigation
