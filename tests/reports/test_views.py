"""The ledger page, its downloads and the API: no right, out of scope, in scope (every caller
through the permission harness: tests/reports/test_permissions.py)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from docx import Document

from duban.core.models import Event
from duban.core.principal import SYSTEM
from duban.rectification.models import Task
from duban.reports.workbook.export import workbook_export
from tests.clients import client_for
from tests.jobs import finished_job_page, follow_job
from tests.permissions import changes_since, database_state
from tests.reports.test_workbook_import import new_row
from tests.reports.workbooks import build, sheet_rows

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def only_jobs_changed(before) -> bool:  # noqa: ANN001
    """Nothing but the job's own rows (the queue's and ours) differs since `before`."""
    tables = {change.split(":")[0] for change in changes_since(before)}
    return tables <= {"core.job", "django_tasks_database.dbtaskresult"}


def upload(content: bytes, name: str = "台账.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


def test_reporter_sees_and_exports_but_may_not_upload(world):
    client = client_for(world.w.reporter)
    page = client.get("/reports/ledger/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "ZZ-2021" in html and "CS-2021" not in html
    assert 'data-testid="ledger-upload"' not in html
    assert "/reports/ledger/" in html  # the navigation entry
    export = follow_job(client, client.post("/reports/ledger/export.xlsx", {"plan": "ZZ-2021"}))
    assert export.status_code == 200 and export["Content-Type"] == XLSX
    assert "filename*=utf-8''" in export["Content-Disposition"]
    assert len(sheet_rows(b"".join(export.streaming_content))) == 3
    before = database_state()
    content = build([new_row()])
    response = client.post("/reports/ledger/", {"file": upload(content), "plan": "ZZ-2021"})
    assert response.status_code == 403 and changes_since(before) == []


def test_reviewer_uploads_dry_run_then_imports(world):
    client = client_for(world.w.reviewer)
    page = client.get("/reports/ledger/").content.decode()
    assert 'data-testid="ledger-upload"' in page
    # counted by source: HN-ZZ-02 is a typical case, not a 反馈问题
    assert "反馈问题1个：已完成1个（其中已销号0个），达到序时进度0个，滞后0个" in page
    assert "典型案例问题1个：已完成0个（其中已销号0个），达到序时进度1个，滞后0个" in page
    before = database_state()
    content = build([new_row()])
    dry = client.post(
        "/reports/ledger/", {"file": upload(content), "plan": "ZZ-2021", "dry_run": "on"}
    )
    assert "试运行（未写入）：将新建问题1个、新建任务1项" in finished_job_page(client, dry)
    assert only_jobs_changed(before)
    last = Event.objects.order_by("-seq").values_list("seq", flat=True).first()
    done = client.post("/reports/ledger/", {"file": upload(content), "plan": "ZZ-2021"})
    page = finished_job_page(client, done)
    verbs = list(Event.objects.filter(seq__gt=last).order_by("seq").values_list("verb", flat=True))
    assert verbs == ["problem.created", "task.created"]  # by the worker, as the reviewer
    assert set(Event.objects.filter(seq__gt=last).values_list("actor", flat=True)) == {
        world.w.reviewer.pk
    }
    assert "导入完成：新建问题1个、新建任务1项、调整任务0项、未变化0项。" in page
    assert 'data-testid="import-changes"' in page
    assert Task.objects.filter(problem__code="HN-ZZ-03").count() == 1


def test_refused_upload_shows_each_row_and_writes_nothing(world):
    rows = sheet_rows(workbook_export(user=SYSTEM, plan=world.w.plan).content)
    rows[0]["整改时限"] = "2021年13月"
    rows[1]["状态"] = "已销号"
    before = database_state()
    client = client_for(world.w.reviewer)
    response = client.post("/reports/ledger/", {"file": upload(build(rows))})
    html = finished_job_page(client, response)
    assert only_jobs_changed(before)
    assert 'data-testid="import-errors"' in html
    assert "<td>3</td><td>整改时限</td><td>“2021年13月”不是有效日期：月份应在1至12之间</td>" in html
    assert "<td>4</td><td>状态</td>" in html
    assert "导入被拒绝：2行共2处错误，未写入任何数据。" in html


def test_upload_that_is_not_xlsx_is_refused_by_the_form(world):
    response = client_for(world.w.reviewer).post(
        "/reports/ledger/", {"file": upload(b"not a spreadsheet", "a.xlsx")}
    )
    assert response.status_code == 400
    assert 'class="invalid-feedback"' in response.content.decode()


def test_out_of_scope_plan_is_404(world):
    client = client_for(world.w.reviewer)
    assert client.post("/reports/ledger/export.xlsx", {"plan": "CS-2021"}).status_code == 404
    assert client.post("/reports/plans/CS-2021/progress.docx").status_code == 404
    outsider = client_for(world.w.outsider)
    # the outsider's unit co-handles a task of ZZ-2021, so it sees the plan; not CS-2021
    assert outsider.post("/reports/plans/CS-2021/progress.docx").status_code == 404
    before = database_state()
    other = client_for(world.other_reviewer)
    response = other.post(
        "/reports/ledger/", {"file": upload(build([new_row()])), "plan": "ZZ-2021"}
    )
    assert response.status_code == 400  # not a choice for this reviewer
    assert changes_since(before) == []


def test_word_report_download(world):
    client = client_for(world.w.reviewer)
    asked = client.post("/reports/plans/ZZ-2021/progress.docx", {"period": "2021-06-20"})
    response = follow_job(client, asked)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "反馈问题1个" in text and "典型案例问题1个" in text and "老旧污水管网改造滞后" in text
    bad = client.post("/reports/plans/ZZ-2021/progress.docx", {"period": "x"})
    assert bad.status_code == 400


def test_api_ledger(world):
    assert Client().get("/api/plans/ZZ-2021/ledger.xlsx").status_code == 401
    client = client_for(world.w.reviewer)
    assert client.get("/api/plans/CS-2021/ledger.xlsx").json()["code"] == "plan_not_found"
    response = client.get("/api/plans/ZZ-2021/ledger.xlsx")
    assert response.status_code == 200 and len(sheet_rows(response.content)) == 3
    assert client.get("/api/openapi.json").status_code == 200
