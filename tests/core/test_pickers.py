"""The pickers (core.pickers): each search answers only rows of the caller's scope, in words,
bounded; the widget shows chosen rows as chips and posts their values."""

from __future__ import annotations

import re

import pytest
from django import forms

from duban.core.models import Person, Region
from duban.core.pickers import PICK_LIMIT, Picker
from tests.clients import client_for
from tests.factories import make_person, make_two_counties

pytestmark = pytest.mark.django_db


def picked(response) -> list[str]:
    """The labels a pick fragment offers, in order."""
    assert response.status_code == 200
    return re.findall(r'data-pick-label="([^"]*)"', response.content.decode())


def test_people_picker_offers_only_people_in_scope():
    c = make_two_counties()
    lukou = picked(client_for(c.lukou_reporter).get("/pick/people/"))
    assert lukou == ["孙海波（渌口区住建局）"]
    city = picked(client_for(c.city_reviewer).get("/pick/people/", {"q": "吴"}))
    assert city == ["吴涛（荷塘区住建局）"]
    # A sibling county's person never appears, whatever is typed.
    assert picked(client_for(c.lukou_reporter).get("/pick/people/", {"q": "吴涛"})) == []


def test_organization_picker_offers_only_organizations_in_scope():
    c = make_two_counties()
    assert picked(client_for(c.lukou_reporter).get("/pick/organizations/")) == ["渌口区住建局"]
    city = picked(client_for(c.city_reviewer).get("/pick/organizations/", {"q": "住建"}))
    assert sorted(city) == ["渌口区住建局", "荷塘区住建局"]


def test_region_picker_finds_regions_by_name_with_their_path():
    c = make_two_counties()
    response = client_for(c.lukou_reporter).get("/pick/regions/", {"q": "荷塘"})
    assert picked(response) == ["湖南省 / 株洲市 / 荷塘区"]
    assert 'data-pick-value="430202"' in response.content.decode()
    # Nothing typed: the regions of the caller's scope come first, not 北京.
    first = picked(client_for(c.lukou_reporter).get("/pick/regions/"))
    assert first and all(label.startswith("湖南省 / 株洲市 / 渌口区") for label in first)


def test_a_pick_is_bounded_and_says_when_more_match():
    c = make_two_counties()
    for number in range(PICK_LIMIT + 5):
        make_person(f"李{number:02d}", organization=c.lukou)
    response = client_for(c.lukou_reporter).get("/pick/people/", {"q": "李"})
    assert len(picked(response)) == PICK_LIMIT
    assert "符合的还有更多" in response.content.decode()


def test_a_pick_answers_nothing_to_the_anonymous():
    make_two_counties()
    response = client_for(None).get("/pick/people/")
    assert response.status_code == 302 and "data-pick-label" not in response.content.decode()


class PeopleForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        queryset=Person.objects.all(), widget=Picker("pick-people", multiple=True)
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.all(), to_field_name="code", widget=Picker("pick-regions")
    )


def test_the_widget_shows_chosen_rows_as_chips_and_reads_them_back():
    c = make_two_counties()
    data = {"people": [str(c.lukou_person.pk), str(c.hetang_person.pk)], "region": "430212"}
    form = PeopleForm(data)
    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["people"]) == [c.lukou_person, c.hetang_person]
    html = str(form["people"])
    chips = re.findall(r'<input type="hidden" name="people" value="(\d+)">([^<]+)', html)
    assert chips == [
        (str(c.lukou_person.pk), "孙海波（科员）"),
        (str(c.hetang_person.pk), "吴涛（科员）"),
    ]
    assert 'hx-get="/pick/people/"' in html and "required" not in html
    assert '<input type="hidden" name="region" value="430212">渌口区' in str(form["region"])


def test_the_widget_refuses_a_value_outside_its_queryset():
    c = make_two_counties()
    form = PeopleForm({"people": [str(c.lukou_person.pk)], "region": "999999"})
    form.fields["people"].queryset = Person.objects.filter(organization=c.hetang)
    assert not form.is_valid()
    assert set(form.errors) == {"people", "region"}
