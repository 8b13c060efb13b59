"""The intake pages: the list (filters, sorting, query count), the complaint's page (facts,
clocks in words, timeline, transfer form), staff entry and 转办 — and the complainant's
identity on none of them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings

from duban.complaints.choices import ComplaintState, Truth
from duban.complaints.identity import unseal
from duban.complaints.models import Complaint, ComplaintIdentity
from duban.complaints.services.intake import complaint_register
from duban.core import clock
from duban.core.models import Event
from tests.clients import client_for, count_queries
from tests.complaints.endpoints_intake import entry_form
from tests.complaints.scene import COMPLAINANT, complaint_in
from tests.permissions import nothing_changes

pytestmark = pytest.mark.django_db

SECRETS = (COMPLAINANT.name, COMPLAINANT.phone, COMPLAINANT.address)


def _register(scene, n: int, **overrides):
    return complaint_register(
        actor=scene.w.reviewer,
        office=scene.w.office,
        data=complaint_in(
            number=f"DBTEST{n:04d}",
            accused_name=f"某企业{n}号",
            address=f"株洲市芦淞区测试路{n}号",
            content=f"第{n}件：噪声扰民",
            **overrides,
        ),
    )


def _numbers(response) -> list[str]:
    return [complaint.number for complaint in response.context["page"]]


def _assert_no_identity(content: bytes) -> None:
    text = content.decode()
    for secret in SECRETS:
        assert secret not in text


# The list


def test_the_list_shows_what_the_user_sees_and_links_each_row(scene):
    response = client_for(scene.w.reviewer).get("/complaints/")
    assert response.status_code == 200
    assert _numbers(response) == [scene.complaint.number]
    assert f'href="/complaints/{scene.complaint.pk}/"' in response.content.decode()
    _assert_no_identity(response.content)
    assert _numbers(client_for(scene.accused_reviewer).get("/complaints/")) == []
    assert _numbers(client_for(scene.far_reviewer).get("/complaints/")) == []


def test_the_list_filters(scene):
    other = _register(scene, 1, region=scene.complaint.region.parent, team=None)
    client = client_for(scene.w.reviewer)
    both = {scene.complaint.number, other.number}

    def numbers(query: str) -> set[str]:
        return set(_numbers(client.get(f"/complaints/?{query}")))

    assert numbers("") == both
    assert numbers("state=registered") == {other.number}
    assert numbers("state=transferred") == {scene.complaint.number}
    assert numbers(f"team={scene.team.pk}&batch=3") == {scene.complaint.number}
    assert numbers(f"team={scene.team.pk}&batch=4") == set()
    assert numbers("region=430212") == {scene.complaint.number}
    assert numbers("region=430200") == both
    assert numbers("channel=phone") == both
    assert numbers("channel=letter") == set()
    assert numbers("q=偷排") == {scene.complaint.number}
    assert numbers("q=测试路1号") == {other.number}
    assert numbers("q=dbtest0001") == {other.number}
    assert numbers("truth=true") == set()
    Complaint.objects.filter(pk=other.pk).update(truth=Truth.TRUE)
    assert numbers("truth=true") == {other.number}
    # A mistyped value is dropped, not refused.
    assert numbers("state=nonsense&team=x&region=abc") == both


def test_the_overdue_filter_follows_each_clock(scene):
    registered = _register(scene, 1, received_on=clock.today() - timedelta(days=2))
    client = client_for(scene.w.reviewer)
    transferred = scene.complaint  # acknowledge in 15 days, report to the team in 10
    later = clock.today() + timedelta(days=11)
    with override_settings(DUBAN_TODAY=later):
        assert set(_numbers(client.get("/complaints/?overdue=team_report"))) == {transferred.number}
        assert _numbers(client.get("/complaints/?overdue=acknowledge")) == []
        assert set(_numbers(client.get("/complaints/?overdue=any"))) == {transferred.number}
    with override_settings(DUBAN_TODAY=clock.today() + timedelta(days=16)):
        assert set(_numbers(client.get("/complaints/?overdue=transfer"))) == {registered.number}
        assert set(_numbers(client.get("/complaints/?overdue=acknowledge"))) == {transferred.number}
        assert _numbers(client.get("/complaints/?overdue=handle")) == []
    with override_settings(DUBAN_TODAY=clock.today() + timedelta(days=61)):
        assert _numbers(client.get("/complaints/?overdue=handle")) == [transferred.number]


def test_the_list_sorts_by_handle_due_date(scene):
    other = _register(scene, 1)
    Complaint.objects.filter(pk=other.pk).update(handle_due_on=clock.today())
    client = client_for(scene.w.reviewer)
    assert _numbers(client.get("/complaints/?sort=handle_due_on")) == [
        other.number,
        scene.complaint.number,
    ]
    assert _numbers(client.get("/complaints/?sort=-handle_due_on")) == [
        scene.complaint.number,
        other.number,
    ]


def test_the_list_queries_do_not_grow_with_its_rows(scene):
    client = client_for(scene.w.reviewer)
    _register(scene, 1)
    few = count_queries(client, "/complaints/")
    for n in range(2, 12):
        _register(scene, n, team=scene.team, batch_number=n)
    assert count_queries(client, "/complaints/") == few


def test_the_list_exports_its_rows(scene):
    response = client_for(scene.w.reviewer).get("/complaints/?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_todo_narrows_the_list_to_complaints_to_transfer(scene):
    other = _register(scene, 1)
    response = client_for(scene.w.reviewer).get("/complaints/?todo=complaints_to_transfer")
    assert _numbers(response) == [other.number]
    response = client_for(scene.unit_worker).get("/complaints/?todo=complaints_to_acknowledge")
    assert _numbers(response) == [scene.complaint.number]


# The complaint's page


def test_the_page_shows_the_facts_clocks_and_timeline(scene):
    response = client_for(scene.w.reviewer).get(f"/complaints/{scene.complaint.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert scene.complaint.content in page
    assert scene.environment.name in page
    assert scene.team.name in page
    clocks = {clock.key: clock for clock in response.context["clocks"]}
    assert list(clocks) == ["transfer", "acknowledge", "handle", "team_report"]
    assert clocks["transfer"].done_on == clock.today()
    assert clocks["handle"].due_on == clock.today() + timedelta(days=60)
    assert clocks["handle"].stage is None
    verbs = [event.verb for event in response.context["events"]]
    assert verbs == ["complaint.received", "complaint.transferred"]
    assert 'data-testid="transfer-form"' in page


def test_the_page_words_a_clock_that_ran_out(scene):
    with override_settings(DUBAN_TODAY=clock.today() + timedelta(days=9)):
        response = client_for(scene.w.reviewer).get(f"/complaints/{scene.complaint.pk}/")
    clocks = {clock.key: clock for clock in response.context["clocks"]}
    assert clocks["team_report"].stage == "due"
    assert clocks["acknowledge"].stage is None
    with override_settings(DUBAN_TODAY=clock.today() + timedelta(days=20)):
        response = client_for(scene.w.reviewer).get(f"/complaints/{scene.complaint.pk}/")
    clocks = {clock.key: clock for clock in response.context["clocks"]}
    assert clocks["acknowledge"].stage == "overdue"
    assert 'data-clock="acknowledge" data-stage="overdue"' in response.content.decode()


def test_the_page_never_shows_the_identity_to_those_without_the_role(scene):
    for user in (scene.w.reviewer, scene.office_viewer, scene.unit_worker, scene.unit_reviewer):
        response = client_for(user).get(f"/complaints/{scene.complaint.pk}/")
        assert response.status_code == 200
        _assert_no_identity(response.content)


def test_the_transfer_form_only_for_who_may_transfer(scene):
    for user in (scene.unit_worker, scene.office_viewer):
        page = client_for(user).get(f"/complaints/{scene.complaint.pk}/").content.decode()
        assert 'data-testid="transfer-form"' not in page


# Staff entry


def test_entry_registers_seals_the_identity_and_never_echoes_it(scene):
    client = client_for(scene.w.reviewer)
    page = client.get("/complaints/new/").content.decode()
    assert 'name="complainant_name"' in page
    response = client.post("/complaints/new/", entry_form(scene), follow=True)
    assert response.status_code == 200
    complaint = Complaint.objects.get(accused_name="株洲市某建材厂")
    assert response.redirect_chain == [(f"/complaints/{complaint.pk}/", 302)]
    assert complaint.received_by == scene.w.office
    assert complaint.state == ComplaintState.REGISTERED
    assert complaint.anonymous is False
    sealed = ComplaintIdentity.objects.get(complaint=complaint)
    assert "郝秘密" not in sealed.token
    assert unseal(sealed.key_id, sealed.token).phone == "13900001234"
    _assert_no_identity(response.content)
    event = Event.objects.get(verb="complaint.received", subject_id=str(complaint.pk))
    assert "郝秘密" not in str(event.data)


def test_entry_without_identity_is_anonymous(scene):
    form = entry_form(scene)
    form.update(complainant_name="", phone="")
    assert client_for(scene.w.reviewer).post("/complaints/new/", form).status_code == 302
    complaint = Complaint.objects.get(accused_name="株洲市某建材厂")
    assert complaint.anonymous is True
    assert not ComplaintIdentity.objects.filter(complaint=complaint).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"received_on": "2099-01-01"}, "received_on"),  # the service: in the future
        ({"number": "D3HN202611270001"}, "number"),  # the service: already registered
        ({"region": "430300"}, "region"),  # the service: 湘潭 is outside 株洲's office
        ({"region": "999999"}, "region"),  # the form: unknown region
        ({"content": "   "}, "content"),
        ({"channel": "pigeon"}, "channel"),
        ({"email": "not-an-address"}, "email"),
        ({"batch_number": "3"}, "team"),  # a batch without its team
        ({"received_on": "2026-13-45"}, "received_on"),
    ],
)
def test_entry_refusals_are_field_errors(scene, change, field):
    form = {**entry_form(scene), **change}
    with nothing_changes():
        response = client_for(scene.w.reviewer).post("/complaints/new/", form)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert f'data-field-error="{field}"' in response.content.decode()


# 转办


def test_transfer_from_the_page(scene):
    other = _register(scene, 1)
    response = client_for(scene.w.reviewer).post(
        f"/complaints/{other.pk}/transfer/", {"unit": scene.environment.pk, "note": "请办理"}
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.state == ComplaintState.TRANSFERRED
    assert other.handling_unit == scene.environment
    assert other.handle_due_on == clock.today() + timedelta(days=60)


def test_transfer_to_the_unit_complained_about_is_refused_on_the_unit(scene):
    with nothing_changes():
        response = client_for(scene.w.reviewer).post(
            f"/complaints/{scene.complaint.pk}/transfer/", {"unit": scene.accused.pk}
        )
    assert response.status_code == 400
    assert response.context["transfer_form"].errors["unit"]


def test_transfer_without_a_unit_is_a_field_error(scene):
    with nothing_changes():
        response = client_for(scene.w.reviewer).post(
            f"/complaints/{scene.complaint.pk}/transfer/", {"unit": "abc"}
        )
    assert response.status_code == 400
    assert response.context["transfer_form"].errors["unit"]


# Navigation and to-do


def test_the_navigation_and_the_home_page_todo(scene):
    _register(scene, 1)
    page = client_for(scene.w.reviewer).get("/").content.decode()
    assert 'href="/complaints/"' in page
    assert "/complaints/?todo=complaints_to_transfer" in page
    worker_page = client_for(scene.unit_worker).get("/").content.decode()
    assert "/complaints/?todo=complaints_to_acknowledge" in worker_page
    assert "/complaints/?todo=complaints_to_transfer" not in worker_page
