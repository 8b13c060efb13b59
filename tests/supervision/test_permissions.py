"""Every supervision page and API operation through the permission harness.

The unit addressed (the housing bureau's reporter) answers; the issuing office (reviewer) issues
and concludes; the city's commission (supervisor) investigates. A sibling unit (outsider) and
another city's office and commission are out of scope; the office's viewer only watches.
"""

from __future__ import annotations

from typing import Any

import pytest

from duban.core.attachments import attachment_store
from duban.supervision.services import investigation_conclude, notice_respond
from tests.images import photo
from tests.permissions import Endpoint, NotApplicable, check, parametrize
from tests.supervision.scene import (
    answered,
    bulk_notice_form,
    investigation_form,
    investigation_in,
    notice_form,
    notice_in,
    numbering_form,
)

pytestmark = pytest.mark.django_db

READING_NEEDS_NO_ROLE = NotApplicable("every member may read what is in scope")
NOTICE_NOT_FOUND = (404, "notice_not_found")
INVESTIGATION_NOT_FOUND = (404, "investigation_not_found")


def _answered(s: Any) -> None:
    answered(s)


def _answered_with_evidence(s: Any) -> dict[str, Any]:
    evidence = attachment_store(actor=s.w.reporter, name="施工照片.jpg", content=photo(seed=5))
    notice_respond(
        actor=s.w.reporter, notice_id=s.notice.pk, response="已整改", evidence=[evidence]
    )
    return {"evidence": evidence}


def _concluded(s: Any) -> None:
    """The commission's investigation concluded: it may open another on the problem."""
    investigation_conclude(actor=s.supervisor, investigation_id=s.investigation.pk, outcome="结")


ENDPOINTS = [
    # Notices (督办单): pages
    Endpoint("GET /notices/", anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": 200, "far_reviewer": 200},
             in_scope={"w.reviewer": 200, "w.reporter": 200, "office_viewer": 200}),
    Endpoint("GET /notices/{notice.pk}/", anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": 404, "far_reviewer": 404},
             in_scope={"w.reporter": 200, "w.reviewer": 200, "office_viewer": 200}),
    Endpoint("GET /notices/{notice.pk}/docx", anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": 404}, in_scope={"w.reporter": 200}),
    Endpoint("GET /notices/{notice.pk}/evidence/{evidence.pk}/", given=_answered_with_evidence,
             anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": 404, "far_reviewer": 404},
             in_scope={"w.reporter": 200, "w.reviewer": 200}),
    Endpoint("POST /notices/{notice.pk}/response/", data=lambda s: {"response": "已整改"},
             anonymous=302, without_right={"office_viewer": 403, "w.reviewer": 403},
             out_of_scope={"w.outsider": 404, "far_reviewer": 404},
             in_scope={"w.reporter": 302}, records=["notice.responded"]),
    Endpoint("POST /notices/{notice.pk}/closure/", given=_answered,
             data=lambda s: {"note": "整改到位"}, anonymous=302,
             without_right={"w.reporter": 403, "office_viewer": 403},
             out_of_scope={"far_reviewer": 404}, in_scope={"w.reviewer": 302},
             records=["notice.closed"]),
    Endpoint("GET /tasks/{w.task.pk}/notices/new/", anonymous=302,
             without_right={"w.reporter": 403}, out_of_scope={"far_reviewer": 404},
             in_scope={"w.reviewer": 200}),
    Endpoint("POST /tasks/{w.task.pk}/notices/new/", data=notice_form, anonymous=302,
             without_right={"w.reporter": 403, "office_viewer": 403},
             out_of_scope={"far_reviewer": 404}, in_scope={"w.reviewer": 302},
             records=["notice.issued"] * 2),
    # 批量督办 of overdue tasks: only who may issue notices; one notice per task.
    Endpoint("GET /notices/overdue/", anonymous=302,
             without_right={"w.reporter": 403, "office_viewer": 403},
             out_of_scope={"far_reviewer": 200}, in_scope={"w.reviewer": 200}),
    Endpoint("POST /notices/overdue/", data=bulk_notice_form, anonymous=302,
             without_right={"w.reporter": 403, "office_viewer": 403},
             out_of_scope={"far_reviewer": 400},  # another city's office is not a choice
             in_scope={"w.reviewer": 302}, records=["notice.issued"] * 2),
    Endpoint("GET /notices/numbering/", anonymous=302,
             without_right={"w.reporter": 403, "office_viewer": 403},
             out_of_scope={"far_reviewer": 200}, in_scope={"w.reviewer": 200}),
    Endpoint("POST /notices/numbering/", data=numbering_form, anonymous=302,
             without_right={"w.reporter": 403, "office_viewer": 403},
             out_of_scope={"far_reviewer": 400},  # another city's office is not a choice
             in_scope={"w.reviewer": 302}, records=["notice.numbering_configured"]),
    # Direct investigations (直查直办): pages
    Endpoint("GET /investigations/", anonymous=302,
             without_right={"w.reviewer": 403, "w.reporter": 403},
             out_of_scope={"far_supervisor": 200}, in_scope={"supervisor": 200}),
    Endpoint("GET /investigations/new/?problem={w.problem.code}", anonymous=302,
             without_right={"w.reviewer": 403}, out_of_scope={"far_supervisor": 404},
             in_scope={"supervisor": 200}),
    Endpoint("POST /investigations/new/", data=investigation_form, anonymous=302,
             without_right={"w.reviewer": 403, "office_viewer": 403},
             out_of_scope={"far_supervisor": 400},  # the problem is unknown to them
             in_scope={"supervisor": 400}),  # the commission already investigates it
    Endpoint("POST /investigations/new/", name="open a second investigation after the first",
             given=_concluded, data=investigation_form, in_scope={"supervisor": 302},
             records=["investigation.opened"] * 2),
    Endpoint("GET /investigations/{investigation.pk}/", anonymous=302,
             without_right={"w.reporter": 404, "w.reviewer": 404},
             out_of_scope={"far_supervisor": 404}, in_scope={"supervisor": 200}),
    Endpoint("POST /investigations/{investigation.pk}/findings/",
             data=lambda s: {"findings": "新的发现"}, anonymous=302,
             without_right={"w.reviewer": 404}, out_of_scope={"far_supervisor": 404},
             in_scope={"supervisor": 302}, records=["investigation.updated"]),
    Endpoint("POST /investigations/{investigation.pk}/conclusion/",
             data=lambda s: {"outcome": "移送问责"}, anonymous=302,
             without_right={"w.reporter": 404}, out_of_scope={"far_supervisor": 404},
             in_scope={"supervisor": 302}, records=["investigation.concluded"] * 2),
    # API
    Endpoint("GET /api/notices", anonymous=401, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": 200, "far_reviewer": 200},
             in_scope={"w.reviewer": 200, "w.reporter": 200}),
    Endpoint("POST /api/notices", data=notice_in, anonymous=401,
             without_right={"office_viewer": 403},
             out_of_scope={"w.reporter": (404, "organization_not_found"),  # not their office
                           "far_reviewer": (404, "organization_not_found")},
             in_scope={"w.reviewer": 201}, records=["notice.issued"] * 2),
    Endpoint("GET /api/notices/{notice.pk}", anonymous=401, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": NOTICE_NOT_FOUND, "far_reviewer": NOTICE_NOT_FOUND},
             in_scope={"w.reporter": 200, "w.reviewer": 200}),
    Endpoint("POST /api/notices/{notice.pk}/response", data=lambda s: {"response": "已整改"},
             anonymous=401, without_right={"office_viewer": 403, "w.reviewer": 403},
             out_of_scope={"w.outsider": NOTICE_NOT_FOUND}, in_scope={"w.reporter": 200},
             records=["notice.responded"]),
    Endpoint("POST /api/notices/{notice.pk}/closure", given=_answered,
             data=lambda s: {"note": "好"}, anonymous=401, without_right={"w.reporter": 403},
             out_of_scope={"far_reviewer": NOTICE_NOT_FOUND}, in_scope={"w.reviewer": 200},
             records=["notice.closed"]),
    Endpoint("GET /api/notices/{notice.pk}/docx", anonymous=401,
             without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": NOTICE_NOT_FOUND}, in_scope={"w.reporter": 200}),
    Endpoint("GET /api/investigations", anonymous=401,
             without_right={"w.reviewer": 403, "w.reporter": 403},
             out_of_scope={"far_supervisor": 200}, in_scope={"supervisor": 200}),
    Endpoint("POST /api/investigations", data=investigation_in, anonymous=401,
             without_right={"w.reviewer": 403},
             out_of_scope={"far_supervisor": (404, "problem_not_found")},
             in_scope={"supervisor": (409, "investigation_open")}),
    Endpoint("POST /api/investigations", name="API: open a second investigation",
             given=_concluded, data=investigation_in, in_scope={"supervisor": 201},
             records=["investigation.opened"] * 2),
    Endpoint("GET /api/investigations/{investigation.pk}", anonymous=401,
             without_right={"w.reporter": INVESTIGATION_NOT_FOUND,
                            "w.reviewer": INVESTIGATION_NOT_FOUND},
             out_of_scope={"far_supervisor": INVESTIGATION_NOT_FOUND},
             in_scope={"supervisor": 200}),
    Endpoint("POST /api/investigations/{investigation.pk}/findings",
             data=lambda s: {"findings": "新的发现"}, anonymous=401,
             without_right={"w.reviewer": INVESTIGATION_NOT_FOUND},
             out_of_scope={"far_supervisor": INVESTIGATION_NOT_FOUND},
             in_scope={"supervisor": 200}, records=["investigation.updated"]),
    Endpoint("POST /api/investigations/{investigation.pk}/conclusion",
             data=lambda s: {"outcome": "移送问责"}, anonymous=401,
             without_right={"w.reporter": INVESTIGATION_NOT_FOUND},
             out_of_scope={"far_supervisor": INVESTIGATION_NOT_FOUND},
             in_scope={"supervisor": 200}, records=["investigation.concluded"] * 2),
]  # fmt: skip


@parametrize(ENDPOINTS)
def test_permissions(scene, endpoint):
    check(endpoint, scene)
