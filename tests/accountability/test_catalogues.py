"""The catalogues as the official texts name them: measures for whom they apply to, and the
period of 留党察看 (docs/accountability.md, "Catalogues")."""

from __future__ import annotations

import pytest

from duban.accountability.choices import (
    FIRST_FORM,
    ORGANIZATIONAL_HANDLING,
    PARTY_ORGANIZATION_MEASURES,
    Measure,
)
from duban.accountability.models import Sanction
from duban.accountability.services import sanction_decide
from duban.core import clock
from duban.core.models import Event
from duban.errors import ApplicationError
from tests.accountability.conftest import Scene, proven_finding


def _decide(scene: Scene, finding, measure, **extra):
    return sanction_decide(
        actor=scene.supervisor,
        case_id=scene.case.pk,
        finding_id=finding.pk,
        measure=measure,
        decided_by="株洲市纪委监委",
        decided_on=clock.today(),
        **extra,
    )


def test_the_catalogue_holds_the_first_form_and_the_environmental_damage_measures():
    assert {
        Measure.TALK_REMINDER,
        Measure.CRITICISM_EDUCATION,
        Measure.ORDERED_EXAMINATION,
        Measure.ADMONITION,
    } == FIRST_FORM
    assert {Measure.TRANSFER, Measure.BLAME_RESIGNATION} <= ORGANIZATIONAL_HANDLING
    assert Measure.PUBLIC_APOLOGY in Measure.values
    assert Measure.ORG_DISSOLUTION in PARTY_ORGANIZATION_MEASURES


@pytest.mark.parametrize("measure", sorted(PARTY_ORGANIZATION_MEASURES))
def test_a_party_organization_measure_is_refused_for_a_government_bureau(scene, measure):
    # given a proven finding against 株洲市住建局, a department (not a party organization)
    bureau = proven_finding(scene.case, scene.supervisor, organization=scene.w.housing)
    before = (Sanction.objects.count(), Event.objects.count())
    # when the commission decides a measure for party organizations against it
    with pytest.raises(ApplicationError) as error:
        _decide(scene, bureau, measure)
    # then it is refused on the measure, and nothing changed
    assert error.value.fields["measure"].startswith("this measure applies only to a party")
    assert (Sanction.objects.count(), Event.objects.count()) == before


def test_a_party_organization_measure_applies_to_the_bureau_s_party_group(scene):
    group = proven_finding(scene.case, scene.supervisor, organization=scene.party_group)
    assert _decide(scene, group, Measure.ORG_DISSOLUTION).measure == "org_dissolution"


def test_a_supervision_recommendation_is_addressed_to_any_unit(scene):
    bureau = proven_finding(scene.case, scene.supervisor, organization=scene.w.housing)
    assert _decide(scene, bureau, Measure.SUPERVISION_RECOMMENDATION).months is None
    with pytest.raises(ApplicationError) as error:
        _decide(scene, scene.finding, Measure.SUPERVISION_RECOMMENDATION, rank="division")
    assert error.value.code == "invalid_sanction" and "measure" in error.value.fields


@pytest.mark.parametrize("months", [12, 24])
def test_party_probation_keeps_the_period_chosen(scene, months):
    sanction = _decide(
        scene, scene.finding, Measure.PARTY_PROBATION, rank="division", months=months
    )
    assert Sanction.objects.get(pk=sanction.pk).months == months


@pytest.mark.parametrize("months", [None, 6, 36])
def test_party_probation_without_a_one_or_two_year_period_is_refused(scene, months):
    before = Sanction.objects.count()
    with pytest.raises(ApplicationError) as error:
        _decide(scene, scene.finding, Measure.PARTY_PROBATION, rank="division", months=months)
    assert error.value.fields["months"] == "choose the period in months: 12/24"
    assert Sanction.objects.count() == before


def test_a_period_is_refused_for_a_measure_without_one_to_choose(scene):
    with pytest.raises(ApplicationError) as error:
        _decide(scene, scene.finding, Measure.GOV_DEMERIT, rank="division", months=24)
    assert error.value.fields["months"] == "this measure has no period to choose"


def test_party_probation_period_through_the_api(scene):
    from tests.clients import client_for, post_json

    client = client_for(scene.supervisor)
    path = f"/api/accountability/cases/{scene.case.pk}/sanctions"
    payload = {
        "finding": scene.finding.pk,
        "measure": "party_probation",
        "rank": "division",
        "decided_by": "株洲市纪委",
        "decided_on": clock.today().isoformat(),
    }
    refused = post_json(client, path, payload)
    assert refused.status_code == 400 and "months" in refused.json()["fields"]
    created = post_json(client, path, {**payload, "months": 24})
    assert created.status_code == 201 and created.json()["months"] == 24


def test_a_recommendation_is_not_counted_as_holding_anyone_accountable(scene):
    from duban.accountability.statistics import statistics_for

    before = statistics_for(user=scene.supervisor).totals
    leader = proven_finding(scene.case, scene.supervisor, person=scene.w.leader)
    _decide(scene, leader, Measure.ACCOUNTABILITY_RECOMMENDATION, rank="bureau")
    after = statistics_for(user=scene.supervisor).totals
    assert (after.people, after.sanctions) == (before.people, before.sanctions) == (1, 1)
