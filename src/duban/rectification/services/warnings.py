"""`duban scan`: close finished publicity periods (公示), refresh schedules, send warnings once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max

from duban.core import clock
from duban.core.models import Membership
from duban.core.principal import SYSTEM
from duban.core.roles import WORKERS
from duban.inspections.models import Problem
from duban.rectification import rules
from duban.rectification.choices import FINISHED_STATES, TaskState, WarningLevel
from duban.rectification.events import warning_sent_event
from duban.rectification.models import Notification, Task
from duban.rectification.permissions import notice_objections, transition_refusal
from duban.rectification.services.handoffs import HANDOFF_PREFIX
from duban.rectification.services.lifecycle import apply_transition, lock_task
from duban.rectification.services.publicity import filings_accept_expired
from duban.rectification.services.schedule import (
    refresh_problem,
    refresh_task_schedule,
    report_is_missing,
)
from duban.rectification.transitions import TRANSITIONS

STAGE_TEXT = {
    "before": "整改时限将至：{task}，时限 {deadline}，请按期完成。",
    "due": "今天是整改时限：{task}，时限 {deadline}。",
    "overdue": "已逾期 {days} 天：{task}，时限 {deadline}。",
    "report": "进展报送逾期：{task}，请报送上一调度周期的整改进展。",
}


@dataclass
class ScanResult:
    tasks_checked: int = 0
    status_changed: int = 0
    closed: int = 0
    filings_accepted: int = 0
    notifications: int = 0
    emails: int = 0


def _close_finished_publicity(today: date) -> int:
    """Close (as SYSTEM) each task whose public notice is over, if the close rule allows it."""
    due = Task.objects.filter(state=TaskState.PUBLICIZED, publicity_ends_on__lt=today).values_list(
        "pk", flat=True
    )
    closed = 0
    for task_id in list(due):
        with transaction.atomic():
            task = lock_task(actor=SYSTEM, task_id=task_id)
            transition = TRANSITIONS["close"]
            if transition_refusal(actor=SYSTEM, task=task, transition=transition) is None:
                apply_transition(
                    actor=SYSTEM,
                    task=task,
                    transition=transition,
                    reason=rules.publicity_close_reason(
                        objections_received=notice_objections(task).count()
                    ),
                )
                closed += 1
    return closed


def _message(task: Task, stage: str, today: date) -> tuple[str, str]:
    """(notification key, text) for one reminder stage of one task."""
    name = f"{task.code} {task.title}"
    if stage == "report":
        return f"report:{task.pk}:{today:%Y-%m}", STAGE_TEXT["report"].format(task=name)
    kind = "overdue" if stage.startswith("overdue") else stage
    days = (today - task.deadline).days if task.deadline else 0
    text = STAGE_TEXT[kind].format(task=name, deadline=task.deadline, days=days)
    return f"deadline:{task.pk}:{task.deadline}:{stage}", text


def _recipients(tasks: Sequence[Task]) -> dict[int, set[Any]]:
    """Users to tell, per lead unit: the unit's staff; the responsible person is added per task."""
    members = Membership.objects.filter(
        organization_id__in={task.lead_unit_id for task in tasks},
        role__in=WORKERS,  # the unit's staff, not its viewers
        user__is_active=True,
    ).select_related("user")
    by_unit: dict[int, set[Any]] = defaultdict(set)
    for membership in members:
        by_unit[membership.organization_id].add(membership.user)
    return by_unit


def _notify(tasks: Sequence[Task], stages: dict[int, list[str]], today: date) -> list[Notification]:
    by_unit = _recipients(tasks)
    wanted: list[Notification] = []
    for task in tasks:
        users = set(by_unit.get(task.lead_unit_id, set()))
        person_user = task.responsible_person.user
        if person_user is not None and person_user.is_active:
            users.add(person_user)
        for stage in stages.get(task.pk, []):
            key, text = _message(task, stage, today)
            level = (
                WarningLevel.RED
                if stage.startswith("overdue") or stage == "due"
                else WarningLevel.YELLOW
            )
            wanted += [
                Notification(user=user, task=task, key=key, level=level, message=text)
                for user in users
            ]
    existing = set(
        Notification.objects.filter(key__in={n.key for n in wanted}).values_list("user_id", "key")
    )
    new = [n for n in wanted if (n.user.pk, n.key) not in existing]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    for task_id, keys in _keys_by_task(new).items():
        task = next(t for t in tasks if t.pk == task_id)
        recipients = {n.user.get_username() for n in new if n.task_id == task_id}
        warning_sent_event(actor=SYSTEM, task=task, keys=keys, recipients=recipients)
    return new


def _keys_by_task(notifications: list[Notification]) -> dict[int, set[str]]:
    keys: dict[int, set[str]] = defaultdict(set)
    for notification in notifications:
        keys[notification.task_id].add(notification.key)  # type: ignore[index]
    return keys


def _send_digests(today: date) -> int:
    """One e-mail per lead unit listing every warning not e-mailed yet: today's, and those a
    stopped run or a failed mail server left unsent. A warning is marked only after its e-mail
    went out, so a run stopped in between sends it again (at least once, never lost)."""
    pending = (
        Notification.objects.filter(emailed=False, task__isnull=False)
        .exclude(user__email="")
        .exclude(key__startswith=HANDOFF_PREFIX)
        .select_related("task__lead_unit", "user")
        .order_by("pk")
    )
    by_unit: dict[int, list[Notification]] = defaultdict(list)
    for notification in pending:
        by_unit[notification.task.lead_unit_id].append(notification)  # type: ignore[union-attr]
    for notifications in by_unit.values():
        unit = notifications[0].task.lead_unit  # type: ignore[union-attr]
        lines = sorted({n.message for n in notifications})
        send_mail(
            subject=f"【督办】{unit.name} 整改预警（{today:%Y-%m-%d}，{len(lines)} 项）",
            message="\n".join(f"- {line}" for line in lines),
            from_email=None,
            recipient_list=sorted({n.user.email for n in notifications}),
        )
        Notification.objects.filter(key__in={n.key for n in notifications}).update(emailed=True)
    return len(by_unit)


def digests_send(*, prefix: str, subject: str, distinct: bool = False) -> int:
    """One e-mail per user listing their notifications under `prefix` not yet e-mailed
    (`subject` takes the count as {count}; `distinct`: each message once, sorted). Each is
    marked after its e-mail went out: at least once, never lost. Returns the e-mails sent."""
    pending = (
        Notification.objects.filter(emailed=False, key__startswith=prefix)
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for notification in pending:
        by_user[notification.user_id].append(notification)
    for notifications in by_user.values():
        lines = [n.message for n in notifications]
        lines = sorted(set(lines)) if distinct else lines
        send_mail(
            subject=subject.format(count=len(lines)),
            message="\n".join(f"- {line}" for line in lines),
            from_email=None,
            recipient_list=[notifications[0].user.email],
        )
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed=True)
    return len(by_user)


def handoff_digests_send(*, today: date) -> int:
    """The hand-offs not yet e-mailed (each is one person's: a closure request for a
    reviewer, a return for the unit …). The daily job calls it last, after the steps that
    hand work on (escalation's notices, referrals), so their messages go out the same day."""
    return digests_send(
        prefix=HANDOFF_PREFIX, subject=f"【督办】待办事项（{today:%Y-%m-%d}，{{count}} 项）"
    )


def scan(*, today: date | None = None) -> ScanResult:
    """Idempotent: running it twice the same day changes and sends nothing the second time."""
    today = today or clock.today()
    result = ScanResult(closed=_close_finished_publicity(today))
    result.filings_accepted = filings_accept_expired(today=today)
    tasks = list(
        Task.objects.exclude(state__in=FINISHED_STATES)
        .select_related("problem__plan", "lead_unit", "responsible_person__user")
        .annotate(latest_period=Max("reports__period_start"))
    )
    changed: list[Task] = []
    stages: dict[int, list[str]] = defaultdict(list)
    for task in tasks:
        if refresh_task_schedule(
            task=task,
            today=today,
            latest_period_start=task.latest_period,  # type: ignore[attr-defined]
            known_latest=True,
        ):
            changed.append(task)
        if task.schedule_status != "done":
            stage = rules.reminder_stage(deadline=task.deadline, today=today)
            if stage:
                stages[task.pk].append(stage)
            if report_is_missing(task=task, latest_period_start=task.latest_period, today=today):  # type: ignore[attr-defined]
                stages[task.pk].append("report")
    with transaction.atomic():
        Task.objects.bulk_update(changed, ["schedule_status", "warning_level"])
        for problem in Problem.objects.filter(tasks__in=changed).distinct():
            refresh_problem(problem=problem)
        new = _notify(tasks, stages, today)
    result.tasks_checked, result.status_changed = len(tasks), len(changed)
    result.notifications = len(new)
    result.emails = _send_digests(today)
    return result
