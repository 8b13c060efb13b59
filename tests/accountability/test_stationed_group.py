"""A stationed discipline group carries its own case to the end: its supervisor records the
findings and sanctions and sees the forms; the department it is stationed in and the
commission above it only see the case (docs/accountability.md, "Who sees what")."""

from __future__ import annotations

import pytest

from duban.accountability.models import ResponsibilityFinding, Sanction
from duban.accountability.selectors import can_work_on
from duban.accountability.services import finding_record, sanction_decide
from duban.core import clock
from duban.core.choices import OrganizationKind, Role
from duban.core.models import Event
from duban.errors import NotFound, NotPermitted
from tests.accountability.conftest import open_case, proven_finding
from tests.clients import client_for
from tests.factories import make_organization, make_user


@pytest.fixture
def group_case(scene):
    group = make_organization(
        "市纪委监委驻市住建局纪检监察组",
        kind=OrganizationKind.STATIONED_GROUP,
        parent=scene.commission,
        stationed_in=scene.w.housing,
    )
    member = make_user("zhu", organization=group, role=Role.SUPERVISOR)
    return group, member, open_case(scene.w, group, member)


def _counts() -> tuple[int, int, int]:
    return ResponsibilityFinding.objects.count(), Sanction.objects.count(), Event.objects.count()


def test_the_group_s_supervisor_records_findings_and_sanctions(scene, group_case):
    group, member, case = group_case
    assert can_work_on(user=member, case=case)
    finding = proven_finding(case, member, person=scene.w.responsible)
    sanction = sanction_decide(
        actor=member,
        case_id=case.pk,
        finding_id=finding.pk,
        measure="admonition",
        rank="section",
        decided_by=group.name,
        decided_on=clock.today(),
    )
    assert sanction.case == case
    page = client_for(member).get(f"/accountability/{case.pk}/").content.decode()
    assert 'data-testid="finding-form"' in page and 'data-testid="sanction-form"' in page


def test_only_the_group_works_on_the_group_s_case(scene, group_case):
    _group, _member, case = group_case
    department_admin = make_user("zj_admin", organization=scene.w.housing, role=Role.ADMIN)
    cited = Event.objects.filter(verb="task.created").first().seq
    before = _counts()
    # the commission above sees the case but does not work on it; the department neither
    for outsider, refusal in ((scene.supervisor, NotPermitted), (department_admin, NotFound)):
        assert not can_work_on(user=outsider, case=case)
        with pytest.raises(refusal):
            finding_record(
                actor=outsider,
                case_id=case.pk,
                responsibility="direct",
                facts="越权认定",
                person=scene.w.responsible,
                event_seqs=[cited],
            )
    assert _counts() == before
    page = client_for(scene.supervisor).get(f"/accountability/{case.pk}/").content.decode()
    assert 'data-testid="finding-form"' not in page


def test_the_group_does_not_work_on_its_commission_s_case(scene, group_case):
    _group, member, _case = group_case
    assert not can_work_on(user=member, case=scene.case)
