"""Statistics in the published form, computed in the database, and the public results."""

from __future__ import annotations

import pytest

from duban.accountability.choices import Measure
from duban.accountability.services import case_open, sanction_decide
from duban.accountability.statistics import statistics_for
from duban.core import clock
from duban.core.models import Region
from duban.core.principal import SYSTEM
from duban.inspections.services import problem_create
from tests.accountability.conftest import Scene, open_case, proven_finding
from tests.clients import client_for
from tests.factories import make_organization, make_person

pytestmark = pytest.mark.django_db


def decide(scene: Scene, finding, measure, rank="", public=False, case=None, actor=None):
    return sanction_decide(
        actor=actor or scene.supervisor,
        case_id=(case or scene.case).pk,
        finding_id=finding.pk,
        measure=measure,
        rank=rank,
        decided_by="株洲市纪委监委",
        decided_on=clock.today(),
        is_public=public,
    )


@pytest.fixture
def decided(scene: Scene) -> Scene:
    """周建国: 记过 (scene) + 诫勉; 陈志远: 诫勉 only; 住建局 (unit): 通报; and a case of
    another city that the 株洲 supervisor must not count."""
    decide(scene, scene.finding, Measure.ADMONITION, "division", public=True)
    leader = proven_finding(scene.case, scene.supervisor, person=scene.w.leader)
    decide(scene, leader, Measure.ADMONITION, "bureau")
    unit = proven_finding(scene.case, scene.supervisor, organization=scene.party_group)
    decide(scene, unit, Measure.ORG_CIRCULAR, public=True)
    far_problem = problem_create(
        actor=SYSTEM,
        code="HN-XT-01",
        source="feedback",
        title="湘潭问题",
        description="x",
        region=Region.objects.get(code="430300"),
        categories=["water"],
    )
    far_case = case_open(
        actor=scene.far_supervisor,
        commission=scene.far_commission,
        title="湘潭问题问责",
        problems=[far_problem],
        source="handover",
        summary="x",
    )
    xt_bureau = make_organization("湘潭市住建局", region="430300")
    far_person = make_person("湘潭某人", organization=xt_bureau)
    far_finding = proven_finding(far_case, scene.far_supervisor, person=far_person)
    decide(
        scene,
        far_finding,
        Measure.PARTY_WARNING,
        "section",
        case=far_case,
        actor=scene.far_supervisor,
    )
    return scene


def test_published_sentence_and_tables(decided):
    stats = statistics_for(user=decided.supervisor)
    assert stats.totals.sentence() == "1个问题，问责2人，其中党纪政务处分1人；问责单位1个"
    assert (stats.totals.sanctions, stats.totals.people, stats.totals.units) == (4, 2, 1)
    assert [(r.key, r.count) for r in stats.by_measure] == [
        ("org_circular", 1),
        ("admonition", 2),
        ("gov_demerit", 1),
    ]
    assert [(r.key, r.count) for r in stats.by_rank] == [("bureau", 1), ("division", 1)]
    assert [(r.key, r.count) for r in stats.by_responsibility] == [
        ("primary", 1),
        ("direct", 3),
    ]
    assert [(r.key, r.label, r.count) for r in stats.by_region] == [("430200", "株洲市", 4)]
    assert [(r.code, r.people, r.disciplined, r.units, r.sanctions) for r in stats.by_problem] == [
        ("HN-ZZ-01", 2, 1, 1, 4)
    ]


def test_out_of_scope_commission_counts_only_its_own(decided):
    stats = statistics_for(user=decided.far_supervisor)
    assert stats.totals.sentence() == "1个问题，问责1人，其中党纪政务处分1人"


def test_statistics_api_and_page(decided, django_assert_max_num_queries):
    client = client_for(decided.supervisor)
    with django_assert_max_num_queries(20):
        body = client.get("/api/accountability/statistics").json()
    assert body["totals"] == {
        "problems": 1,
        "people": 2,
        "disciplined": 1,
        "units": 1,
        "sanctions": 4,
        "sentence": "1个问题，问责2人，其中党纪政务处分1人；问责单位1个",
    }
    page = client.get("/accountability/statistics/").content.decode()
    assert "1个问题，问责2人，其中党纪政务处分1人；问责单位1个" in page


def test_public_api_shows_public_sanctions_without_findings(decided):
    response = client_for(None).get("/api/public/accountability")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert sorted((item["target"], item["measure"]) for item in body["items"]) == [
        ("周建国", "admonition"),
        ("株洲市住建局党组", "org_circular"),
    ]
    text = response.content.decode()
    for internal in ("内部认定", "三次报送数据", "管网数据失实问题问责", "陈志远", "湘潭某人"):
        assert internal not in text
    assert body["totals"]["sentence"] == "1个问题，问责1人，其中党纪政务处分0人；问责单位1个"
    assert set(body["items"][0]) == {
        "target",
        "post",
        "organization",
        "responsibility",
        "responsibility_label",
        "measure",
        "measure_label",
        "rank",
        "rank_label",
        "decided_by",
        "decided_on",
        "problems",
    }


def test_public_api_lists_only_public_problems(decided):
    body = client_for(None).get("/api/public/accountability").json()
    assert all(item["problems"] == [] for item in body["items"])  # HN-ZZ-01 is not public


def test_case_list_query_count(decided, django_assert_max_num_queries):
    for _ in range(5):
        case = open_case(decided.w, decided.commission, decided.supervisor)
        proven_finding(case, decided.supervisor, person=decided.w.leader)
    client = client_for(decided.supervisor)
    with django_assert_max_num_queries(12):
        body = client.get("/api/accountability/cases?limit=100").json()
    assert body["count"] == 6
    with django_assert_max_num_queries(16):
        assert client.get("/accountability/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get("/accountability/ledger/").status_code == 200
