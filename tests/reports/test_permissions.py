"""Every reports page and API operation through the permission harness: 株洲's plan ZZ-2021
(its ledger, exports and Word report), read by the housing bureau (reporter) and the city
office (reviewer), uploaded to by the office only; 长沙's office (other_reviewer) sees its own
plan, not 株洲's."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.permissions import Endpoint, NotApplicable, check, parametrize
from tests.reports.test_workbook_import import new_row
from tests.reports.workbooks import build

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
READING_NEEDS_NO_ROLE = NotApplicable("every member may read the plans in scope")


def _upload(s: Any) -> dict[str, Any]:
    """A ledger with one new row for ZZ-2021 (a fresh file for every call)."""
    return {
        "file": SimpleUploadedFile("台账.xlsx", build([new_row()]), content_type=XLSX),
        "plan": "ZZ-2021",
    }


ENDPOINTS = [
    Endpoint("GET /reports/ledger/", anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"other_reviewer": 200},  # their own plans only
             in_scope={"w.reporter": 200, "w.reviewer": 200}),
    Endpoint("POST /reports/ledger/", data=_upload, anonymous=302,
             without_right={"w.reporter": 403},  # sees and exports, may not upload
             out_of_scope={"other_reviewer": 400},  # 株洲's plan is not a choice for them
             in_scope={"w.reviewer": 302}),  # queued: the import's events come from the worker
    # Exports and reports queue a job (no ledger event) and open its page (core.jobs).
    Endpoint("POST /reports/ledger/export.xlsx", data=lambda s: {"plan": "ZZ-2021"},
             anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"other_reviewer": 404}, in_scope={"w.reporter": 302}),
    Endpoint("POST /reports/ledger/export.xlsx", name="export of every plan in scope",
             anonymous=302, in_scope={"w.reviewer": 302}),
    Endpoint("POST /reports/plans/ZZ-2021/progress.docx", data=lambda s: {"period": ""},
             anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"other_reviewer": 404},
             in_scope={"w.outsider": 302}),  # the outsider co-handles a task
    Endpoint("GET /api/plans/ZZ-2021/ledger.xlsx", anonymous=401,
             without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"other_reviewer": (404, "plan_not_found")},
             in_scope={"w.reporter": 200, "w.reviewer": 200}),
]  # fmt: skip


@parametrize(ENDPOINTS)
def test_permissions(world, endpoint):
    check(endpoint, world)
