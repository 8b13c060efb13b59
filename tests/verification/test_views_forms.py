"""The site-check pages, verifying a claim, and a unit's data-quality profile."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.core.models import Event
from duban.verification.models import SiteCheck, Verification
from tests.clients import client_for
from tests.permissions import changes_since, database_state
from tests.verification.scene import jpeg, record_check, site_check_form, verify_form

pytestmark = pytest.mark.django_db


# Site checks: list and detail


def test_site_check_list_is_scoped(scene):
    check = record_check(scene)
    mine = client_for(scene.w.reviewer).get("/site-checks/").content.decode()
    assert f'data-site-check="{check.pk}"' in mine and "现场核查" in mine and "记录现场核查" in mine
    theirs = client_for(scene.w.outsider).get("/site-checks/").content.decode()
    assert f'data-site-check="{check.pk}"' not in theirs and "记录现场核查" not in theirs


def test_site_check_detail(scene):
    check = record_check(scene)
    page = client_for(scene.w.reviewer).get(f"/site-checks/{check.pk}/")
    assert page.status_code == 200
    assert "排口仍有污水" in page.content.decode() and "核查人员" in page.content.decode()
    assert client_for(scene.w.outsider).get(f"/site-checks/{check.pk}/").status_code == 404
    assert client_for(None).get(f"/site-checks/{check.pk}/").status_code == 302


# Site checks: the form


def test_site_check_form_for_a_reviewer_preselects_the_task(scene):
    w = scene.w
    response = client_for(w.reviewer).get(f"/site-checks/new/?task={w.task.pk}")
    text = response.content.decode()
    assert response.status_code == 200
    assert "暗查暗访（四不两直）" in text and "核查人员" in text
    # The task and its region come chosen, as chips in words (no id or code to type).
    assert f'<input type="hidden" name="tasks" value="{w.task.pk}">{w.task.title}' in text
    assert '<input type="hidden" name="region" value="430200">湖南省 / 株洲市' in text


def test_site_check_for_a_task_out_of_scope_is_refused(scene):
    before = database_state()
    response = client_for(scene.far_reviewer).post("/site-checks/new/", site_check_form(scene))
    assert response.status_code == 400
    text = response.content.decode()
    assert 'data-field-error="tasks"' in text and 'data-field-error="inspectors"' in text
    assert changes_since(before) == []


def test_site_check_recorded_with_a_real_photo(scene):
    w = scene.w
    before = Event.objects.count()
    data = {**site_check_form(scene), "evidence": [jpeg("a.jpg", 1), jpeg("b.jpg", 2)]}
    client = client_for(w.reviewer)
    response = client.post("/site-checks/new/", data)
    assert response.status_code == 302
    check = SiteCheck.objects.get()
    assert response["Location"] == f"/site-checks/{check.pk}/"
    assert check.region_id == "430200"  # defaulted from the first task
    assert (check.passed, check.unannounced, str(check.latitude)) == (False, True, "27.871000")
    assert sorted(a.original_name for a in check.evidence.all()) == ["a.jpg", "b.jpg"]
    assert check.evidence.first().metadata["exif_latitude"].startswith("27.8")
    verbs = list(Event.objects.order_by("seq")[before:].values_list("verb", flat=True))
    assert verbs == [
        "attachment.stored",
        "attachment.stored",
        "site_check.recorded",
        "site_check.recorded",
    ]
    page = client.get(response["Location"]).content.decode()
    assert "已记录现场核查" in page and 'href="/attachments/' in page


def test_fake_image_is_a_field_error_and_stores_nothing(scene):
    before = database_state()
    fake = SimpleUploadedFile("假.png", b"\x89PNG\r\n\x1a\nnot really", content_type="image/png")
    data = {**site_check_form(scene), "evidence": [jpeg(), fake]}
    response = client_for(scene.w.reviewer).post("/site-checks/new/", data)
    assert response.status_code == 400
    text = response.content.decode()
    assert 'data-field-error="evidence"' in text and "无法读取" in text
    assert changes_since(before) == []


def test_declared_type_must_match_the_content(scene):
    before = database_state()
    data = {**site_check_form(scene), "evidence": jpeg("x.pdf", content_type="application/pdf")}
    response = client_for(scene.w.reviewer).post("/site-checks/new/", data)
    assert response.status_code == 400
    assert 'data-field-error="evidence"' in response.content.decode()
    assert changes_since(before) == []


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"longitude": ""}, "latitude", "经度和纬度须同时填写或同时留空"),
        ({"checked_on": "2099-01-01"}, "checked_on", "现场核查日期不能晚于今天"),
        ({"checked_on": "2026-13-45"}, "checked_on", ""),
        ({"latitude": "91", "longitude": "1e400"}, "latitude", ""),
        ({"region": "999999"}, "region", "没有这个行政区划"),
        ({"inspectors": [], "tasks": []}, "tasks", ""),
        ({"organization": str(2**70)}, "organization", ""),
    ],
)
def test_site_check_bad_input_is_a_field_error(scene, changes, field, text):
    before = database_state()
    response = client_for(scene.w.reviewer).post(
        "/site-checks/new/", site_check_form(scene, **changes)
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert f'data-field-error="{field}"' in body
    assert text in body
    assert changes_since(before) == []


# Verifying a claim


def test_verify_page_needs_login(scene):
    url = f"/claims/{scene.claims[0].pk}/verify/"
    assert client_for(None).get(url).status_code == 302
    assert client_for(None).post(url, verify_form(scene, scene.w.signer)).status_code == 302


def test_verify_page_out_of_scope_is_404(scene):
    before = database_state()
    url = f"/claims/{scene.claims[0].pk}/verify/"
    assert client_for(scene.w.outsider).get(url).status_code == 404
    assert (
        client_for(scene.far_reviewer).post(url, verify_form(scene, scene.w.signer)).status_code
        == 404
    )
    assert client_for(scene.w.reviewer).get(f"/claims/{10**25}/verify/").status_code == 404
    assert changes_since(before) == []


def test_verify_page_shows_the_claim_and_its_verifications(scene):
    response = client_for(scene.w.reviewer).get(f"/claims/{scene.claims[0].pk}/verify/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "核查报送数据" in text and "107.5 公里" in text and "现场测量" in text
    assert "1116%" in text  # (107.5 − 8.84) / 8.84


def test_checker_from_the_lead_unit_is_a_field_error_on_checker(scene):
    before = database_state()
    url = f"/claims/{scene.claims[0].pk}/verify/"
    response = client_for(scene.w.reviewer).post(url, verify_form(scene, scene.w.responsible))
    assert response.status_code == 400
    text = response.content.decode()
    assert 'data-field-error="checker"' in text
    assert "周建国属于牵头单位株洲市住建局，不得核查本单位报送的数据" in text
    assert changes_since(before) == []


def test_verification_recorded(scene):
    check = record_check(scene)
    url = f"/claims/{scene.claims[2].pk}/verify/"
    client = client_for(scene.w.reviewer)
    form = verify_form(scene, scene.w.signer, verified_value="115.2", site_check=check.pk)
    response = client.post(url, form)
    assert response.status_code == 302 and response["Location"] == url
    verification = Verification.objects.latest("pk")
    assert (verification.deviation, verification.site_check_id) == (0, check.pk)
    assert "已保存核查结果" in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"verified_value": "abc"}, "verified_value"),
        ({"verified_value": "1e400"}, "verified_value"),
        ({"verified_value": "12345678901234567"}, "verified_value"),
        ({"verified_value": "NaN"}, "verified_value"),
        ({"method": "guess"}, "method"),
        ({"verified_on": "yesterday"}, "verified_on"),
        ({"site_check": "99999"}, "site_check"),
    ],
)
def test_verification_bad_input_is_a_field_error(scene, changes, field):
    before = database_state()
    url = f"/claims/{scene.claims[0].pk}/verify/"
    response = client_for(scene.w.reviewer).post(url, verify_form(scene, scene.w.signer, **changes))
    assert response.status_code == 400
    assert f'data-field-error="{field}"' in response.content.decode()
    assert changes_since(before) == []


# A unit's data quality


def test_data_quality_needs_login_and_scope(scene):
    url = f"/units/{scene.w.housing.pk}/data-quality/"
    assert client_for(None).get(url).status_code == 302
    assert client_for(scene.w.outsider).get(url).status_code == 404
    assert client_for(scene.w.reviewer).get(f"/units/{10**25}/data-quality/").status_code == 404


def test_data_quality_profile(scene):
    response = client_for(scene.w.reviewer).get(f"/units/{scene.w.housing.pk}/data-quality/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "数据质量" in text and "株洲市住建局" in text
    assert 'data-testid="claims">3<' in text
    assert 'data-testid="verified">3<' in text
    assert 'data-testid="verified-share">100.0%<' in text
    assert "<td>&gt;100%</td><td>3</td>" in text
    assert 'data-kind="false_reporting"' in text and "报送数据多次与核查结果不符" in text
    # Its own staff may see the profile too: it is about their unit.
    assert (
        client_for(scene.w.reporter).get(f"/units/{scene.w.housing.pk}/data-quality/").status_code
        == 200
    )


def test_data_quality_runs_a_fixed_number_of_queries(scene):
    client = client_for(scene.w.reviewer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/units/{scene.w.housing.pk}/data-quality/").status_code == 200
    assert len(queries) == 8
