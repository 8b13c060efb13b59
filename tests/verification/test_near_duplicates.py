"""The banded near-duplicate rule finds exactly what comparing every pair finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from duban.verification import rules


def all_pairs(photos, max_distance):  # noqa: ANN001, ANN201
    """The rule as it was: every pair compared (kept here as the oracle)."""
    pairs = []
    for i, (first_id, first_hash, first_task) in enumerate(photos):
        for second_id, second_hash, second_task in photos[i + 1 :]:
            if first_id == second_id or first_task == second_task:
                continue
            distance = rules.hamming(first_hash, second_hash)
            if distance <= max_distance:
                pairs.append((min(first_id, second_id), max(first_id, second_id), distance))
    return sorted(set(pairs))


def _flip(value: int, bits: list[int]) -> int:
    for bit in bits:
        value ^= 1 << bit
    return value


# Hashes clustered around a few bases, so that many pairs sit at and around the threshold.
near_hashes = st.builds(
    _flip,
    st.sampled_from([0, 0xFFFF_FFFF_FFFF_FFFF, 0x0123_4567_89AB_CDEF, 0xF0F0_0F0F_AAAA_5555]),
    st.lists(st.integers(0, 63), max_size=9),
)
photo_lists = st.lists(
    st.tuples(st.integers(1, 40), near_hashes.map(lambda h: f"{h:016x}"), st.integers(1, 6)),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(photos=photo_lists, max_distance=st.integers(0, 12))
def test_banded_rule_equals_all_pairs(photos, max_distance):
    assert rules.near_duplicates(photos, max_distance=max_distance) == all_pairs(
        photos, max_distance
    )


@settings(max_examples=50, deadline=None)
@given(photos=photo_lists, max_distance=st.integers(60, 70))
def test_threshold_beyond_the_hash_width_compares_everything(photos, max_distance):
    assert rules.near_duplicates(photos, max_distance=max_distance) == all_pairs(
        photos, max_distance
    )


@settings(max_examples=100, deadline=None)
@given(new=photo_lists, old=photo_lists)
def test_new_photos_against_all_finds_every_pair_touching_a_new_one(new, old):
    # A file is "new" with every task it is evidence for, as the incremental detector asks.
    everything = sorted({*new, *old})
    new_files = {photo[0] for photo in new}
    expected = [
        pair
        for pair in all_pairs(everything, rules.NEAR_DUPLICATE_MAX_DISTANCE)
        if {pair[0], pair[1]} & new_files
    ]
    found = rules.near_duplicates_of([p for p in everything if p[0] in new_files], everything)
    assert found == expected


def test_banded_rule_finds_the_same_pairs_as_all_pairs_on_thousands_of_photos():
    # 3,000 random 64-bit hashes: 4.5 million pairs compared one by one by the reference.
    # How much faster the banded rule is belongs to the benchmarks (the daily job's figure in
    # `make bench`), not to a timed unit test on a shared machine.
    import random

    draw = random.Random(17)
    photos = [(n, f"{draw.getrandbits(64):016x}", n % 97) for n in range(3_000)]
    photos.append((3_000, f"{int(photos[5][1], 16) ^ 0b111111:016x}", 999))  # six bits away
    banded = rules.near_duplicates(photos)
    assert all_pairs(photos, rules.NEAR_DUPLICATE_MAX_DISTANCE) == banded
    assert (5, 3_000, 6) in banded
