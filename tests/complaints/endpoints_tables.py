"""Permission-harness endpoints of the complaint pages and API (tables)."""

from __future__ import annotations

from tests.permissions import Endpoint, NotApplicable

READING_NEEDS_NO_ROLE = NotApplicable("every member may read the tables of what is in scope")
TABLE_NOT_FOUND = (404, "complaint_table_not_found")

ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "GET /complaints/tables/",
        anonymous=302,
        without_right=READING_NEEDS_NO_ROLE,
        # Another city's office and the unit complained about: the page, with nothing on it.
        out_of_scope={"far_reviewer": 200, "accused_reviewer": 200},
        in_scope={"w.reviewer": 200, "unit_worker": 200, "office_viewer": 200},
    ),
    Endpoint(
        "GET /complaints/tables/{team.pk}/download/?batch=3&format=xlsx",
        anonymous=302,
        without_right=READING_NEEDS_NO_ROLE,
        out_of_scope={"far_reviewer": 404, "accused_reviewer": 404},
        in_scope={"w.reviewer": 200, "unit_worker": 200, "office_viewer": 200},
    ),
    Endpoint(
        "GET /api/complaints/tables",
        anonymous=401,
        without_right=READING_NEEDS_NO_ROLE,
        out_of_scope={"far_reviewer": 200, "accused_reviewer": 200},
        in_scope={"w.reviewer": 200, "unit_worker": 200},
    ),
    Endpoint(
        "GET /api/complaints/tables/{team.pk}/file?format=docx",
        anonymous=401,
        without_right=READING_NEEDS_NO_ROLE,
        out_of_scope={"far_reviewer": TABLE_NOT_FOUND, "accused_reviewer": TABLE_NOT_FOUND},
        in_scope={"w.reviewer": 200, "unit_worker": 200, "office_viewer": 200},
    ),
]
