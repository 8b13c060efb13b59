"""The rectification cast: the 株洲 workflow plus the users a permission matrix needs (viewers on
both sides, and a reviewer of another city), and moves along the main path."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from duban.core.attachments import attachment_store
from duban.core.choices import OrganizationKind, Role
from duban.rectification.services import (
    acceptance_record,
    closure_request,
    report_submit,
    task_transition,
)
from tests.factories import Workflow, make_organization, make_user, make_workflow

# A minimal PDF: stored as uploaded (images are re-encoded by the attachment service).
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
ALL_PASS = {
    key: {"passed": True, "comment": "已核实"}
    for key in [
        "measures_done",
        "violations_penalised",
        "effect_meets_norms",
        "similar_fixed",
        "root_cause_removed",
    ]
}


@dataclass
class Cast:
    """Everyone a matrix test calls the API as."""

    w: Workflow
    housing_viewer: Any  # member of the lead unit, but only a viewer
    office_viewer: Any  # at the rectification office, but only a viewer
    far_reviewer: Any  # reviewer at another city's office: the task is out of scope


def build_cast(*, kind: str = "deadline") -> Cast:
    w = make_workflow(kind=kind)
    far_office = make_organization(
        "湘潭市整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="430300"
    )
    return Cast(
        w=w,
        housing_viewer=make_user("housing_viewer", organization=w.housing, role=Role.VIEWER),
        office_viewer=make_user("office_viewer", organization=w.office, role=Role.VIEWER),
        far_reviewer=make_user("far_reviewer", organization=far_office, role=Role.REVIEWER),
    )


def evidence_for(user: Any, content: bytes = PDF, name: str = "验收材料.pdf") -> Any:
    return attachment_store(actor=user, name=name, content=content)


def drive(w: Workflow, *actions: str) -> None:
    """Make lead-side moves as the reporter."""
    for action in actions:
        # Completing short of 80 % reported needs an explanation (issue 9).
        note = "整改措施已完成，完工进度未另行报送" if action == "complete" else ""
        task_transition(actor=w.reporter, task_id=w.task.pk, action=action, reason=note)


def drive_to_completed(w: Workflow) -> None:
    drive(w, "acknowledge", "start", "complete")


def drive_to_under_acceptance(w: Workflow) -> Any:
    """Completed, closure requested with evidence, acceptance begun; returns the evidence."""
    evidence = evidence_for(w.reporter)
    drive(w, "acknowledge", "start")
    report_submit(
        actor=w.reporter, task_id=w.task.pk, narrative="完工", percent=100, attachments=[evidence]
    )
    drive(w, "complete")
    closure_request(actor=w.reporter, task_id=w.task.pk, summary="已完成", evidence=[evidence])
    task_transition(actor=w.reviewer, task_id=w.task.pk, action="begin_acceptance")
    return evidence


def drive_to_publicized(w: Workflow) -> None:
    drive_to_under_acceptance(w)
    acceptance_record(
        actor=w.reviewer,
        task_id=w.task.pk,
        acceptance_unit=w.office,
        signer=w.signer,
        tests=ALL_PASS,
        document_check_reason="整改资料经逐项审核，佐证材料完整",
    )
