"""Permission-harness endpoints of the complaint pages and API (intake): the list, the
complaint's page, staff entry and 转办.

The office's reviewer registers and transfers; its viewer and the handling unit's staff see
but may not; another city's office (far_reviewer) and the unit complained about
(accused_reviewer) never see the complaint."""

from __future__ import annotations

from typing import Any

from tests.permissions import Endpoint, NotApplicable

READING_NEEDS_NO_ROLE = NotApplicable("every member may read what is in scope")
NOT_PERMITTED = (403, "complaint_not_permitted")


def entry_form(s: Any) -> dict[str, Any]:
    """A new complaint about another firm, as the staff entry form posts it."""
    return {
        "office": s.w.office.pk,
        "received_on": "2026-11-20",
        "channel": "letter",
        "region": "430211",
        "accused_name": "株洲市某建材厂",
        "address": "株洲市天元区栗雨工业园3号",
        "content": "粉尘污染严重",
        "priority": "normal",
        "is_public": "on",
        "complainant_name": "郝秘密",
        "phone": "13900001234",
    }


def entry_json(s: Any) -> dict[str, Any]:
    form = entry_form(s)
    return {
        "office": s.w.office.pk,
        "received_on": form["received_on"],
        "channel": "letter",
        "region": "430211",
        "accused_name": form["accused_name"],
        "content": form["content"],
        "identity": {"name": "郝秘密", "phone": "13900001234"},
    }


def transfer(s: Any) -> dict[str, Any]:
    return {"unit": s.environment.pk, "note": "请依法办理"}


ENDPOINTS: list[Endpoint] = [
    # Pages
    Endpoint(
        "GET /complaints/",
        anonymous=302,
        without_right=READING_NEEDS_NO_ROLE,
        out_of_scope={"far_reviewer": 200, "accused_reviewer": 200},
        in_scope={"w.reviewer": 200, "office_viewer": 200, "unit_worker": 200},
    ),
    Endpoint(
        "GET /complaints/{complaint.pk}/",
        anonymous=302,
        without_right=READING_NEEDS_NO_ROLE,
        out_of_scope={"far_reviewer": 404, "accused_reviewer": 404, "w.outsider": 404},
        in_scope={"w.reviewer": 200, "office_viewer": 200, "unit_worker": 200},
    ),
    Endpoint(
        "GET /complaints/new/",
        anonymous=302,
        without_right={"office_viewer": 403, "unit_worker": 403},
        out_of_scope={"far_reviewer": 200},  # registers for its own office
        in_scope={"w.reviewer": 200},
    ),
    Endpoint(
        "POST /complaints/new/",
        data=entry_form,
        anonymous=302,
        without_right={"office_viewer": 403, "unit_worker": 403},
        out_of_scope={"far_reviewer": 400},  # 株洲's office is not among its choices
        in_scope={"w.reviewer": 302},
        records=["complaint.received"],
    ),
    Endpoint(
        "POST /complaints/{complaint.pk}/transfer/",
        data=transfer,
        anonymous=302,
        without_right={"office_viewer": 403, "unit_worker": 403},
        out_of_scope={"far_reviewer": 404, "accused_reviewer": 404},
        in_scope={"w.reviewer": 302},
        records=["complaint.transferred"],
    ),
    # API
    Endpoint(
        "GET /api/complaints",
        anonymous=401,
        without_right=READING_NEEDS_NO_ROLE,
        out_of_scope={"far_reviewer": 200, "accused_reviewer": 200},
        in_scope={"w.reviewer": 200, "office_viewer": 200, "unit_worker": 200},
    ),
    Endpoint(
        "GET /api/complaints/{complaint.pk}",
        anonymous=401,
        without_right=READING_NEEDS_NO_ROLE,
        out_of_scope={"far_reviewer": 404, "accused_reviewer": 404},
        in_scope={"w.reviewer": 200, "office_viewer": 200, "unit_worker": 200},
    ),
    Endpoint(
        "POST /api/complaints",
        data=entry_json,
        anonymous=401,
        without_right={"office_viewer": NOT_PERMITTED, "unit_worker": NOT_PERMITTED},
        out_of_scope={"far_reviewer": (400, "complaint_not_a_receiving_office")},
        in_scope={"w.reviewer": 201},
        records=["complaint.received"],
    ),
    Endpoint(
        "POST /api/complaints/{complaint.pk}/transfer",
        data=transfer,
        anonymous=401,
        without_right={"office_viewer": NOT_PERMITTED, "unit_worker": NOT_PERMITTED},
        out_of_scope={"far_reviewer": 404, "accused_reviewer": 404},
        in_scope={"w.reviewer": 200},
        records=["complaint.transferred"],
    ),
]
