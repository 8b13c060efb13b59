"""Every accountability page and API operation through the permission harness: anonymous, the
responsible unit's reporter and the rectification office's reviewer (no accountability role), a
supervisor of another city's commission (out of scope) and the city commission's supervisor (in
scope). A denied call changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from duban.accountability.choices import Measure
from duban.accountability.models import Sanction
from duban.accountability.services import review_request, sanction_decide
from duban.core import clock
from duban.core.choices import Role
from duban.core.models import Event, Person
from duban.supervision.services import investigation_conclude, investigation_open
from tests.accountability.conftest import proven_finding
from tests.clients import client_for, post_json
from tests.factories import make_person, make_user
from tests.images import photo
from tests.permissions import Endpoint, NotApplicable, check, nothing_changes, parametrize

pytestmark = pytest.mark.django_db


def handling(scene: Any) -> Sanction:
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


def _finding_form(s: Any) -> dict[str, Any]:
    return {
        "target": "person",
        "person": s.w.leader.pk,
        "responsibility": "leadership",
        "facts": "分管领导督促不力",
        # Ticked from the problem's timeline: the task's creation.
        "event_seqs": str(
            Event.objects.get(subject_type="rectification.task", verb="task.created").seq
        ),
    }


def _sanction_form(s: Any) -> dict[str, Any]:
    return {
        "finding": s.finding.pk,
        "measure": "admonition",
        "rank": "division",
        "decided_by": "株洲市纪委监委",
        "decided_on": clock.today().isoformat(),
    }


def _open_form(commission: str) -> Any:
    return lambda s: {
        "commission": getattr(s, commission).pk,
        "title": "新案",
        "problems": "HN-ZZ-01",
        "source": "handover",
        "summary": "移交问题",
    }


def _case_in(commission: str) -> Any:
    return lambda s: {
        "commission": getattr(s, commission).pk,
        "title": "新案",
        "problems": ["HN-ZZ-01"],
        "source": "handover",
        "summary": "移交",
    }


def _handling(s: Any) -> dict[str, Any]:
    return {"handling": handling(s)}


# The reporter (responsible unit) and the reviewer (rectification office) hold no
# accountability role; the other city's supervisor holds it but not over 株洲's problem.
NO_ROLE = {"w.reporter": 403, "w.reviewer": 403}
NOT_THEIRS = {"w.reporter": 404, "w.reviewer": 404}
FAR = {"far_supervisor": 404}
SUPERVISOR_ONLY = {"supervisor": 200}
# The problem's chain of responsibility is open to those who oversee it: the office too.
OVERSEERS = {"w.reviewer": 200, "supervisor": 200}
API_NOT_THEIRS = {"w.reporter": 404, "w.reviewer": 404}


def _duplicate(s: Any) -> dict[str, Any]:
    return {"duplicate": proven_finding(s.case, s.supervisor, person=s.w.responsible)}


def _zhou(s: Any) -> dict[str, Any]:
    """The login of 周建国, the person the scene's sanction is about."""
    user = make_user("zhoujianguo", organization=s.w.housing, role=Role.VIEWER)
    Person.objects.filter(pk=s.w.responsible.pk).update(user=user)
    return {"zhou": user}


def _review_asked(s: Any) -> dict[str, Any]:
    names = _zhou(s)
    review = review_request(
        actor=names["zhou"], sanction_id=s.sanction.pk, kind="review", grounds="事实认定不清"
    )
    return {**names, "review": review}


def _concluded_investigation(s: Any) -> dict[str, Any]:
    investigation = investigation_open(
        actor=s.supervisor,
        problem=s.w.problem,
        commission=s.commission,
        team=[make_person("办案人", organization=s.commission)],
        plan="调阅台账，现场核查",
    )
    investigation_conclude(actor=s.supervisor, investigation_id=investigation.pk, outcome="移送")
    return {"investigation": investigation}


REVIEW = {"kind": "review", "grounds": "事实认定不清"}
ONE_S_OWN = NotApplicable("everyone reads their own sanctions: there is no one else's to see")
ENDPOINTS = [
    # Pages
    Endpoint("GET /accountability/", anonymous=302, without_right=NO_ROLE,
             out_of_scope={"far_supervisor": 200}, in_scope=SUPERVISOR_ONLY),
    Endpoint("GET /accountability/?format=xlsx", name="case list export", anonymous=302,
             without_right=NO_ROLE, out_of_scope={"far_supervisor": 200},
             in_scope=SUPERVISOR_ONLY),
    Endpoint("GET /accountability/{case.pk}/", anonymous=302, without_right=NOT_THEIRS,
             out_of_scope=FAR, in_scope=SUPERVISOR_ONLY),
    Endpoint("GET /accountability/ledger/", anonymous=302, without_right=NO_ROLE,
             out_of_scope={"far_supervisor": 200}, in_scope=SUPERVISOR_ONLY),
    Endpoint("GET /accountability/ledger/?format=xlsx", name="ledger export", anonymous=302,
             without_right=NO_ROLE, out_of_scope={"far_supervisor": 200},
             in_scope=SUPERVISOR_ONLY),
    Endpoint("GET /accountability/statistics/", anonymous=302, without_right=NO_ROLE,
             out_of_scope={"far_supervisor": 200}, in_scope=SUPERVISOR_ONLY),
    Endpoint("GET /accountability/new/?problem=HN-ZZ-01", anonymous=302, without_right=NO_ROLE,
             out_of_scope={"far_supervisor": 200}, in_scope=SUPERVISOR_ONLY),
    Endpoint("GET /problems/HN-ZZ-01/responsibility/", anonymous=302,
             without_right={"w.reporter": 404}, out_of_scope=FAR, in_scope=OVERSEERS),
    # Queues the dossier as a job (no ledger event: docs/queue.md) and opens the job's page.
    Endpoint("POST /problems/HN-ZZ-01/dossier/", data=lambda s: {"format": "pdf"},
             anonymous=302, without_right={"w.reporter": 404}, out_of_scope=FAR,
             in_scope={"supervisor": 302}),
    Endpoint("GET /accountability/evidence/{evidence.pk}/",
             given=lambda s: {"evidence": s.finding.evidence.get()}, anonymous=302,
             without_right=NOT_THEIRS, out_of_scope=FAR, in_scope=SUPERVISOR_ONLY),
    Endpoint("POST /accountability/{case.pk}/findings/", data=_finding_form, anonymous=302,
             without_right=NOT_THEIRS, out_of_scope=FAR, in_scope={"supervisor": 302},
             records=["case.finding_recorded"]),
    Endpoint("POST /accountability/{case.pk}/sanctions/", data=_sanction_form, anonymous=302,
             without_right=NOT_THEIRS, out_of_scope=FAR, in_scope={"supervisor": 302},
             records=["case.sanction_decided"]),
    Endpoint("POST /accountability/{case.pk}/sanctions/{handling.pk}/carried-out/",
             given=_handling, data=lambda s: {"on": clock.today().isoformat()}, anonymous=302,
             without_right=NOT_THEIRS, out_of_scope=FAR, in_scope={"supervisor": 302},
             records=["case.sanction_carried_out"]),
    Endpoint("POST /accountability/new/", data=_open_form("commission"), anonymous=302,
             without_right=NO_ROLE, in_scope={"supervisor": 302}, records=["case.opened"]),
    # The other city's supervisor, opening a case in their own commission on 株洲's problem.
    Endpoint("POST /accountability/new/", name="open a case on a problem of another city",
             data=_open_form("far_commission"), out_of_scope={"far_supervisor": 400}),
    # API
    Endpoint("GET /api/accountability/cases", anonymous=401, without_right=NO_ROLE,
             out_of_scope={"far_supervisor": 200}, in_scope=SUPERVISOR_ONLY),
    Endpoint("POST /api/accountability/cases", data=_case_in("commission"), anonymous=401,
             without_right=NO_ROLE, in_scope={"supervisor": 201}, records=["case.opened"]),
    Endpoint("POST /api/accountability/cases", name="API: open a case in another city",
             data=_case_in("far_commission"), out_of_scope=FAR),
    Endpoint("GET /api/accountability/cases/{case.pk}", anonymous=401,
             without_right=API_NOT_THEIRS, out_of_scope=FAR, in_scope=SUPERVISOR_ONLY),
    Endpoint("POST /api/accountability/cases/{case.pk}/findings",
             data=lambda s: {"responsibility": "leadership", "facts": "督促不力",
                             "person": s.w.leader.pk, "event_seqs": [1]},
             anonymous=401, without_right=API_NOT_THEIRS, out_of_scope=FAR,
             in_scope={"supervisor": 201}, records=["case.finding_recorded"]),
    Endpoint("POST /api/accountability/cases/{case.pk}/sanctions",
             data=lambda s: {"finding": s.finding.pk, "measure": "admonition",
                             "rank": "division", "decided_by": "株洲市纪委监委",
                             "decided_on": clock.today().isoformat()},
             anonymous=401, without_right=API_NOT_THEIRS, out_of_scope=FAR,
             in_scope={"supervisor": 201}, records=["case.sanction_decided"]),
    Endpoint("POST /api/accountability/sanctions/{handling.pk}/carried-out", given=_handling,
             data=lambda s: {"on": clock.today().isoformat()}, anonymous=401,
             without_right=API_NOT_THEIRS, out_of_scope=FAR, in_scope={"supervisor": 200},
             records=["case.sanction_carried_out"]),
    Endpoint("GET /api/accountability/statistics", anonymous=401, without_right=NO_ROLE,
             out_of_scope={"far_supervisor": 200}, in_scope=SUPERVISOR_ONLY),
    Endpoint("GET /api/problems/HN-ZZ-01/responsibility", anonymous=401,
             without_right={"w.reporter": 404}, out_of_scope=FAR, in_scope=OVERSEERS),
    Endpoint("GET /api/problems/HN-ZZ-01/dossier", anonymous=401,
             without_right={"w.reporter": 404}, out_of_scope=FAR, in_scope=OVERSEERS),
    Endpoint("GET /api/public/accountability", anonymous=200,
             without_right=NotApplicable("public: the published sanctions, for anyone"),
             out_of_scope=NotApplicable("public: the published sanctions, for anyone"),
             in_scope={"w.reporter": 200, "w.reviewer": 200, "far_supervisor": 200,
                       "supervisor": 200}),
    # Withdrawing a finding, reviews of a sanction (复审/复核), published investigation results
    Endpoint("POST /accountability/{case.pk}/findings/{duplicate.pk}/withdrawal/",
             given=_duplicate, data=lambda s: {"reason": "重复录入"}, anonymous=302,
             without_right=NOT_THEIRS, out_of_scope=FAR, in_scope={"supervisor": 302},
             records=["case.finding_withdrawn"]),
    Endpoint("POST /api/accountability/findings/{duplicate.pk}/withdrawal", given=_duplicate,
             data=lambda s: {"reason": "重复录入"}, anonymous=401, without_right=API_NOT_THEIRS,
             out_of_scope=FAR, in_scope={"supervisor": 200}, records=["case.finding_withdrawn"]),
    Endpoint("GET /accountability/my-sanctions/", given=_zhou, anonymous=302,
             without_right=ONE_S_OWN, out_of_scope={"far_supervisor": 200},
             in_scope={"zhou": 200}),
    Endpoint("GET /api/accountability/my-sanctions", given=_zhou, anonymous=401,
             without_right=ONE_S_OWN, out_of_scope={"far_supervisor": 200},
             in_scope={"zhou": 200}),
    # Only the person sanctioned asks; the commission's supervisor is told why on the form.
    Endpoint("POST /accountability/sanctions/{sanction.pk}/review/", given=_zhou,
             data=lambda s: REVIEW, anonymous=302, without_right={"supervisor": 400},
             out_of_scope={"far_supervisor": 404}, in_scope={"zhou": 302},
             records=["case.review_requested"]),
    Endpoint("POST /api/accountability/sanctions/{sanction.pk}/reviews", given=_zhou,
             data=lambda s: REVIEW, anonymous=401, without_right={"supervisor": 400},
             out_of_scope={"far_supervisor": 404}, in_scope={"zhou": 201},
             records=["case.review_requested"]),
    Endpoint("POST /accountability/{case.pk}/reviews/{review.pk}/decision/",
             given=_review_asked, data=lambda s: {"outcome": "upheld", "answer": "维持原决定"},
             anonymous=302, without_right={"zhou": 404}, out_of_scope=FAR,
             in_scope={"supervisor": 302}, records=["case.review_decided"]),
    Endpoint("POST /api/accountability/reviews/{review.pk}/decision", given=_review_asked,
             data=lambda s: {"outcome": "upheld", "answer": "维持原决定"}, anonymous=401,
             without_right={"zhou": 404}, out_of_scope=FAR, in_scope={"supervisor": 200},
             records=["case.review_decided"]),
    Endpoint("POST /api/accountability/investigations/{investigation.pk}/publication",
             given=_concluded_investigation, data=lambda s: {"summary": "经查，问题属实，已问责"},
             anonymous=401, without_right={"w.reviewer": 404}, out_of_scope=FAR,
             in_scope={"supervisor": 200}, records=["investigation.published"]),
]  # fmt: skip


@parametrize(ENDPOINTS)
def test_permissions(scene, endpoint):
    check(endpoint, scene)


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
    with nothing_changes():
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
