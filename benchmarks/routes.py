"""Every GET page route and API operation the benchmark measures, and how each is filled in
for one user (an object that user sees), or why it is left out.

The keys are the URLconf's routes (as tests/test_urls.py lists them) and the OpenAPI
document's operations, so tests/benchmarks/test_harness.py can fail when a page or operation
is added without being measured or excused here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Count

from duban.accountability.selectors import case_visible_to
from duban.complaints.selectors import complaint_visible_to
from duban.core.models import Membership
from duban.core.selectors import person_visible_to
from duban.inspections.selectors import problem_visible_to
from duban.rectification.models import Claim
from duban.rectification.selectors import task_visible_to
from duban.supervision.selectors import investigation_visible_to, notice_visible_to
from duban.verification.selectors import signal_visible_to, site_check_visible_to

PAGE_LIMIT = 500  # the largest page the API gives (core.api_types.MAX_PAGE_SIZE)
SMALL_LIMIT = 10  # a second, small page: a query count that differs grows with the page


class Picks:
    """The objects one user's detail pages are measured on: of what the user sees, the
    problem with the most tasks and the task with the most progress reports (the heaviest
    pages), otherwise the newest row. None where the user sees no such row."""

    def __init__(self, user: Any) -> None:
        self.user = user

    @cached_property
    def organization(self) -> Any:
        membership = Membership.objects.filter(user=self.user).select_related("organization")
        first = membership.order_by("pk").first()
        return first.organization if first else None

    @cached_property
    def region_code(self) -> str | None:
        """The user's organization's region; a national office has none: its problem's."""
        organization = self.organization
        if organization and organization.region_id:
            return str(organization.region_id)
        return self.problem.region_id if self.problem else None

    @cached_property
    def problem(self) -> Any:
        problems = problem_visible_to(self.user).annotate(n=Count("tasks"))
        return problems.order_by("-n", "pk").first()

    @cached_property
    def task(self) -> Any:
        tasks = task_visible_to(self.user).annotate(n=Count("reports"))
        return tasks.order_by("-n", "pk").first()

    @cached_property
    def claim(self) -> Any:
        """A claim of the picked task, else the newest the user sees."""
        claims = Claim.objects.order_by("-pk")
        mine = claims.filter(task=self.task).first() if self.task else None
        return mine or claims.filter(task__in=task_visible_to(self.user)).first()

    @cached_property
    def person(self) -> Any:
        return person_visible_to(self.user).order_by("pk").first()

    @cached_property
    def signal(self) -> Any:
        return signal_visible_to(self.user).order_by("-pk").first()

    @cached_property
    def site_check(self) -> Any:
        return site_check_visible_to(self.user).order_by("-pk").first()

    @cached_property
    def case(self) -> Any:
        return case_visible_to(self.user).order_by("-pk").first()

    @cached_property
    def notice(self) -> Any:
        return notice_visible_to(self.user).order_by("-pk").first()

    @cached_property
    def investigation(self) -> Any:
        return investigation_visible_to(self.user).order_by("-pk").first()

    @cached_property
    def complaint(self) -> Any:
        return complaint_visible_to(self.user).order_by("-pk").first()


Fill = Callable[[Picks], dict[str, Any] | None]  # the route's {name: value}, None: no object


@dataclass(frozen=True)
class Route:
    """One measured request: its kind (for the table), how to fill its path, its query."""

    kind: str  # home, list, detail, statistics, fragment, form; API: the same
    fill: Fill | None = None
    query: str = ""
    paged: bool = False  # an API list taking ?limit=: measured at PAGE_LIMIT and SMALL_LIMIT


def _pk(name: str, attribute: str) -> Fill:
    def fill(picks: Picks) -> dict[str, Any] | None:
        row = getattr(picks, attribute)
        return None if row is None else {name: row.pk}

    return fill


def _code(name: str = "code") -> Fill:
    def fill(picks: Picks) -> dict[str, Any] | None:
        return None if picks.problem is None else {name: picks.problem.code}

    return fill


def _unit(name: str) -> Fill:
    def fill(picks: Picks) -> dict[str, Any] | None:
        return None if picks.task is None else {name: picks.task.lead_unit_id}

    return fill


def _region(picks: Picks) -> dict[str, Any] | None:
    return None if picks.region_code is None else {"code": picks.region_code}


def _events(picks: Picks) -> dict[str, Any] | None:
    if picks.problem is None:
        return None
    return {"subject_type": "inspections.problem", "subject_id": picks.problem.pk}


PAGES: dict[str, Route] = {
    "": Route("home"),
    "todo/count/": Route("fragment"),
    "profile/": Route("detail"),
    "accounts/users/": Route("list"),
    "accounts/tokens/": Route("list"),
    "organizations/": Route("list"),
    "organizations/<int:pk>/": Route("detail", _pk("pk", "organization")),
    "people/": Route("list"),
    "pick/organizations/": Route("fragment", query="q=局"),
    "pick/people/": Route("fragment", query="q=王"),
    "pick/regions/": Route("fragment", query="q=市"),
    "pick/problems/": Route("fragment", query="q=污"),
    "pick/tasks/": Route("fragment", query="q=整改"),
    "pick/inspectors/": Route("fragment", query="q=王"),
    "problems/": Route("list"),
    "problems/<str:code>/": Route("detail", _code()),
    "problems/<str:code>/responsibility/": Route("detail", _code()),
    "tasks/": Route("list"),
    "tasks/<int:pk>/": Route("detail", _pk("pk", "task")),
    "complaints/repeats/": Route("list"),
    "complaints/tables/": Route("list"),
    "tasks/<int:pk>/acceptance/signers/": Route("fragment", _pk("pk", "task")),
    "review/": Route("list"),
    "warnings/": Route("list"),
    "inbox/": Route("list"),
    "statistics/": Route("statistics"),
    "filings/": Route("list"),
    "signals/": Route("list"),
    "signals/<int:pk>/": Route("detail", _pk("pk", "signal")),
    "site-checks/": Route("list"),
    "site-checks/new/": Route("form"),
    "site-checks/<int:pk>/": Route("detail", _pk("pk", "site_check")),
    "claims/<int:pk>/verify/": Route("form", _pk("pk", "claim")),
    "units/<int:pk>/data-quality/": Route("detail", _unit("pk")),
    "accountability/": Route("list"),
    "accountability/new/": Route("form"),
    "accountability/<int:pk>/": Route("detail", _pk("pk", "case")),
    "accountability/my-sanctions/": Route("list"),
    "accountability/ledger/": Route("list"),
    "accountability/statistics/": Route("statistics"),
    "notices/": Route("list"),
    "notices/numbering/": Route("form"),
    "notices/overdue/": Route("list"),
    "notices/<int:pk>/": Route("detail", _pk("pk", "notice")),
    "investigations/": Route("list"),
    "investigations/new/": Route("form"),
    "investigations/<int:pk>/": Route("detail", _pk("pk", "investigation")),
    "reports/ledger/": Route("list"),
    "complaints/": Route("list"),
    "complaints/new/": Route("form"),
    "complaints/<int:pk>/": Route("detail", _pk("pk", "complaint")),
    "complaints/handlers/": Route("list"),
}

_FORM = "a form for one action on one object; its data is the object's detail page, measured"
_DOCUMENT = "a generated document: measured as the workbook export, or a background job (item 4)"
_JOB = "a background job's own page: one row by its key, shown only to whoever asked for it"
SKIPPED_PAGES: dict[str, str] = {
    "complaints/tables/<int:team_id>/download/": _DOCUMENT,
    "accounts/password/": "the change-password form: no data",
    "accounts/password/done/": "a static confirmation",
    "accounts/users/<int:pk>/password/": _FORM,
    "attachments/<int:pk>/": "a file download: storage speed, not the application's",
    "accounts/tokens/<int:pk>/revoke/": "POST only",
    "tasks/acknowledge/": "POST only",
    "inbox/read/": "POST only",
    "filings/<int:pk>/reject/": "POST only",
    "tasks/<int:pk>/actions/<slug:action>/": _FORM,
    "tasks/<int:pk>/report/": _FORM,
    "tasks/<int:pk>/closure/": _FORM,
    "tasks/<int:pk>/acceptance/": _FORM,
    "tasks/<int:pk>/extension/": _FORM,
    "tasks/<int:pk>/extensions/<int:extension_pk>/decide/": "POST only",
    "tasks/<int:pk>/look-back/": _FORM,
    "tasks/<int:pk>/objections/new/": _FORM,
    "tasks/<int:pk>/objections/<int:objection_pk>/answer/": "POST only",
    "tasks/<int:pk>/notices/new/": _FORM,
    "signals/<int:pk>/decision/": "POST only",
    "signals/<int:pk>/referral/": "POST only",
    "accountability/<int:pk>/findings/": "POST only",
    "accountability/<int:pk>/findings/<int:finding_pk>/withdrawal/": "POST only",
    "accountability/<int:pk>/sanctions/": "POST only",
    "accountability/<int:pk>/sanctions/<int:sanction_pk>/carried-out/": "POST only",
    "accountability/sanctions/<int:sanction_pk>/review/": "POST only",
    "accountability/<int:pk>/reviews/<int:review_pk>/decision/": "POST only",
    "accountability/evidence/<int:pk>/": "a file download: storage speed, not the application's",
    "problems/<str:code>/dossier/": _DOCUMENT,
    "notices/<int:pk>/response/": "POST only",
    "notices/<int:pk>/closure/": "POST only",
    "notices/<int:pk>/docx": _DOCUMENT,
    "notices/<int:notice_pk>/evidence/<int:pk>/": "a file download",
    "investigations/<int:pk>/findings/": "POST only",
    "investigations/<int:pk>/conclusion/": "POST only",
    "complaints/<int:pk>/transfer/": "POST only",
    "reports/ledger/export.xlsx": _DOCUMENT,
    "reports/plans/<str:code>/progress.docx": _DOCUMENT,
    "jobs/<str:pk>/": _JOB,
    "jobs/<str:pk>/progress/": _JOB,
    "jobs/<str:pk>/download/": _JOB,
    # Complaints, handling: the panel is a part of the complaint's page, measured with it.
    "complaints/<int:pk>/handling/": "the complaint's handling panel on a page of its own: "
    "one complaint by its key, its reviews, the forms",
    "complaints/<int:pk>/handling/<slug:action>/": "POST only",
    "complaints/<int:pk>/reviews/<int:review_pk>/decision/": "POST only",
    "complaints/<int:pk>/reply.docx": _DOCUMENT,
    "complaints/<int:pk>/identity/": "POST only",
    "complaints/handlers/<int:pk>/revoke/": "POST only",
    # Complaints: links (repeats part).
    "complaints/<int:pk>/links/": "the complaint page's links panel on its own: a few rows",
    "complaints/<int:pk>/links/repeat/": "POST only",
    "complaints/<int:pk>/links/unrepeat/": "POST only",
    "complaints/<int:pk>/links/problem/": "POST only",
    "complaints/<int:pk>/links/problem/new/": "POST only",
    "complaints/<int:pk>/links/task/": "POST only",
    "complaints/<int:pk>/links/task/<int:task_pk>/reopen/": "POST only",
    "complaints/import/": "the daily-list upload form: no data but the user's offices",
}

OPERATIONS: dict[str, Route] = {
    "/api/regions": Route("api-list"),
    "/api/regions/{code}": Route("api-detail", _region),
    "/api/organizations": Route("api-list", paged=True),
    "/api/organizations/{pk}": Route("api-detail", _pk("pk", "organization")),
    "/api/people": Route("api-list", paged=True),
    "/api/people/{pk}": Route("api-detail", _pk("pk", "person")),
    "/api/me": Route("api-detail"),
    "/api/events/{subject_type}/{subject_id}": Route("api-list", _events, paged=True),
    "/api/problems": Route("api-list", paged=True),
    "/api/problems/{code}": Route("api-detail", _code()),
    "/api/plans": Route("api-list", paged=True),
    "/api/tasks": Route("api-list", paged=True),
    "/api/tasks/{task_id}": Route("api-detail", _pk("task_id", "task")),
    "/api/tasks/{task_id}/reports": Route("api-list", _pk("task_id", "task"), paged=True),
    "/api/tasks/{task_id}/objections": Route("api-list", _pk("task_id", "task"), paged=True),
    "/api/filings": Route("api-list", paged=True),
    "/api/stats/summary": Route("api-stats"),
    "/api/stats/by-region": Route("api-stats"),
    "/api/stats/by-unit": Route("api-stats"),
    "/api/stats/by-plan": Route("api-stats"),
    "/api/inbox": Route("api-list", paged=True),
    "/api/site-checks": Route("api-list", paged=True),
    "/api/claims/{claim_id}/verifications": Route("api-list", _pk("claim_id", "claim")),
    "/api/signals": Route("api-list", paged=True),
    "/api/signals/{signal_id}": Route("api-detail", _pk("signal_id", "signal")),
    "/api/units/{unit_id}/data-quality": Route("api-detail", _unit("unit_id")),
    "/api/accountability/cases": Route("api-list", paged=True),
    "/api/accountability/cases/{case_id}": Route("api-detail", _pk("case_id", "case")),
    "/api/accountability/my-sanctions": Route("api-list", paged=True),
    "/api/accountability/statistics": Route("api-stats"),
    "/api/problems/{code}/responsibility": Route("api-detail", _code()),
    "/api/public/accountability": Route("api-list", paged=True),
    "/api/complaints": Route("api-list", paged=True),
    "/api/complaints/{complaint_id}": Route("api-detail", _pk("complaint_id", "complaint")),
    "/api/notices": Route("api-list", paged=True),
    "/api/complaints/tables": Route("api-list"),
    "/api/notices/{notice_id}": Route("api-detail", _pk("notice_id", "notice")),
    "/api/investigations": Route("api-list", paged=True),
    "/api/investigations/{investigation_id}": Route(
        "api-detail", _pk("investigation_id", "investigation")
    ),
    "/api/complaints/handlers": Route("api-list"),
    "/api/complaints/repeats": Route("api-list"),
}

SKIPPED_OPERATIONS: dict[str, str] = {
    "/api/plans/{code}/ledger.xlsx": _DOCUMENT,
    "/api/problems/{code}/dossier": _DOCUMENT,
    "/api/notices/{notice_id}/docx": _DOCUMENT,
    "/api/complaints/{complaint_id}/handling": "one complaint by its key and its few reviews",
    "/api/complaints/{complaint_id}/reply.docx": _DOCUMENT,
    "/api/complaints/{complaint_id}/links": "one complaint's few links, by its key",
    "/api/complaints/tables/{team_id}/file": _DOCUMENT,
}

_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def page_path(route: str, values: dict[str, Any]) -> str:
    """`tasks/<int:pk>/` with {"pk": 7} → `/tasks/7/`."""
    return "/" + _CONVERTER.sub(lambda match: str(values[match.group(1)]), route)


def operation_path(operation: str, values: dict[str, Any]) -> str:
    """`/api/tasks/{task_id}` with {"task_id": 7} → `/api/tasks/7`."""
    return _PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), operation)


@dataclass(frozen=True)
class Request:
    """One concrete request to measure, or the reason there is none for this user."""

    key: str  # the route or operation
    kind: str
    path: str | None  # None: the user sees no object for it
    small_path: str | None = None  # the same list at SMALL_LIMIT


def requests_for(picks: Picks) -> list[Request]:
    """Every measured page and operation, filled in for the user of `picks`."""
    found = []
    for routes, to_path in ((PAGES, page_path), (OPERATIONS, operation_path)):
        for key, route in routes.items():
            values = route.fill(picks) if route.fill else {}
            if values is None:
                found.append(Request(key, route.kind, None))
                continue
            path = to_path(key, values)
            if not route.paged:
                query = f"?{route.query}" if route.query else ""
                found.append(Request(key, route.kind, path + query))
                continue
            found.append(
                Request(
                    key,
                    route.kind,
                    f"{path}?limit={PAGE_LIMIT}",
                    small_path=f"{path}?limit={SMALL_LIMIT}",
                )
            )
    return found
