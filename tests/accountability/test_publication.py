"""A direct investigation publishes its results (及时向社会反馈): a summary set by its
commission's supervisor once concluded, shown by the public accountability API; the internal
findings never are."""

from __future__ import annotations

import pytest

from duban.accountability.services import investigation_publish
from duban.core.models import Event
from duban.errors import ApplicationError, NotFound, NotPermitted
from duban.inspections.models import Problem
from duban.supervision.models import DirectInvestigation
from duban.supervision.services import investigation_conclude, investigation_open
from tests.accountability.conftest import Scene
from tests.clients import client_for, post_json
from tests.factories import make_person


@pytest.fixture
def investigation(scene: Scene) -> DirectInvestigation:
    return investigation_open(
        actor=scene.supervisor,
        problem=scene.w.problem,
        commission=scene.commission,
        team=[make_person("办案人", organization=scene.commission)],
        plan="调阅台账，现场核查",
    )


def _state(investigation: DirectInvestigation) -> tuple[bool, str, int]:
    investigation.refresh_from_db()
    return investigation.is_public, investigation.published_summary, Event.objects.count()


def _conclude(scene: Scene, investigation: DirectInvestigation) -> None:
    investigation_conclude(
        actor=scene.supervisor, investigation_id=investigation.pk, outcome="内部：移送问责"
    )


def test_results_are_published_after_concluding(scene, investigation):
    before = _state(investigation)
    with pytest.raises(ApplicationError) as error:  # still under investigation
        investigation_publish(
            actor=scene.supervisor, investigation_id=investigation.pk, summary="已查实"
        )
    assert error.value.fields == {
        "investigation": "results are published once the investigation is concluded"
    }
    assert _state(investigation) == before
    _conclude(scene, investigation)
    investigation_publish(
        actor=scene.supervisor, investigation_id=investigation.pk, summary="经查，问题属实，已问责"
    )
    investigation.refresh_from_db()
    assert investigation.is_public and investigation.published_on is not None
    event = Event.objects.get(verb="investigation.published")
    assert event.data["summary"] == "经查，问题属实，已问责" and event.data["public"] is True


def test_only_the_commission_s_supervisor_publishes(scene, investigation):
    _conclude(scene, investigation)
    before = _state(investigation)
    with pytest.raises(NotFound):
        investigation_publish(
            actor=scene.w.reviewer, investigation_id=investigation.pk, summary="x"
        )
    with pytest.raises((NotFound, NotPermitted)):
        investigation_publish(
            actor=scene.far_supervisor, investigation_id=investigation.pk, summary="x"
        )
    assert _state(investigation) == before


def test_the_public_api_shows_the_published_summary_only(scene, investigation):
    _conclude(scene, investigation)
    path = f"/api/accountability/investigations/{investigation.pk}/publication"
    payload = {"summary": "经查，问题属实，已问责"}
    assert post_json(client_for(None), path, payload).status_code == 401
    assert post_json(client_for(scene.w.reviewer), path, payload).status_code == 404
    assert client_for(None).get("/api/public/accountability").json()["investigations"] == []
    assert post_json(client_for(scene.supervisor), path, payload).status_code == 200
    Problem.objects.filter(pk=scene.w.problem.pk).update(is_public=True)
    response = client_for(None).get("/api/public/accountability")
    (published,) = response.json()["investigations"]
    assert published["summary"] == "经查，问题属实，已问责"
    assert published["commission"] == "株洲市纪委监委"
    assert published["problem"]["code"] == scene.w.problem.code
    assert "内部" not in response.content.decode()
