"""A small plan with varied tasks, on a fixed day (2021-06-10), built through the services."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from duban.core.choices import OrganizationKind, Role
from duban.core.models import Region
from duban.core.principal import SYSTEM
from tests.factories import Workflow, make_organization, make_person, make_user, make_workflow

TODAY = date(2021, 6, 10)


@dataclass
class WorkbookWorld:
    """The workflow (HN-ZZ-01-1, publicized after acceptance) plus HN-ZZ-02 with an immediate
    task (with co-units) and an ongoing one, and a plan in another city the reviewer cannot see.
    """

    w: Workflow
    second: Any  # problem HN-ZZ-02
    immediate: Any
    ongoing: Any
    other_plan: Any
    other_reviewer: Any


@pytest.fixture(autouse=True)
def _fixed_day(settings, tmp_path):
    settings.DUBAN_TODAY = TODAY
    settings.MEDIA_ROOT = tmp_path / "media"


def tiny_png(label: str) -> bytes:
    """An 8×8 grey PNG whose text chunk makes its hash unique."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x78\x78\x78" * 8 for _ in range(8))
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)),
            chunk(b"tEXt", b"Comment\x00" + label.encode()),
            chunk(b"IDAT", zlib.compress(rows)),
            chunk(b"IEND", b""),
        ]
    )


def _accept(w: Workflow) -> None:
    from duban.core.attachments import attachment_store
    from duban.rectification import rules
    from duban.rectification.services import (
        acceptance_record,
        closure_request,
        report_submit,
        task_transition,
    )

    task_transition(actor=w.reporter, task_id=w.task.pk, action="acknowledge")
    task_transition(actor=w.reporter, task_id=w.task.pk, action="start")
    report_submit(actor=w.reporter, task_id=w.task.pk, narrative="已改造管网42.3公里", percent=40)
    task_transition(
        actor=w.reporter,
        task_id=w.task.pk,
        action="complete",
        reason="整改措施已完成，完工进度未另行报送",
    )
    evidence = attachment_store(actor=w.reporter, name="现场.png", content=tiny_png("ledger"))
    closure_request(actor=w.reporter, task_id=w.task.pk, summary="已完成", evidence=[evidence])
    task_transition(actor=w.reviewer, task_id=w.task.pk, action="begin_acceptance")
    tests = {key: {"passed": True, "comment": "已核实"} for key in rules.CLOSURE_TEST_KEYS}
    acceptance_record(
        actor=w.reviewer,
        task_id=w.task.pk,
        acceptance_unit=w.office,
        signer=w.signer,
        tests=tests,
        document_check_reason="整改资料经逐项审核，佐证材料完整",
    )


def make_workbook_world() -> WorkbookWorld:
    from duban.inspections.services import plan_create, problem_create
    from duban.rectification.services import task_create

    w = make_workflow()
    _accept(w)
    region = Region.objects.get(code="430200")
    second = problem_create(
        actor=SYSTEM,
        code="HN-ZZ-02",
        source="typical_case",
        title="工业园区违规排污",
        description="园区企业违规排放废水。\n群众反映强烈",
        region=region,
        plan=w.plan,
    )
    common = {"actor": SYSTEM, "problem": second, "responsible_person": w.responsible}
    immediate = task_create(
        **common,
        number=1,
        title="关停违规排口",
        measures="立即封堵排口",
        target="排口全部封堵",
        kind="immediate",
        lead_unit=w.housing,
        deadline=date(2021, 6, 30),
        acceptance_level="county",
        co_units=[w.sibling, w.office],
    )
    ongoing = task_create(
        **common,
        number=2,
        title="建立巡查机制",
        measures="=每月巡查",  # looks like a formula: must stay text in the export
        target="长效监管",
        kind="ongoing",
        lead_unit=w.housing,
        deadline=None,
        acceptance_level="province",
    )
    changsha = Region.objects.get(code="430100")
    other_office = make_organization(
        "长沙市整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="430100"
    )
    other_plan = plan_create(
        actor=SYSTEM,
        code="CS-2021",
        title="长沙市整改方案",
        region=changsha,
        office=other_office,
        dispatch_starts_on=date(2021, 6, 1),
    )
    make_person("刘洋", organization=other_office)
    other_reviewer = make_user("cs-reviewer", organization=other_office, role=Role.REVIEWER)
    return WorkbookWorld(w, second, immediate, ongoing, other_plan, other_reviewer)


@pytest.fixture
def world(db) -> WorkbookWorld:
    return make_workbook_world()
