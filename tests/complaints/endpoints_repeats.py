"""Permission-harness endpoints of the complaint pages and API (repeats)."""

from __future__ import annotations

from typing import Any

from duban.complaints.choices import ComplaintState, Truth
from duban.complaints.models import Complaint
from duban.complaints.services.intake import complaint_register
from duban.complaints.services.links import complaint_link_task
from duban.core.models import Region
from tests.complaints.scene import complaint_in
from tests.permissions import Endpoint, NotApplicable
from tests.rectification.task_states import to_closed

DENIED = (403, "complaint_not_permitted")
ANY_MEMBER = NotApplicable("any member reads the clusters of the complaints they see")


def _registered(names: Any) -> dict[str, Any]:
    """A second complaint, registered (not transferred), about another firm and place."""
    data = complaint_in(
        number="D3HN202611270101",
        accused_name="某砂石厂",
        address="株洲市攸县网岭镇罗家坪村2组",
        region=Region.objects.get(code="430223"),
    )
    complaint = complaint_register(actor=names.w.reviewer, office=names.w.office, data=data)
    return {"second": complaint}


def _found_true(names: Any) -> dict[str, Any]:
    Complaint.objects.filter(pk=names.complaint.pk).update(truth=Truth.TRUE)
    return {}


def _linked(names: Any) -> dict[str, Any]:
    second = _registered(names)["second"]
    Complaint.objects.filter(pk=second.pk).update(
        state=ComplaintState.LINKED, repeat_of=names.complaint
    )
    return {"second": second}


def _closed_task_linked(names: Any) -> dict[str, Any]:
    to_closed(names.w)
    complaint_link_task(actor=names.w.reviewer, pk=names.complaint.pk, task=names.w.task)
    return {}


ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "GET /complaints/repeats/",
        anonymous=302,
        without_right=ANY_MEMBER,
        out_of_scope={"accused_reviewer": 200, "far_reviewer": 200},
        in_scope={"w.reviewer": 200, "unit_worker": 200, "office_viewer": 200},
    ),
    Endpoint(
        "GET /complaints/repeats/?region=4302&days=30&kind=firm",
        anonymous=302,
        without_right=ANY_MEMBER,
        out_of_scope={"far_reviewer": 200},
        in_scope={"w.reviewer": 200},
    ),
    Endpoint(
        "GET /complaints/{complaint.pk}/links/",
        anonymous=302,
        without_right=NotApplicable("whoever sees the complaint sees its links"),
        out_of_scope={"accused_reviewer": 404, "far_reviewer": 404},
        in_scope={"w.reviewer": 200, "unit_worker": 200, "office_viewer": 200},
    ),
    Endpoint(
        "POST /complaints/{second.pk}/links/repeat/",
        given=_registered,
        data=lambda s: {"link-of": s.complaint.number, "link-reason": "同一企业"},
        anonymous=302,
        without_right={"office_viewer": 403},
        out_of_scope={"accused_reviewer": 404, "far_reviewer": 404, "unit_worker": 404},
        in_scope={"w.reviewer": 302},
        records=["complaint.linked"],
    ),
    Endpoint(
        "POST /complaints/{second.pk}/links/unrepeat/",
        given=_linked,
        data=lambda s: {"unlink-reason": "不是同一企业"},
        anonymous=302,
        without_right={"office_viewer": 403},
        out_of_scope={"accused_reviewer": 404, "far_reviewer": 404, "unit_worker": 404},
        in_scope={"w.reviewer": 302},
        records=["complaint.unlinked"],
    ),
    Endpoint(
        "POST /complaints/{complaint.pk}/links/problem/",
        data=lambda s: {"join-problem": s.w.problem.code},
        anonymous=302,
        without_right={"office_viewer": 403, "unit_reviewer": 403},
        out_of_scope={"accused_reviewer": 404, "far_reviewer": 404},
        in_scope={"w.reviewer": 302},
        records=["complaint.problem_linked"],
    ),
    Endpoint(
        "POST /complaints/{complaint.pk}/links/problem/new/",
        given=_found_true,
        data=lambda s: {
            "create-code": "HN-ZZ-XF-01",
            "create-title": "夜间偷排",
            "create-categories": ["water"],
        },
        anonymous=302,
        without_right={"office_viewer": 403, "unit_reviewer": 403},
        out_of_scope={"accused_reviewer": 404, "far_reviewer": 404},
        in_scope={"w.reviewer": 302},
        records=["problem.created", "complaint.problem_linked"],
    ),
    Endpoint(
        "POST /complaints/{complaint.pk}/links/task/",
        data=lambda s: {"task-task": s.w.task.code},
        anonymous=302,
        without_right={"office_viewer": 403, "unit_reviewer": 403},
        out_of_scope={"accused_reviewer": 404, "far_reviewer": 404},
        in_scope={"w.reviewer": 302},
        records=["complaint.task_linked", "complaint.task_linked"],
    ),
    Endpoint(
        "POST /complaints/{complaint.pk}/links/task/{w.task.pk}/reopen/",
        given=_closed_task_linked,
        data=lambda s: {f"reopen-{s.w.task.pk}-reason": "群众再次举报"},
        anonymous=302,
        without_right={"office_viewer": 403},
        out_of_scope={"accused_reviewer": 404, "far_reviewer": 404},
        in_scope={"w.reviewer": 302},
        records=["task.reopened"],
    ),
    Endpoint(
        "GET /api/complaints/repeats",
        anonymous=401,
        without_right=ANY_MEMBER,
        out_of_scope={"accused_reviewer": 200, "far_reviewer": 200},
        in_scope={"w.reviewer": 200, "unit_worker": 200},
    ),
]

# API: the links of one complaint, and the link services.
ENDPOINTS += [
    Endpoint(
        "GET /api/complaints/{complaint.pk}/links",
        anonymous=401,
        without_right=NotApplicable("whoever sees the complaint sees its links"),
        out_of_scope={"accused_reviewer": 404, "far_reviewer": 404},
        in_scope={"w.reviewer": 200, "unit_worker": 200, "office_viewer": 200},
    ),
    Endpoint(
        "POST /api/complaints/{second.pk}/repeat-of",
        given=_registered,
        data=lambda s: {"of": s.complaint.pk, "reason": "同一企业"},
        anonymous=401,
        without_right={"office_viewer": DENIED},
        out_of_scope={"accused_reviewer": 404, "far_reviewer": 404, "unit_worker": 404},
        in_scope={"w.reviewer": 200},
        records=["complaint.linked"],
    ),
    Endpoint(
        "POST /api/complaints/{second.pk}/unrepeat",
        given=_linked,
        data=lambda s: {"reason": "不是同一企业"},
        anonymous=401,
        without_right={"office_viewer": DENIED},
        out_of_scope={"accused_reviewer": 404, "far_reviewer": 404, "unit_worker": 404},
        in_scope={"w.reviewer": 200},
        records=["complaint.unlinked"],
    ),
    Endpoint(
        "POST /api/complaints/{complaint.pk}/problem",
        data=lambda s: {"problem": s.w.problem.code},
        anonymous=401,
        without_right={"office_viewer": DENIED, "unit_reviewer": DENIED},
        out_of_scope={"accused_reviewer": 404, "far_reviewer": 404},
        in_scope={"w.reviewer": 200},
        records=["complaint.problem_linked"],
    ),
    Endpoint(
        "POST /api/complaints/{complaint.pk}/problem/new",
        given=_found_true,
        data=lambda s: {"code": "HN-ZZ-XF-01", "title": "夜间偷排", "categories": ["water"]},
        anonymous=401,
        without_right={"office_viewer": DENIED, "unit_reviewer": DENIED},
        out_of_scope={"accused_reviewer": 404, "far_reviewer": 404},
        in_scope={"w.reviewer": 201},
        records=["problem.created", "complaint.problem_linked"],
    ),
    Endpoint(
        "POST /api/complaints/{complaint.pk}/tasks",
        data=lambda s: {"task": s.w.task.pk},
        anonymous=401,
        without_right={"office_viewer": DENIED, "unit_reviewer": DENIED},
        out_of_scope={"accused_reviewer": 404, "far_reviewer": 404},
        in_scope={"w.reviewer": 200},
        records=["complaint.task_linked", "complaint.task_linked"],
    ),
    Endpoint(
        "POST /api/complaints/{complaint.pk}/tasks/{w.task.pk}/reopen",
        given=_closed_task_linked,
        data=lambda s: {"reason": "群众再次举报"},
        anonymous=401,
        without_right={"office_viewer": 403},
        out_of_scope={"accused_reviewer": 404, "far_reviewer": 404},
        in_scope={"w.reviewer": 200},
        records=["task.reopened"],
    ),
]
