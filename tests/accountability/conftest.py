"""The accountability cast: the 株洲 workflow, the city's discipline commission with a
supervisor (in scope), another city's commission with a supervisor (out of scope), and a
case with a proven finding and a sanction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from duban.accountability.choices import Measure
from duban.accountability.models import AccountabilityCase, ResponsibilityFinding, Sanction
from duban.accountability.services import case_open, finding_record, sanction_decide
from duban.core import clock
from duban.core.attachments import attachment_store
from duban.core.choices import OrganizationKind, Role
from duban.core.models import Event, Organization
from tests.factories import Workflow, make_organization, make_user, make_workflow
from tests.images import photo


@dataclass
class Scene:
    w: Workflow
    commission: Organization
    supervisor: Any  # supervisor of 株洲市纪委监委: the problem is in scope
    far_commission: Organization
    far_supervisor: Any  # supervisor of 湘潭市纪委监委: out of scope
    case: AccountabilityCase
    finding: ResponsibilityFinding
    sanction: Sanction
    party_group: Organization  # 株洲市住建局党组: where measures against the bureau go


def open_case(w: Workflow, commission: Organization, supervisor: Any) -> AccountabilityCase:
    return case_open(
        actor=supervisor,
        commission=commission,
        title="管网数据失实问题问责",
        problems=[w.problem],
        source="handover",
        summary="三次报送数据均与实际情况存在较大出入",
    )


def proven_finding(
    case: AccountabilityCase, supervisor: Any, *, person: Any = None, organization: Any = None
) -> ResponsibilityFinding:
    """A finding with an evidence file and a cited ledger event (the task's creation)."""
    seq = Event.objects.filter(subject_type="rectification.task", verb="task.created").first()
    assert seq is not None
    evidence = attachment_store(actor=supervisor, name="谈话笔录.jpg", content=photo(seed=11))
    return finding_record(
        actor=supervisor,
        case_id=case.pk,
        responsibility="direct" if person else "primary",
        facts="内部认定：组织报送失实数据",
        person=person,
        organization=organization,
        evidence=[evidence],
        event_seqs=[seq.seq],
    )


@pytest.fixture
def scene(db) -> Scene:
    w = make_workflow()
    commission = make_organization("株洲市纪委监委", kind=OrganizationKind.DISCIPLINE_COMMISSION)
    supervisor = make_user("jw", organization=commission, role=Role.SUPERVISOR)
    far_commission = make_organization(
        "湘潭市纪委监委", kind=OrganizationKind.DISCIPLINE_COMMISSION, region="430300"
    )
    far_supervisor = make_user("far_jw", organization=far_commission, role=Role.SUPERVISOR)
    case = open_case(w, commission, supervisor)
    finding = proven_finding(case, supervisor, person=w.responsible)
    sanction = sanction_decide(
        actor=supervisor,
        case_id=case.pk,
        finding_id=finding.pk,
        measure=Measure.GOV_DEMERIT,
        rank="division",
        decided_by="株洲市监委",
        decided_on=clock.today(),
        is_public=False,
    )
    party_group = make_organization(
        "株洲市住建局党组", kind=OrganizationKind.PARTY_GROUP, parent=w.housing
    )
    return Scene(
        w,
        commission,
        supervisor,
        far_commission,
        far_supervisor,
        case,
        finding,
        sanction,
        party_group,
    )
