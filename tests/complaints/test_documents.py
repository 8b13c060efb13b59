"""The daily public table (complaints/documents.py), opened back with openpyxl and
python-docx: every column, the totals, public rows only, no identity, any Unicode.

Handling results are another part's services: these tests set them with
`Complaint.objects.filter(pk=..).update(...)`, saying so where they do."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from duban.complaints import documents
from duban.complaints.choices import ComplaintState, Truth
from duban.complaints.identity import Identity
from duban.complaints.models import Complaint
from duban.complaints.services.intake import complaint_register
from duban.core import clock
from duban.errors import NotFound
from tests.complaints.scene import COMPLAINANT, complaint_in

pytestmark = pytest.mark.django_db

TORTURE_WRITTEN = "排污😀\ufffd\n口\ufffd=SUM(A1)<&>"
HEADERS = [
    "序号",
    "受理编号",
    "交办问题基本情况",
    "行政区域",
    "问题类型",
    "调查核实情况",
    "是否属实",
    "办结目标",
    "处理和整改情况",
    "是否办结",
    "责任人被处理情况",
]
# Emoji, a control character, a vertical tab, a formula, XML metacharacters (a database
# cannot store a lone surrogate; test_lone_surrogates_in_memory writes one).
TORTURE = "排污😀\x01\x0b口\ufffe=SUM(A1)<&>"


def register(scene, number: str, batch: int, **overrides):
    today = clock.today()
    values = dict(
        number=number,
        accused_name=overrides.pop("accused_name", f"企业{number[-4:]}"),
        address=overrides.pop("address", f"株洲市芦淞区某路{number[-4:]}号"),
        batch_number=batch,
        handed_over_on=today - timedelta(days=batch),
        identity=Identity(),
    )
    values.update(overrides)
    return complaint_register(
        actor=scene.w.reviewer, office=scene.w.office, data=complaint_in(scene.team, **values)
    )


@pytest.fixture
def batches(scene):
    """Batch 3: the scene's complaint (concluded, 属实) and two more (one partly concluded,
    one open with torture text); batch 4: one not public and one concluded."""
    c = scene.complaint
    # Handling results set directly (the handling services are another part's).
    Complaint.objects.filter(pk=c.pk).update(
        state=ComplaintState.CONCLUDED,
        truth=Truth.TRUE,
        investigation="经现场核查，该公司夜间偷排属实。",
        measures="处理情况：责令停产整治。整改情况：已完成整改。",
        closure_target="2026年12月底前完成整改",
        accountability="对1名责任人诫勉谈话",
        ordered_to_rectify=1,
        cases_filed=1,
        fines_wan_yuan=Decimal("12.50"),
        talks=2,
        held_accountable=1,
    )
    partly = register(scene, "D3HN202611270002", 3)
    Complaint.objects.filter(pk=partly.pk).update(
        state=ComplaintState.PARTLY_CONCLUDED,
        truth=Truth.PARTLY_TRUE,
        ordered_to_rectify=2,
        fines_wan_yuan=Decimal("3.25"),
        criminal_cases=1,
        administrative_detentions=2,
        criminal_detentions=1,
    )
    torture = register(scene, "D3HN202611270003", 3, content=TORTURE)
    Complaint.objects.filter(pk=torture.pk).update(investigation=TORTURE, measures=TORTURE)
    hidden = register(scene, "D3HN202611280001", 4, content="不公开的件")
    Complaint.objects.filter(pk=hidden.pk).update(is_public=False)
    later = register(scene, "D3HN202611280002", 4)
    Complaint.objects.filter(pk=later.pk).update(state=ComplaintState.CONCLUDED, truth=Truth.UNTRUE)
    return scene


def xlsx_rows(content: bytes) -> tuple[list[list], list[list], object]:
    book = load_workbook(io.BytesIO(content))
    table = [[cell.value for cell in row] for row in book["一览表"].iter_rows()]
    totals = [[cell.value for cell in row] for row in book["办理情况汇总"].iter_rows()]
    return table, totals, book


def test_batch_table_as_excel(batches):
    table = documents.table_for(user=batches.w.reviewer, team_id=batches.team.pk, batch_number=3)
    content = documents.table_file(table, "xlsx").content
    rows, totals, book = xlsx_rows(content)
    title = rows[0][0]
    day = clock.today() - timedelta(days=1)
    assert title == (
        f"中央第三生态环境保护督察组交办群众信访举报转办和边督边改公开情况一览表"
        f"（第3批 {day.year}年{day.month}月{day.day}日）"
    )
    assert rows[2] == HEADERS
    body = rows[3:]
    assert [r[1] for r in body] == ["D3HN202611270001", "D3HN202611270002", "D3HN202611270003"]
    first = body[0]
    assert first == [
        1,
        "D3HN202611270001",
        "夜间偷排废水，异味严重；渌口区住建局长期不管",
        "株洲市渌口区",
        "水、大气",
        "经现场核查，该公司夜间偷排属实。",
        "属实",
        "2026年12月底前完成整改",
        "处理情况：责令停产整治。整改情况：已完成整改。",
        "已办结",
        "对1名责任人诫勉谈话",
    ]
    assert body[1][6] == "部分属实" and body[1][9] == "阶段性办结" and body[1][10] is None
    assert body[2][9] == "未办结" and body[2][6] is None
    # The torture text, written safely and read back as text (never a formula).
    assert body[2][2] == TORTURE_WRITTEN
    assert book["一览表"]["C6"].data_type == "s"
    # Totals beside it: the sentence and the second sheet.
    assert rows[1][0] == (
        "第3批共3件，其中已办结1件、阶段性办结1件、未办结1件；责令整改3家，立案处罚1家，"
        "罚款15.75万元，立案侦查1件，行政拘留2人，刑事拘留1人，约谈2人，问责1人。"
    )
    assert totals[0][:3] == ["批次", "交办件数", "已办结（件）"]
    assert totals[1] == ["第3批", 3, 1, 1, 1, 3, 1, 15.75, 1, 2, 1, 2, 1]
    assert len(totals) == 2
    # Print setup and layout.
    sheet = book["一览表"]
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == str(sheet.PAPERSIZE_A4)
    assert sheet["C4"].alignment.wrap_text
    assert sheet["A3"].font.bold and sheet["A3"].fill.fgColor.rgb.endswith("D9E1F2")
    assert sheet.column_dimensions["C"].width == 40
    assert sheet.print_title_rows == "$3:$3"


def test_cumulative_table_has_every_batch_and_the_grand_total(batches):
    table = documents.table_for(user=batches.w.reviewer, team_id=batches.team.pk)
    rows, totals, _ = xlsx_rows(documents.table_file(table, "xlsx").content)
    assert "（累计第1—4批 截至" in rows[0][0]
    numbers = [r[1] for r in rows[3:]]
    assert numbers == [
        "D3HN202611270001",
        "D3HN202611270002",
        "D3HN202611270003",
        "D3HN202611280002",  # not the hidden one
    ]
    assert [r[0] for r in rows[3:]] == [1, 2, 3, 4]
    assert rows[-1][6] == "不属实" and rows[-1][10] == "无"
    assert [t[0] for t in totals[1:]] == ["第3批", "第4批", "合计"]
    assert totals[-1][:5] == ["合计", 4, 2, 1, 1]
    assert rows[1][0].startswith("合计共4件，其中已办结2件")


def test_word_table_landscape_with_every_column(batches):
    table = documents.table_for(user=batches.w.reviewer, team_id=batches.team.pk, batch_number=3)
    result = documents.table_file(table, "docx")
    assert result.filename.endswith("第3批-" + f"{table.day:%Y%m%d}.docx")
    doc = Document(io.BytesIO(result.content))
    section = doc.sections[0]
    assert section.page_width > section.page_height
    assert doc.paragraphs[0].text == table.title
    assert doc.paragraphs[1].text.startswith("第3批共3件")
    grid = doc.tables[0]
    assert [c.text for c in grid.rows[0].cells] == HEADERS
    assert [c.text for c in grid.rows[1].cells][1:4] == [
        "D3HN202611270001",
        "夜间偷排废水，异味严重；渌口区住建局长期不管",
        "株洲市渌口区",
    ]
    assert [c.text for c in grid.rows[1].cells][6:] == [
        "属实",
        "2026年12月底前完成整改",
        "处理情况：责令停产整治。整改情况：已完成整改。",
        "已办结",
        "对1名责任人诫勉谈话",
    ]
    assert grid.rows[3].cells[2].text == TORTURE_WRITTEN
    assert len(grid.rows) == 4


@pytest.mark.parametrize("file_format", ["xlsx", "docx"])
def test_no_identity_in_either_file(batches, file_format):
    table = documents.table_for(user=batches.w.reviewer, team_id=batches.team.pk)
    content = documents.table_file(table, file_format).content
    text = (
        "\n".join(
            str(cell.value)
            for sheet in load_workbook(io.BytesIO(content))
            for row in sheet.iter_rows()
            for cell in row
        )
        if file_format == "xlsx"
        else "\n".join(
            [p.text for p in Document(io.BytesIO(content)).paragraphs]
            + [
                c.text
                for t in Document(io.BytesIO(content)).tables
                for r in t.rows
                for c in r.cells
            ]
        )
    )
    assert "D3HN202611270001" in text
    for secret in (COMPLAINANT.name, COMPLAINANT.phone, COMPLAINANT.address):
        assert secret not in text


def test_linked_repeat_and_not_accepted_rows(batches):
    repeat = register(
        batches,
        "D3HN202611280003",
        4,
        accused_name="株洲市某化工有限公司",
        address="株洲市渌口区南洲镇工业园8号",
    )
    # Whether the repeat was linked is the intake's (repeats.py); make it so if not.
    Complaint.objects.filter(pk=repeat.pk).update(
        state=ComplaintState.LINKED, repeat_of=batches.complaint
    )
    refused = register(batches, "D3HN202611280004", 4)
    # Refusal set directly (another part's service).
    Complaint.objects.filter(pk=refused.pk).update(
        state=ComplaintState.NOT_ACCEPTED, not_accepted_reason="属法院管辖"
    )
    rows = {r.number: r for r in documents.public_table_rows(batches.team, 4)}
    assert (
        rows["D3HN202611280003"].measures == "与受理编号 D3HN202611270001 反映问题相同，合并办理。"
    )
    assert rows["D3HN202611280003"].concluded == "已办结"  # as its first complaint stands
    assert rows["D3HN202611280004"].measures == "不予受理：属法院管辖"
    _, total = documents.table_totals(documents.public_table_complaints(batches.team, 4))
    assert (total.complaints, total.concluded, total.open) == (3, 3, 0)


def test_a_user_sees_only_the_complaints_in_scope(batches):
    with pytest.raises(NotFound):
        documents.table_for(user=batches.far_reviewer, team_id=batches.team.pk, batch_number=3)
    with pytest.raises(NotFound):
        documents.table_for(user=batches.accused_reviewer, team_id=batches.team.pk, batch_number=3)
    with pytest.raises(NotFound):
        documents.table_for(user=batches.w.reviewer, team_id=batches.team.pk, batch_number=9)
    # The handling unit sees its one complaint of the batch.
    table = documents.table_for(user=batches.unit_worker, team_id=batches.team.pk, batch_number=3)
    assert [r.number for r in table.rows] == ["D3HN202611270001"]
    assert table.batches[0].complaints == 1
    # The list of batches.
    assert [
        (b.batch_number, b.complaints) for b in documents.table_batches(batches.w.reviewer)
    ] == [
        (4, 1),
        (3, 3),
    ]
    assert documents.table_batches(batches.accused_reviewer) == []


def test_the_portal_rows_need_no_user(batches):
    rows = documents.public_table_rows(batches.team, 3)
    assert [r.serial for r in rows] == [1, 2, 3]
    assert documents.public_table_rows(batches.team, 4)[0].number == "D3HN202611280002"


def test_queries_do_not_grow_with_rows(batches, django_assert_max_num_queries):
    for n in range(6):
        register(batches, f"D3HN2026112705{n:02d}", 3)
    with django_assert_max_num_queries(14):
        table = documents.table_for(user=batches.w.reviewer, team_id=batches.team.pk)
        documents.table_file(table, "xlsx")
    assert len(table.rows) == 10


@pytest.mark.parametrize("file_format", ["xlsx", "docx"])
def test_lone_surrogates_in_memory(batches, file_format):
    """Text as an old ledger event may hold it: a lone surrogate and every control character."""
    table = documents.table_for(user=batches.w.reviewer, team_id=batches.team.pk, batch_number=3)
    bad = "".join(chr(n) for n in range(32)) + "\ud800\udfff\uffff末"
    table.rows[0] = documents.TableRow(1, bad, bad, bad, bad, bad, bad, bad, bad, bad, bad)
    content = documents.table_file(table, file_format).content
    if file_format == "xlsx":
        rows, _, _ = xlsx_rows(content)
        written = rows[3][1]
    else:
        written = Document(io.BytesIO(content)).tables[0].rows[1].cells[1].text
    assert written.endswith("\ufffd\ufffd\ufffd末")
    assert "\x00" not in written and "\ud800" not in written
