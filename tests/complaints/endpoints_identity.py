"""Permission-harness endpoints of the complaint pages and API (identity): the complainant's
identity (a POST, recorded), and the 信访 handlers an administrator names."""

from __future__ import annotations

from typing import Any

from duban.complaints.models import HandlerDesignation
from duban.core.choices import Role
from tests.factories import make_user
from tests.permissions import Endpoint, NotApplicable

IDENTITY_READ = ["complaint.identity_read"]
NOT_PERMITTED = (403, "complaint_not_permitted")
OUT_OF_SCOPE = (404, "not_found")


def _admins(s: Any) -> dict[str, Any]:
    """The office's administrator, 湘潭's office's administrator, and the office's designation
    of its handler."""
    far_office = s.far_reviewer.memberships.get().organization
    return {
        "office_admin": make_user("office_admin", organization=s.w.office, role=Role.ADMIN),
        "far_admin": make_user("far_admin", organization=far_office, role=Role.ADMIN),
        "designation": HandlerDesignation.objects.get(
            organization=s.w.office, user=s.office_handler
        ),
    }


def _designation(s: Any) -> dict[str, Any]:
    return {"organization": s.w.office.pk, "user": s.office_viewer.pk}


ONLY_THEIR_OWN = NotApplicable("the list holds only the organizations the caller administers")

ENDPOINTS = [
    # The identity: a designated handler of the receiving office or the handling unit.
    Endpoint(
        "POST /complaints/{complaint.pk}/identity/",
        anonymous=302,
        without_right={
            "w.reviewer": 403,
            "office_viewer": 403,
            "unit_worker": 403,
            "unit_reviewer": 403,
        },
        out_of_scope={"accused_reviewer": 404, "far_reviewer": 404, "w.reporter": 404},
        in_scope={"office_handler": 200},
        records=IDENTITY_READ,
    ),
    Endpoint(
        "POST /complaints/{complaint.pk}/identity/",
        name="identity page, the handling unit's handler",
        in_scope={"unit_handler": 200},
        records=IDENTITY_READ,
    ),
    Endpoint(
        "POST /api/complaints/{complaint.pk}/identity",
        anonymous=401,
        without_right={
            "w.reviewer": NOT_PERMITTED,
            "office_viewer": NOT_PERMITTED,
            "unit_worker": NOT_PERMITTED,
            "unit_reviewer": NOT_PERMITTED,
        },
        out_of_scope={"accused_reviewer": OUT_OF_SCOPE, "far_reviewer": OUT_OF_SCOPE},
        in_scope={"unit_handler": 200},
        records=IDENTITY_READ,
    ),
    # Designating handlers: the organization's administrators.
    Endpoint(
        "GET /complaints/handlers/",
        given=_admins,
        anonymous=302,
        without_right={"w.reviewer": 403, "office_handler": 403, "office_viewer": 403},
        out_of_scope={"far_admin": 200},  # their own organizations' handlers only
        in_scope={"office_admin": 200},
    ),
    Endpoint(
        "POST /complaints/handlers/",
        given=_admins,
        data=_designation,
        anonymous=302,
        without_right={"w.reviewer": 403, "office_handler": 403},
        # Another city's office is not among the form's choices.
        out_of_scope={"far_admin": 400},
        in_scope={"office_admin": 302},
        records=["complaint.handler_designated"],
    ),
    Endpoint(
        "POST /complaints/handlers/{designation.pk}/revoke/",
        given=_admins,
        anonymous=302,
        without_right={"w.reviewer": 403, "office_handler": 403, "office_viewer": 403},
        out_of_scope={"far_admin": 404, "accused_reviewer": 404, "unit_worker": 404},
        in_scope={"office_admin": 302},
        records=["complaint.handler_revoked"],
    ),
    Endpoint(
        "GET /api/complaints/handlers",
        given=_admins,
        anonymous=401,
        without_right=ONLY_THEIR_OWN,
        out_of_scope=ONLY_THEIR_OWN,
        in_scope={"office_admin": 200, "w.reviewer": 200},
    ),
    Endpoint(
        "POST /api/complaints/handlers",
        given=_admins,
        data=_designation,
        anonymous=401,
        without_right={"w.reviewer": NOT_PERMITTED, "office_handler": NOT_PERMITTED},
        out_of_scope={"far_admin": OUT_OF_SCOPE, "unit_worker": OUT_OF_SCOPE},
        in_scope={"office_admin": 201},
        records=["complaint.handler_designated"],
    ),
    Endpoint(
        "POST /api/complaints/handlers/{designation.pk}/revocation",
        given=_admins,
        anonymous=401,
        without_right={"w.reviewer": NOT_PERMITTED, "office_handler": NOT_PERMITTED},
        out_of_scope={"far_admin": OUT_OF_SCOPE, "unit_worker": OUT_OF_SCOPE},
        in_scope={"office_admin": 204},
        records=["complaint.handler_revoked"],
    ),
]
