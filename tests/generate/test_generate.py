"""duban generate: a verifiable chain, sizes per scale, the same data for the same seed, the
benchmark logins' scopes, and a second run that reuses or refuses."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from duban.core import ledger
from duban.core.models import Event, Organization
from duban.errors import CommandError
from duban.generate.commands import already_generated
from duban.generate.run import generate
from duban.generate.scale import parse_scale, province_codes
from duban.inspections.models import Problem
from duban.rectification.models import Claim, CloseOut, ProgressReport, Task
from duban.rectification.selectors import task_visible_to

SMALL = 0.05  # five problems a province: a few seconds


@pytest.fixture
def generated(db):
    scale = parse_scale("1", density=SMALL)
    counts, _ = generate(scale, seed=3, report=lambda line: None)
    return scale, counts


def test_the_generated_ledger_verifies_and_counts_match_the_tables(generated):
    scale, counts = generated

    result = ledger.verify()

    assert result.intact, result.problem
    assert counts["events"] == Event.objects.count() == result.checked
    assert counts["problems"] == Problem.objects.count() == scale.problems_per_province == 5
    assert counts["tasks"] == Task.objects.count()
    assert counts["reports"] == ProgressReport.objects.count()


def test_sizes_are_those_of_a_province_at_this_density(generated):
    tasks = Task.objects.count()
    reports, claims = ProgressReport.objects.count(), Claim.objects.count()

    assert 20 <= tasks <= 110  # ~10.7 tasks a problem
    assert 4 <= reports / tasks <= 20  # monthly reports, ~11 a task nationally
    assert 0.3 <= claims / reports <= 0.9
    assert 0 < CloseOut.objects.count() < tasks
    # 湖南's offices, departments, commissions, 14 cities and 122 counties
    assert 400 <= Organization.objects.filter(region__code__startswith="43").count() <= 600
    assert len(set(Task.objects.values_list("state", flat=True))) >= 5
    assert Event.objects.filter(verb="report.submitted").count() == reports


def test_bench_city_sees_only_zhuzhou_and_bench_national_everything(generated):
    users = get_user_model().objects
    city, national, department = (
        users.get(username=name) for name in ("bench_city", "bench_national", "bench_dept")
    )

    seen = task_visible_to(city)

    zhuzhou = Task.objects.filter(problem__region__code__startswith="4302")
    assert zhuzhou.exists()
    assert set(seen.values_list("pk", flat=True)) == set(zhuzhou.values_list("pk", flat=True))
    assert task_visible_to(national).count() == Task.objects.count()
    bureau = Organization.objects.get(name="株洲市生态环境局")
    for task in task_visible_to(department).prefetch_related("co_units"):
        assert task.lead_unit_id == bureau.pk or bureau in task.co_units.all()


def test_a_second_run_reuses_the_same_scale_and_seed_and_refuses_another(generated):
    scale, _ = generated

    assert already_generated(scale, seed=3) is True
    with pytest.raises(CommandError, match="scale 1, seed 3"):
        already_generated(scale, seed=4)
    with pytest.raises(CommandError):
        already_generated(parse_scale("province", density=SMALL), seed=3)


def test_an_empty_database_is_generated_into(db):
    assert already_generated(parse_scale("national"), seed=1) is False


def test_scales_name_their_provinces_with_hunan_always_first():
    codes = [f"{n}0000" for n in range(11, 83)]

    assert province_codes(parse_scale("national"), codes)[0] == "430000"
    assert len(province_codes(parse_scale("national"), codes)) == 31
    assert province_codes(parse_scale("province"), codes) == ["430000"]
    assert province_codes(parse_scale("3"), codes) == ["430000", "110000", "120000"]
    with pytest.raises(CommandError):
        parse_scale("32")


def _generate_into(path: Path, seed: int) -> str:
    """Run `duban generate` into a fresh SQLite file; return the ledger head's hash."""
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{path / 'db.sqlite3'}",
        "DUBAN_DATA_DIR": str(path),
    }
    command = [sys.executable, "-m", "duban.cli", "generate", "--scale", "1"]
    command += ["--density", str(SMALL), "--seed", str(seed)]
    subprocess.run(command, env=environment, check=True, capture_output=True)
    with sqlite3.connect(path / "db.sqlite3") as connection:
        (head,) = connection.execute("SELECT hash FROM core_ledgerhead").fetchone()
    return str(head)


def test_the_same_seed_gives_the_same_chain_and_another_seed_another(tmp_path):
    first, second, other = (tmp_path / name for name in ("a", "b", "c"))
    for folder in (first, second, other):
        folder.mkdir()

    assert _generate_into(first, 1) == _generate_into(second, 1)
    assert _generate_into(other, 2) != _generate_into(first, 1)
