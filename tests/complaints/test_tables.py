"""The tables pages, API and command: what each shows, downloads and refuses (the permission
cases are in endpoints_tables.py)."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from duban.cli import main
from duban.complaints.models import Complaint
from tests.clients import client_for
from tests.complaints.scene import COMPLAINANT

pytestmark = pytest.mark.django_db


def test_the_page_lists_the_teams_batches_with_their_downloads(scene):
    response = client_for(scene.w.reviewer).get("/complaints/tables/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "中央第三生态环境保护督察组" in page
    assert "第3批" in page  # in Chinese
    assert f"/complaints/tables/{scene.team.pk}/download/?batch=3&amp;format=xlsx" in page
    assert f"/complaints/tables/{scene.team.pk}/download/?format=docx" in page
    assert COMPLAINANT.name not in page


def test_the_page_shows_nothing_to_the_unit_complained_about(scene):
    page = client_for(scene.accused_reviewer).get("/complaints/tables/").content.decode()
    assert "中央第三生态环境保护督察组" not in page
    assert 'data-testid="tables-empty"' in page


def test_a_download_is_the_table_as_a_file(scene):
    client = client_for(scene.unit_worker)
    response = client.get(f"/complaints/tables/{scene.team.pk}/download/?batch=3&format=xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.content))["一览表"]
    assert sheet["B4"].value == scene.complaint.number
    response = client.get(f"/complaints/tables/{scene.team.pk}/download/?format=docx")
    assert Document(io.BytesIO(response.content)).tables[0].rows[1].cells[1].text == (
        scene.complaint.number
    )


@pytest.mark.parametrize(
    "query", ["?format=pdf", "?batch=x&format=xlsx", "?batch=-1", "?batch=99999999999999999999"]
)
def test_bad_parameters_are_400_never_500(scene, query):
    response = client_for(scene.w.reviewer).get(
        f"/complaints/tables/{scene.team.pk}/download/{query}"
    )
    assert response.status_code == 400


def test_a_batch_nobody_sees_is_404(scene):
    client = client_for(scene.w.reviewer)
    assert client.get(f"/complaints/tables/{scene.team.pk}/download/?batch=9").status_code == 404
    assert client.get("/complaints/tables/999999/download/").status_code == 404
    # Not public: not in any table.
    Complaint.objects.filter(pk=scene.complaint.pk).update(is_public=False)
    assert client.get(f"/complaints/tables/{scene.team.pk}/download/?batch=3").status_code == 404


def test_the_api_lists_batches_and_answers_files(scene):
    client = client_for(scene.unit_worker)
    answer = client.get("/api/complaints/tables").json()
    assert answer == [
        {
            "team_id": scene.team.pk,
            "team_name": "中央第三生态环境保护督察组",
            "batch_number": 3,
            "complaints": 1,
            "handed_over_on": scene.complaint.handed_over_on.isoformat(),
        }
    ]
    response = client.get(f"/api/complaints/tables/{scene.team.pk}/file?batch=3")
    assert response.status_code == 200
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    assert client_for(scene.far_reviewer).get("/api/complaints/tables").json() == []


@pytest.mark.parametrize("query", ["?format=pdf", "?batch=0", "?batch=abc"])
def test_the_api_refuses_bad_parameters_by_field(scene, query):
    response = client_for(scene.w.reviewer).get(
        f"/api/complaints/tables/{scene.team.pk}/file{query}"
    )
    assert response.status_code in (400, 422)
    assert response.json()["fields"]


def test_the_panel_links_the_batch_table(scene):
    from django.template.loader import render_to_string

    from duban.complaints.views.tables import panel

    html = render_to_string("complaints/_tables.html", panel(None, scene.complaint))  # type: ignore[arg-type]
    assert f"/complaints/tables/{scene.team.pk}/download/?batch=3&amp;format=docx" in html
    Complaint.objects.filter(pk=scene.complaint.pk).update(is_public=False)
    scene.complaint.refresh_from_db()
    html = render_to_string("complaints/_tables.html", panel(None, scene.complaint))  # type: ignore[arg-type]
    assert "download" not in html


def test_the_command_exports_a_batch_and_all(scene, tmp_path, capsys):
    target = tmp_path / "table.docx"
    code = main(
        ["export", "complaints-table", "--team", str(scene.team.pk), "--batch", "3",
         "--format", "docx", "-o", str(target)]
    )  # fmt: skip
    assert code == 0
    assert Document(str(target)).tables[0].rows[1].cells[1].text == scene.complaint.number
    target = tmp_path / "all.xlsx"
    assert (
        main(["export", "complaints-table", "--team", str(scene.team.pk), "-o", str(target)]) == 0
    )
    assert load_workbook(target)["一览表"]["B4"].value == scene.complaint.number
    assert "已导出" in capsys.readouterr().out


def test_the_command_refuses_what_the_user_does_not_see(scene, tmp_path, capsys):
    target = tmp_path / "t.xlsx"
    args = ["export", "complaints-table", "--team", str(scene.team.pk), "-o", str(target)]
    assert main([*args, "--user", "accused_reviewer"]) == 1
    assert not target.exists()
    assert main([*args, "--user", "nobody"]) == 2
    assert main([*args, "--batch", "0"]) == 2
