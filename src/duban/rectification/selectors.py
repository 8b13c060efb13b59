"""Reads of tasks, reports and notifications, narrowed to the user's scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When

from duban.core.ledger import subject_type_of
from duban.core.models import Event, Organization, Person
from duban.core.scope import Scope, scope_of
from duban.core.selectors import ids_of, region_q
from duban.errors import ApplicationError, NotFound
from duban.inspections.models import Problem
from duban.rectification.choices import (
    FINISHED_STATES,
    ExtensionState,
    TaskKind,
    TaskState,
    Verb,
    WarningLevel,
)
from duban.rectification.models import (
    Claim,
    CloseOut,
    ExtensionRequest,
    Filing,
    LookBack,
    Notification,
    Objection,
    ProgressReport,
    Task,
)
from duban.rectification.permissions import (
    acceptance_units,
    extension_refusal,
    holds_side,
    look_back_refusal,
    objection_refusal,
    report_refusal,
    signer_refusal,
    transition_refusal,
)
from duban.rectification.transitions import (
    DECIDE_EXTENSION,
    SPECIAL_ACTIONS,
    TRANSITIONS,
    Transition,
)


def task_scope_q(user: Any, prefix: str = "") -> Q:
    """Tasks in the user's regions, or led or co-handled by their organization subtrees, as
    joins: for asking about one task (task_is_visible); a list uses task_visible_to."""
    scope = scope_of(user)
    if scope.everything:
        return Q()
    return (
        scope.region_q(f"{prefix}problem__region__code")
        | scope.path_q(f"{prefix}lead_unit")
        | scope.path_q(f"{prefix}co_units")
    )


def _worked(scope: Scope) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """The ids of tasks led, and of tasks co-handled, by the scope's subtrees: the subtrees'
    units by path prefix (indexed), then their tasks by unit (indexed), with no join from
    tasks to units that would scan every task and repeat rows."""
    subtrees = Q(pk__in=[])
    for path in scope.org_paths:
        subtrees |= Q(path__startswith=path)
    units = Organization.objects.filter(subtrees).values("pk")
    led = Task.objects.filter(lead_unit__in=units).order_by().values("pk")
    co_handled = Task.co_units.through.objects.filter(organization__in=units).values("task_id")
    return led, co_handled.order_by()


def task_visible_to(user: Any) -> QuerySet[Task]:
    """The one place that decides which tasks a user sees: tasks of problems in the user's
    regions, or led or co-handled by their organization subtrees."""
    scope = scope_of(user)
    if scope.everything:
        return Task.objects.all()
    problems = Problem.objects.filter(scope.region_q("region__code")).values("pk")
    in_regions = Task.objects.filter(problem__in=problems).order_by().values("pk")
    led, co_handled = _worked(scope)
    # One id list from three index lookups (UNION): an OR of them would test every task.
    return Task.objects.filter(pk__in=in_regions.union(led, co_handled))


def task_event_q(user: Any) -> Q:
    """task_visible_to over Event's stamped columns: the problem's region (fixed), or a task
    led or co-handled by the user's subtrees (asked of the tasks: units can change)."""
    scope = scope_of(user)
    if scope.everything:
        return Q()
    led, co_handled = _worked(scope)
    worked = sorted({*ids_of(led), *ids_of(co_handled, "task_id")})
    return scope.region_q("region_code") | Q(task_ref__in=worked)


def task_is_visible(user: Any, task_id: int) -> bool:
    """Whether `task_visible_to(user)` holds this task, asked of its one row: the scope's
    joins run for that row only, never over every task (each write asks this first)."""
    return Task.objects.filter(task_scope_q(user), pk=task_id).exists()


def problem_reach(user: Any) -> Q:
    """Problems with a task the user sees: a unit working on a task sees its problem
    (registered for inspections' Problem in core.related)."""
    return Q(Exists(task_visible_to(user).filter(problem=OuterRef("pk"))))


def problem_tasks(user: Any) -> QuerySet[Task]:
    """The tasks shown with a problem, as far as the user sees them (core.related section)."""
    return (
        task_visible_to(user)
        .select_related("lead_unit", "responsible_person", "supervising_leader")
        .prefetch_related("co_units")
    )


@dataclass
class TaskFilter:
    query: str = ""
    plan: str | None = None
    state: str | None = None
    schedule_status: str | None = None
    warning_level: str | None = None
    lead_unit: int | None = None
    region: str | None = None


def task_list(*, user: Any, filters: TaskFilter | None = None) -> QuerySet[Task]:
    """Tasks with what the list pages show, in a fixed number of queries."""
    filters = filters or TaskFilter()
    tasks = (
        task_visible_to(user)
        .select_related("problem__region", "lead_unit", "responsible_person", "supervising_leader")
        .prefetch_related("co_units")
    )
    if filters.query:
        tasks = tasks.filter(
            Q(title__contains=filters.query)
            | Q(problem__code__contains=filters.query)
            | Q(problem__title__contains=filters.query)
        )
    if filters.plan:
        tasks = tasks.filter(problem__plan__code=filters.plan)
    if filters.state:
        tasks = tasks.filter(state=filters.state)
    if filters.schedule_status:
        tasks = tasks.filter(schedule_status=filters.schedule_status)
    if filters.warning_level:
        tasks = tasks.filter(warning_level=filters.warning_level)
    if filters.lead_unit:
        tasks = tasks.filter(lead_unit_id=filters.lead_unit)
    if filters.region:
        tasks = tasks.filter(region_q("problem__region__code", filters.region))
    return tasks


def task_search(*, user: Any, query: str) -> QuerySet[Task]:
    """Visible tasks whose title or problem holds `query`, for a picker."""
    tasks = task_visible_to(user).select_related("problem", "lead_unit")
    if query:
        tasks = tasks.filter(
            Q(title__contains=query)
            | Q(problem__code__contains=query)
            | Q(problem__title__contains=query)
            | Q(lead_unit__name__contains=query)
        )
    return tasks.order_by("-problem__code", "number")


def task_get(*, user: Any, pk: int) -> Task:
    task = (
        task_visible_to(user)
        .select_related(
            "problem__region",
            "problem__plan",
            "lead_unit__region",
            "responsible_person",
            "supervising_leader",
        )
        .prefetch_related("co_units")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise NotFound("task not found", code="task_not_found")
    return task


def allowed_transitions(*, user: Any, task: Task) -> list[Transition]:
    """The moves this user may make on this task now (drives the buttons on the page)."""
    return [
        transition
        for transition in TRANSITIONS.values()
        if transition_refusal(actor=user, task=task, transition=transition) is None
    ]


def report_list(*, user: Any, task: Task) -> QuerySet[ProgressReport]:
    return (
        ProgressReport.objects.filter(task=task)
        .select_related("submitted_by")
        .prefetch_related(
            "attachments", Prefetch("claims", queryset=Claim.objects.order_by("metric"))
        )
    )


def latest_claims(*, task: Task) -> dict[str, Claim]:
    """The newest version of each metric the task's reports claimed."""
    latest: dict[str, Claim] = {}
    for claim in Claim.objects.filter(task=task).order_by("metric", "version"):
        latest[claim.metric] = claim
    return latest


def review_queue(*, user: Any) -> dict[str, Any]:
    """What waits for a reviewer: closure requests, acceptances, pending extensions."""
    tasks = task_list(user=user).filter(
        state__in=[TaskState.CLOSURE_REQUESTED, TaskState.UNDER_ACCEPTANCE, TaskState.COMPLETED]
    )
    extensions = ExtensionRequest.objects.filter(
        task__in=task_visible_to(user), state=ExtensionState.PENDING
    ).select_related("task__problem", "requested_by")
    return {"tasks": tasks, "extensions": extensions}


def notification_list(*, user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("task__problem")


def warning_task_list(*, user: Any) -> QuerySet[Task]:
    """Tasks with a red or yellow warning: red first, then the nearest deadline."""
    red_first = Case(When(warning_level=WarningLevel.RED, then=Value(0)), default=Value(1))
    return (
        task_list(user=user)
        .filter(warning_level__in=[WarningLevel.RED, WarningLevel.YELLOW])
        .order_by(red_first, F("deadline").asc(nulls_last=True), "problem__code", "number")
    )


def my_task_list(*, user: Any) -> QuerySet[Task]:
    """Unfinished tasks led by the user's own organizations or those below them."""
    return (
        task_list(user=user)
        .filter(scope_of(user).path_q("lead_unit"))
        .exclude(state__in=FINISHED_STATES)
        .order_by(F("deadline").asc(nulls_last=True), "problem__code", "number")
    )


# Task detail page: what one user may do now, and the rows the page lists.


@dataclass(frozen=True)
class TaskActions:
    """What one user may do on one task now; drives the buttons and forms of the detail page."""

    transitions: list[Transition]  # simple moves, made through services.task_transition
    can_report: bool
    can_request_closure: bool
    can_accept: bool
    can_uphold: bool  # a staged acceptance (阶段性验收) of an ongoing task
    can_request_extension: bool
    can_decide_extensions: bool
    can_look_back: bool

    @property
    def anything(self) -> bool:
        return bool(self.transitions) or any(
            [
                self.can_report,
                self.can_request_closure,
                self.can_accept,
                self.can_uphold,
                self.can_request_extension,
                self.can_look_back,
            ]
        )


def action_refusal(*, user: Any, task: Task, action: str) -> ApplicationError | None:
    """Why the user may not take one of the task page's actions now (None: they may) — the
    refusal function the action's service enforces, asked without acting. `action` is a
    transition's name or one of the page's own actions (report, extension, look_back,
    objection); "acceptance" is the acceptance or, for an ongoing task, the staged one."""
    if action == "acceptance":
        action = "uphold" if task.kind == TaskKind.ONGOING else "accept"
    if action in TRANSITIONS:
        return transition_refusal(actor=user, task=task, transition=TRANSITIONS[action])
    rule = PAGE_ACTION_RULES.get(action)
    if rule is None:
        raise ValueError(f"unknown task action {action!r}")
    return rule(actor=user, task=task)


PAGE_ACTION_RULES = {
    "report": report_refusal,
    "extension": extension_refusal,
    "look_back": look_back_refusal,
    "objection": objection_refusal,
}


def task_actions(*, user: Any, task: Task) -> TaskActions:
    """The rules the services enforce (rectification.permissions), asked without acting, so
    the page offers only what would succeed."""
    allowed = {t.action: t for t in allowed_transitions(user=user, task=task)}

    def may(action: str) -> bool:
        return action_refusal(user=user, task=task, action=action) is None

    return TaskActions(
        transitions=[t for action, t in allowed.items() if action not in SPECIAL_ACTIONS],
        can_report=may("report"),
        can_request_closure="request_closure" in allowed,
        can_accept="accept" in allowed,
        can_uphold="uphold" in allowed,
        can_request_extension=may("extension"),
        can_decide_extensions=holds_side(actor=user, task=task, right=DECIDE_EXTENSION),
        can_look_back=may("look_back"),
    )


def claim_history(*, user: Any, task: Task) -> QuerySet[Claim]:
    """Every version of every claim of a visible task, oldest version first per metric."""
    return (
        Claim.objects.filter(task=task)
        .select_related("report", "submitted_by")
        .order_by("metric", "version")
    )


def closeout_list(*, user: Any, task: Task) -> QuerySet[CloseOut]:
    """The close-out attempts of a visible task, newest first, with evidence and signer."""
    return (
        CloseOut.objects.filter(task=task)
        .select_related("acceptance_unit", "signer", "requested_by", "decided_by")
        .prefetch_related("evidence")
        .order_by("-requested_at", "-pk")
    )


def extension_list(*, user: Any, task: Task) -> QuerySet[ExtensionRequest]:
    """The extension requests of a visible task, newest first."""
    return (
        ExtensionRequest.objects.filter(task=task)
        .select_related("requested_by", "decided_by")
        .order_by("-requested_at")
    )


def extension_get(*, user: Any, pk: int, task: Task | None = None) -> ExtensionRequest:
    """An extension request of a task the user sees (of `task`, when the URL names one);
    NotFound otherwise. Pages pass the task, the API looks up by bare id."""
    extensions = ExtensionRequest.objects.filter(task__in=task_visible_to(user), pk=pk)
    if task is not None:
        extensions = extensions.filter(task=task)
    extension = extensions.select_related("task", "requested_by", "decided_by").first()
    if extension is None:
        raise NotFound("extension request not found", code="extension_not_found")
    return extension


def lookback_list(*, user: Any, task: Task) -> QuerySet[LookBack]:
    """The look-backs of a visible task, newest first."""
    return LookBack.objects.filter(task=task).select_related("recorded_by").order_by("-checked_on")


def attachment_links(user: Any) -> Q:
    """Files attached to reports or close-outs of tasks the user sees (core registry)."""
    tasks = task_visible_to(user)
    in_report = ProgressReport.objects.filter(task__in=tasks, attachments=OuterRef("pk"))
    in_closeout = CloseOut.objects.filter(task__in=tasks, evidence=OuterRef("pk"))
    return Q(Exists(in_report)) | Q(Exists(in_closeout))


# Lookups by bare id for the API (the task is not in the URL).


def notification_get(*, user: Any, pk: int) -> Notification:
    """One of the user's own notifications; another user's is NotFound."""
    notification = notification_list(user=user).filter(pk=pk).first()
    if notification is None:
        raise NotFound("notification not found", code="notification_not_found")
    return notification


@dataclass(frozen=True)
class Inbox:
    unread: int
    notifications: list[Notification]
    task_count: int
    tasks: list[Task]


def inbox_get(*, user: Any, limit: int = 50) -> Inbox:
    """The user's newest notifications and open tasks (my_task_list), each capped at limit."""
    notifications = notification_list(user=user)
    tasks = my_task_list(user=user)
    return Inbox(
        unread=notifications.filter(read_at__isnull=True).count(),
        notifications=list(notifications[:limit]),
        task_count=tasks.count(),
        tasks=list(tasks[:limit]),
    )


def objection_list(*, user: Any, task: Task) -> QuerySet[Objection]:
    """The objections to a visible task's public notices, oldest first."""
    return Objection.objects.filter(task=task).select_related("recorded_by", "answered_by")


def objection_get(*, user: Any, pk: int, task: Task) -> Objection:
    """One objection of a visible task (NotFound otherwise)."""
    objection = objection_list(user=user, task=task).filter(pk=pk).first()
    if objection is None:
        raise NotFound("no such objection", code="objection_not_found")
    return objection


def filing_visible_to(user: Any) -> QuerySet[Filing]:
    """Filings with an office the user holds a role in (or above it), and the filings of the
    tasks the user sees."""
    offices = Organization.objects.filter(scope_of(user).membership_q())
    return Filing.objects.filter(Q(filed_with__in=offices) | Q(task__in=task_visible_to(user)))


def filing_list(*, user: Any, state: str | None = None) -> QuerySet[Filing]:
    """The filings the user sees, newest first, optionally in one state."""
    filings = filing_visible_to(user).select_related(
        "task__problem", "filed_with", "closeout__acceptance_unit", "decided_by"
    )
    return filings.filter(state=state) if state else filings


def filing_get(*, user: Any, pk: int) -> Filing:
    filing = filing_list(user=user).filter(pk=pk).first()
    if filing is None:
        raise NotFound("no such filing", code="filing_not_found")
    return filing


def acceptance_signer_choices(*, task: Task, unit_id: int | None) -> QuerySet[Person]:
    """The people who may sign an acceptance of the task for that unit: the unit must be one
    of permissions.acceptance_units and each person pass permissions.signer_refusal."""
    unit = acceptance_units(task).filter(pk=unit_id).first() if unit_id else None
    if unit is None:
        return Person.objects.none()
    people = Person.objects.filter(organization=unit).select_related("organization")
    allowed = [p.pk for p in people if signer_refusal(task=task, unit=unit, signer=p) is None]
    return Person.objects.filter(pk__in=allowed).select_related("organization")


def completion_explanation(*, task: Task) -> str:
    """What the unit wrote when it last reported the task complete (required below
    rules.COMPLETION_EXPLANATION_BELOW), for the acceptor."""
    event = (
        Event.objects.filter(
            subject_type=subject_type_of(Task),
            subject_id=str(task.pk),
            verb=Verb.TASK_COMPLETED,
        )
        .order_by("-seq")
        .first()
    )
    return event.reason if event else ""
