"""Generating a data set: the directory, then province by province its problems and their
histories, then the benchmark logins; timings per phase and row counts."""

from __future__ import annotations

import random
import resource
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from duban.core import clock
from duban.core.models import Event, Organization, Person, Region
from duban.core.principal import SYSTEM
from duban.generate import directory as directory_module
from duban.generate.chain import Chain, chained
from duban.generate.history import AS_OF, ProvinceHistory, Story, at, queue_events, save
from duban.generate.models import GeneratedData
from duban.generate.names import SUBJECTS
from duban.generate.photos import Photos
from duban.generate.scale import Scale, province_codes
from duban.inspections.models import Batch, Problem
from duban.inspections.services import (
    batch_get_or_create,
    plan_create,
    problem_create,
    round_get_or_create,
    team_create,
)
from duban.rectification.services.schedule import refresh_problem

BENCH_CITY = "430200"  # 株洲: bench_city's office (docs/generate.md)
TEAM_NUMBERS = "一二三四五六七八九十"
# Six batches, a quarter apart: national density then averages ~11 monthly reports a task.
BATCH_FEEDBACK = [
    date(2024, 9, 13),
    date(2024, 12, 13),
    date(2025, 3, 14),
    date(2025, 6, 13),
    date(2025, 9, 12),
    date(2025, 12, 12),
]


@dataclass
class Timings:
    phases: list[tuple[str, float]] = field(default_factory=list)
    report: Callable[[str], None] = print

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        elapsed = time.perf_counter() - started
        self.phases.append((name, elapsed))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.report(f"  {name:<28} {elapsed:7.1f} s   (peak memory {peak:.0f} MB)")


def generate(
    scale: Scale, *, seed: int, report: Callable[[str], None] = print
) -> tuple[dict[str, int], Timings]:
    """Fill the (checked) database; one transaction per province, the ledger chained across
    them. Returns the row counts and the timings."""
    rng = random.Random(seed)
    timings, counts = Timings(report=report), Counter[str]()
    run = GeneratedData.objects.create(
        scale=scale.name, seed=seed, density=scale.density, started_at=timezone.now()
    )
    codes = province_codes(
        scale, list(Region.objects.filter(level="province").values_list("code", flat=True))
    )
    photos = Photos(rng)
    with timings.phase("national"), transaction.atomic(), chained() as chain:
        chain.at = at(date(2024, 1, 2), 9)
        national_office = directory_module.national()
        builder = directory_module.Builder(chain, rng)
        inspection_round = round_get_or_create(
            number=3, kind="routine", name="第三轮中央生态环境保护督察"
        )
        batches = [
            batch_get_or_create(inspection_round=inspection_round, number=n + 1, year=d.year)
            for n, d in enumerate(BATCH_FEEDBACK)
        ]
    for index, code in enumerate(codes):
        province = Region.objects.get(code=code)
        with timings.phase(f"{province.name}"), transaction.atomic(), chained() as chain:
            builder.chain = chain
            added = _province(
                chain,
                builder,
                rng,
                photos,
                province,
                index,
                batches[index % len(batches)],
                national_office,
                scale,
            )
            counts.update(added)
    with timings.phase("benchmark logins"), transaction.atomic(), chained() as chain:
        chain.at = at(AS_OF, 8)
        directory_module.bench_users(national_office)
    counts.update(_table_counts())
    GeneratedData.objects.filter(pk=run.pk).update(finished_at=timezone.now(), counts=dict(counts))
    return dict(counts), timings


def _province(
    chain: Chain,
    builder: directory_module.Builder,
    rng: random.Random,
    photos: Photos,
    province: Region,
    index: int,
    batch: Batch,
    national_office: object,
    scale: Scale,
) -> Counter[str]:
    feedback = BATCH_FEEDBACK[batch.number - 1]
    chain.at = at(feedback - timedelta(days=120), 9)
    team_name = f"中央第{TEAM_NUMBERS[index % 10]}生态环境保护督察组（{province.name}）"
    directory = directory_module.province_directory(builder, province, national_office, team_name)  # type: ignore[arg-type]
    chain.at = at(feedback - timedelta(days=90), 10)
    team = team_create(
        actor=SYSTEM,
        name=team_name,
        batch=batch,
        province=province,
        organization=directory.team_organization,
        stationed_from=feedback - timedelta(days=90),
        stationed_until=feedback - timedelta(days=60),
        feedback_on=feedback,
    )
    submitted = feedback + timedelta(days=40)
    chain.at = at(submitted, 10)
    with clock.frozen(submitted):
        plan = plan_create(
            actor=SYSTEM,
            code=f"{province.code[:2]}-R3",
            title=f"{province.name}整改方案（第三轮）",
            region=province,
            office=directory.office.organization,
            cadence="monthly",
            dispatch_starts_on=submitted + timedelta(days=20),
            submitted_on=submitted,
            submitted_to="党中央、国务院",
            approved_on=submitted + timedelta(days=15),
            approved_by="党中央、国务院",
        )
    history = ProvinceHistory(chain, rng, photos, {})
    assigned_on = submitted + timedelta(days=20)
    stories: list[Story] = []
    problems: list[Problem] = []
    weights = [0.5] + [1.0] * (len(directory.areas) - 1)
    for number in range(1, scale.problems_per_province + 1):
        area = rng.choices(directory.areas, weights)[0]
        if number == 1 and province.code == BENCH_CITY[:2] + "0000":  # the benchmark city has work
            area = next(a for a in directory.areas if a.region.code == BENCH_CITY)
        subject = rng.choice(SUBJECTS)
        counties = [region for region, _ in area.counties]
        region = rng.choice(counties) if counties and rng.random() < 0.3 else area.region
        chain.at = at(feedback, 11)
        problem = problem_create(
            actor=SYSTEM,
            code=f"{province.code[:2]}-FK-{feedback.year}-{number:03d}",
            source=rng.choice(["feedback"] * 5 + ["typical_case", "complaint"]),
            title=f"{region.name}{subject[1]}",
            description=subject[1],
            region=region,
            team=team,
            plan=plan,
            categories=[subject[0]],
            feedback_on=feedback,
            is_public=rng.random() < 0.5,
            disclosed_on=feedback,
        )
        problems.append(problem)
        stories += history.tasks(problem, area, directory, subject, assigned_on, plan)
    for story in stories:
        history.live(story, plan)
    added = Counter(save(stories))
    for story in stories:
        queue_events(chain, story)
    chain.drain()
    for problem in problems:
        refresh_problem(problem=problem)
    added["problems"] = len(problems)
    return added


def _table_counts() -> dict[str, int]:
    return {
        "organizations": Organization.objects.count(),
        "people": Person.objects.count(),
        "events": Event.objects.count(),
    }
