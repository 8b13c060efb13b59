"""What the task pages share: loading a task, how refusals end on the task's page, the
detail page's context. Reads go through selectors; nothing here writes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from duban.core import clock
from duban.core import selectors as core_selectors
from duban.core.reasons import localize
from duban.core.web import refusals
from duban.errors import ApplicationError, Conflict, InvalidTransition, NotPermitted, Reason
from duban.rectification import rules, selectors
from duban.rectification.forms import ObjectionAnswerForm, TransitionForm
from duban.rectification.models import Claim, CloseOut, Task
from duban.rectification.permissions import objection_refusal, reason_required
from duban.rectification.site_checks import site_check_of
from duban.rectification.transitions import Transition

STALE_MESSAGE = _("The task's state was changed by someone else; here is its current state.")
# The labels of the simple moves, as buttons and in success messages.
ACTION_LABELS: dict[str, Any] = {
    "acknowledge": _("Acknowledge"),
    "start": _("Start work"),
    "complete": _("Report completed"),
    "begin_acceptance": _("Begin acceptance"),
    "uphold": _("Confirm completed and upheld"),
    "close": _("Close out"),
    "return": _("Return to the unit"),
    "reopen": _("Reopen"),
}
BUTTON_CLASSES = {"return": "btn-outline-danger", "reopen": "btn-outline-danger"}


def load_task(request: HttpRequest, pk: int) -> Task:
    """The task if the user may see it; 404 otherwise (never 403: that would confirm it)."""
    return refusals.found(lambda: selectors.task_get(user=request.user, pk=pk))


def detail_url(task_id: int) -> str:
    return reverse("task-detail", args=[task_id])


def unavailable(request: HttpRequest, task: Task, refusal: ApplicationError) -> HttpResponse:
    """An action the user may not take now, said for what it is: a role that never may (the
    403 page), or a state that does not allow it yet or any more (back to the task)."""
    if isinstance(refusal, NotPermitted):
        return forbidden(request, task)
    message = _("The task is now “%(state)s”: this action is not available at this state.") % {
        "state": task.get_state_display()
    }
    details = [localize(reason) for reason in refusal.fields.values() if isinstance(reason, Reason)]
    messages.info(request, " ".join([str(message), *[d for d in details if d]]))
    return redirect(detail_url(task.pk))


def refused_action(request: HttpRequest, task: Task, action: str) -> HttpResponse | None:
    """The page answering a GET of an action the user may not take now; None when they may."""
    refusal = selectors.action_refusal(user=request.user, task=task, action=action)
    return unavailable(request, task, refusal) if refusal else None


def forbidden(request: HttpRequest, task: Task) -> HttpResponse:
    return refusals.forbidden(
        request,
        _("Your role does not allow this action on this task."),
        back_url=detail_url(task.pk),
        back_label=_("Back to the task"),
    )


def perform(
    request: HttpRequest,
    task: Task,
    call: Callable[[], object],
    *,
    on_error: Callable[[ApplicationError], None],
    success: str | Callable[[Any], str],
    stale: Any = STALE_MESSAGE,
) -> HttpResponse | None:
    """Run one service call and answer as the page should; None means "show the form again".

    Everything ends on the task's page: the success message, or `stale` when someone moved
    the task first (InvalidTransition or Conflict); on_error(error) puts other reasons on the
    form (core.web.refusals does the rest).
    """
    return refusals.perform(
        request,
        call,
        success=success,
        done_url=lambda _result: detail_url(task.pk),
        show_errors=on_error,
        refused=lambda _error: forbidden(request, task),
        stale_message=lambda _error: stale,
        stale_url=detail_url(task.pk),
        stale_errors=(InvalidTransition, Conflict),
    )


def action_page(
    request: HttpRequest, template: str, task: Task, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """An action's own page: the task's header and the form (status 400 when it has errors)."""
    return render(
        request,
        f"rectification/{template}",
        {"task": task, **context},
        status=status,
    )


def closure_test_rows(closeout: CloseOut) -> list[dict[str, Any]]:
    """The five tests of one close-out attempt with their answers (None: not yet judged)."""
    rows = []
    for key, label in rules.CLOSURE_TESTS:
        answer = closeout.tests.get(key) or {}
        rows.append(
            {"label": label, "passed": answer.get("passed"), "comment": answer.get("comment")}
        )
    return rows


def plain_number(value: Decimal) -> str:
    """42.3000 → "42.3", 50.0000 → "50" (normalize() alone would print "5E+1")."""
    return f"{value.normalize():f}"


def claim_rows(claims: Iterable[Claim]) -> list[dict[str, Any]]:
    return [{"claim": claim, "value": plain_number(claim.value)} for claim in claims]


def transition_forms(transitions: list[Transition], task: Task) -> list[dict[str, Any]]:
    return [
        {
            "action": transition.action,
            "label": ACTION_LABELS.get(transition.action, transition.action),
            "form": TransitionForm(
                needs_reason=reason_required(task=task, transition=transition),
                auto_id=f"id_{transition.action}_%s",
            ),
            "button": BUTTON_CLASSES.get(transition.action, "btn-primary"),
        }
        for transition in transitions
    ]


def closeout_rows(user: Any, task: Task) -> list[dict[str, Any]]:
    """Each close-out attempt with its five tests and the site check it rests on."""
    return [
        {
            "closeout": closeout,
            "standing": rules.closeout_standing(
                accepted=closeout.accepted, current=index == 0, task_state=task.state
            ),
            "tests": closure_test_rows(closeout),
            "site_check": site_check_of(task.pk, closeout.site_check_id),
        }
        for index, closeout in enumerate(selectors.closeout_list(user=user, task=task))
    ]


def schedule_context(task: Task) -> dict[str, Any]:
    """Days left and the progress expected by today (序时进度), for tasks with a deadline."""
    if not task.deadline:
        return {"days_left": None, "expected_percent": None}
    today = clock.today()
    expected = rules.expected_percent(
        assigned_on=task.assigned_on, deadline=task.deadline, today=today
    )
    return {"days_left": (task.deadline - today).days, "expected_percent": expected}


def detail_context(request: HttpRequest, task: Task) -> dict[str, Any]:
    """Everything the task detail page shows, read through selectors."""
    user = request.user
    events = refusals.found(
        lambda: core_selectors.event_list_for(
            user=user, subject_type="rectification.task", subject_id=str(task.pk)
        )
    )
    actions = selectors.task_actions(user=user, task=task)
    return {
        "task": task,
        **schedule_context(task),
        "actions": actions,
        "transition_forms": transition_forms(actions.transitions, task),
        "latest_claims": claim_rows(selectors.latest_claims(task=task).values()),
        "claim_history": claim_rows(selectors.claim_history(user=user, task=task)),
        "reports": [
            {"report": report, "claims": claim_rows(report.claims.all())}
            for report in selectors.report_list(user=user, task=task)
        ],
        "closeouts": closeout_rows(user, task),
        "extensions": selectors.extension_list(user=user, task=task),
        "look_backs": selectors.lookback_list(user=user, task=task),
        "objections": [
            {"objection": objection, "form": ObjectionAnswerForm(auto_id=f"id_o{objection.pk}_%s")}
            for objection in selectors.objection_list(user=user, task=task)
        ],
        "can_record_objections": objection_refusal(actor=user, task=task) is None,
        "events": events,
    }
