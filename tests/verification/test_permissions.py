"""Every verification page and API operation through the permission harness: the city office
(reviewer) and commission (supervisor) judge the housing bureau's data; its own staff
(reporter) and the office's viewer may look but not judge; a sibling county's unit
(outsider) and another city's office (far_reviewer) are out of scope."""

from __future__ import annotations

from typing import Any

import pytest

from duban.verification.services import signal_decide
from tests.permissions import Endpoint, NotApplicable, check, parametrize
from tests.verification.scene import (
    jpeg,
    record_check,
    site_check,
    site_check_form,
    verification,
    verify_form,
)

pytestmark = pytest.mark.django_db

READING_NEEDS_NO_ROLE = NotApplicable("every member may read what is in scope")
MAY_NOT_DECIDE = "只有本地区的审核人员或监督人员可以研判疑点"
MAY_NOT_RECORD = "只有本地区的审核人员或监督人员可以记录现场核查"
MAY_NOT_VERIFY = "只有本地区的审核人员或监督人员可以核查报送数据"
SIGNAL_NOT_FOUND = (404, "signal_not_found")
CLAIM_NOT_FOUND = (404, "claim_not_found")
WATCHERS = {"w.reporter": 403, "office_viewer": 403}  # they may look, not judge


def _confirmed(s: Any) -> None:
    signal_decide(
        actor=s.supervisor, signal_id=s.signal.pk, confirm=True, reason="三次报送均严重失实"
    )


def _checked(s: Any) -> dict[str, Any]:
    return {"check": record_check(s)}


def _decision(decision: str, reason: str = "三次报送均严重失实") -> Any:
    return lambda s: {"decision": decision, "reason": reason}


ENDPOINTS = [
    # Signals (数据疑点): pages
    Endpoint("GET /signals/", anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": 200, "far_reviewer": 200},
             in_scope={"w.reviewer": 200, "supervisor": 200, "office_viewer": 200}),
    Endpoint("GET /signals/?format=xlsx", name="signal list export", anonymous=302,
             without_right=READING_NEEDS_NO_ROLE, out_of_scope={"far_reviewer": 200},
             in_scope={"w.reviewer": 200, "supervisor": 200}),
    Endpoint("GET /signals/{signal.pk}/", anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": 404, "far_reviewer": 404},
             in_scope={"w.reviewer": 200, "office_viewer": 200}),
    Endpoint("POST /signals/{signal.pk}/decision/", data=_decision("confirm"), anonymous=302,
             out_of_scope={"w.outsider": 404, "far_reviewer": 404},
             in_scope={"w.reviewer": 302}, records=["signal.confirmed"]),
    Endpoint("POST /signals/{signal.pk}/decision/", name="dismissal by those who only look",
             data=_decision("dismiss"), without_right=WATCHERS, refusal_says=MAY_NOT_DECIDE),
    Endpoint("POST /signals/{signal.pk}/referral/", given=_confirmed, anonymous=302,
             without_right={"w.reporter": 403}, out_of_scope={"w.outsider": 404},
             in_scope={"supervisor": 302}, records=["signal.referred"]),
    # Site checks and verifying claims: pages
    Endpoint("GET /site-checks/", anonymous=302, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": 200}, in_scope={"w.reviewer": 200}),
    # Inspectors for a task: people in scope but not of its lead unit (test_pickers.py)
    Endpoint("GET /pick/inspectors/?tasks={w.task.pk}", anonymous=302,
             without_right=READING_NEEDS_NO_ROLE, out_of_scope={"w.outsider": 200},
             in_scope={"w.reviewer": 200}),
    Endpoint("GET /site-checks/new/", anonymous=302, without_right=WATCHERS,
             refusal_says=MAY_NOT_RECORD, out_of_scope={"far_reviewer": 200},
             in_scope={"w.reviewer": 200}),
    Endpoint("POST /site-checks/new/", data=lambda s: {**site_check_form(s), "evidence": jpeg()},
             anonymous=302, without_right=WATCHERS, refusal_says=MAY_NOT_RECORD,
             out_of_scope={"far_reviewer": 400},  # the task and the inspector are not theirs
             in_scope={"w.reviewer": 302},
             records=["attachment.stored", "site_check.recorded", "site_check.recorded"]),
    Endpoint("GET /site-checks/{check.pk}/", given=_checked, anonymous=302,
             without_right=READING_NEEDS_NO_ROLE, out_of_scope={"w.outsider": 404},
             in_scope={"w.reviewer": 200}),
    Endpoint("GET /claims/{claims[0].pk}/verify/", anonymous=302, without_right=WATCHERS,
             refusal_says=MAY_NOT_VERIFY,
             out_of_scope={"w.outsider": 404, "far_reviewer": 404}, in_scope={"w.reviewer": 200}),
    Endpoint("POST /claims/{claims[0].pk}/verify/", data=lambda s: verify_form(s, s.w.signer),
             anonymous=302, without_right=WATCHERS, refusal_says=MAY_NOT_VERIFY,
             out_of_scope={"w.outsider": 404, "far_reviewer": 404},
             in_scope={"w.reviewer": 302}, records=["claim.verified"]),
    Endpoint("GET /units/{w.housing.pk}/data-quality/", anonymous=302,
             without_right=READING_NEEDS_NO_ROLE, out_of_scope={"w.outsider": 404},
             in_scope={"w.reviewer": 200, "w.reporter": 200}),  # its own staff: their unit
    # API
    Endpoint("GET /api/signals", anonymous=401, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": 200, "far_reviewer": 200},
             in_scope={"w.reviewer": 200}),
    Endpoint("GET /api/signals/{signal.pk}", anonymous=401, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": SIGNAL_NOT_FOUND, "far_reviewer": SIGNAL_NOT_FOUND},
             in_scope={"w.reviewer": 200}),
    Endpoint("POST /api/signals/{signal.pk}/decision",
             data=lambda s: {"confirm": True, "reason": "三次报送均严重失实"}, anonymous=401,
             out_of_scope={"w.outsider": SIGNAL_NOT_FOUND, "far_reviewer": SIGNAL_NOT_FOUND},
             in_scope={"w.reviewer": 200}, records=["signal.confirmed"]),
    Endpoint("POST /api/signals/{signal.pk}/decision", name="API: dismissal by those who look",
             data=lambda s: {"confirm": False, "reason": "不认可"}, without_right=WATCHERS),
    Endpoint("POST /api/signals/{signal.pk}/referral", given=_confirmed, anonymous=401,
             without_right={"w.reporter": 403}, out_of_scope={"w.outsider": SIGNAL_NOT_FOUND},
             in_scope={"supervisor": 200}, records=["signal.referred"]),
    Endpoint("GET /api/site-checks", anonymous=401, without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": 200}, in_scope={"w.reviewer": 200}),
    Endpoint("POST /api/site-checks", data=site_check, anonymous=401,
             without_right={"office_viewer": 403}, out_of_scope={"far_reviewer": 404},
             in_scope={"w.reviewer": 201}, records=["site_check.recorded"] * 2),
    Endpoint("POST /api/site-checks", name="API: a site check by the unit on itself",
             data=lambda s: site_check(s, organization=s.w.housing.pk,
                                       inspectors=[s.w.responsible.pk]),
             without_right={"w.reporter": 403}),
    Endpoint("GET /api/claims/{claims[0].pk}/verifications", anonymous=401,
             without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": CLAIM_NOT_FOUND, "far_reviewer": CLAIM_NOT_FOUND},
             in_scope={"w.reviewer": 200, "w.reporter": 200}),  # the unit sees its checks
    Endpoint("POST /api/claims/{claims[0].pk}/verifications", data=verification, anonymous=401,
             without_right={"office_viewer": 403},
             out_of_scope={"w.outsider": CLAIM_NOT_FOUND, "far_reviewer": CLAIM_NOT_FOUND},
             in_scope={"supervisor": 201}, records=["claim.verified"]),
    Endpoint("GET /api/units/{w.housing.pk}/data-quality", anonymous=401,
             without_right=READING_NEEDS_NO_ROLE,
             out_of_scope={"w.outsider": (404, "unit_not_found")},
             in_scope={"w.reviewer": 200, "w.reporter": 200}),
]  # fmt: skip


@parametrize(ENDPOINTS)
def test_permissions(scene, endpoint):
    check(endpoint, scene)
