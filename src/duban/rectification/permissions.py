"""Who may do what with a task now — asked by the services that enforce it and by the task
page and API that offer it, so the two cannot drift apart.

Seeing is task_visible_to; acting is decided from the transition table (which side, which
roles) and the actor's scope: the lead side holds a role in the lead unit or above it, the
oversight side in a coordinating organization over the problem's region. Each rule returns
the refusal the service raises, or None; a page offers an action when there is none.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from duban.core import clock
from duban.core.choices import COORDINATING_KINDS
from duban.core.ledger import subject_type_of
from duban.core.models import Event, Membership, Organization, Person, Region
from duban.core.principal import user_of
from duban.core.roles import REVIEWERS
from duban.core.scope import scope_of
from duban.errors import ApplicationError, InvalidTransition, NotPermitted
from duban.rectification import rules
from duban.rectification.choices import (
    FINISHED_STATES,
    REPORTING_STATES,
    ExtensionState,
    FilingState,
    TaskKind,
    TaskState,
)
from duban.rectification.errors import (
    ACCEPTANCE_BASIS_MISSING,
    ACCEPTANCE_BASIS_TWICE,
    ACCEPTANCE_LEVEL_MISMATCH,
    ACCEPTOR_NOT_INDEPENDENT,
    COMPLETION_UNEXPLAINED,
    EXTENSION_PENDING,
    FILING_REVIEW_OVER,
    OBJECTION_OPEN,
    ONGOING_WITHOUT_DEADLINE,
    PUBLICITY_RUNNING,
    REPORT_BY_PERSON,
    SIGNER_NOT_INDEPENDENT,
    SIGNER_OUTSIDE_UNIT,
    SIGNER_RESPONSIBLE,
    SITE_CHECK_FAILED,
    SITE_CHECK_UNLINKED,
    TASK_FINISHED,
    WORK_REPORTED_DONE,
)
from duban.rectification.models import ExtensionRequest, Filing, Objection, Task
from duban.rectification.site_checks import site_check_of
from duban.rectification.transitions import (
    LOOK_BACK,
    RECORD_OBJECTION,
    REPORT,
    REQUEST_EXTENSION,
    TRANSITIONS,
    Side,
    TaskRight,
    Transition,
)


def enforce(refusal: ApplicationError | None) -> None:
    """Raise the refusal a rule returned, if any."""
    if refusal is not None:
        raise refusal


def holds_side(*, actor: Any, task: Task, right: TaskRight | Transition) -> bool:
    """The actor holds one of the right's roles on its side of the task."""
    scope = scope_of(actor)
    if right.side is Side.LEAD:
        return scope.holds(right.roles, task.lead_unit)
    return scope.oversees(right.roles, task.problem.region_id)


def side_refusal(*, actor: Any, task: Task, right: TaskRight | Transition) -> NotPermitted | None:
    if holds_side(actor=actor, task=task, right=right):
        return None
    return NotPermitted(f"your role may not {right.action} this task")


def transition_refusal(
    *, actor: Any, task: Task, transition: Transition
) -> ApplicationError | None:
    """Why this move cannot be made now — the side, the state, the kind of task — or None.
    The side first: a role that may never make the move is told so, whatever the state.
    (A reason the move may need is the service's to check.)"""
    if refusal := side_refusal(actor=actor, task=task, right=transition):
        return refusal
    if task.state not in transition.sources:
        return InvalidTransition(
            f"cannot {transition.action}: the task is {TaskState(task.state).label}",
            fields={"action": f"not allowed from state {task.state}"},
        )
    if task.kind not in transition.kinds:
        return InvalidTransition(
            f"{transition.action} does not apply to {task.get_kind_display()} tasks"
        )
    return close_refusal(task=task) if transition.action == "close" else None


def close_refusal(*, task: Task) -> ApplicationError | None:
    """销号 waits for the public notice (公示) to run its full course — whoever asks: a
    reviewer, the API, the daily job."""
    if not rules.period_over(ends_on=task.publicity_ends_on, today=clock.today()):
        return InvalidTransition(
            f"the public notice runs until {task.publicity_ends_on}",
            code=PUBLICITY_RUNNING.code,
            fields={"action": PUBLICITY_RUNNING(until=task.publicity_ends_on)},
        )
    if waiting := open_objections(task).count():
        return InvalidTransition(
            f"{waiting} objection(s) to the public notice still await an answer",
            code=OBJECTION_OPEN.code,
            fields={"action": OBJECTION_OPEN(count=waiting)},
        )
    return None


def notice_objections(task: Task) -> QuerySet[Objection]:
    """The objections to the task's current public notice (its latest close-out's)."""
    closeout = task.closeouts.order_by("-requested_at").first()
    return Objection.objects.filter(task=task, closeout=closeout)


def open_objections(task: Task) -> QuerySet[Objection]:
    """Objections to the current notice that await a reviewer's answer (they hold closure)."""
    return notice_objections(task).filter(answered_at__isnull=True)


def objection_refusal(*, actor: Any, task: Task) -> ApplicationError | None:
    """Objections are recorded while the task is in its public notice, by the office."""
    if refusal := side_refusal(actor=actor, task=task, right=RECORD_OBJECTION):
        return refusal
    if task.state != TaskState.PUBLICIZED:
        return InvalidTransition(
            "objections are recorded during the public notice", code="not_publicized"
        )
    return None


def filing_reject_refusal(*, actor: Any, filing: Filing) -> ApplicationError | None:
    """Only a reviewer of the office the close-out was filed with rejects it, and only while
    it is filed and its period (working days) runs."""
    if not scope_of(actor).holds(REVIEWERS, filing.filed_with):
        return NotPermitted("your role may not decide filings with this office")
    if filing.state != FilingState.FILED:
        return InvalidTransition("this filing was already decided")
    if rules.period_over(ends_on=filing.review_ends_on, today=clock.today()):
        return InvalidTransition(
            "the period to reject this filing is over",
            code=FILING_REVIEW_OVER.code,
            fields={"action": FILING_REVIEW_OVER(until=filing.review_ends_on)},
        )
    return None


def report_refusal(*, actor: Any, task: Task) -> ApplicationError | None:
    """The lead side reports progress until it says the work is done; a person files it
    (SYSTEM, which passes every side check, would leave the report without its author)."""
    if user_of(actor) is None:
        return NotPermitted(REPORT_BY_PERSON(), code=REPORT_BY_PERSON.code)
    if refusal := side_refusal(actor=actor, task=task, right=REPORT):
        return refusal
    if task.state not in REPORTING_STATES:
        return InvalidTransition(
            "progress is reported only until the task is completed", code="not_reporting"
        )
    return None


def look_back_refusal(*, actor: Any, task: Task) -> ApplicationError | None:
    """Look-backs are recorded on finished or publicized tasks (the states reopen leaves)."""
    if refusal := side_refusal(actor=actor, task=task, right=LOOK_BACK):
        return refusal
    if task.state not in TRANSITIONS["reopen"].sources:
        return InvalidTransition("look-backs are recorded on closed, publicized or upheld tasks")
    return None


def extension_blockers(task: Task) -> dict[str, str]:
    """What about the task itself stops an extension request now, by field (empty: none).
    A deadline is for the work: once the unit reports it done (completed, closure requested
    and on), there is nothing left to extend — a return puts the task back to work."""
    errors: dict[str, str] = {}
    if task.kind == TaskKind.ONGOING or task.deadline is None:
        errors["new_deadline"] = ONGOING_WITHOUT_DEADLINE()
    if task.state in FINISHED_STATES:
        errors["task"] = TASK_FINISHED()
    elif task.state not in REPORTING_STATES:
        errors["task"] = WORK_REPORTED_DONE()
    if ExtensionRequest.objects.filter(task=task, state=ExtensionState.PENDING).exists():
        errors["task"] = EXTENSION_PENDING()
    return errors


def extension_refusal(*, actor: Any, task: Task) -> ApplicationError | None:
    """Whether the actor may ask to extend this task's deadline now: the lead side, while the
    work is under way (extension_blockers). The service adds the checks of the request."""
    if refusal := side_refusal(actor=actor, task=task, right=REQUEST_EXTENSION):
        return refusal
    if errors := extension_blockers(task):
        return ApplicationError("extension not requested", code="invalid_extension", fields=errors)
    return None


def reason_required(*, task: Task, transition: Transition) -> bool:
    """The move needs a written reason: by the table, or completing well short of 100 %."""
    if transition.needs_reason:
        return True
    short = rules.completion_needs_explanation(percent=task.percent)
    return transition.action == "complete" and short


def completion_refusal(*, task: Task, explanation: str) -> ApplicationError | None:
    """Reporting complete well short of 100 % needs a written explanation (rules)."""
    if rules.completion_needs_explanation(percent=task.percent) and not explanation.strip():
        return ApplicationError(
            "explain the completion",
            code="completion_unexplained",
            fields={"reason": COMPLETION_UNEXPLAINED(percent=task.percent)},
        )
    return None


# Independent, graded acceptance (谁验收谁负责, 分级验收) — docs/rectification.md. One rule for
# the acceptance and the staged acceptance services, the acceptance page's choices and the API.

RESPONSIBLE_FIELDS = ("responsible_person", "supervising_leader")


def _working_units(task: Task) -> list[Organization]:
    return [task.lead_unit, *task.co_units.all()]


def _below_any(path: str, units: list[Organization]) -> bool:
    return any(path.startswith(unit.path) for unit in units)


def responsible_ever(task: Task) -> set[int]:
    """Everyone who was ever the task's responsible person or supervising leader, replayed
    from its `task.created` and `task.updated` events (as the back-tracing reads them)."""
    ids: set[Any] = {task.responsible_person_id, task.supervising_leader_id}
    events = Event.objects.filter(
        subject_type=subject_type_of(Task),
        subject_id=str(task.pk),
        verb__in=["task.created", "task.updated"],
    ).values_list("data", flat=True)
    for data in events:
        for name in RESPONSIBLE_FIELDS:
            ids.add(data.get(name))
            change = data.get("changes", {}).get(name) or {}
            ids |= {change.get("old"), change.get("new")}
    return {int(pk) for pk in ids if pk}


def acceptance_unit_refusal(*, task: Task, unit: Organization) -> str | None:
    """Why `unit` may not accept the task: it is a working unit (or below one), or not a
    coordinating organization of the task's level over the problem's region."""
    if _below_any(unit.path, _working_units(task)):
        return ACCEPTOR_NOT_INDEPENDENT()
    region = unit.region
    fits = rules.acceptance_level_fits(
        level=task.acceptance_level,
        coordinating=unit.is_coordinating,
        unit_region_level=region.level if region else None,
        unit_region_prefix=region.prefix if region else None,
        problem_region=task.problem.region_id,
    )
    if not fits:
        return ACCEPTANCE_LEVEL_MISMATCH(level=task.get_acceptance_level_display())
    return None


def signer_refusal(*, task: Task, unit: Organization, signer: Person) -> str | None:
    """Why `signer` may not sign: outside the acceptance unit, a member of a working unit
    (a person of it, or a user with a membership in it) or responsible for the task ever."""
    if signer.organization_id != unit.pk:
        return SIGNER_OUTSIDE_UNIT()
    working = _working_units(task)
    if _below_any(signer.organization.path, working):
        return SIGNER_NOT_INDEPENDENT()
    if signer.user_id is not None:
        paths = Q(pk__in=[])
        for working_unit in working:
            paths |= Q(organization__path__startswith=working_unit.path)
        if Membership.objects.filter(paths, user_id=signer.user_id).exists():
            return SIGNER_NOT_INDEPENDENT()
    if signer.pk in responsible_ever(task):
        return SIGNER_RESPONSIBLE()
    return None


def basis_refusal(
    *, task: Task, site_check_id: int | None, document_check_reason: str
) -> str | None:
    """Acceptance rests on a site check linked to the task that did not find the reports
    untrue, or records why a document check suffices — one of the two."""
    reason = document_check_reason.strip()
    if site_check_id is None:
        return None if reason else ACCEPTANCE_BASIS_MISSING()
    if reason:
        return ACCEPTANCE_BASIS_TWICE()
    check = site_check_of(task.pk, site_check_id)
    if check is None:
        return SITE_CHECK_UNLINKED()
    return SITE_CHECK_FAILED() if check.passed is False else None


def acceptance_refusals(
    *,
    task: Task,
    unit: Organization,
    signer: Person,
    site_check_id: int | None,
    document_check_reason: str,
) -> dict[str, str]:
    """Every reason, by field, why this acceptance may not be recorded (empty: it may)."""
    errors: dict[str, str] = {}
    if refusal := acceptance_unit_refusal(task=task, unit=unit):
        errors["acceptance_unit"] = refusal
    if refusal := signer_refusal(task=task, unit=unit, signer=signer):
        errors["signer"] = refusal
    basis = basis_refusal(
        task=task, site_check_id=site_check_id, document_check_reason=document_check_reason
    )
    if basis:
        errors["site_check" if site_check_id is not None else "document_check_reason"] = basis
    return errors


def acceptance_units(task: Task) -> QuerySet[Organization]:
    """The organizations that may accept the task: the candidates of its level over the
    problem's region, each passed through acceptance_unit_refusal."""
    regions, region = [], Region.objects.filter(pk=task.problem.region_id).first()
    while region is not None:
        regions.append(region.pk)
        region = region.parent
    candidates = Organization.objects.filter(
        kind__in=COORDINATING_KINDS, region__in=regions, region__level=task.acceptance_level
    ).select_related("region")
    allowed = [u.pk for u in candidates if acceptance_unit_refusal(task=task, unit=u) is None]
    return Organization.objects.filter(pk__in=allowed)
