"""`duban export|import workbook` (alias `ledger`) and `duban report progress`, in-process."""

from __future__ import annotations

import pytest
from docx import Document

from duban.cli import main
from duban.core.models import Event
from duban.rectification.models import Task
from tests.disk import file_size_limit
from tests.reports.workbooks import build, sheet_rows

pytestmark = pytest.mark.django_db


def test_export_then_import_says_nothing_changed(world, tmp_path, capsys):
    target = tmp_path / "台账.xlsx"
    assert main(["export", "ledger", "--plan", "ZZ-2021", "-o", str(target)]) == 0
    assert capsys.readouterr().out == f"已导出整改台账：3行 → {target}\n"
    events = Event.objects.count()
    assert main(["import", "ledger", str(target), "--user", "reviewer"]) == 0
    assert capsys.readouterr().out == "没有变化：3行均与系统记录一致，未写入任何数据。\n"
    assert Event.objects.count() == events


def test_workbook_is_the_canonical_word_and_ledger_its_alias(world, tmp_path, capsys):
    target = tmp_path / "台账.xlsx"
    assert main(["export", "workbook", "--plan", "ZZ-2021", "-o", str(target)]) == 0
    assert capsys.readouterr().out == f"已导出整改台账：3行 → {target}\n"
    assert main(["import", "workbook", str(target), "--user", "reviewer", "--dry-run"]) == 0


def test_export_as_a_user_follows_scope(world, tmp_path):
    target = tmp_path / "outsider.xlsx"
    assert main(["export", "ledger", "-o", str(target), "--user", "outsider"]) == 0
    assert len(sheet_rows(target.read_bytes())) == 1


def test_unknown_plan_or_user_is_a_usage_error(world, tmp_path, capsys):
    target = str(tmp_path / "x.xlsx")
    assert main(["export", "ledger", "--plan", "NOPE", "-o", target]) == 2
    assert "NOPE" in capsys.readouterr().err
    assert main(["export", "ledger", "--plan", "CS-2021", "-o", target, "--user", "reviewer"]) == 2
    assert main(["export", "ledger", "-o", target, "--user", "nobody"]) == 2
    assert main(["import", "ledger", str(tmp_path / "missing.xlsx")]) == 2


def test_refused_import_exits_1_and_names_each_row(world, tmp_path, capsys):
    exported = tmp_path / "all.xlsx"
    assert main(["export", "ledger", "-o", str(exported)]) == 0
    capsys.readouterr()
    rows = sheet_rows(exported.read_bytes())
    rows[0]["整改时限"] = "2021年13月"
    rows[1]["牵头单位"] = "株洲市水利局"
    rows[2]["整改目标"] = "有效的修改"
    source = tmp_path / "bad.xlsx"
    source.write_bytes(build(rows))
    events = Event.objects.count()
    assert main(["import", "ledger", str(source)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "第3行 [整改时限] “2021年13月”不是有效日期：月份应在1至12之间",
        "第4行 [牵头单位] 未知单位“株洲市水利局”：在您可见的单位中没有这个名称",
        "导入被拒绝：2行共2处错误，未写入任何数据。",
    ]
    assert Event.objects.count() == events
    assert Task.objects.get(pk=world.ongoing.pk).target == "长效监管"


def test_dry_run_then_import(world, tmp_path, capsys):
    row = {
        "问题编号": "HN-ZZ-05",
        "来源": "反馈问题",
        "问题描述": "黑臭水体",
        "整改目标": "消除黑臭",
        "整改措施": "截污纳管",
        "牵头单位": "株洲市住建局",
        "责任人": "周建国",
        "整改时限": "2021.12.31",
        "验收层级": "市级",
    }
    source = tmp_path / "new.xlsx"
    source.write_bytes(build([row]))
    args = ["import", "ledger", str(source), "--plan", "ZZ-2021"]
    assert main([*args, "--dry-run"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "  新建问题 HN-ZZ-05",
        "  新建任务 HN-ZZ-05-1（第3行）",
        "试运行（未写入）：将新建问题1个、新建任务1项、调整任务0项、未变化0项。",
    ]
    assert not Task.objects.filter(problem__code="HN-ZZ-05").exists()
    assert main(args) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "导入完成：新建问题1个、新建任务1项、调整任务0项、未变化0项。"
    )
    assert Task.objects.filter(problem__code="HN-ZZ-05").count() == 1
    assert main(args) == 0
    assert "没有变化" in capsys.readouterr().out


def test_reporter_may_not_import(world, tmp_path, capsys):
    source = tmp_path / "x.xlsx"
    source.write_bytes(build([]))
    assert main(["import", "ledger", str(source), "--user", "reporter"]) == 1
    assert "may import" in capsys.readouterr().err


def test_long_import_prints_progress(world, tmp_path, capsys):
    rows = [
        {
            "问题编号": f"P-{n:03d}",
            "来源": "反馈问题",
            "问题描述": "问题",
            "整改目标": "目标",
            "整改措施": "措施",
            "牵头单位": "株洲市住建局",
            "责任人": "周建国",
            "整改时限": "2021年12月31日",
            "验收层级": "市级",
        }
        for n in range(150)
    ]
    source = tmp_path / "long.xlsx"
    source.write_bytes(build(rows))
    assert main(["import", "ledger", str(source), "--plan", "ZZ-2021", "--dry-run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["  校验 100/150 行", "  校验 150/150 行"]


def test_report_progress_writes_a_word_file(world, tmp_path, capsys):
    target = tmp_path / "report.docx"
    assert (
        main(
            ["report", "progress", "--plan", "ZZ-2021", "--period", "2021-06-15", "-o", str(target)]
        )
        == 0
    )
    assert capsys.readouterr().out == (
        f"已生成整改进展情况报告（2021-06-01至2021-06-30）→ {target}\n"
    )
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "株洲市整改进展情况报告" in text
    assert (
        main(
            ["report", "progress", "--plan", "ZZ-2021", "--period", "2021-13-01", "-o", str(target)]
        )
        == 2
    )


def test_a_report_write_failing_half_way_leaves_no_file(world, tmp_path, capsys):
    # The disk "fills" after 2 KB: the Word file is bigger, so its write fails part-way.
    # (Every writer goes through core.files.atomic_write; tests/core/test_files.py.)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "report.docx"
    command = ["report", "progress", "--plan", "ZZ-2021", "--period", "2021-06-15"]
    with file_size_limit(2048):
        assert main([*command, "-o", str(target)]) == 2
    assert f"cannot write {target}: File too large" in capsys.readouterr().err
    assert list(folder.iterdir()) == []
