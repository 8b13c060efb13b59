"""Every inspections page and API operation through the permission harness: the problem of
株洲's plan, seen by the city office (reviewer) and by the housing bureau through its task
(reporter), never by the sibling county's bureau (outsider)."""

from __future__ import annotations

import pytest

from tests.permissions import Endpoint, NotApplicable, check, parametrize

pytestmark = pytest.mark.django_db

READING_NEEDS_NO_ROLE = NotApplicable("every member may read the problems in scope")
IN_SCOPE = {"reviewer": 200, "reporter": 200}

ENDPOINTS = [
    Endpoint("GET /problems/", anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"outsider": 200}, in_scope=IN_SCOPE),
    # The problem picker: the outsider gets an empty list (tests/inspections/test_pickers.py)
    Endpoint("GET /pick/problems/", anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"outsider": 200}, in_scope=IN_SCOPE),
    Endpoint("GET /problems/{problem.code}/", anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"outsider": 404}, in_scope=IN_SCOPE),
    Endpoint("GET /api/problems", anonymous=401, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"outsider": 200}, in_scope=IN_SCOPE),
    Endpoint("GET /api/problems/{problem.code}", anonymous=401,
             without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"outsider": (404, "problem_not_found")}, in_scope=IN_SCOPE),
]  # fmt: skip


@parametrize(ENDPOINTS)
def test_permissions(workflow, endpoint):
    check(endpoint, workflow)
