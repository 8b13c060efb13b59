"""Site checks in the users' words: inspectors picked by name but never of the lead unit (the
picker leaves them out, the service refuses them, page and API alike), the position taken from
a photo's GPS when left empty, and the verification checker picker."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from duban.verification.models import SiteCheck
from tests.clients import client_for, post_json
from tests.factories import make_person
from tests.permissions import changes_since, database_state
from tests.verification.scene import jpeg, site_check, site_check_form

pytestmark = pytest.mark.django_db


def offered(user, **query) -> list[str]:
    response = client_for(user).get("/pick/inspectors/", query)
    assert response.status_code == 200
    return re.findall(r'data-pick-label="([^"]*)"', response.content.decode())


def test_inspector_picker_leaves_out_the_lead_units_staff(scene):
    w = scene.w
    everyone = offered(w.reviewer)
    assert "周建国（株洲市住建局）" in everyone  # the lead unit's head: a person in scope
    independent = offered(w.reviewer, tasks=w.task.pk)
    assert "周建国（株洲市住建局）" not in independent
    assert "王晓梅（株洲市整改办）" in independent
    # A task the user cannot see excludes nobody and reveals nothing.
    assert offered(w.outsider, tasks=w.task.pk) == offered(w.outsider)


def test_a_lead_unit_inspector_is_refused_on_the_page(scene):
    w = scene.w
    before = database_state()
    data = site_check_form(scene, inspectors=[w.signer.pk, w.responsible.pk])
    response = client_for(w.reviewer).post("/site-checks/new/", data)
    assert response.status_code == 400
    text = response.content.decode()
    assert 'data-field-error="inspectors"' in text
    assert "周建国 是牵头单位株洲市住建局的人员，单位不能核查自己的工作" in text
    assert changes_since(before) == []


def test_a_lead_unit_inspector_is_refused_by_the_api(scene):
    w = scene.w
    staff_below = make_person("赵六", organization=w.housing)
    before = database_state()
    response = post_json(
        client_for(w.reviewer), "/api/site-checks", site_check(scene, inspectors=[staff_below.pk])
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_site_check"
    assert "inspectors" in response.json()["fields"]
    assert changes_since(before) == []


def test_the_position_comes_from_a_photos_gps_when_left_empty(scene):
    data = {**site_check_form(scene, latitude="", longitude=""), "evidence": [jpeg("现场.jpg")]}
    response = client_for(scene.w.reviewer).post("/site-checks/new/", data)
    assert response.status_code == 302
    check = SiteCheck.objects.get()
    assert (check.latitude, check.longitude) == (Decimal("27.870000"), Decimal("113.160000"))


def test_a_typed_position_wins_over_the_photo(scene):
    data = {**site_check_form(scene), "evidence": [jpeg("现场.jpg")]}
    assert client_for(scene.w.reviewer).post("/site-checks/new/", data).status_code == 302
    assert SiteCheck.objects.get().latitude == Decimal("27.871000")


def test_no_photo_no_position(scene):
    data = site_check_form(scene, latitude="", longitude="")
    assert client_for(scene.w.reviewer).post("/site-checks/new/", data).status_code == 302
    assert SiteCheck.objects.get().latitude is None


def test_the_form_says_where_the_position_comes_from_and_asks_no_code(scene):
    text = client_for(scene.w.reviewer).get("/site-checks/new/").content.decode()
    assert "取所传照片中记录的 GPS 位置" in text
    assert "行政区划代码" not in text and 'inputmode="numeric"' not in text
    assert 'hx-get="/pick/inspectors/"' in text and 'hx-get="/pick/tasks/"' in text
    assert "<select" not in text.split('data-testid="picker-inspectors"')[1].split("</div>")[0]


def test_the_checker_is_picked_among_people_outside_the_lead_unit(scene):
    claim = scene.claims[0]
    client = client_for(scene.w.reviewer)
    text = client.get(f"/claims/{claim.pk}/verify/").content.decode()
    assert f'hx-get="/pick/inspectors/?tasks={claim.task_id}"' in text
    data = {
        "verified_value": "8.84",
        "method": "site_measurement",
        "checker": scene.w.signer.pk,  # what the picker's chip posts
        "verified_on": "2020-01-01",
    }
    assert client.post(f"/claims/{claim.pk}/verify/", data).status_code == 302
