"""Accountability statistics in the forms public reports use, computed in the database.

"92个问题，问责917人，其中党纪政务处分698人": problems with at least one sanction, distinct
people with at least one sanction, and among them those with a party-discipline or
government sanction (党纪处分 / 政务处分). Units sanctioned are counted apart, never as people.
A region is the prefecture-level city of the case's problems; a sanction of a case whose
problems lie in two cities counts once in each city's row (and once in the totals).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Concat, Substr

from duban.accountability.choices import (
    GOVERNMENT_SANCTIONS,
    PARTY_DISCIPLINE,
    RECOMMENDATIONS,
    Measure,
    Rank,
    ResponsibilityType,
)
from duban.accountability.models import Sanction
from duban.accountability.selectors import case_visible_to, public_sanctions
from duban.core.models import Region

DISCIPLINE_MEASURES = sorted(PARTY_DISCIPLINE | GOVERNMENT_SANCTIONS)
TOTALS = {
    "problems": Count("case__problems", distinct=True),
    "people": Count("finding__person", distinct=True),
    "disciplined": Count(
        "finding__person", distinct=True, filter=Q(measure__in=DISCIPLINE_MEASURES)
    ),
    "units": Count("finding__organization", distinct=True),
    "sanctions": Count("pk", distinct=True),
}


@dataclass(frozen=True)
class Totals:
    problems: int = 0
    people: int = 0
    disciplined: int = 0
    units: int = 0
    sanctions: int = 0

    def sentence(self) -> str:
        """The sentence public accountability reports use."""
        text = f"{self.problems}个问题，问责{self.people}人，其中党纪政务处分{self.disciplined}人"
        return text + (f"；问责单位{self.units}个" if self.units else "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "problems": self.problems,
            "people": self.people,
            "disciplined": self.disciplined,
            "units": self.units,
            "sanctions": self.sanctions,
            "sentence": self.sentence(),
        }


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class ProblemRow:
    code: str
    title: str
    people: int
    disciplined: int
    units: int
    sanctions: int


@dataclass(frozen=True)
class Statistics:
    totals: Totals
    by_measure: list[Row]
    by_region: list[Row]
    by_rank: list[Row]
    by_responsibility: list[Row]
    by_problem: list[ProblemRow]


def counted(sanctions: QuerySet[Sanction]) -> QuerySet[Sanction]:
    """The sanctions statistics count: not a recommendation to another body (问责建议,
    监察建议), which holds no one accountable by itself, nor one revoked on review (one changed
    on review counts as its new measure)."""
    return sanctions.exclude(measure__in=RECOMMENDATIONS).filter(revoked_on__isnull=True)


def sanctions_for(user: Any) -> QuerySet[Sanction]:
    """Counted sanctions of the cases the user sees."""
    return counted(Sanction.objects.filter(case__in=case_visible_to(user)))


def totals(sanctions: QuerySet[Sanction]) -> Totals:
    return Totals(**sanctions.aggregate(**TOTALS))


def _rows(
    sanctions: QuerySet[Sanction], field: str, labels: dict[str, Any], *, people: bool = False
) -> list[Row]:
    """Sanction counts (or distinct people) grouped by one field, in catalogue order."""
    counted = Count("finding__person", distinct=True) if people else Count("pk", distinct=True)
    found = dict(sanctions.order_by().values_list(field).annotate(total=counted))
    return [Row(key, str(labels[key]), found[key]) for key in labels if found.get(key)]


def _by_region(sanctions: QuerySet[Sanction]) -> list[Row]:
    city = Concat(Substr("case__problems__region__code", 1, 4), Value("00"))
    found = (
        sanctions.order_by()
        .annotate(city=city)
        .values("city")
        .annotate(total=Count("pk", distinct=True))
    )
    counts = {row["city"]: row["total"] for row in found if row["city"]}
    names = dict(Region.objects.filter(code__in=counts).values_list("code", "name"))
    return [Row(code, names.get(code, code), counts[code]) for code in sorted(counts)]


def _by_problem(sanctions: QuerySet[Sanction]) -> list[ProblemRow]:
    rows = (
        sanctions.order_by()
        .values("case__problems__code", "case__problems__title")
        .annotate(
            people=TOTALS["people"],
            disciplined=TOTALS["disciplined"],
            units=TOTALS["units"],
            sanctions=TOTALS["sanctions"],
        )
        .order_by("case__problems__code")
    )
    return [
        ProblemRow(
            code=row["case__problems__code"],
            title=row["case__problems__title"],
            people=row["people"],
            disciplined=row["disciplined"],
            units=row["units"],
            sanctions=row["sanctions"],
        )
        for row in rows
        if row["case__problems__code"]
    ]


def statistics(sanctions: QuerySet[Sanction]) -> Statistics:
    """Every table of the statistics page over these sanctions (a fixed number of queries)."""
    return Statistics(
        totals=totals(sanctions),
        by_measure=_rows(sanctions, "measure", dict(Measure.choices)),
        by_region=_by_region(sanctions),
        by_rank=_rows(sanctions, "rank", dict(Rank.choices), people=True),
        by_responsibility=_rows(
            sanctions, "finding__responsibility", dict(ResponsibilityType.choices)
        ),
        by_problem=_by_problem(sanctions),
    )


def statistics_for(*, user: Any) -> Statistics:
    return statistics(sanctions_for(user))


def public_statistics() -> Totals:
    """The published sentence over public-flagged sanctions only."""
    return totals(counted(public_sanctions()))
