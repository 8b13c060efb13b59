"""The supervision scene shared by the page and API tests (no tests of its own).

株洲's office has issued a notice to the housing bureau about its sewer task; the city's
discipline commission has taken the problem over. Around them: everyone a permission matrix
needs — the unit addressed, a sibling unit (out of scope), a watcher in the office (wrong
role), another city's office and commission (right role, out of scope).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from duban.core import clock
from duban.core.choices import OrganizationKind, Role
from duban.core.models import Organization, Person
from duban.supervision.choices import NoticeLevel
from duban.supervision.models import DirectInvestigation, SupervisionNotice
from duban.supervision.services import (
    investigation_open,
    investigation_record,
    notice_issue,
    notice_respond,
)
from tests.factories import Workflow, make_organization, make_person, make_user, make_workflow

FINDINGS = "内部：住建局三次报送的管网长度均系编造"
PLAN = "调阅台账，走访施工单位，现场测量"


@dataclass
class Scene:
    w: Workflow
    notice: SupervisionNotice
    commission: Organization
    investigator: Person
    supervisor: Any  # the city's discipline commission: investigates
    investigation: DirectInvestigation
    office_viewer: Any  # sees everything in the city, but only watches: wrong role
    far_reviewer: Any  # reviewer of another city's office: right role, out of scope
    far_supervisor: Any  # supervisor of another city's commission: right role, out of scope


def build_scene() -> Scene:
    w = make_workflow()
    notice = notice_issue(
        actor=w.reviewer,
        issuer=w.office,
        target=w.housing,
        tasks=[w.task],
        level=NoticeLevel.NOTICE,
        demands="加快管网改造进度，每周报送进展",
        due_on=clock.today() + timedelta(days=10),
    )
    commission = make_organization("株洲市纪委监委", kind=OrganizationKind.DISCIPLINE_COMMISSION)
    supervisor = make_user("jw", organization=commission, role=Role.SUPERVISOR)
    investigator = make_person("李办案", organization=commission, post="审查调查室主任")
    investigation = investigation_open(
        actor=supervisor, problem=w.problem, commission=commission, team=[investigator], plan=PLAN
    )
    investigation_record(actor=supervisor, investigation_id=investigation.pk, findings=FINDINGS)
    far_office = make_organization(
        "湘潭市整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="430300"
    )
    far_commission = make_organization(
        "湘潭市纪委监委", kind=OrganizationKind.DISCIPLINE_COMMISSION, region="430300"
    )
    return Scene(
        w=w,
        notice=notice,
        commission=commission,
        investigator=investigator,
        supervisor=supervisor,
        investigation=investigation,
        office_viewer=make_user("office_viewer", organization=w.office, role=Role.VIEWER),
        far_reviewer=make_user("far_reviewer", organization=far_office, role=Role.REVIEWER),
        far_supervisor=make_user(
            "far_supervisor", organization=far_commission, role=Role.SUPERVISOR
        ),
    )


def answered(scene: Scene) -> None:
    notice_respond(actor=scene.w.reporter, notice_id=scene.notice.pk, response="已加派施工力量")


def due() -> str:
    return (clock.today() + timedelta(days=7)).isoformat()


def notice_form(s: Any) -> dict[str, Any]:
    """The issue form on a task page: a 通报批评 notice to the housing bureau (挂牌督办 comes
    from a higher authority: tests/supervision/test_instruments.py)."""
    return {
        "issuer": s.w.office.pk,
        "target": s.w.housing.pk,
        "tasks": [s.w.task.pk],
        "level": "criticism",
        "demands": "通报批评",
        "due_on": due(),
    }


def bulk_notice_form(s: Any) -> dict[str, Any]:
    """批量督办 of the sewer task from the overdue list: the office presses its lead unit."""
    return {
        "issuer": s.w.office.pk,
        "task": [s.w.task.pk],
        "demands": "限期整改到位",
        "due_on": due(),
    }


def numbering_form(s: Any) -> dict[str, Any]:
    return {
        "issuer": s.w.office.pk,
        "year": clock.today().year,
        "number_prefix": "株整改督",
        "pattern": "{prefix}〔{year}〕{seq}号",
    }


def investigation_form(s: Any) -> dict[str, Any]:
    return {
        "problem": s.w.problem.code,
        "commission": s.commission.pk,
        "team": [s.investigator.pk],
        "plan": "再查",
    }


def notice_in(s: Any) -> dict[str, Any]:
    """The API body of a reminder to the housing bureau."""
    return {
        "issuer": s.w.office.pk,
        "target": s.w.housing.pk,
        "tasks": [s.w.task.pk],
        "level": "reminder",
        "demands": "请于一周内报告",
        "due_on": due(),
    }


investigation_in = investigation_form  # the API body has the same fields
