"""Scope: a county reporter sees its own county, never a sibling's, in pages or API (each
page and operation as anonymous, without the right, out of scope and in scope:
tests/core/test_permissions.py)."""

from __future__ import annotations

import pytest

from duban.core import selectors
from duban.core.choices import OrganizationKind, Role
from duban.core.models import Event, Person
from duban.core.services import person_create
from duban.errors import NotPermitted
from tests.clients import client_for
from tests.factories import make_organization, make_user

pytestmark = pytest.mark.django_db


def test_county_reporter_sees_own_county_only(counties):
    visible = set(selectors.organization_visible_to(counties.lukou_reporter))
    assert visible == {counties.lukou}
    people = set(selectors.person_visible_to(counties.lukou_reporter))
    assert people == {counties.lukou_person}


def test_city_office_sees_every_county_in_its_region(counties):
    visible = set(selectors.organization_visible_to(counties.city_reviewer))
    assert {counties.lukou, counties.hetang, counties.city_office} <= visible


def test_api_lists_only_own_county(counties):
    client = client_for(counties.lukou_reporter)
    organizations = client.get("/api/organizations").json()
    assert [item["id"] for item in organizations["items"]] == [counties.lukou.pk]
    people = client.get("/api/people").json()
    assert [item["name"] for item in people["items"]] == ["孙海波"]


def test_events_of_own_organization_are_listed(counties):
    response = client_for(counties.lukou_reporter).get(
        f"/api/events/core.organization/{counties.lukou.pk}"
    )
    assert response.status_code == 200
    verbs = [event["verb"] for event in response.json()]
    assert verbs == ["organization.created", "membership.granted"]


def test_pages_hide_sibling_county(counties):
    client = client_for(counties.lukou_reporter)
    assert client.get(f"/organizations/{counties.hetang.pk}/").status_code == 404
    assert client.get(f"/organizations/{counties.lukou.pk}/").status_code == 200
    listing = client.get("/organizations/").content.decode()
    assert "渌口区住建局" in listing and "荷塘区住建局" not in listing
    people = client.get("/people/").content.decode()
    assert "孙海波" in people and "吴涛" not in people


def test_home_page_recent_events_stay_in_scope(counties):
    page = client_for(counties.lukou_reporter).get("/").content.decode()
    assert "荷塘区" not in page


def test_admin_creates_person_with_event(counties):
    admin = make_user("lukou_admin", organization=counties.lukou, role=Role.ADMIN)
    response = client_for(admin).post(
        "/api/people",
        {"name": "新人", "post": "科员", "organization": counties.lukou.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    person = Person.objects.get(pk=response.json()["id"])
    event = Event.objects.get(subject_type="core.person", subject_id=str(person.pk))
    assert (event.verb, event.actor_id, event.data["name"]) == ("person.created", admin.pk, "新人")


def test_service_refuses_admin_of_other_county(counties):
    admin = make_user("hetang_admin", organization=counties.hetang, role=Role.ADMIN)
    with pytest.raises(NotPermitted):
        person_create(actor=admin, name="越权", organization=counties.lukou)
    assert not Person.objects.filter(name="越权").exists()


def test_stationed_group_sees_the_department_it_is_stationed_in_and_itself():
    commission = make_organization(
        "株洲市纪委监委", kind=OrganizationKind.DISCIPLINE_COMMISSION, region=None
    )
    housing = make_organization("株洲市住建局")
    other = make_organization("株洲市生态环境局")
    group = make_organization(
        "驻市住建局纪检监察组",
        kind=OrganizationKind.STATIONED_GROUP,
        parent=commission,
        stationed_in=housing,
    )
    member = make_user("group", organization=group, role=Role.SUPERVISOR)
    visible = set(selectors.organization_visible_to(member))
    assert housing in visible and group in visible and other not in visible
    assert commission not in visible  # the group's parent is not its scope


def test_user_without_membership_sees_nothing(db):
    loner = make_user("loner")
    assert selectors.organization_visible_to(loner).count() == 0
    events = selectors.event_visible_to(loner)
    assert [(event.subject_type, event.subject_id) for event in events] == [
        ("auth.user", str(loner.pk))  # only the creation of their own account
    ]
