"""Replaying a task's history through the services, on the dates it happened."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from duban.core import clock
from duban.core.attachments import attachment_store
from duban.core.choices import Role
from duban.core.models import Organization, Person
from duban.core.principal import SYSTEM
from duban.core.services import membership_grant
from duban.demo.images import demo_photo
from duban.rectification import rules
from duban.rectification.models import Task
from duban.rectification.services import (
    ClaimInput,
    acceptance_record,
    closure_request,
    report_submit,
    task_transition,
)

# What the demo's acceptances rest on when no site check is linked (a document check must
# say why it suffices), and what a unit writes when it reports completion short of 100 %.
DOCUMENT_CHECK = "整改资料和佐证材料经逐项审核，与现场照片一致"
COMPLETION_NOTE = "整改措施已全部完成，完工前进度未另行报送"

ALL_PASS = {
    key: {"passed": True, "comment": "经现场核查，符合要求"} for key in rules.CLOSURE_TEST_KEYS
}


@dataclass
class Step:
    """One thing that happened to a task on a day: an action, a report or a close-out step."""

    action: str
    day: date
    percent: int = 0
    narrative: str = ""
    claims: list[ClaimInput] = field(default_factory=list)
    reason: str = ""
    failed_test: str = ""


def unit_reporter(organization: Organization) -> Any:
    """A data-entry login for a unit (no usable password): reports need a named submitter."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=f"unit{organization.pk}").first()
    if user is None:
        user = user_model.objects.create_user(
            username=f"unit{organization.pk}",
            password=None,
            first_name=f"{organization.name}填报员",
        )
        membership_grant(actor=SYSTEM, user=user, organization=organization, role=Role.REPORTER)
    return user


def replay(
    task: Task,
    steps: list[Step],
    *,
    reporter: Any = None,
    reviewer: Any = SYSTEM,
    acceptance_unit: Organization,
    signer: Person,
) -> None:
    """Drive `task` through `steps`; the reporter defaults to the unit's data-entry login,
    the reviewer to SYSTEM."""
    reporter = reporter or unit_reporter(task.lead_unit)
    for step in steps:
        with clock.frozen(step.day):
            _apply(
                task,
                step,
                reporter=reporter,
                reviewer=reviewer,
                acceptance_unit=acceptance_unit,
                signer=signer,
            )


def _apply(
    task: Task,
    step: Step,
    *,
    reporter: Any,
    reviewer: Any,
    acceptance_unit: Organization,
    signer: Person,
) -> None:
    if step.action == "report":
        report_submit(
            actor=reporter,
            task_id=task.pk,
            narrative=step.narrative,
            percent=step.percent,
            claims=step.claims,
        )
    elif step.action == "request_closure":
        evidence = attachment_store(
            actor=reporter,
            name=f"{task.code}-整改照片.jpg",
            content=demo_photo(f"{task.code} {step.day}"),
        )
        closure_request(
            actor=reporter,
            task_id=task.pk,
            summary=step.narrative or "各项整改措施已完成，申请销号",
            evidence=[evidence],
        )
    elif step.action == "accept":
        tests = dict(ALL_PASS)
        if step.failed_test:
            tests[step.failed_test] = {"passed": False, "comment": step.reason}
        acceptance_record(
            actor=reviewer,
            task_id=task.pk,
            acceptance_unit=acceptance_unit,
            signer=signer,
            tests=tests,
            document_check_reason=DOCUMENT_CHECK,
        )
    else:
        lead_side = step.action in {"acknowledge", "start", "complete"}
        task_transition(
            actor=reporter if lead_side else reviewer,
            task_id=task.pk,
            action=step.action,
            reason=_reason(task, step),
        )


def _reason(task: Task, step: Step) -> str:
    task.refresh_from_db(fields=["percent"])
    short = step.action == "complete" and rules.completion_needs_explanation(percent=task.percent)
    return step.reason or (COMPLETION_NOTE if short else "")


def km(value: str) -> list[ClaimInput]:
    return [ClaimInput("污水管网改造长度", "公里", Decimal(value))]


def explained_km(value: str, why: str) -> ClaimInput:
    return ClaimInput("污水管网改造长度", "公里", Decimal(value), explanation=why)
