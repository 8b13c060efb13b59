"""The daily-list import's page, API operation and command: each shapes the service's
input and result (the rules are tested in test_import.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from duban.cli import main
from duban.complaints.choices import Verb
from duban.complaints.models import Complaint
from duban.core import clock
from duban.core.models import Event
from tests.clients import client_for
from tests.complaints.lists import daily_list, daily_rows, number_of

pytestmark = pytest.mark.django_db

PAGE = "/complaints/import/"
API = "/api/complaints/import"


def _form(scene, content: bytes, **more):
    return {"file": SimpleUploadedFile("第3批.xlsx", content), "office": scene.w.office.pk, **more}


def test_page_previews_then_imports(scene):
    client = client_for(scene.w.reviewer)
    page = client.get(PAGE)
    assert page.status_code == 200 and 'name="dry_run"' in page.content.decode()
    content = daily_list(daily_rows(3))
    preview = client.post(PAGE, _form(scene, content, dry_run="on"))
    assert preview.status_code == 200
    assert "3" in preview.context["summary"] and Complaint.objects.count() == 1
    done = client.post(PAGE, _form(scene, content, team=scene.team.pk, batch_number=3), follow=True)
    assert done.redirect_chain[-1][0] == PAGE
    imported = Complaint.objects.exclude(pk=scene.complaint.pk)
    assert imported.filter(team=scene.team, batch_number=3).count() == 3
    assert Event.objects.filter(verb=Verb.IMPORTED).count() == 1


def test_page_shows_every_rows_reason_in_a_table(scene):
    rows = daily_rows(3)
    rows[0]["行政区域"] = "火星市"
    rows[2]["交办问题基本情况"] = ""
    response = client_for(scene.w.reviewer).post(PAGE, _form(scene, daily_list(rows)))
    assert response.status_code == 400
    assert [(row, column) for row, column, _ in response.context["reasons"]] == [
        (3, "行政区域"),
        (5, "交办问题基本情况"),
    ]
    html = response.content.decode()
    assert 'data-testid="import-reasons"' in html and "火星市" not in html
    assert Complaint.objects.count() == 1


def test_page_refuses_what_is_no_spreadsheet_on_the_form(scene):
    response = client_for(scene.w.reviewer).post(PAGE, _form(scene, b"hello"))
    assert response.status_code == 400
    assert [row for row, _, _ in response.context["reasons"]] == [0]


def test_api_imports_and_refuses_with_rows_in_fields(scene):
    client = client_for(scene.w.reviewer)
    rows = daily_rows(2)
    rows[1]["受理时间"] = "昨天"
    refused = client.post(API, _form(scene, daily_list(rows)))
    assert refused.status_code == 400, refused.content
    body = refused.json()
    assert body["code"] == "complaint_import_refused"
    assert list(body["fields"]) == ["row 4 受理时间"]
    rows[1]["受理时间"] = clock.today() - timedelta(days=1)
    answer = client.post(API, _form(scene, daily_list(rows), handed_over_on="2026-01-02"))
    assert answer.status_code == 200
    data = answer.json()
    assert data["written"] and len(data["created"]) == 2 and data["unchanged"] == []
    handed_over = Complaint.objects.get(number=data["created"][0]).handed_over_on
    assert handed_over == date(2026, 1, 2)
    again = client.post(API, _form(scene, daily_list(rows), handed_over_on="2026-01-02"))
    assert again.json()["unchanged"] == data["created"] and not again.json()["written"]


def test_api_refuses_a_malformed_date_and_an_unknown_team(scene):
    client = client_for(scene.w.reviewer)
    content = daily_list(daily_rows(1))
    bad_day = client.post(API, _form(scene, content, handed_over_on="2026-13-01"))
    assert bad_day.status_code == 422
    unknown = client.post(API, _form(scene, content, team=999999))
    assert unknown.status_code == 404 and unknown.json()["fields"] == {
        "team": "unknown or outside your scope"
    }
    assert Complaint.objects.count() == 1


def test_command_imports_as_system_and_reimport_changes_nothing(scene, tmp_path, capsys):
    target = tmp_path / "第3批.xlsx"
    target.write_bytes(daily_list(daily_rows(4)))
    office = str(scene.w.office.pk)
    args = ["import", "complaints", str(target), "--office", office, "--team", str(scene.team.pk)]
    assert main([*args, "--batch", "3", "--dry-run"]) == 0
    assert "试运行" in capsys.readouterr().out and Complaint.objects.count() == 1
    assert main([*args, "--batch", "3"]) == 0
    assert (
        capsys.readouterr().out
        == "导入完成：登记4件（其中0件作为重复件关联），0件已登记且未变化。\n"
    )
    events = Event.objects.count()
    assert main([*args, "--batch", "3"]) == 0
    assert "4件已登记且未变化" in capsys.readouterr().out
    assert Event.objects.count() == events
    assert Complaint.objects.get(number=number_of(clock.today() - timedelta(days=1), 101)).team


def test_command_refusals_and_usage_errors(scene, tmp_path, capsys):
    rows = daily_rows(2)
    rows[1]["行政区域"] = "火星市"
    target = tmp_path / "bad.xlsx"
    target.write_bytes(daily_list(rows))
    office = str(scene.w.office.pk)
    assert main(["import", "complaints", str(target), "--office", office]) == 1
    assert "第4行【行政区域】" in capsys.readouterr().out
    assert main(["import", "complaints", str(target), "--office", "999999"]) == 2
    assert main(["import", "complaints", str(tmp_path / "missing.xlsx"), "--office", office]) == 2
    assert main(["import", "complaints", str(target), "--office", office, "--team", "9999"]) == 2
    viewer = ["--office", office, "--user", scene.office_viewer.username]
    assert main(["import", "complaints", str(target), *viewer]) == 1
