"""Statistics in the form official reports publish, computed in the database.

"反馈问题N个：已完成X个（其中已销号Y个），达到序时进度Z个，滞后W个" — completed counts every
problem whose tasks are all done (closed ones included); on schedule and behind count the
problems still in progress. Only feedback problems are 反馈问题: typical cases, transferred
complaints and self-found problems each get their own sentence (`published_sentences`). A
problem whose tasks are all finished with at least one ongoing task upheld (阶段性完成、长期坚持)
is completed, never closed: it is counted apart (`upheld`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr

from duban.core.models import Region
from duban.core.selectors import region_q
from duban.inspections.choices import ProblemSource, ProblemStatus, ScheduleStatus
from duban.inspections.models import Problem
from duban.inspections.selectors import problem_visible_to
from duban.rectification.choices import FINISHED_STATES, TaskState, WarningLevel
from duban.rectification.models import Notification, Task
from duban.rectification.selectors import task_visible_to

# Every task finished (closed or upheld) and at least one upheld: 阶段性完成、长期坚持.
_UPHELD = Q(
    Exists(Task.objects.filter(problem=OuterRef("pk"), state=TaskState.UPHELD)),
    ~Exists(Task.objects.filter(problem=OuterRef("pk")).exclude(state__in=list(FINISHED_STATES))),
)

PROBLEM_COUNTS = {
    "problems": Count("pk", distinct=True),
    "completed": Count(
        "pk", distinct=True, filter=Q(status__in=[ProblemStatus.COMPLETED, ProblemStatus.CLOSED])
    ),
    "closed": Count("pk", distinct=True, filter=Q(status=ProblemStatus.CLOSED)),
    "upheld": Count("pk", distinct=True, filter=Q(status=ProblemStatus.COMPLETED) & _UPHELD),
    "on_schedule": Count(
        "pk",
        distinct=True,
        filter=Q(status=ProblemStatus.IN_PROGRESS, schedule_status=ScheduleStatus.ON_SCHEDULE),
    ),
    "behind": Count(
        "pk",
        distinct=True,
        filter=Q(
            status=ProblemStatus.IN_PROGRESS,
            schedule_status__in=[ScheduleStatus.BEHIND, ScheduleStatus.OVERDUE],
        ),
    ),
    "overdue": Count(
        "pk",
        distinct=True,
        filter=Q(status=ProblemStatus.IN_PROGRESS, schedule_status=ScheduleStatus.OVERDUE),
    ),
}

# What each source's problems are called in a published sentence (docs/rectification.md).
SOURCE_NOUNS = {
    ProblemSource.FEEDBACK: "反馈问题",
    ProblemSource.TYPICAL_CASE: "典型案例问题",
    ProblemSource.COMPLAINT: "信访举报问题",
    ProblemSource.SELF_FOUND: "自查发现问题",
}


@dataclass(frozen=True)
class Summary:
    problems: int = 0
    completed: int = 0
    closed: int = 0
    upheld: int = 0
    on_schedule: int = 0
    behind: int = 0
    overdue: int = 0

    @property
    def completion_rate(self) -> float:
        return round(100 * self.completed / self.problems, 1) if self.problems else 0.0

    @property
    def closure_rate(self) -> float:
        return round(100 * self.closed / self.problems, 1) if self.problems else 0.0

    def sentence(self, source: str | None = None) -> str:
        """The sentence official progress announcements use, for the problems of one source;
        without a source the rows mix sources, so they are only "问题" (never 反馈问题)."""
        noun = SOURCE_NOUNS[ProblemSource(source)] if source else "问题"
        return (
            f"{noun}{self.problems}个：已完成{self.completed}个（其中已销号{self.closed}个"
            f"{f'，阶段性完成、长期坚持{self.upheld}个' if self.upheld else ''}），"
            f"达到序时进度{self.on_schedule}个，滞后{self.behind}个"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "problems": self.problems,
            "completed": self.completed,
            "closed": self.closed,
            "upheld": self.upheld,
            "on_schedule": self.on_schedule,
            "behind": self.behind,
            "overdue": self.overdue,
            "completion_rate": self.completion_rate,
            "closure_rate": self.closure_rate,
            "sentence": self.sentence(),
        }


@dataclass(frozen=True)
class SummaryRow:
    key: str
    label: str
    summary: Summary


def _summary(row: Mapping[str, Any]) -> Summary:
    return Summary(**{key: row[key] for key in PROBLEM_COUNTS})


def _problems(
    user: Any, *, plan: str | None, region: str | None, unit: int | None
) -> QuerySet[Problem]:
    problems = problem_visible_to(user)
    if plan:
        problems = problems.filter(plan__code=plan)
    if region:
        problems = problems.filter(region_q("region__code", region))
    if unit:
        problems = problems.filter(tasks__lead_unit_id=unit)
    return problems


def summary(
    *, user: Any, plan: str | None = None, region: str | None = None, unit: int | None = None
) -> Summary:
    """One summary over the problems the user sees, optionally for a plan, region or unit."""
    counts = _problems(user, plan=plan, region=region, unit=unit).aggregate(**PROBLEM_COUNTS)
    return Summary(**counts)


def summary_by_source(
    *, user: Any, plan: str | None = None, region: str | None = None, unit: int | None = None
) -> list[SummaryRow]:
    """One row per problem source in one query: feedback always, the others when present."""
    rows = {
        row["source"]: _summary(row)
        for row in _problems(user, plan=plan, region=region, unit=unit)
        .values("source")
        .annotate(**PROBLEM_COUNTS)
        .order_by()
    }
    return [
        SummaryRow(source, SOURCE_NOUNS[ProblemSource(source)], rows.get(source, Summary()))
        for source in ProblemSource.values
        if source == ProblemSource.FEEDBACK or source in rows
    ]


def published_sentences(rows: list[SummaryRow]) -> list[str]:
    """The published sentences, one per source row of `summary_by_source`."""
    return [row.summary.sentence(row.key) for row in rows]


def sentences_by_plan(*, user: Any) -> dict[str, list[str]]:
    """The published sentences of each plan, counted by source, in one query."""
    counts: dict[str, dict[str, Summary]] = {}
    rows = (
        _problems(user, plan=None, region=None, unit=None)
        .values("plan__code", "source")
        .annotate(**PROBLEM_COUNTS)
        .order_by()
    )
    for row in rows:
        counts.setdefault(row["plan__code"] or "", {})[row["source"]] = _summary(row)
    return {
        code: [
            by_source.get(source, Summary()).sentence(source)
            for source in ProblemSource.values
            if source == ProblemSource.FEEDBACK or source in by_source
        ]
        for code, by_source in counts.items()
    }


def summary_published(
    *, user: Any, plan: str | None = None, region: str | None = None, unit: int | None = None
) -> dict[str, Any]:
    """The summary in the published form: totals, and the sentences counted by source."""
    sentences = published_sentences(
        summary_by_source(user=user, plan=plan, region=region, unit=unit)
    )
    totals = summary(user=user, plan=plan, region=region, unit=unit).as_dict()
    return {**totals, "sentence": "；".join(sentences), "sentences": sentences}


def summary_by_region(*, user: Any, plan: str | None = None) -> list[SummaryRow]:
    """One row per city (prefecture-level region) in one query, plus one for the names."""
    rows = (
        _problems(user, plan=plan, region=None, unit=None)
        .annotate(city=Substr("region__code", 1, 4))
        .values("city")
        .annotate(**PROBLEM_COUNTS)
        .order_by("city")
    )
    names = dict(
        Region.objects.filter(code__in=[f"{r['city']}00" for r in rows]).values_list("code", "name")
    )
    return [
        SummaryRow(f"{r['city']}00", names.get(f"{r['city']}00", r["city"]), _summary(r))
        for r in rows
    ]


def summary_by_unit(*, user: Any, plan: str | None = None) -> list[SummaryRow]:
    """One row per lead unit: the problems in which the unit leads at least one task."""
    rows = (
        _problems(user, plan=plan, region=None, unit=None)
        .values("tasks__lead_unit", "tasks__lead_unit__name")
        .annotate(**PROBLEM_COUNTS)
        .order_by("tasks__lead_unit__name")
    )
    return [
        SummaryRow(str(r["tasks__lead_unit"]), r["tasks__lead_unit__name"], _summary(r))
        for r in rows
        if r["tasks__lead_unit"] is not None
    ]


def summary_by_plan(*, user: Any) -> list[SummaryRow]:
    rows = (
        _problems(user, plan=None, region=None, unit=None)
        .values("plan__code", "plan__title")
        .annotate(**PROBLEM_COUNTS)
        .order_by("plan__code")
    )
    return [SummaryRow(r["plan__code"] or "", r["plan__title"] or "—", _summary(r)) for r in rows]


def home_summary(user: Any) -> dict[str, Any]:
    """The home page's rectification panel: the published sentence and what needs attention."""
    warnings = task_visible_to(user).aggregate(
        red=Count("pk", filter=Q(warning_level=WarningLevel.RED)),
        yellow=Count("pk", filter=Q(warning_level=WarningLevel.YELLOW)),
        overdue=Count("pk", filter=Q(schedule_status=ScheduleStatus.OVERDUE)),
    )
    return {
        "summary": summary(user=user),
        "sentences": published_sentences(summary_by_source(user=user)),
        "red": warnings["red"],
        "yellow": warnings["yellow"],
        "overdue": warnings["overdue"],
        "unread": Notification.objects.filter(user=user, read_at__isnull=True).count(),
    }
