"""Permission-harness endpoints of the complaint pages and API (handling).

The handling unit's staff (unit_worker) acknowledge, handle, reply and report; its reviewer
(unit_reviewer) approves the extension; the receiving office's reviewer (w.reviewer) refuses,
calls back and records review requests; the city government above the handling unit
decides them. The accused unit's reviewer and another city's office see nothing (404).
"""

from __future__ import annotations

from typing import Any

from duban.complaints.choices import ReviewLevel
from duban.complaints.models import ComplaintReview
from duban.complaints.services import handling, reviews
from duban.core import clock
from duban.core.choices import Role
from tests.factories import make_user
from tests.permissions import Endpoint, NotApplicable

READING_NEEDS_NO_ROLE = NotApplicable("every member who sees the complaint may read it")
HIDDEN = {"accused_reviewer": 404, "far_reviewer": 404}
API_HIDDEN = {"accused_reviewer": (404, "not_found"), "far_reviewer": (404, "not_found")}
C = "{complaint.pk}"
NP = (403, "complaint_not_permitted")
HANDLED = {
    "outcome": "concluded",
    "truth": "true",
    "investigation": "现场检查属实",
    "measures": "责令整改并立案处罚",
    "ordered_to_rectify": "1",
    "cases_filed": "1",
    "fines_wan_yuan": "3.50",
    "criminal_cases": "0",
    "administrative_detentions": "0",
    "criminal_detentions": "0",
    "talks": "0",
    "held_accountable": "0",
}


def _acknowledged(s: Any) -> None:
    handling.complaint_acknowledge(actor=s.unit_worker, pk=s.complaint.pk)


def _replied(s: Any) -> None:
    _acknowledged(s)
    handling.complaint_reply(actor=s.unit_worker, pk=s.complaint.pk, text="经查属实，已整改。")


def _concluded(s: Any) -> None:
    _replied(s)
    handling.complaint_handle(
        actor=s.unit_worker,
        pk=s.complaint.pk,
        data=handling.HandlingIn(
            outcome="concluded", truth="true", investigation="属实", measures="整改"
        ),
    )


def _requested(s: Any) -> dict[str, Any]:
    _concluded(s)
    city_reviewer = make_user(
        "city_reviewer", organization=s.environment.parent, role=Role.REVIEWER
    )
    review = reviews.review_request(actor=s.w.reviewer, pk=s.complaint.pk, grounds="不服")
    assert review.level == ReviewLevel.RECHECK
    return {"review": review, "city_reviewer": city_reviewer}


ENDPOINTS: list[Endpoint] = [
    # Pages
    Endpoint(
        f"GET /complaints/{C}/handling/",
        anonymous=302,
        without_right=READING_NEEDS_NO_ROLE,
        out_of_scope=HIDDEN,
        in_scope={"unit_worker": 200, "w.reviewer": 200, "office_viewer": 200},
    ),
    Endpoint(
        f"POST /complaints/{C}/handling/acknowledge/",
        data=lambda s: {"acknowledged_on": ""},
        anonymous=302,
        without_right={"office_viewer": 403, "w.reviewer": 403},
        out_of_scope=HIDDEN,
        in_scope={"unit_worker": 302},
        records=["complaint.acknowledged"],
    ),
    Endpoint(
        f"POST /complaints/{C}/handling/not_accept/",
        name="POST not_accept page",
        data=lambda s: {"ground": "courts", "reason": "已进入诉讼程序"},
        anonymous=302,
        without_right={"unit_worker": 403, "office_viewer": 403},
        out_of_scope=HIDDEN,
        in_scope={"w.reviewer": 302},
        records=["complaint.not_accepted"],
    ),
    Endpoint(
        f"POST /complaints/{C}/handling/extend/",
        name="POST extend page",
        data=lambda s: {"days": "20", "reason": "需检测报告"},
        without_right={"unit_worker": 403},
        out_of_scope={"far_reviewer": 404},
        in_scope={"unit_reviewer": 302},
        records=["complaint.extended"],
    ),
    Endpoint(
        f"POST /complaints/{C}/handling/reply/",
        name="POST reply page",
        given=_acknowledged,
        data=lambda s: {"text": "经查属实。", "replied_on": ""},
        without_right={"w.reviewer": 403},
        out_of_scope={"accused_reviewer": 404},
        in_scope={"unit_worker": 302},
        records=["complaint.replied"],
    ),
    Endpoint(
        f"POST /complaints/{C}/handling/handle/",
        name="POST handle page",
        given=_replied,
        data=lambda s: HANDLED,
        without_right={"w.reviewer": 403, "office_viewer": 403},
        out_of_scope=HIDDEN,
        in_scope={"unit_worker": 302},
        records=["complaint.handled"],
    ),
    Endpoint(
        f"POST /complaints/{C}/handling/team_report/",
        name="POST team_report page",
        given=_acknowledged,
        data=lambda s: {"team_reported_on": ""},
        without_right={"w.reviewer": 403},
        out_of_scope={"far_reviewer": 404},
        in_scope={"unit_worker": 302},
        records=["complaint.team_reported"],
    ),
    Endpoint(
        f"POST /complaints/{C}/handling/follow_up/",
        name="POST follow_up page",
        given=_concluded,
        data=lambda s: {"followed_up_on": "", "satisfaction": "satisfied", "note": ""},
        without_right={"office_viewer": 403},
        out_of_scope=HIDDEN,
        in_scope={"w.reviewer": 302},
        records=["complaint.followed_up"],
    ),
    Endpoint(
        f"POST /complaints/{C}/handling/review/",
        name="POST review page",
        given=_concluded,
        data=lambda s: {"grounds": "处理不到位", "requested_on": ""},
        without_right={"unit_worker": 403, "office_viewer": 403},
        out_of_scope=HIDDEN,
        in_scope={"w.reviewer": 302},
        records=["complaint.review_requested"],
    ),
    Endpoint(
        f"POST /complaints/{C}/reviews/{{review.pk}}/decision/",
        given=_requested,
        data=lambda s: {"outcome": "upheld", "decision": "维持原处理意见"},
        anonymous=302,
        without_right={"unit_reviewer": 403, "w.reviewer": 403},
        out_of_scope=HIDDEN,
        in_scope={"city_reviewer": 302},
        records=["complaint.review_decided"],
    ),
    Endpoint(
        f"GET /complaints/{C}/reply.docx",
        given=_replied,
        anonymous=302,
        without_right=READING_NEEDS_NO_ROLE,
        out_of_scope=HIDDEN,
        in_scope={"unit_worker": 200, "office_viewer": 200},
    ),
    # API
    Endpoint(
        f"GET /api/complaints/{C}/handling",
        anonymous=401,
        without_right=READING_NEEDS_NO_ROLE,
        out_of_scope=API_HIDDEN,
        in_scope={"unit_worker": 200, "w.reviewer": 200, "office_viewer": 200},
    ),
    Endpoint(
        f"POST /api/complaints/{C}/acknowledgement",
        data=lambda s: {},
        anonymous=401,
        without_right={"office_viewer": NP, "w.reviewer": NP},
        out_of_scope=API_HIDDEN,
        in_scope={"unit_worker": 200},
        records=["complaint.acknowledged"],
    ),
    Endpoint(
        f"POST /api/complaints/{C}/non-acceptance",
        data=lambda s: {"ground": "outside_powers", "reason": "不属于行政机关职权"},
        anonymous=401,
        without_right={"unit_worker": NP},
        out_of_scope=API_HIDDEN,
        in_scope={"w.reviewer": 200},
        records=["complaint.not_accepted"],
    ),
    Endpoint(
        f"POST /api/complaints/{C}/extension",
        data=lambda s: {"days": 30, "reason": "案情复杂"},
        anonymous=401,
        without_right={"unit_worker": NP, "w.reviewer": NP},
        out_of_scope=API_HIDDEN,
        in_scope={"unit_reviewer": 200},
        records=["complaint.extended"],
    ),
    Endpoint(
        f"POST /api/complaints/{C}/handling",
        given=_replied,
        data=lambda s: {
            **HANDLED,
            "fines_wan_yuan": "3.50",
            "talks": 1,
            "cases_filed": 1,
            "ordered_to_rectify": 1,
            "criminal_cases": 0,
            "administrative_detentions": 0,
            "criminal_detentions": 0,
            "held_accountable": 0,
        },
        anonymous=401,
        without_right={"w.reviewer": NP},
        out_of_scope=API_HIDDEN,
        in_scope={"unit_worker": 200},
        records=["complaint.handled"],
    ),
    Endpoint(
        f"POST /api/complaints/{C}/reply",
        given=_acknowledged,
        data=lambda s: {"text": "经查属实。"},
        anonymous=401,
        without_right={"w.reviewer": NP},
        out_of_scope=API_HIDDEN,
        in_scope={"unit_worker": 200},
        records=["complaint.replied"],
    ),
    Endpoint(
        f"GET /api/complaints/{C}/reply.docx",
        given=_replied,
        anonymous=401,
        without_right=READING_NEEDS_NO_ROLE,
        out_of_scope=API_HIDDEN,
        in_scope={"unit_worker": 200, "office_viewer": 200},
    ),
    Endpoint(
        f"POST /api/complaints/{C}/team-report",
        given=_acknowledged,
        data=lambda s: {"team_reported_on": clock.today().isoformat()},
        anonymous=401,
        without_right={"office_viewer": NP},
        out_of_scope=API_HIDDEN,
        in_scope={"unit_worker": 200},
        records=["complaint.team_reported"],
    ),
    Endpoint(
        f"POST /api/complaints/{C}/follow-up",
        given=_concluded,
        data=lambda s: {"satisfaction": "basically_satisfied", "note": "基本满意"},
        anonymous=401,
        without_right={"office_viewer": NP},
        out_of_scope=API_HIDDEN,
        in_scope={"unit_worker": 200},
        records=["complaint.followed_up"],
    ),
    Endpoint(
        f"POST /api/complaints/{C}/reviews",
        given=_concluded,
        data=lambda s: {"grounds": "处理不到位"},
        anonymous=401,
        without_right={"unit_worker": NP, "office_viewer": NP},
        out_of_scope=API_HIDDEN,
        in_scope={"w.reviewer": 201},
        records=["complaint.review_requested"],
    ),
    Endpoint(
        f"POST /api/complaints/{C}/reviews/{{review.pk}}/decision",
        given=_requested,
        data=lambda s: {"outcome": "changed", "decision": "责令重新办理"},
        anonymous=401,
        without_right={"unit_reviewer": NP, "w.reviewer": NP},
        out_of_scope=API_HIDDEN,
        in_scope={"city_reviewer": 200},
        records=["complaint.review_decided"],
    ),
]

assert ComplaintReview  # the review endpoints' subject
