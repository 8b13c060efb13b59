"""Importing the workbook: round trip, creation, updates, every refusal, formats, dry run."""

from __future__ import annotations

from datetime import date

import pytest

from duban.core.models import Event
from duban.core.principal import SYSTEM
from duban.errors import NotPermitted
from duban.inspections.models import Problem
from duban.rectification.models import Task
from duban.reports.workbook.export import workbook_export
from duban.reports.workbook.format import COMPUTED, HEADERS
from duban.reports.workbook.importer import workbook_import
from duban.reports.workbook.rows import RowError
from tests.reports.workbooks import build, sheet_rows, with_shared_strings

pytestmark = pytest.mark.django_db
FIRST_DATA_ROW = 3  # title row, header row


def exported(world) -> list[dict]:
    return sheet_rows(workbook_export(user=world.w.reviewer, plan=world.w.plan).content)


def counts() -> tuple[int, int, int]:
    return Problem.objects.count(), Task.objects.count(), Event.objects.count()


def new_row(**changes) -> dict:
    row = {
        "问题编号": "HN-ZZ-03",
        "任务序号": 1,
        "来源": "信访举报",
        "问题描述": "渌口区养殖场粪污直排。群众多次投诉",
        "整改目标": "粪污资源化利用率达到90%",
        "整改措施": "建设粪污处理设施；加强执法",
        "牵头单位": "株洲市住建局",
        "配合单位": "荷塘区住建局",
        "责任人": "周建国",
        "整改时限": "2021年6月30日",
        "验收层级": "市级",
        "状态": "已交办",
    }
    row.update(changes)
    return row


def test_round_trip_changes_nothing(world):
    before = counts()
    content = workbook_export(user=world.w.reviewer, plan=world.w.plan).content
    result = workbook_import(actor=world.w.reviewer, content=content)
    assert (result.refused, result.changes, result.unchanged, result.rows) == (False, [], 3, 3)
    assert result.summary() == "没有变化：3行均与系统记录一致，未写入任何数据。"
    assert result.ignored == []
    assert counts() == before


def test_round_trip_of_everything_as_system(world):
    before = counts()
    result = workbook_import(actor=SYSTEM, content=workbook_export(user=SYSTEM, plan=None).content)
    assert (result.refused, len(result.changes), result.unchanged) == (False, 0, 3)
    assert counts() == before


def test_import_creates_problem_and_tasks_with_events(world):
    w = world.w
    rows = [
        new_row(),
        new_row(
            任务序号=2,
            整改措施="开展专项巡查",
            整改时限="长期坚持",
            验收层级="省级",
            配合单位="株洲市整改办、荷塘区住建局",
        ),
        new_row(任务序号=3, 整改措施="立即清理", 整改时限="立行立改", 配合单位=None),
    ]
    problems, tasks, events = counts()
    result = workbook_import(actor=w.reviewer, content=build(rows), plan=w.plan)
    assert result.errors == []
    assert result.summary() == "导入完成：新建问题1个、新建任务3项、调整任务0项、未变化0项。"
    assert counts() == (problems + 1, tasks + 3, events + 4)
    problem = Problem.objects.get(code="HN-ZZ-03")
    assert (problem.source, problem.title, problem.plan, problem.region_id) == (
        "complaint",
        "渌口区养殖场粪污直排",
        w.plan,
        "430200",
    )
    first, ongoing, immediate = problem.tasks.order_by("number")
    assert (first.kind, first.deadline, first.assigned_on, first.acceptance_level) == (
        "deadline",
        date(2021, 6, 30),
        date(2021, 6, 10),
        "city",
    )
    assert (first.title, first.responsible_person, first.lead_unit) == (
        "建设粪污处理设施",
        w.responsible,
        w.housing,
    )
    assert list(first.co_units.all()) == [w.sibling]
    assert (ongoing.kind, ongoing.deadline, set(ongoing.co_units.all())) == (
        "ongoing",
        None,
        {w.office, w.sibling},
    )
    assert (immediate.kind, immediate.deadline) == ("immediate", date(2021, 6, 10))
    verbs = list(Event.objects.order_by("-seq").values_list("verb", flat=True)[:4])
    assert verbs == ["task.created", "task.created", "task.created", "problem.created"]
    assert Event.objects.filter(verb="task.created").last().actor == w.reviewer


def test_import_changes_responsibility_through_the_service(world):
    w = world.w
    from tests.factories import make_person

    make_person("李明", organization=w.housing)
    rows = exported(world)
    rows[0].update({"责任人": "李明", "整改目标": "改造 130 公里", "配合单位": "荷塘区住建局"})
    rows[1].update({"验收层级": "市级", "配合单位": "株洲市整改办"})
    result = workbook_import(actor=w.reviewer, content=build(rows))
    assert result.errors == []
    assert [(c.code, c.changes) for c in result.changes] == [
        (
            "HN-ZZ-01-1",
            [
                ("整改目标", "改造 120 公里", "改造 130 公里"),
                ("责任人", "周建国", "李明"),
                ("配合单位", "", "荷塘区住建局"),
            ],
        ),
        (
            "HN-ZZ-02-1",
            [
                ("配合单位", "株洲市整改办、荷塘区住建局", "株洲市整改办"),
                ("验收层级", "县级", "市级"),
            ],
        ),
    ]
    task = Task.objects.get(pk=w.task.pk)
    assert (task.target, task.responsible_person.name, task.deadline) == (
        "改造 130 公里",
        "李明",
        date(2021, 9, 8),
    )
    event = Event.objects.filter(verb="task.updated").order_by("seq").first()
    assert event.reason == "整改台账导入"
    assert event.data["changes"]["target"] == {"old": "改造 120 公里", "new": "改造 130 公里"}
    again = workbook_import(actor=w.reviewer, content=build(exported(world)))
    assert (again.changes, again.refused) == ([], False)


BAD_CASES = [
    # (row index, changes, column, reason)
    (
        0,
        {"牵头单位": "株洲市水利局"},
        "牵头单位",
        "未知单位“株洲市水利局”：在您可见的单位中没有这个名称",
    ),
    (
        0,
        {"配合单位": "株洲市整改办、不存在局"},
        "配合单位",
        "未知单位“不存在局”：在您可见的单位中没有这个名称",
    ),
    (0, {"整改时限": "2021年13月"}, "整改时限", "“2021年13月”不是有效日期：月份应在1至12之间"),
    (
        0,
        {"整改时限": "2021年2月30日"},
        "整改时限",
        "“2021年2月30日”不是有效日期：2021年2月只有28天",
    ),
    (
        0,
        {"整改时限": "2021年12月31日"},
        "整改时限",
        "与系统记录（2021年9月8日）不一致：整改时限只能通过经批准的延期申请调整",
    ),
    (
        2,
        {"整改时限": "2021年12月31日"},
        "整改时限",
        "与系统记录（长期坚持）不一致：整改时限只能通过经批准的延期申请调整",
    ),
    (
        0,
        {"状态": "已完结"},
        "状态",
        "未知状态“已完结”，应为：已交办、已签收、整改中、已完成、申请销号、验收中、公示中、已销号、已完成并长期坚持",
    ),
    (0, {"状态": "已销号"}, "状态", "与系统记录（公示中）不一致：状态变化须通过整改流程办理"),
    (0, {"责任人": "张无忌"}, "责任人", "责任人“张无忌”不是该牵头单位的人员（株洲市住建局）"),
    (0, {"整改措施": None}, "整改措施", "必填"),
    (0, {"整改时限": None}, "整改时限", "必填（日期、“立行立改”或“长期坚持”）"),
    (
        0,
        {"来源": "群众来信"},
        "来源",
        "未知来源“群众来信”，应为：反馈问题、典型案例、信访举报、自查发现",
    ),
    (0, {"来源": "自查发现"}, "来源", "与系统记录（反馈问题）不一致：问题信息不通过台账修改"),
    (0, {"问题描述": "另一段描述"}, "问题描述", "与系统记录不一致：问题信息不通过台账修改"),
    (0, {"验收层级": "乡级"}, "验收层级", "未知验收层级“乡级”，应为：省级、市级、县级"),
    (0, {"任务序号": "一"}, "任务序号", "“一”不是有效的任务序号（应为1至32767的整数）"),
    (
        0,
        {"公示日期": "2021年6月31日"},
        "公示日期",
        "“2021年6月31日”不是有效日期：2021年6月只有30天",
    ),
    (
        None,
        new_row(整改时限="2021年5月31日"),
        "整改时限",
        "整改时限2021年5月31日早于交办日期（导入当天）2021年6月10日",
    ),
    (
        None,
        new_row(状态="整改中"),
        "状态",
        "新任务的状态只能是“已交办”：状态变化须通过整改流程办理",
    ),
    (None, new_row(验收层级=None), "验收层级", "新任务必填"),
    (None, new_row(来源=None), "来源", "新问题必填"),
]


@pytest.mark.parametrize(("index", "changes", "column", "reason"), BAD_CASES)
def test_bad_rows_are_refused_with_row_column_reason_and_nothing_written(
    world, index, changes, column, reason
):
    rows = exported(world)
    rows[1]["整改目标"] = "一个有效的修改"  # must not be written either: all or nothing
    if index is None:
        rows.append(changes)
        index = len(rows) - 1
    else:
        rows[index].update(changes)
    before = counts()
    result = workbook_import(actor=world.w.reviewer, content=build(rows))
    assert result.errors == [RowError(FIRST_DATA_ROW + index, column, reason)]
    assert str(result.errors[0]) == f"第{FIRST_DATA_ROW + index}行 [{column}] {reason}"
    assert result.summary() == "导入被拒绝：1行共1处错误，未写入任何数据。"
    assert counts() == before
    assert Task.objects.get(pk=world.immediate.pk).target == "排口全部封堵"


def test_duplicate_task_rows_are_refused(world):
    rows = exported(world)
    rows.append(dict(rows[1]))
    result = workbook_import(actor=world.w.reviewer, content=build(rows))
    assert result.errors == [RowError(6, "任务序号", "与第4行重复（HN-ZZ-02 第1项任务）")]


def test_every_bad_row_is_reported_at_once(world):
    rows = exported(world)
    rows[0].update({"牵头单位": "株洲市水利局", "整改时限": "2021年13月"})
    rows[2].update({"状态": "不知道"})
    result = workbook_import(actor=world.w.reviewer, content=build(rows))
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "整改时限"),
        (3, "牵头单位"),
        (5, "状态"),
    ]


@pytest.mark.parametrize(
    "deadline",
    ["2021年6月30日", "2021.6.30", "2021-06-30", "2021/6/30", date(2021, 6, 30), "2021年6月底前"],
)
def test_chinese_date_variants_for_new_tasks(world, deadline):
    content = build([new_row(整改时限=deadline)])
    result = workbook_import(actor=world.w.reviewer, content=content, plan=world.w.plan)
    assert result.errors == []
    assert Task.objects.get(problem__code="HN-ZZ-03").deadline == date(2021, 6, 30)


def test_merged_title_two_row_header_and_merged_problem_cells(world):
    rows = exported(world) + [new_row(), new_row(任务序号=2, 整改措施="加强执法")]
    content = build(rows, two_row_header=True, merge_problem_cells=True)
    dry = workbook_import(actor=world.w.reviewer, content=content, dry_run=True)
    assert dry.errors == []
    assert [(c.row, c.code, c.action) for c in dry.changes] == [
        (7, "HN-ZZ-03-1", "create"),
        (8, "HN-ZZ-03-2", "create"),
    ]
    assert dry.unchanged == 3


def test_header_cells_merged_down_two_rows_without_group_heading(world):
    import io

    from openpyxl import load_workbook

    content = build(exported(world), title=None, two_row_header=True)
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].value == "序号" and sheet["R2"].value == "验收单位"
    result = workbook_import(actor=world.w.reviewer, content=content)
    assert (result.errors, result.changes, result.unchanged) == ([], [], 3)


def test_office_producer_variants(world):
    """Shared strings (Excel, WPS, LibreOffice; openpyxl writes inline strings), dates as plain
    serial numbers and as text, no title row."""
    rows = exported(world)
    rows[0]["整改时限"] = 44447  # 2021-09-08 as Excel stores it, without a date format
    rows[0]["公示日期"] = "2021年6月10日"
    content = with_shared_strings(build(rows, title=None))
    assert b"sharedStrings.xml" in content
    result = workbook_import(actor=world.w.reviewer, content=content)
    assert (result.errors, result.changes, result.unchanged) == ([], [], 3)


def test_file_without_task_number_column(world):
    headers = [h for h in build.__kwdefaults__["headers"] if h != "任务序号"]
    only = new_row()
    result = workbook_import(
        actor=world.w.reviewer, content=build([only], headers=headers), plan=world.w.plan
    )
    assert result.errors == []
    assert Task.objects.get(problem__code="HN-ZZ-03").number == 1
    two = build([new_row(问题编号="HN-ZZ-04"), new_row(问题编号="HN-ZZ-04")], headers=headers)
    refused = workbook_import(actor=world.w.reviewer, content=two, plan=world.w.plan)
    reason = "问题编号“HN-ZZ-04”有多行，文件却没有“任务序号”列"
    assert refused.errors == [RowError(3, "问题编号", reason), RowError(4, "问题编号", reason)]


def test_dry_run_writes_nothing_and_says_what_would_change(world):
    before = counts()
    rows = exported(world) + [new_row()]
    rows[0]["整改目标"] = "改造 130 公里"
    result = workbook_import(actor=world.w.reviewer, content=build(rows), dry_run=True)
    assert (
        result.summary() == "试运行（未写入）：将新建问题1个、新建任务1项、调整任务1项、未变化2项。"
    )
    assert (result.written, counts()) == (False, before)


def test_export_only_columns_are_named_when_ignored(world):
    rows = exported(world)
    rows[0]["本期进展"] = "已全部完成"
    rows[0]["签字人"] = "别人"
    result = workbook_import(actor=world.w.reviewer, content=build(rows))
    assert (result.refused, result.changes) == (False, [])
    assert [(n.row, n.column) for n in result.ignored] == [(3, "本期进展"), (3, "签字人")]


def test_plan_of_new_problems(world):
    w = world.w
    alone = build([new_row()])
    none = workbook_import(actor=SYSTEM, content=alone, dry_run=True)
    assert none.errors == [
        RowError(3, "问题编号", "新问题需要指定所属整改方案（命令行用 --plan，页面上选择方案）")
    ]
    given = workbook_import(actor=SYSTEM, content=alone, plan=w.plan)
    assert given.errors == [] and Problem.objects.get(code="HN-ZZ-03").plan == w.plan
    wrong = workbook_import(actor=SYSTEM, content=build(exported(world)), plan=world.other_plan)
    assert wrong.errors[0] == RowError(
        3, "问题编号", "问题“HN-ZZ-01”属于整改方案ZZ-2021，不属于CS-2021"
    )


def test_reporters_may_not_import(world):
    before = counts()
    with pytest.raises(NotPermitted):
        workbook_import(actor=world.w.reporter, content=build([new_row()]), plan=world.w.plan)
    assert counts() == before


def test_out_of_scope_reviewer_sees_unknown_units_and_problems(world):
    rows = exported(world)[:1]
    result = workbook_import(actor=world.other_reviewer, content=build(rows))
    assert result.errors == [RowError(3, "问题编号", "问题“HN-ZZ-01”不在您的可见范围内")]
    other = workbook_import(
        actor=world.other_reviewer, content=build([new_row()]), plan=world.other_plan
    )
    assert (
        RowError(3, "牵头单位", "未知单位“株洲市住建局”：在您可见的单位中没有这个名称")
        in other.errors
    )


def test_not_an_xlsx_file(world):
    result = workbook_import(actor=world.w.reviewer, content=b"\xd0\xcf\x11\xe0old excel")
    assert [str(e) for e in result.errors] == [
        "文件 不是有效的 .xlsx 文件（旧版 .xls 请另存为 .xlsx）"
    ]
    no_header = workbook_import(actor=world.w.reviewer, content=build([{"x": 1}], headers=["x"]))
    assert "找不到台账表头" in no_header.errors[0].reason


def test_missing_required_column(world):
    headers = [h for h in build.__kwdefaults__["headers"] if h != "牵头单位"]
    result = workbook_import(
        actor=world.w.reviewer, content=build(exported(world), headers=headers)
    )
    assert result.errors == [RowError(2, "牵头单位", "缺少必需的列")]


def test_long_import_reports_progress(world):
    rows = [new_row(问题编号=f"HN-ZZ-{n:03d}") for n in range(10, 260)]
    seen: list[tuple[str, int, int]] = []
    result = workbook_import(
        actor=SYSTEM,
        content=build(rows),
        plan=world.w.plan,
        dry_run=True,
        progress=lambda stage, done, total: seen.append((stage, done, total)),
    )
    assert result.errors == []
    assert seen == [("校验", 100, 250), ("校验", 200, 250), ("校验", 250, 250)]


def test_a_refusal_while_writing_rolls_back_rows_already_written(world, monkeypatch):
    """A service may still refuse (say, a problem created meanwhile): nothing is kept."""
    from duban.errors import ApplicationError
    from duban.reports.workbook import importer as module

    real_create = module.task_create

    def refuse_second(**kwargs):
        if kwargs["number"] == 2:
            raise ApplicationError("invalid task", fields={"number": "task HN-ZZ-03-2 exists"})
        return real_create(**kwargs)

    monkeypatch.setattr(module, "task_create", refuse_second)
    rows = exported(world) + [new_row(), new_row(任务序号=2)]
    rows[0]["整改目标"] = "改造 130 公里"
    before = counts()
    result = workbook_import(actor=world.w.reviewer, content=build(rows))
    assert result.errors == [
        RowError(7, "", "写入被拒绝：invalid task number: task HN-ZZ-03-2 exists")
    ]
    assert (result.written, counts()) == (False, before)
    assert Task.objects.get(pk=world.w.task.pk).target == "改造 120 公里"


def test_a_workbook_headed_zerendanwei_gives_the_co_units(world):
    # given an office workbook whose co-unit column says 责任单位, the older word
    w = world.w
    headers = tuple("责任单位" if header == "配合单位" else header for header in HEADERS)
    row = {("责任单位" if key == "配合单位" else key): value for key, value in new_row().items()}
    # when it is imported
    result = workbook_import(actor=w.reviewer, content=build([row], headers=headers), plan=w.plan)
    # then the column is read as the co-units
    assert result.errors == []
    task = Problem.objects.get(code="HN-ZZ-03").tasks.get()
    assert list(task.co_units.all()) == [w.sibling]


def test_computed_columns_are_shown_but_never_read_back(world):
    # Given an exported workbook whose 进度%, 序时进度 and 预警 cells were edited
    rows = exported(world)
    rows[0].update({"进度%": 99, "序时进度": "达到序时进度", "预警": "红色预警"})
    before = counts()
    # When it is imported (for real), then nothing changes and nothing is refused
    result = workbook_import(actor=world.w.reviewer, content=build(rows))
    assert (result.errors, result.changes, result.ignored, result.unchanged) == ([], [], [], 3)
    assert counts() == before


def test_a_workbook_without_the_computed_columns_still_imports(world):
    headers = [header for header in HEADERS if header not in COMPUTED]
    rows = [{h: row[h] for h in headers} for row in exported(world)]
    result = workbook_import(actor=world.w.reviewer, content=build(rows, headers=headers))
    assert (result.errors, result.changes, result.unchanged) == ([], [], 3)
