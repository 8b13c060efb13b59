"""The repeat rule: the same firm or address, within the window, in the same region subtree,
while the first is open — across the window's edges and between regions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from duban.complaints.choices import ComplaintState
from duban.complaints.models import Complaint
from duban.complaints.repeats import keys_of, open_repeat_of, repeat_clusters
from duban.complaints.services.intake import complaint_register
from duban.core import clock
from duban.core.models import Region
from tests.complaints.scene import Scene, complaint_in

WINDOW = 30


@pytest.fixture(autouse=True)
def window(settings):
    settings.DUBAN_COMPLAINT_REPEAT_DAYS = WINDOW


def register(scene: Scene, number: str, **overrides) -> Complaint:
    data = complaint_in(number=number, **overrides)
    return complaint_register(actor=scene.w.reviewer, office=scene.w.office, data=data)


def test_keys_are_the_normalised_firm_and_address(scene: Scene) -> None:
    assert keys_of(scene.complaint) == ("某化工", "南洲镇工业园8号")
    assert (scene.complaint.accused_key, scene.complaint.address_key) == keys_of(scene.complaint)


def test_the_same_firm_written_otherwise_is_linked_to_the_open_first(scene: Scene) -> None:
    repeat = register(
        scene, "D3HN202611270002", accused_name="某化工有限责任公司（株洲）", address=""
    )
    assert repeat.state == ComplaintState.LINKED
    assert repeat.repeat_of == scene.complaint


def test_the_same_address_written_otherwise_is_linked(scene: Scene) -> None:
    repeat = register(
        scene, "D3HN202611270002", accused_name="无名砂场", address="湖南渌口南洲镇 工业园八号"
    )
    assert repeat.repeat_of == scene.complaint


def test_the_window_counts_back_from_the_repeat(scene: Scene) -> None:
    first_on = scene.complaint.received_on
    edge = first_on + timedelta(days=WINDOW)
    with clock.frozen(edge):
        inside = register(scene, "D3HN202611270002", received_on=edge, address="")
    with clock.frozen(edge + timedelta(days=1)):
        outside = register(
            scene, "D3HN202611270003", received_on=edge + timedelta(days=1), address=""
        )
    assert inside.repeat_of == scene.complaint
    # A day past the window: accepted anew (and its own first for what follows).
    assert outside.repeat_of is None
    assert outside.state == ComplaintState.REGISTERED


def test_a_complaint_received_before_the_first_is_not_its_repeat(scene: Scene) -> None:
    earlier = complaint_in(
        number="D3HN202611270002", received_on=scene.complaint.received_on - timedelta(days=1)
    )
    earlier_complaint = Complaint(
        region=earlier.region,
        received_on=earlier.received_on,
        accused_key="某化工",
        address_key="",
    )
    assert open_repeat_of(earlier_complaint) is None


def test_another_county_is_another_subtree(scene: Scene) -> None:
    other = register(scene, "D3HN202611270002", region=Region.objects.get(code="430223"))
    assert other.repeat_of is None


def test_the_city_and_its_county_are_one_subtree(scene: Scene) -> None:
    city = register(scene, "D3HN202611270002", region=Region.objects.get(code="430200"))
    assert city.repeat_of == scene.complaint


def test_a_concluded_first_takes_no_repeats(scene: Scene) -> None:
    Complaint.objects.filter(pk=scene.complaint.pk).update(state=ComplaintState.CONCLUDED)
    again = register(scene, "D3HN202611270002")
    assert again.repeat_of is None
    assert again.state == ComplaintState.REGISTERED


def test_an_unknown_firm_repeats_nothing(scene: Scene) -> None:
    one = register(scene, "D3HN202611270002", accused_name="不详", address="")
    two = register(scene, "D3HN202611270003", accused_name="不详", address="")
    assert (one.repeat_of, two.repeat_of) == (None, None)


def test_clusters_group_linked_and_same_key_complaints(scene: Scene) -> None:
    register(scene, "D3HN202611270002")
    register(
        scene,
        "D3HN202611270003",
        accused_name="甲",
        address="株洲市攸县网岭镇罗家坪村2组",
        region=Region.objects.get(code="430223"),
    )
    register(
        scene,
        "D3HN202611270004",
        accused_name="乙",
        address="攸县网岭镇罗家坪村二组",
        region=Region.objects.get(code="430223"),
    )
    clusters = repeat_clusters(user=scene.w.reviewer)
    found = {(c.kind, c.count, c.region_code) for c in clusters}
    assert ("linked", 2, "430212") in found
    assert ("address", 2, "430223") in found
    assert ("firm", 2, "430212") in found
    # The accused unit sees no complaint, so no cluster; the region filter narrows.
    assert repeat_clusters(user=scene.accused_reviewer) == []
    narrowed = repeat_clusters(user=scene.w.reviewer, region="430223")
    assert {(c.kind, c.count) for c in narrowed} == {("address", 2), ("linked", 2)}
