"""The permission matrix of every accountability page and API operation: anonymous, the
responsible unit's reporter, the rectification office's reviewer, a supervisor of another
city's commission (out of scope) and the city commission's supervisor (in scope). A denied
call changes nothing: no case, finding, sanction, file or ledger event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from duban.accountability.choices import Measure
from duban.accountability.models import AccountabilityCase, ResponsibilityFinding, Sanction
from duban.accountability.services import sanction_decide
from duban.core import clock
from duban.core.models import Attachment, Event
from tests.accountability.conftest import Scene, client_for, post_json
from tests.images import photo

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "reporter", "reviewer", "far_supervisor", "supervisor"]


def actor(scene: Scene, name: str) -> Any:
    return {
        "anonymous": None,
        "reporter": scene.w.reporter,
        "reviewer": scene.w.reviewer,
        "far_supervisor": scene.far_supervisor,
        "supervisor": scene.supervisor,
    }[name]


def snapshot() -> dict[str, int]:
    return {
        "events": Event.objects.count(),
        "cases": AccountabilityCase.objects.count(),
        "findings": ResponsibilityFinding.objects.count(),
        "sanctions": Sanction.objects.count(),
        "carried_out": Sanction.objects.filter(carried_out_on__isnull=False).count(),
        "attachments": Attachment.objects.count(),
    }


def handling(scene: Scene) -> Sanction:
    """An organizational-handling decision (调整职务) not yet carried out."""
    return sanction_decide(
        actor=scene.supervisor,
        case_id=scene.case.pk,
        finding_id=scene.finding.pk,
        measure=Measure.REASSIGNMENT,
        rank="division",
        decided_by="株洲市委",
        decided_on=clock.today(),
    )


# Pages: GET


PAGE_READS: dict[str, tuple[Callable[[Scene], str], list[int]]] = {
    #                                           anon reporter reviewer far  in scope
    "case list": (lambda s: "/accountability/", [302, 403, 403, 200, 200]),
    "case detail": (lambda s: f"/accountability/{s.case.pk}/", [302, 404, 404, 404, 200]),
    "ledger": (lambda s: "/accountability/ledger/", [302, 403, 403, 200, 200]),
    "statistics": (lambda s: "/accountability/statistics/", [302, 403, 403, 200, 200]),
    "open form": (lambda s: "/accountability/new/?problem=HN-ZZ-01", [302, 403, 403, 200, 200]),
    "responsibility": (
        lambda s: "/problems/HN-ZZ-01/responsibility/",
        [302, 404, 200, 404, 200],
    ),
    "dossier": (lambda s: "/problems/HN-ZZ-01/dossier/", [302, 404, 200, 404, 200]),
    "evidence": (
        lambda s: f"/accountability/evidence/{s.finding.evidence.get().pk}/",
        [302, 404, 404, 404, 200],
    ),
}


@pytest.mark.parametrize("page", PAGE_READS, ids=list(PAGE_READS))
def test_page_reads(scene, page):
    path, expected = PAGE_READS[page]
    before = snapshot()
    got = [client_for(actor(scene, name)).get(path(scene)).status_code for name in ACTORS]
    assert got == expected
    assert snapshot() == before


def test_out_of_scope_supervisor_sees_no_row(scene):
    client = client_for(scene.far_supervisor)
    assert scene.case.number not in client.get("/accountability/").content.decode()
    assert "HN-ZZ-01" not in client.get("/accountability/ledger/").content.decode()
    assert (
        "HN-ZZ-01" in client_for(scene.supervisor).get("/accountability/ledger/").content.decode()
    )


def test_reviewer_sees_the_chain_without_case_events(scene):
    page = client_for(scene.w.reviewer).get("/problems/HN-ZZ-01/responsibility/").content.decode()
    assert 'data-verb="task.created"' in page and 'data-verb="case.opened"' not in page
    page = client_for(scene.supervisor).get("/problems/HN-ZZ-01/responsibility/").content.decode()
    assert 'data-verb="case.opened"' in page


def test_problem_page_links_only_for_overseers(scene):
    for user, shown in [
        (scene.w.reporter, False),
        (scene.w.reviewer, True),
        (scene.supervisor, True),
    ]:
        page = client_for(user).get("/problems/HN-ZZ-01/").content.decode()
        assert ('data-testid="dossier-button"' in page) is shown


# Pages: POST


def _finding_form(scene: Scene) -> dict[str, Any]:
    return {
        "target": "person",
        "person": scene.w.leader.pk,
        "responsibility": "leadership",
        "facts": "分管领导督促不力",
        "event_seqs": "1",
    }


def _sanction_form(scene: Scene) -> dict[str, Any]:
    return {
        "finding": scene.finding.pk,
        "measure": "admonition",
        "rank": "division",
        "decided_by": "株洲市纪委监委",
        "decided_on": clock.today().isoformat(),
    }


PAGE_WRITES: dict[str, tuple[Callable[[Scene], tuple[str, dict[str, Any]]], list[int]]] = {
    "finding": (
        lambda s: (f"/accountability/{s.case.pk}/findings/", _finding_form(s)),
        [302, 404, 404, 404, 302],
    ),
    "sanction": (
        lambda s: (f"/accountability/{s.case.pk}/sanctions/", _sanction_form(s)),
        [302, 404, 404, 404, 302],
    ),
    "carried out": (
        lambda s: (
            f"/accountability/{s.case.pk}/sanctions/{handling(s).pk}/carried-out/",
            {"on": clock.today().isoformat()},
        ),
        [302, 404, 404, 404, 302],
    ),
    "open case": (
        lambda s: (
            "/accountability/new/",
            {
                "commission": s.commission.pk,
                "title": "新案",
                "problems": "HN-ZZ-01",
                "source": "handover",
                "summary": "移交问题",
            },
        ),
        [302, 403, 403, 400, 302],
    ),
}


@pytest.mark.parametrize("action", PAGE_WRITES, ids=list(PAGE_WRITES))
@pytest.mark.parametrize("index", range(len(ACTORS)), ids=ACTORS)
def test_page_writes(scene, action, index):
    make, expected = PAGE_WRITES[action]
    path, data = make(scene)
    if action == "open case" and ACTORS[index] == "far_supervisor":
        data["commission"] = scene.far_commission.pk  # their own commission, another city
    before = snapshot()
    response = client_for(actor(scene, ACTORS[index])).post(path, data)
    assert response.status_code == expected[index]
    if ACTORS[index] == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    if ACTORS[index] != "supervisor":
        assert snapshot() == before
    else:
        assert snapshot()["events"] == before["events"] + 1


# API


def _api(scene: Scene, name: str) -> tuple[str, str, Any]:
    today = clock.today().isoformat()
    case = scene.case.pk
    return {
        "list": ("get", "/api/accountability/cases", None),
        "open": (
            "post",
            "/api/accountability/cases",
            {
                "commission": scene.commission.pk,
                "title": "新案",
                "problems": ["HN-ZZ-01"],
                "source": "handover",
                "summary": "移交",
            },
        ),
        "get": ("get", f"/api/accountability/cases/{case}", None),
        "finding": (
            "post",
            f"/api/accountability/cases/{case}/findings",
            {
                "responsibility": "leadership",
                "facts": "督促不力",
                "person": scene.w.leader.pk,
                "event_seqs": [1],
            },
        ),
        "sanction": (
            "post",
            f"/api/accountability/cases/{case}/sanctions",
            {
                "finding": scene.finding.pk,
                "measure": "admonition",
                "rank": "division",
                "decided_by": "株洲市纪委监委",
                "decided_on": today,
            },
        ),
        "carried out": (
            "post",
            f"/api/accountability/sanctions/{handling(scene).pk}/carried-out",
            {"on": today},
        ),
        "statistics": ("get", "/api/accountability/statistics", None),
        "responsibility": ("get", "/api/problems/HN-ZZ-01/responsibility", None),
        "dossier": ("get", "/api/problems/HN-ZZ-01/dossier", None),
        "public": ("get", "/api/public/accountability", None),
    }[name]


API_EXPECTED = {
    #                anon reporter reviewer far  in scope
    "list": [401, 403, 403, 200, 200],
    "open": [401, 403, 403, 404, 201],
    "get": [401, 404, 404, 404, 200],
    "finding": [401, 404, 404, 404, 201],
    "sanction": [401, 404, 404, 404, 201],
    "carried out": [401, 404, 404, 404, 200],
    "statistics": [401, 403, 403, 200, 200],
    "responsibility": [401, 404, 200, 404, 200],
    "dossier": [401, 404, 200, 404, 200],
    "public": [200, 200, 200, 200, 200],
}
WRITES = {"open", "finding", "sanction", "carried out"}


@pytest.mark.parametrize("operation", API_EXPECTED, ids=list(API_EXPECTED))
@pytest.mark.parametrize("index", range(len(ACTORS)), ids=ACTORS)
def test_api_matrix(scene, operation, index):
    method, path, payload = _api(scene, operation)
    if operation == "open" and ACTORS[index] == "far_supervisor":
        payload["commission"] = scene.far_commission.pk
    client = client_for(actor(scene, ACTORS[index]))
    before = snapshot()
    response = post_json(client, path, payload) if method == "post" else client.get(path)
    assert response.status_code == API_EXPECTED[operation][index], response.content[:300]
    if response.status_code >= 400:
        assert set(response.json()) == {"message", "code", "fields"}
        assert snapshot() == before
    elif operation in WRITES:
        assert snapshot()["events"] == before["events"] + 1
    else:
        assert snapshot() == before


def test_out_of_scope_problem_names_the_field(scene):
    response = post_json(
        client_for(scene.far_supervisor),
        "/api/accountability/cases",
        {
            "commission": scene.far_commission.pk,
            "title": "越权立案",
            "problems": ["HN-ZZ-01"],
            "source": "handover",
            "summary": "x",
        },
    )
    assert response.status_code == 404
    assert list(response.json()["fields"]) == ["problems"]


def test_far_supervisor_list_is_empty(scene):
    body = client_for(scene.far_supervisor).get("/api/accountability/cases").json()
    assert body == {"items": [], "count": 0}


def test_other_commissions_evidence_is_not_citable(scene):
    """A file uploaded by someone else (and not cited in a visible task) is 404, field named."""
    from duban.core.attachments import attachment_store

    foreign = attachment_store(actor=scene.far_supervisor, name="x.jpg", content=photo(seed=3))
    before = snapshot()
    response = post_json(
        client_for(scene.supervisor),
        f"/api/accountability/cases/{scene.case.pk}/findings",
        {
            "responsibility": "direct",
            "facts": "x",
            "person": scene.w.leader.pk,
            "evidence": [foreign.pk],
        },
    )
    assert response.status_code == 404
    assert list(response.json()["fields"]) == ["evidence"]
    assert snapshot() == before
