"""The complaints scene shared by the complaint tests (no tests of its own).

株洲's rectification office received, from the central inspection team's 第3批 list, a
complaint that 株洲市某化工厂 discharges at night and that the 渌口区住建局 looks away; the office
has transferred it to 株洲市生态环境局. Around them: everyone a permission or a confidentiality
test needs — the office's designated 信访 handler (may read the identity), its plain reviewer
(may not), the handling unit's staff and its designated handler, the accused unit's staff (may
see nothing), another city's office (out of scope) and the office's viewer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from duban.complaints.choices import Channel
from duban.complaints.identity import Identity
from duban.complaints.models import Complaint, HandlerDesignation
from duban.complaints.services.intake import ComplaintIn, complaint_register
from duban.complaints.services.transfer import complaint_transfer
from duban.core import clock
from duban.core.choices import OrganizationKind, Role
from duban.core.models import Organization, Region
from duban.core.principal import SYSTEM
from duban.inspections.models import InspectionTeam
from duban.inspections.services import batch_get_or_create, round_get_or_create, team_create
from tests.factories import Workflow, make_organization, make_user, make_workflow

# A name no page, export or API answer may ever show but the identity read itself.
COMPLAINANT = Identity(
    name="郝秘密", phone="13900001234", address="株洲市天元区保密路9号", id_number="", email=""
)


@dataclass
class Scene:
    w: Workflow  # 株洲's office (w.office, w.reviewer), housing bureau, sibling, task
    team: InspectionTeam
    environment: Organization  # 株洲市生态环境局: the handling unit
    accused: Organization  # 渌口区住建局: complained about
    complaint: Complaint  # transferred to the environment bureau, with an identity
    office_handler: Any  # reviewer of the office, designated 信访 handler: reads identities
    unit_worker: Any  # reporter of the handling unit: handles, no identity
    unit_reviewer: Any  # reviewer of the handling unit: approves an extension, no identity
    unit_handler: Any  # reporter of the handling unit, designated: reads the identity
    accused_reviewer: Any  # reviewer of the accused unit: sees nothing of the complaint
    office_viewer: Any  # the office's viewer: sees, does nothing
    far_reviewer: Any  # reviewer of 湘潭's office: right role, out of scope


def make_team() -> InspectionTeam:
    round_ = round_get_or_create(number=2, kind="routine", name="第二轮中央生态环境保护督察")
    batch = batch_get_or_create(inspection_round=round_, number=3, year=clock.today().year)
    return team_create(
        actor=SYSTEM,
        name="中央第三生态环境保护督察组",
        batch=batch,
        province=Region.objects.get(code="430000"),
        stationed_from=clock.today() - timedelta(days=10),
        stationed_until=clock.today() + timedelta(days=20),
    )


def complaint_in(team: InspectionTeam | None = None, **overrides: Any) -> ComplaintIn:
    today = clock.today()
    values: dict[str, Any] = dict(
        number="D3HN202611270001",
        received_on=today - timedelta(days=1),
        channel=Channel.PHONE,
        region=Region.objects.get(code="430212"),
        accused_name="株洲市某化工有限公司",
        address="株洲市渌口区南洲镇工业园8号",
        content="夜间偷排废水，异味严重；渌口区住建局长期不管",
        pollution_types="水,大气",
        industry="化工",
        team=team,
        batch_number=3 if team else None,
        handed_over_on=today - timedelta(days=1) if team else None,
        identity=COMPLAINANT,
    )
    values.update(overrides)
    return ComplaintIn(**values)


def designate(user: Any, organization: Organization) -> None:
    HandlerDesignation.objects.create(organization=organization, user=user)


def build_scene() -> Scene:
    w = make_workflow()
    city_gov = w.office.parent
    environment = make_organization("株洲市生态环境局", parent=city_gov)
    lukou = make_organization("渌口区人民政府", kind=OrganizationKind.GOVERNMENT, region="430212")
    accused = make_organization("渌口区住建局", region="430212", parent=lukou)
    team = make_team()
    complaint = complaint_register(
        actor=w.reviewer,
        office=w.office,
        data=complaint_in(team, accused_organization=accused),
    )
    complaint = complaint_transfer(actor=w.reviewer, pk=complaint.pk, unit=environment)
    office_handler = make_user("office_handler", organization=w.office, role=Role.REVIEWER)
    unit_handler = make_user("unit_handler", organization=environment, role=Role.REPORTER)
    designate(office_handler, w.office)
    designate(unit_handler, environment)
    far_office = make_organization(
        "湘潭市整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="430300"
    )
    return Scene(
        w=w,
        team=team,
        environment=environment,
        accused=accused,
        complaint=complaint,
        office_handler=office_handler,
        unit_worker=make_user("unit_worker", organization=environment, role=Role.REPORTER),
        unit_reviewer=make_user("unit_reviewer", organization=environment, role=Role.REVIEWER),
        unit_handler=unit_handler,
        accused_reviewer=make_user("accused_reviewer", organization=accused, role=Role.REVIEWER),
        office_viewer=make_user("office_viewer", organization=w.office, role=Role.VIEWER),
        far_reviewer=make_user("far_reviewer", organization=far_office, role=Role.REVIEWER),
    )
