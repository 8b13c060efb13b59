"""Hand-off notifications: when work passes to someone else, their inbox says so, once.

Every service that hands work on (a closure request to the acceptance office, a return to the
lead unit, a notice to its target, a signal to the commission …) calls `notify_handoff` in
its own transaction; higher apps import it, this module imports none of them. The key names
the hand-off (verb and the row or ledger event it rests on), so a repeat writes nothing; the
daily scan e-mails what is not yet e-mailed (services/warnings.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from duban.core.choices import COORDINATING_KINDS, Role
from duban.core.models import Event, Organization, Region
from duban.core.principal import user_of
from duban.core.roles import REVIEWERS, WORKERS
from duban.rectification.choices import ExtensionState
from duban.rectification.models import CloseOut, ExtensionRequest, Notification, Task
from duban.rectification.permissions import acceptance_units

HANDOFF_PREFIX = "handoff:"


def notify_handoff(
    *,
    actor: Any,
    recipients: Iterable[Any],
    key: str,
    message: str,
    task: Task | None = None,
    link: str = "",
) -> list[Notification]:
    """Write one notification per active recipient (not the actor himself) unless that user
    already has one with this key; returns the new ones. Call inside the hand-off's
    transaction, so the message exists exactly when the hand-off does."""
    key = f"{HANDOFF_PREFIX}{key}"[:120]
    acting = user_of(actor)
    users = {user.pk: user for user in recipients if user.is_active}
    users.pop(acting.pk if acting else None, None)
    known = set(
        Notification.objects.filter(key=key, user_id__in=list(users)).values_list(
            "user_id", flat=True
        )
    )
    new = [
        Notification(user=user, task=task, key=key, level="", message=message, link=link)
        for pk, user in sorted(users.items())
        if pk not in known
    ]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return new


def text(message: Any, **names: Any) -> str:
    """A hand-off message in Chinese (stored, and e-mailed, as written): a gettext_lazy msgid
    with %(name)s placeholders, filled with names, never ids."""
    with translation.override("zh-hans"):
        return str(message) % names


def actor_name(actor: Any) -> str:
    """Who acted, as a message names them: the user's name, or "the system"."""
    user = user_of(actor)
    if user is None:
        return text(SYSTEM_NAME)
    return str(user.get_full_name() or user.get_username())


def task_name(task: Task) -> str:
    return f"{task.code} {task.title}"


def task_link(task: Task) -> str:
    return reverse("task-detail", args=[task.pk])


# Who receives: users by their role in the organization a hand-off goes to.


def members(organizations: Q | Iterable[Organization], roles: Set[Role]) -> QuerySet[Any]:
    """Active users holding one of `roles` in these organizations (a Q over Organization, or
    the organizations themselves)."""
    where = (
        organizations
        if isinstance(organizations, Q)
        else Q(pk__in=[organization.pk for organization in organizations])
    )
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__role__in=roles,
            memberships__organization__in=Organization.objects.filter(where),
        )
        .distinct()
    )


def regions_up(code: str | None) -> list[str]:
    """The region and every region above it (GB/T 2260), nearest first."""
    codes: list[str] = []
    region = Region.objects.filter(pk=code).first() if code else None
    while region is not None:
        codes.append(region.pk)
        region = region.parent
    return codes


def overseers(
    region_code: str | None, roles: Set[Role], kinds: Set[str] = COORDINATING_KINDS
) -> QuerySet[Any]:
    """Users holding `roles` in an organization of `kinds` whose region covers this one (or
    that has none: nationwide) — who `Scope.oversees` the region."""
    where = Q(kind__in=kinds) & (Q(region__in=regions_up(region_code)) | Q(region__isnull=True))
    return members(where, roles)


def lead_unit_staff(task: Task) -> set[Any]:
    """The lead unit's staff (as the warnings reach them) and the responsible person."""
    users = set(members([task.lead_unit], WORKERS))
    person_user = task.responsible_person.user
    if person_user is not None and person_user.is_active:
        users.add(person_user)
    return users


def acceptance_reviewers(task: Task) -> set[Any]:
    """Reviewers of the offices that may accept the task (permissions.acceptance_units); if no
    office of its level exists, the reviewers overseeing its region, who may still act."""
    users = set(members(acceptance_units(task), REVIEWERS))
    return users or set(overseers(task.problem.region_id, REVIEWERS))


# Rectification's own hand-offs (the apps above build theirs with the helpers above).

CLOSURE_REQUESTED = _("%(unit)s requests closure: %(task)s")
SENT_BACK = {
    "return": _("%(who)s returned %(task)s: %(reason)s"),
    "reopen": _("%(who)s reopened %(task)s: %(reason)s"),
}
EXTENSION_REQUESTED = _("%(unit)s asks to extend %(task)s to %(deadline)s")
EXTENSION_APPROVED = _("Extension approved: %(task)s, new deadline %(deadline)s")
EXTENSION_REJECTED = _("Extension refused: %(task)s. Reason: %(note)s")
SYSTEM_NAME = _("The system")


def closure_requested(*, actor: Any, closeout: CloseOut) -> list[Notification]:
    """A closure request goes to the reviewers of the office that accepts the task."""
    task = closeout.task
    return notify_handoff(
        actor=actor,
        recipients=acceptance_reviewers(task),
        key=f"closure:{closeout.pk}",
        message=text(CLOSURE_REQUESTED, unit=task.lead_unit.name, task=task_name(task)),
        task=task,
        link=task_link(task),
    )


def task_sent_back(*, actor: Any, task: Task, action: str, event: Event) -> list[Notification]:
    """A return (or reopening) goes back to the lead unit, named by its ledger event."""
    who = event.organization.name if event.organization else text(SYSTEM_NAME)
    return notify_handoff(
        actor=actor,
        recipients=lead_unit_staff(task),
        key=f"{action}:{task.pk}:{event.seq}",
        message=text(SENT_BACK[action], who=who, task=task_name(task), reason=event.reason),
        task=task,
        link=task_link(task),
    )


def extension_requested(*, actor: Any, extension: ExtensionRequest) -> list[Notification]:
    """An extension request goes to the reviewers who decide it."""
    task = extension.task
    message = text(
        EXTENSION_REQUESTED,
        unit=task.lead_unit.name,
        task=task_name(task),
        deadline=extension.new_deadline,
    )
    return notify_handoff(
        actor=actor,
        recipients=acceptance_reviewers(task),
        key=f"extension-requested:{extension.pk}",
        message=message,
        task=task,
        link=task_link(task),
    )


def extension_decided(*, actor: Any, extension: ExtensionRequest) -> list[Notification]:
    """The decision goes back to whoever asked (and the lead unit's staff: their deadline)."""
    task = extension.task
    if extension.state == ExtensionState.APPROVED:
        message = text(EXTENSION_APPROVED, task=task_name(task), deadline=extension.new_deadline)
    else:
        message = text(EXTENSION_REJECTED, task=task_name(task), note=extension.decision_note)
    requester = [extension.requested_by] if extension.requested_by else []
    return notify_handoff(
        actor=actor,
        recipients={*requester, *lead_unit_staff(task)},
        key=f"extension-decided:{extension.pk}",
        message=message,
        task=task,
        link=task_link(task),
    )
