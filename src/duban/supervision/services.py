"""Issuing, answering and closing supervision notices; escalation; direct investigations."""

from __future__ import annotations

import string
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from duban.core import clock
from duban.core.attachments import Upload, uploads_store
from duban.core.choices import Role
from duban.core.errors import BETWEEN, REQUIRED, UNKNOWN_OR_OUTSIDE_SCOPE
from duban.core.models import Attachment, Organization, Person
from duban.core.principal import SYSTEM, user_of
from duban.core.roles import OVERSIGHT
from duban.core.scope import scope_of
from duban.core.selectors import person_visible_to
from duban.errors import ApplicationError, Conflict, InvalidTransition, NotFound, NotPermitted
from duban.inspections.choices import ScheduleStatus
from duban.inspections.models import Problem
from duban.inspections.selectors import problem_visible_to
from duban.rectification.models import Task
from duban.rectification.selectors import task_visible_to
from duban.supervision.choices import InvestigationState, NoticeLevel, NoticeState
from duban.supervision.errors import (
    ALREADY_INVESTIGATING,
    INVESTIGATION_ALREADY_CONCLUDED,
    INVESTIGATION_CONCLUDED,
    NOT_A_COMMISSION,
    NOT_A_TASK_UNIT,
    NOT_AN_ISSUER,
    NOTICE_ANSWERED,
    NOTICE_UNANSWERED,
    NOTICE_WITHOUT_TASKS,
    NUMBERING_TAKEN,
    NUMBERS_TOO_LONG,
    OUTSIDE_REGION,
    PATTERN_INCOMPLETE,
    PATTERN_MALFORMED,
    PATTERN_UNKNOWN_FIELD,
    PREFIX_TOO_LONG,
    REPLY_DATE_PAST,
    TEAM_REQUIRED,
    UNKNOWN,
)
from duban.supervision.events import (
    investigation_concluded_event,
    investigation_opened_event,
    investigation_updated_event,
    notice_closed_event,
    notice_issued_event,
    notice_responded_event,
    numbering_configured_event,
)
from duban.supervision.models import DirectInvestigation, NoticeNumbering, SupervisionNotice
from duban.supervision.permissions import (  # noqa: F401 — also imported from here by others
    COMMISSION_KINDS,
    ISSUER_KINDS,
    awaits_closing,
    awaits_response,
    is_open,
    may_close,
    may_investigate_for,
    may_respond,
)
from duban.supervision.selectors import investigation_visible_to, notice_visible_to
from duban.verification.choices import SignalKind, SignalStatus
from duban.verification.models import Signal
from duban.verification.services import signal_refer

# Escalation defaults (docs/supervision.md), each overridable by the Django setting of the
# same name with a DUBAN_ prefix: a task overdue this many days gets a reminder; a reminder
# or notice still unanswered or overdue past its reply date becomes listed supervision.
REMINDER_AFTER_OVERDUE_DAYS = 7
REMINDER_REPLY_DAYS = 5
LISTED_REPLY_DAYS = 10
ESCALATION_DEFAULTS = {
    "DUBAN_REMINDER_AFTER_OVERDUE_DAYS": REMINDER_AFTER_OVERDUE_DAYS,
    "DUBAN_REMINDER_REPLY_DAYS": REMINDER_REPLY_DAYS,
    "DUBAN_LISTED_REPLY_DAYS": LISTED_REPLY_DAYS,
}
NUMBER_MAX_LENGTH = SupervisionNotice._meta.get_field("number").max_length or 64
PATTERN_FIELDS = frozenset({"prefix", "year", "seq"})
# A pattern must still fit the number column when the counter has grown this far.
LARGEST_SEQ = 99999
REFERRAL_NOTE = "弄虚作假疑点经确认，依督办升级规则移送纪委监委。"


def escalation_setting(name: str) -> int:
    """An escalation period in days from settings (or its default); refuses nonsense."""
    value = getattr(settings, name, ESCALATION_DEFAULTS[name])
    try:
        days = int(value)
    except (TypeError, ValueError) as error:
        raise ImproperlyConfigured(f"{name} must be a whole number of days") from error
    if days < 0 or (days == 0 and name != "DUBAN_REMINDER_AFTER_OVERDUE_DAYS"):
        raise ImproperlyConfigured(f"{name} must be a positive number of days, not {value!r}")
    return days


def require_member(
    actor: Any, organization: Organization, roles: frozenset[Role], action: str
) -> None:
    """Raise NotPermitted unless the actor holds one of `roles` in the organization."""
    require(scope_of(actor).holds(roles, organization), action, organization)


def require(allowed: bool, action: str, organization: Organization) -> None:
    """Raise NotPermitted naming the action and the organization unless `allowed`."""
    if not allowed:
        raise NotPermitted(f"you may not {action} for {organization.name}")


def _numbering_for(issuer: Organization, year: int) -> NoticeNumbering:
    """The issuer's counter for the year, locked; a new year keeps last year's prefix/pattern."""
    numbering = NoticeNumbering.objects.select_for_update().filter(issuer=issuer, year=year).first()
    if numbering is not None:
        return numbering
    earlier = NoticeNumbering.objects.filter(issuer=issuer, year__lt=year).order_by("-year").first()
    defaults = (
        {"prefix": earlier.prefix, "pattern": earlier.pattern}
        if earlier
        else {"prefix": issuer.name[:32]}
    )
    numbering, _ = NoticeNumbering.objects.select_for_update().get_or_create(
        issuer=issuer, year=year, defaults=defaults
    )
    return numbering


def _next_number(issuer: Organization, year: int) -> str:
    numbering = _numbering_for(issuer, year)
    # A number taken already (a pattern changed mid-year) is skipped, never reused.
    for _attempt in range(1000):
        numbering.last += 1
        number = numbering.pattern.format(prefix=numbering.prefix, year=year, seq=numbering.last)
        if not SupervisionNotice.objects.filter(number=number).exists():
            numbering.save(update_fields=["last"])
            return number
    raise Conflict("no free notice number", fields={"issuer": "change the numbering pattern"})


def _pattern_error(pattern: str, prefix: str, year: int) -> str | None:
    """Why a numbering pattern cannot be used, or None."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None]
    except ValueError as error:
        return PATTERN_MALFORMED(error=str(error))
    if any(name not in PATTERN_FIELDS for name in names):
        return PATTERN_UNKNOWN_FIELD()
    if "seq" not in names or "year" not in names:
        return PATTERN_INCOMPLETE()
    try:
        longest = pattern.format(prefix=prefix, year=year, seq=LARGEST_SEQ)
    except (KeyError, IndexError, ValueError, TypeError) as error:
        return PATTERN_MALFORMED(error=str(error))
    if len(longest) > NUMBER_MAX_LENGTH:
        return NUMBERS_TOO_LONG(length=NUMBER_MAX_LENGTH)
    return None


def numbering_configure(
    *, actor: Any, issuer: Organization, year: int, prefix: str, pattern: str
) -> NoticeNumbering:
    """Set an issuer's numbering, e.g. prefix 株纪督 and pattern {prefix}〔{year}〕{seq}号.

    Raises NotPermitted outside the issuer, ApplicationError for a bad pattern and Conflict
    when another issuer's numbers would look the same.
    """
    require_member(actor, issuer, OVERSIGHT, "configure numbering")
    _check_numbering(issuer, year=year, prefix=prefix, pattern=pattern)
    sample = pattern.format(prefix=prefix, year=year, seq=1)
    with transaction.atomic():
        for other in NoticeNumbering.objects.filter(year=year).exclude(issuer=issuer):
            if other.pattern.format(prefix=other.prefix, year=year, seq=1) == sample:
                raise Conflict(
                    "numbering taken",
                    code="numbering_taken",
                    fields={"prefix": NUMBERING_TAKEN(name=other.issuer.name)},
                )
        numbering, _ = NoticeNumbering.objects.update_or_create(
            issuer=issuer, year=year, defaults={"prefix": prefix, "pattern": pattern}
        )
        numbering_configured_event(actor=actor, issuer=issuer, numbering=numbering, example=sample)
    return numbering


def _check_numbering(issuer: Organization, *, year: int, prefix: str, pattern: str) -> None:
    """Raise ApplicationError naming every field of a numbering that is wrong."""
    errors: dict[str, str] = {}
    if issuer.kind not in ISSUER_KINDS:
        errors["issuer"] = NOT_AN_ISSUER()
    if not 2000 <= year <= 2100:
        errors["year"] = BETWEEN(low=2000, high=2100)
    if not prefix.strip():
        errors["prefix"] = REQUIRED()
    elif len(prefix) > 32:
        errors["prefix"] = PREFIX_TOO_LONG()
    problem = _pattern_error(pattern, prefix, year)
    if problem:
        errors["pattern"] = problem
    if errors:
        raise ApplicationError("numbering not saved", code="invalid_numbering", fields=errors)


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
    due_on: date,
    escalated_from: SupervisionNotice | None = None,
    rule_key: str | None = None,
) -> SupervisionNotice:
    """Issue a numbered notice to a unit about its tasks; raises NotPermitted/ApplicationError."""
    today = clock.today()
    _check_notice(
        actor,
        issuer=issuer,
        target=target,
        tasks=tasks,
        level=level,
        demands=demands,
        due_on=due_on,
        today=today,
    )
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
            issued_by=user_of(actor),
        )
        notice.tasks.set(tasks)
        notice_issued_event(actor=actor, notice=notice, tasks=tasks)
    return notice


def _check_notice(
    actor: Any,
    *,
    issuer: Organization,
    target: Organization,
    tasks: list[Task],
    level: str,
    demands: str,
    due_on: date,
    today: date,
) -> None:
    """Raise NotPermitted unless the actor may issue for the issuer, NotFound for tasks outside
    the actor's scope, else ApplicationError naming every field of a notice that is wrong."""
    require_member(actor, issuer, OVERSIGHT, "issue notices")
    errors: dict[str, str] = {}
    if issuer.kind not in ISSUER_KINDS:
        errors["issuer"] = NOT_AN_ISSUER()
    if level not in NoticeLevel.values:
        errors["level"] = f"unknown level {level!r}"
    if not tasks:
        errors["tasks"] = NOTICE_WITHOUT_TASKS()
    if due_on < today:
        errors["due_on"] = REPLY_DATE_PAST()
    if not demands.strip():
        errors["demands"] = REQUIRED()
    if tasks:
        errors.update(_task_errors(actor, target, tasks))
    if errors:
        raise ApplicationError("notice not issued", code="invalid_notice", fields=errors)


def _locked_notice(actor: Any, notice_id: int) -> SupervisionNotice:
    if not notice_visible_to(actor).filter(pk=notice_id).exists():
        raise NotFound("notice not found", code="notice_not_found")
    notice = SupervisionNotice.objects.select_for_update().filter(pk=notice_id).first()
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


def _office_of(task: Task) -> Organization | None:
    plan = task.problem.plan
    return plan.office if plan else None


def _remind_overdue_tasks(today: date, *, after: int, reply_days: int) -> list[SupervisionNotice]:
    """Rule 1: a task overdue N days gets a reminder from its plan's rectification office."""
    issued: list[SupervisionNotice] = []
    overdue = Task.objects.filter(
        schedule_status=ScheduleStatus.OVERDUE,
        deadline__lte=today - timedelta(days=after),
    ).order_by("pk")
    for task in overdue.select_related("problem__plan__office", "lead_unit"):
        office = _office_of(task)
        key = f"overdue-reminder:{task.pk}:{task.deadline}"
        late = (today - task.deadline).days if task.deadline else 0
        if office is None or SupervisionNotice.objects.filter(rule_key=key).exists():
            continue
        with clock.frozen(today):
            issued.append(
                notice_issue(
                    actor=SYSTEM,
                    issuer=office,
                    target=task.lead_unit,
                    tasks=[task],
                    level=NoticeLevel.REMINDER,
                    demands=f"任务{task.code}已逾期{late}天（时限{task.deadline}），"
                    "请立即整改并书面报告整改进展。",
                    due_on=today + timedelta(days=reply_days),
                    rule_key=key,
                )
            )
    return issued


def _list_lapsed_notices(today: date, *, reply_days: int) -> list[SupervisionNotice]:
    """Rule 2: a reminder or notice past its reply date, unanswered or with a task still
    overdue, becomes listed supervision (挂牌督办), escalated from it."""
    issued: list[SupervisionNotice] = []
    lapsed = (
        SupervisionNotice.objects.filter(
            level__in=[NoticeLevel.REMINDER, NoticeLevel.NOTICE],
            due_on__lt=today,
        )
        .exclude(state=NoticeState.CLOSED)
        .order_by("pk")
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
                    actor=SYSTEM,
                    issuer=notice.issuer,
                    target=notice.target,
                    tasks=still_overdue or list(notice.tasks.all()),
                    level=NoticeLevel.LISTED,
                    demands=f"{notice.number}逾期未整改到位，现予挂牌督办，"
                    f"请于{reply_days}日内整改到位并报告。",
                    due_on=today + timedelta(days=reply_days),
                    escalated_from=notice,
                    rule_key=key,
                )
            )
    return issued


def escalation_periods() -> dict[str, int]:
    """Every escalation setting, read and checked at once (ImproperlyConfigured if wrong)."""
    return {name: escalation_setting(name) for name in ESCALATION_DEFAULTS}


def escalate(*, today: date | None = None) -> list[SupervisionNotice]:
    """Run the notice escalation rules once (idempotent: a rule key issues one notice, ever).

    Raises ImproperlyConfigured when an escalation setting is not a sensible number of days.
    """
    periods = escalation_periods()
    today = today or clock.today()
    reminders = _remind_overdue_tasks(
        today,
        after=periods["DUBAN_REMINDER_AFTER_OVERDUE_DAYS"],
        reply_days=periods["DUBAN_REMINDER_REPLY_DAYS"],
    )
    return [*reminders, *_list_lapsed_notices(today, reply_days=periods["DUBAN_LISTED_REPLY_DAYS"])]


def refer_confirmed_false_reporting(*, today: date | None = None) -> list[Signal]:
    """Rule 3: every confirmed false-reporting signal not yet referred goes to the discipline
    commission (verification's signal_refer, as the system). Idempotent: referred once."""
    today = today or clock.today()
    pending = Signal.objects.filter(
        kind=SignalKind.FALSE_REPORTING, status=SignalStatus.CONFIRMED, referred=False
    ).order_by("pk")
    referred: list[Signal] = []
    for signal_id in pending.values_list("pk", flat=True):
        try:
            with clock.frozen(today):
                referred.append(signal_refer(actor=SYSTEM, signal_id=signal_id, note=REFERRAL_NOTE))
        except InvalidTransition:  # referred by someone else meanwhile
            continue
    return referred


def _require_commission(actor: Any, commission: Organization, problem: Problem) -> None:
    """The actor supervises in the commission, sees the problem, and it is in its region."""
    if commission.kind not in COMMISSION_KINDS:
        raise ApplicationError(
            "only a discipline commission investigates directly",
            code="invalid_investigation",
            fields={"commission": NOT_A_COMMISSION()},
        )
    require(may_investigate_for(actor=actor, commission=commission), "investigate", commission)
    if not problem_visible_to(actor).filter(pk=problem.pk).exists():
        raise NotFound("problem not found", code="problem_not_found", fields={"problem": UNKNOWN()})
    region = commission.region
    if region is not None and not (problem.region_id or "").startswith(region.prefix):
        raise ApplicationError(
            "outside the commission's region",
            code="invalid_investigation",
            fields={"problem": OUTSIDE_REGION(name=commission.name)},
        )


def investigation_open(
    *, actor: Any, problem: Problem, commission: Organization, team: list[Person], plan: str
) -> DirectInvestigation:
    """A commission takes a problem over; the units see that it happened, not its findings.

    Raises NotPermitted (not a supervisor there), NotFound (problem or team member out of
    scope), Conflict (the commission already investigates it), ApplicationError (input).
    """
    _require_commission(actor, commission, problem)
    _check_investigation(actor, team=team, plan=plan)
    with transaction.atomic():
        Problem.objects.select_for_update().filter(pk=problem.pk).first()
        if DirectInvestigation.objects.filter(
            problem=problem, commission=commission, state=InvestigationState.OPEN
        ).exists():
            raise Conflict(
                "already under investigation",
                code="investigation_open",
                fields={"problem": ALREADY_INVESTIGATING(name=commission.name)},
            )
        investigation = DirectInvestigation.objects.create(
            problem=problem,
            commission=commission,
            plan=plan,
            opened_on=clock.today(),
            opened_by=user_of(actor),
        )
        investigation.team.set(team)
        investigation_opened_event(actor=actor, investigation=investigation, team=team)
    return investigation


def _check_investigation(actor: Any, *, team: list[Person], plan: str) -> None:
    """Raise ApplicationError without a team or a plan, NotFound for a team member outside
    the actor's scope."""
    errors = {
        **({"team": TEAM_REQUIRED()} if not team else {}),
        **({"plan": REQUIRED()} if not plan.strip() else {}),
    }
    if errors:
        raise ApplicationError(
            "investigation not opened", code="invalid_investigation", fields=errors
        )
    seen = set(
        person_visible_to(actor).filter(pk__in=[p.pk for p in team]).values_list("pk", flat=True)
    )
    if any(person.pk not in seen for person in team):
        raise NotFound("person not found", code="person_not_found", fields={"team": UNKNOWN()})


def _locked_investigation(actor: Any, investigation_id: int) -> DirectInvestigation:
    if not investigation_visible_to(actor).filter(pk=investigation_id).exists():
        raise NotFound("investigation not found", code="investigation_not_found")
    investigation = (
        DirectInvestigation.objects.select_for_update()
        .select_related("problem", "commission")
        .filter(pk=investigation_id)
        .first()
    )
    if investigation is None:
        raise NotFound("investigation not found", code="investigation_not_found")
    commission = investigation.commission
    require(may_investigate_for(actor=actor, commission=commission), "investigate", commission)
    return investigation


def investigation_record(
    *, actor: Any, investigation_id: int, findings: str
) -> DirectInvestigation:
    """Record findings; they are kept in the investigation's own events, never on the problem."""
    if not findings.strip():
        raise ApplicationError("findings required", fields={"findings": REQUIRED()})
    with transaction.atomic():
        investigation = _locked_investigation(actor, investigation_id)
        if not is_open(investigation):
            raise InvalidTransition(INVESTIGATION_CONCLUDED())
        investigation.findings = findings
        investigation.save(update_fields=["findings"])
        investigation_updated_event(actor=actor, investigation=investigation)
    return investigation


def investigation_conclude(
    *, actor: Any, investigation_id: int, outcome: str
) -> DirectInvestigation:
    """Conclude with an outcome; the problem's timeline learns only that it concluded."""
    if not outcome.strip():
        raise ApplicationError("outcome required", fields={"outcome": REQUIRED()})
    with transaction.atomic():
        investigation = _locked_investigation(actor, investigation_id)
        if not is_open(investigation):
            raise InvalidTransition(INVESTIGATION_ALREADY_CONCLUDED())
        investigation.state, investigation.outcome = InvestigationState.CONCLUDED, outcome
        investigation.concluded_on = clock.today()
        investigation.save()
        investigation_concluded_event(actor=actor, investigation=investigation)
    return investigation
