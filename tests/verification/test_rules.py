"""Each signal rule: a positive case, a negative case and the boundary at its threshold."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal as D

import pytest

from duban.verification import rules
from duban.verification.rules import VersionCheck


def test_relative_deviation_and_threshold_boundary():
    assert rules.relative_deviation(claimed=D("107.5"), verified=D("8.84")) == D("11.1606")
    assert rules.relative_deviation(claimed=D("1"), verified=D("0")) is None
    exactly = rules.relative_deviation(claimed=D("110"), verified=D("100"))
    assert exactly == D("0.1000")
    assert not rules.deviates(exactly, claimed=D("110"), threshold=D("0.10"))  # at the line
    assert rules.deviates(D("0.1001"), claimed=D("110.01"), threshold=D("0.10"))
    assert rules.deviates(None, claimed=D("5"), threshold=D("0.10"))  # something where nothing is


def test_false_reporting_needs_two_successive_deviating_versions():
    far = [
        VersionCheck(1, D("107.5"), D("11.16")),
        VersionCheck(2, D("112"), D("11.67")),
        VersionCheck(3, D("115.2"), D("12.03")),
    ]
    assert [c.version for c in rules.false_reporting_run(far, threshold=D("0.10"))] == [1, 2, 3]
    one = [VersionCheck(1, D("107.5"), D("11.16")), VersionCheck(2, D("9"), D("0.02"))]
    assert rules.false_reporting_run(one, threshold=D("0.10")) == []
    boundary = [VersionCheck(1, D("110"), D("0.10")), VersionCheck(2, D("110"), D("0.10"))]
    assert rules.false_reporting_run(boundary, threshold=D("0.10")) == []
    broken = [
        VersionCheck(1, D("150"), D("0.5")),
        VersionCheck(2, D("100"), D("0")),
        VersionCheck(3, D("150"), D("0.5")),
    ]
    assert rules.false_reporting_run(broken, threshold=D("0.10")) == []


def test_shared_files_only_across_tasks():
    assert rules.shared_files([("a", 1), ("a", 2), ("b", 3), ("b", 3)]) == {"a": {1, 2}}
    assert rules.shared_files([("a", 1)]) == {}


def test_near_duplicates_boundary_distance():
    base = "ffffffff00000000"
    six_bits = f"{int(base, 16) ^ 0b111111:016x}"
    seven_bits = f"{int(base, 16) ^ 0b1111111:016x}"
    assert rules.near_duplicates([(1, base, 10), (2, six_bits, 11)]) == [(1, 2, 6)]
    assert rules.near_duplicates([(1, base, 10), (2, seven_bits, 11)]) == []
    assert rules.near_duplicates([(1, base, 10), (2, base, 10)]) == []  # same task: fine


def test_exif_time_problems():
    submitted = datetime(2021, 10, 28, 10, 0)
    kwargs = {
        "submitted_at": submitted,
        "period_start": date(2021, 10, 1),
        "period_end": date(2021, 10, 31),
    }
    assert (
        rules.exif_time_problem(taken_at=submitted + timedelta(seconds=1), **kwargs)
        == "after_submission"
    )
    assert rules.exif_time_problem(taken_at=submitted, **kwargs) is None
    assert rules.exif_time_problem(taken_at=datetime(2021, 9, 1, 12), **kwargs) is None  # 30 days
    assert (
        rules.exif_time_problem(taken_at=datetime(2021, 8, 31, 12), **kwargs) == "far_from_period"
    )
    assert rules.exif_time_problem(taken_at=None, **kwargs) is None  # missing EXIF: recorded only


def test_distance_between_zhuzhou_and_changsha():
    km = rules.distance_km(D("27.8274"), D("113.1340"), D("28.2282"), D("112.9388"))
    assert D("48") < km < D("50")


@pytest.mark.parametrize(
    ("values", "flat"),
    [
        ([D("7.1")] * 4, True),
        ([D("7.1")] * 3, False),
        ([D("7.10"), D("7.11"), D("7.12"), D("7.10")], True),
        ([D("7"), D("7.5"), D("6.8"), D("7.3")], False),
        ([D("100"), D("100"), D("100"), D("101")], True),
        ([D("100"), D("100"), D("100"), D("102")], False),
    ],
)
def test_flat_series(values, flat):
    assert rules.flat_series(values) is flat


def test_burst_before_a_moment():
    moment = datetime(2021, 12, 31, 23, 59)
    five = [moment - timedelta(hours=h) for h in (1, 5, 20, 40, 71)]
    assert rules.burst(five, moment=moment) == sorted(five)
    assert rules.burst(five[:4], moment=moment) == []
    outside = [*five[:4], moment - timedelta(hours=73)]
    assert rules.burst(outside, moment=moment) == []


def test_contradiction_without_explanation():
    assert rules.contradicts(
        previous=D("50"), current=D("80"), threshold=D("0.10"), explained=False
    )
    assert not rules.contradicts(
        previous=D("50"), current=D("80"), threshold=D("0.10"), explained=True
    )
    assert not rules.contradicts(
        previous=D("50"), current=D("55"), threshold=D("0.10"), explained=False
    )
