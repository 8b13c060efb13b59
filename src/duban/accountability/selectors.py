"""Who sees accountability cases, back-tracing and the commission's overview; reads for pages.

Permission rules (docs/accountability.md):
- cases (and their findings, evidence and sanctions): supervisors and admins of the case's
  commission, or of a coordinating organization whose region covers one of its problems;
- back-tracing and the dossier of a problem: reviewers, supervisors and admins who oversee
  the problem — through a coordinating organization over its region, or an organization
  (or stationed group) over a unit working on it; what the chain shows is then cut to the
  events whose subjects the user may see (a reviewer gets no case events);
- the political-supervision overview and statistics: supervisors and admins, over the
  problems and cases they oversee;
- the public: public-flagged sanctions only, without findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from duban.accountability import backtrace
from duban.accountability.choices import ORGANIZATIONAL_HANDLING
from duban.accountability.models import AccountabilityCase, ResponsibilityFinding, Sanction
from duban.core import clock
from duban.core.choices import Role
from duban.core.errors import UNKNOWN_OR_OUTSIDE_SCOPE
from duban.core.models import Event
from duban.core.principal import user_of
from duban.core.roles import OVERSIGHT, SUPERVISORS
from duban.core.scope import scope_of
from duban.errors import NotFound
from duban.inspections.models import Problem
from duban.inspections.selectors import problem_timeline
from duban.rectification.models import Task
from duban.rectification.selectors import task_visible_to
from duban.supervision.choices import NoticeLevel
from duban.supervision.models import DirectInvestigation
from duban.supervision.selectors import (
    investigation_visible_to,
    notice_visible_to,
    supervisor_commissions,
)
from duban.verification.models import Signal
from duban.verification.selectors import signal_visible_to

# Organizational handling is carried out "一个月内" of the decision: one calendar month.
HANDLING_MONTHS = 1


def handling_due_on(decided_on: date) -> date:
    """The last day to carry out organizational handling: one calendar month after the
    decision (the same day next month, or that month's last day)."""
    return clock.add_months(decided_on, HANDLING_MONTHS)


def handling_overdue_before(today: date) -> date:
    """The earliest decision date whose handling is not yet overdue on `today`; decisions
    before it are. handling_due_on never decreases, so the first such day bounds them all."""
    day = today - timedelta(days=31 * HANDLING_MONTHS)
    while handling_due_on(day) < today:
        day += timedelta(days=1)
    return day


def case_visible_to(user: Any) -> QuerySet[AccountabilityCase]:
    """Only supervisors of the commission (or of a commission covering its problems' region)."""
    supervising = scope_of(user).with_roles(SUPERVISORS)
    if supervising.everything:
        return AccountabilityCase.objects.all()
    condition = Q(commission__in=supervisor_commissions(user)) | supervising.region_q(
        "problems__region__code"
    )
    return AccountabilityCase.objects.filter(
        pk__in=AccountabilityCase.objects.filter(condition).values("pk")
    )


def problems_overseen(user: Any, roles: frozenset[Role] = OVERSIGHT) -> QuerySet[Problem]:
    """Problems the user sees through a membership holding one of `roles` (by default those
    who may back-trace: the oversight roles)."""
    scope = scope_of(user).with_roles(roles)
    if scope.everything:
        return Problem.objects.all()
    working = Task.objects.filter(problem=OuterRef("pk")).filter(
        scope.path_q("lead_unit") | scope.path_q("co_units")
    )
    return Problem.objects.filter(scope.region_q("region__code") | Q(Exists(working)))


def problems_supervised(user: Any) -> QuerySet[Problem]:
    """Problems overseen through a supervisor role: those a case may be opened on and the
    commission's overview lists."""
    return problems_overseen(user, SUPERVISORS)


def backtrace_problem_get(*, user: Any, code: str) -> Problem:
    """A problem the user may back-trace (reviewers, supervisors, admins overseeing it)."""
    problem = (
        problems_overseen(user)
        .select_related("region", "team", "plan")
        .prefetch_related("tasks")
        .filter(code=code)
        .first()
    )
    if problem is None:
        raise NotFound(f"problem {code!r} not found", code="problem_not_found")
    return problem


def problem_events_for(*, user: Any, problem: Problem, until: date | None = None) -> list[Event]:
    """The problem's event chain effective by the end of `until` (backtrace.effective_day),
    cut to what the user may see (SYSTEM, for the command line, sees everything)."""
    events = backtrace.effective_until(backtrace.problem_events(problem), until)
    if scope_of(user).superuser:
        return events
    visible: dict[str, set[str]] = {
        backtrace.PROBLEM_SUBJECT: {str(problem.pk)},
        backtrace.TASK_SUBJECT: _pk_texts(task_visible_to(user).filter(problem=problem)),
        backtrace.NOTICE_SUBJECT: _pk_texts(notice_visible_to(user).filter(tasks__problem=problem)),
        backtrace.CASE_SUBJECT: _pk_texts(case_visible_to(user).filter(problems=problem)),
        backtrace.SIGNAL_SUBJECT: _pk_texts(signal_visible_to(user).filter(task__problem=problem)),
        backtrace.INVESTIGATION_SUBJECT: _pk_texts(
            investigation_visible_to(user).filter(problem=problem)
        ),
    }
    return [e for e in events if e.subject_id in visible.get(e.subject_type, set())]


def _pk_texts(queryset: QuerySet[Any]) -> set[str]:
    return {str(pk) for pk in queryset.values_list("pk", flat=True)}


# Cases


@dataclass
class CaseFilter:
    query: str = ""
    state: str | None = None
    source: str | None = None
    problem: str | None = None


def case_list(*, user: Any, filters: CaseFilter | None = None) -> QuerySet[AccountabilityCase]:
    """Cases the user sees, with counts, in a fixed number of queries."""
    filters = filters or CaseFilter()
    cases = (
        case_visible_to(user)
        .select_related("commission")
        .prefetch_related("problems")
        .annotate(
            finding_count=Count("findings", distinct=True),
            sanction_count=Count("sanctions", distinct=True),
        )
        .order_by("-opened_on", "-pk")
    )
    if filters.query:
        cases = cases.filter(Q(number__contains=filters.query) | Q(title__contains=filters.query))
    if filters.state:
        cases = cases.filter(state=filters.state)
    if filters.source:
        cases = cases.filter(source=filters.source)
    if filters.problem:
        cases = cases.filter(problems__code=filters.problem)
    return cases


def case_get(*, user: Any, pk: int) -> AccountabilityCase:
    """One case with its problems, findings (evidence) and sanctions; NotFound otherwise."""
    findings = ResponsibilityFinding.objects.select_related(
        "person__organization", "organization"
    ).prefetch_related("evidence")
    case = (
        case_visible_to(user)
        .select_related("commission", "signal", "investigation", "opened_by")
        .prefetch_related(
            "problems",
            Prefetch("findings", queryset=findings.order_by("pk")),
            Prefetch(
                "sanctions",
                queryset=Sanction.objects.select_related("finding__person", "finding__organization")
                .prefetch_related("reviews")
                .order_by("decided_on", "pk"),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise NotFound("case not found", code="case_not_found")
    return case


def attachment_links(user: Any) -> Q:
    """Evidence files of findings of cases the user sees (core attachment registry)."""
    cited = ResponsibilityFinding.objects.filter(
        case__in=case_visible_to(user), evidence=OuterRef("pk")
    )
    return Q(Exists(cited))


def handling_overdue(*, user: Any, today: date) -> QuerySet[Sanction]:
    """Organizational handling decided over a month ago and not yet carried out."""
    return Sanction.objects.filter(
        case__in=case_visible_to(user),
        measure__in=ORGANIZATIONAL_HANDLING,
        carried_out_on__isnull=True,
        decided_on__lt=handling_overdue_before(today),
    ).select_related("case", "finding__person", "finding__organization")


def public_sanctions() -> QuerySet[Sanction]:
    """What the public portal may show: public-flagged sanctions, not revoked on review."""
    return (
        Sanction.objects.filter(is_public=True, revoked_on__isnull=True)
        .select_related("case", "finding__person__organization", "finding__organization")
        .prefetch_related("case__problems")
    )


def public_investigations() -> QuerySet[DirectInvestigation]:
    """Direct investigations whose results were published, newest first."""
    return (
        DirectInvestigation.objects.filter(is_public=True)
        .select_related("commission", "problem")
        .order_by("-published_on", "-pk")
    )


# The commission's political-supervision overview (政治监督台账)


def _count_of(queryset: QuerySet[Any], link: str) -> Coalesce:
    """A correlated COUNT of `queryset` rows whose `link` is the outer problem."""
    counted = (
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(total=Count("pk", distinct=True))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def supervision_overview(*, user: Any, query: str = "") -> QuerySet[Problem]:
    """Problems the user supervises, each with notices by level, investigations and cases."""
    problems = problems_supervised(user).select_related("region", "plan")
    if query:
        problems = problems.filter(Q(code__contains=query) | Q(title__contains=query))
    notices = notice_visible_to(user)
    counts = {
        f"notices_{level}": _count_of(notices.filter(level=level), "tasks__problem")
        for level in NoticeLevel.values
    }
    return problems.annotate(
        **counts,
        open_notices=_count_of(notices.exclude(state="closed"), "tasks__problem"),
        investigation_count=_count_of(investigation_visible_to(user), "problem"),
        case_count=_count_of(case_visible_to(user), "problems"),
        sanction_count=_count_of(
            Sanction.objects.filter(case__in=case_visible_to(user)), "case__problems"
        ),
        task_count=_count_of(Task.objects.all(), "problem"),
    ).order_by("region__code", "code")


# Inputs of the case forms and operations, looked up within the user's scope


def can_work_on(*, user: Any, case: AccountabilityCase) -> bool:
    """Supervisors (or admins) of the case's own commission — of the group, for a stationed
    group's case — record findings, sanctions and review decisions. A membership is held in
    that organization itself: not through the department a group is stationed in, nor
    through a commission above, which only see the case."""
    scope = scope_of(user)
    return scope.superuser or case.commission_id in scope.with_roles(SUPERVISORS).organization_ids


def problems_for_case(*, user: Any, codes: list[str]) -> list[Problem]:
    """The problems with these codes, if the user supervises them; NotFound names the rest."""
    wanted = list(dict.fromkeys(code.strip() for code in codes if code.strip()))
    found = {problem.code: problem for problem in problems_supervised(user).filter(code__in=wanted)}
    if missing := [code for code in wanted if code not in found]:
        raise NotFound(
            "problem not found",
            code="problem_not_found",
            fields={"problems": UNKNOWN_OR_OUTSIDE_SCOPE(ids=", ".join(missing))},
        )
    return [found[code] for code in wanted]


def signal_for_case(*, user: Any, pk: int) -> Signal:
    signal = signal_visible_to(user).select_related("task__problem").filter(pk=pk).first()
    if signal is None or not scope_of(user).holds_anywhere(SUPERVISORS):
        raise NotFound(
            "signal not found",
            code="signal_not_found",
            fields={"signal": "unknown or outside your scope"},
        )
    return signal


def signals_for_case(user: Any) -> QuerySet[Signal]:
    """The signals a supervisor may name as a case's source (the service checks that the one
    named is confirmed); none for anyone else."""
    if not scope_of(user).holds_anywhere(SUPERVISORS):
        return Signal.objects.none()
    return signal_visible_to(user).select_related("task__problem").order_by("-pk")


def investigation_for_case(*, user: Any, pk: int) -> DirectInvestigation:
    investigation = investigation_visible_to(user).select_related("problem").filter(pk=pk).first()
    if investigation is None:
        raise NotFound(
            "investigation not found",
            code="investigation_not_found",
            fields={"investigation": "unknown or outside your scope"},
        )
    return investigation


MAX_CITABLE_EVENTS = 300


def citable_events(*, user: Any, case: AccountabilityCase) -> list[Event]:
    """The events of the case's problems' timelines the user sees (their tasks' included),
    oldest first: what a finding may cite, ticked rather than typed. The newest
    MAX_CITABLE_EVENTS when there are more."""
    condition = Q(pk__in=[])
    for problem in case.problems.all():
        condition |= Q(pk__in=problem_timeline(user=user, problem=problem).values("pk"))
    events = Event.objects.filter(condition).select_related("actor", "organization")
    return sorted(events.order_by("-seq")[:MAX_CITABLE_EVENTS], key=lambda event: event.seq)


def cited_events(*, case: AccountabilityCase) -> dict[int, Event]:
    """The ledger events the case's findings cite, by sequence number (one query)."""
    seqs = {seq for finding in case.findings.all() for seq in finding.event_seqs}
    return {event.seq: event for event in Event.objects.filter(seq__in=seqs)}


def sanctions_of(user: Any) -> QuerySet[Sanction]:
    """The sanctions of the person whose login this is (what they may ask to be reviewed)."""
    account = user_of(user)
    if account is None or not account.pk:
        return Sanction.objects.none()
    return (
        Sanction.objects.filter(finding__person__user=account)
        .select_related("case__commission", "finding__person")
        .prefetch_related("reviews")
        .order_by("-decided_on", "-pk")
    )


def sanction_get(*, user: Any, pk: int) -> Sanction:
    """A sanction of a case the user sees."""
    sanction = (
        Sanction.objects.filter(case__in=case_visible_to(user), pk=pk)
        .select_related("case", "finding__person", "finding__organization")
        .first()
    )
    if sanction is None:
        raise NotFound("sanction not found", code="sanction_not_found")
    return sanction
