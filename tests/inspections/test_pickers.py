"""The problem picker: problems the caller sees, by code and title; never another county's."""

from __future__ import annotations

import re

import pytest

from tests.clients import client_for
from tests.factories import add_hetang_problem, make_workflow

pytestmark = pytest.mark.django_db


def offered(user, **query) -> list[str]:
    response = client_for(user).get("/pick/problems/", query)
    assert response.status_code == 200
    return re.findall(r'data-pick-value="([^"]*)"', response.content.decode())


def test_problem_picker_is_scoped():
    w = make_workflow()
    add_hetang_problem(w)
    assert offered(w.reviewer, q="水") == ["HN-ZZ-HT", "HN-ZZ-01"]
    assert offered(w.reporter) == ["HN-ZZ-01"]  # reached through its task
    assert offered(w.outsider, q="管网") == []  # the city problem is not the county's
    assert offered(w.outsider) == ["HN-ZZ-HT"]


def test_problem_picker_searches_titles_in_words():
    w = make_workflow()
    response = client_for(w.reviewer).get("/pick/problems/", {"q": "污水管网"})
    assert 'data-pick-label="HN-ZZ-01 老旧污水管网改造滞后"' in response.content.decode()
