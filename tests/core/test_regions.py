"""The national region table: complete, current names, a consistent tree."""

from __future__ import annotations

import pytest

from duban.core.choices import RegionLevel
from duban.core.models import Region

pytestmark = pytest.mark.django_db


def test_table_is_complete():
    counts = {level: Region.objects.filter(level=level).count() for level in RegionLevel.values}
    # 34 provincial-level units; 333 prefecture-level; 2,845 county-level (NBS 2023, less
    # statistical-only units), as derived in docs/regions.md.
    assert counts == {"province": 34, "city": 333, "county": 2845}


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("140703", "太谷区"),
        ("430212", "渌口区"),
        ("330113", "临平区"),
        ("513402", "会理市"),
        ("530423", "通海县"),
        ("340600", "淮北市"),
        ("419001", "济源市"),
    ],
)
def test_current_names(code, name):
    assert Region.objects.get(code=code).name == name


@pytest.mark.parametrize("stale", ["太谷县", "株洲县", "下城区", "会理县"])
def test_abolished_names_are_gone(stale):
    assert not Region.objects.filter(name=stale).exists()


def test_every_non_province_has_a_parent_whose_code_is_its_prefix():
    for region in Region.objects.exclude(level=RegionLevel.PROVINCE).select_related("parent"):
        assert region.parent is not None
        assert region.code.startswith(region.parent.prefix), region.code


def test_municipality_districts_hang_under_the_municipality():
    assert Region.objects.get(code="110101").parent_id == "110000"
    assert Region.objects.get(code="500101").parent_id == "500000"


def test_no_statistical_only_units():
    assert not Region.objects.filter(name__contains="开发区").exists()
    assert not Region.objects.filter(code__regex=r"^\d{4}(7\d|80)$").exists()
