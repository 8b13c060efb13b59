"""Permission-harness endpoints of the daily-list import (page and API)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.complaints.lists import daily_list, daily_rows
from tests.permissions import Endpoint


def upload(s: Any) -> dict[str, Any]:
    """A one-row list from the team, received by 株洲's office."""
    content = daily_list(daily_rows(1))
    return {
        "file": SimpleUploadedFile("第3批.xlsx", content),
        "office": s.w.office.pk,
        "team": s.team.pk,
        "batch_number": 3,
    }


ENDPOINTS: list[Endpoint] = [
    # A reviewer of any office or unit may import as it (permissions.may_receive): another
    # city's office gets the page for its own office.
    Endpoint(
        "GET /complaints/import/",
        anonymous=302,
        without_right={"office_viewer": 403, "unit_worker": 403},
        out_of_scope={"far_reviewer": 200},
        in_scope={"w.reviewer": 200},
    ),
    Endpoint(
        "POST /complaints/import/",
        data=upload,
        anonymous=302,
        without_right={"office_viewer": 403, "unit_worker": 403},
        out_of_scope={"far_reviewer": 400},  # 株洲's office is not a choice
        in_scope={"w.reviewer": 302},
        records=["complaint.received", "complaint.imported"],
    ),
    Endpoint(
        "POST /api/complaints/import",
        data=upload,
        anonymous=401,
        without_right={"office_viewer": (403, "complaint_not_permitted")},
        # 株洲's office is unknown to them: another city's office, the handling unit.
        out_of_scope={
            "far_reviewer": (404, "organization_not_found"),
            "unit_reviewer": (404, "organization_not_found"),
        },
        in_scope={"w.reviewer": 200},
        records=["complaint.received", "complaint.imported"],
    ),
]
