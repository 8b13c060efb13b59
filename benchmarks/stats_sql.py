"""Each statistic of rectification.statistics beside hand-written SQL for the same numbers.

The SQL is what a person would write against the tables for a user who sees everything (the
national user): one pass over the problems, with the task states each problem needs read once
in a grouped subquery. It is plain SQL that runs on SQLite as well as PostgreSQL, so the suite
can check that it gives the selectors' numbers. The benchmark times both, as the national user,
and reports the ratio (target ≤ 1.5×) and whether the numbers agree.
"""

from __future__ import annotations

import statistics as stdlib_statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection

from benchmarks.measure import time_runs
from duban.rectification import statistics

COUNTS = ("problems", "completed", "closed", "upheld", "on_schedule", "behind", "overdue")
Counts = dict[str, tuple[int, ...]]  # row key → COUNTS, in that order

# One row of COUNTS per group: {key} names it, {joins} brings what it needs, {group} groups.
_COUNTS_SQL = """
SELECT {key} AS key,
  COUNT(*),
  SUM(CASE WHEN p.status IN ('completed', 'closed') THEN 1 ELSE 0 END),
  SUM(CASE WHEN p.status = 'closed' THEN 1 ELSE 0 END),
  SUM(CASE WHEN p.status = 'completed' AND t.upheld > 0 AND t.unfinished = 0
      THEN 1 ELSE 0 END),
  SUM(CASE WHEN p.status = 'in_progress' AND p.schedule_status = 'on_schedule'
      THEN 1 ELSE 0 END),
  SUM(CASE WHEN p.status = 'in_progress' AND p.schedule_status IN ('behind', 'overdue')
      THEN 1 ELSE 0 END),
  SUM(CASE WHEN p.status = 'in_progress' AND p.schedule_status = 'overdue'
      THEN 1 ELSE 0 END)
  {extra}
FROM inspections_problem p
LEFT JOIN (
  SELECT problem_id,
    SUM(CASE WHEN state = 'upheld' THEN 1 ELSE 0 END) AS upheld,
    SUM(CASE WHEN state NOT IN ('closed', 'upheld') THEN 1 ELSE 0 END) AS unfinished
  FROM rectification_task GROUP BY problem_id
) t ON t.problem_id = p.id
{joins}
{group}
"""

HAND_WRITTEN = {
    "summary": _COUNTS_SQL.format(key="''", extra="", joins="", group=""),
    "by source": _COUNTS_SQL.format(key="p.source", extra="", joins="", group="GROUP BY p.source"),
    "by region": _COUNTS_SQL.format(
        key="substr(p.region_id, 1, 4) || '00'",
        extra=", MAX(city.name)",
        joins="LEFT JOIN core_region city ON city.code = substr(p.region_id, 1, 4) || '00'",
        group="GROUP BY substr(p.region_id, 1, 4)",
    ),
    "by unit": _COUNTS_SQL.format(
        key="CAST(u.lead_unit_id AS TEXT)",
        extra=", MAX(o.name)",
        joins="JOIN (SELECT DISTINCT problem_id, lead_unit_id FROM rectification_task) u"
        " ON u.problem_id = p.id JOIN core_organization o ON o.id = u.lead_unit_id",
        group="GROUP BY u.lead_unit_id",
    ),
    "by plan": _COUNTS_SQL.format(
        key="COALESCE(plan.code, '')",
        extra=", MAX(plan.title)",
        joins="LEFT JOIN rectification_plan plan ON plan.id = p.plan_id",
        group="GROUP BY plan.code",
    ),
}


def hand_written(name: str) -> Counts:
    """The numbers of one statistic by the hand-written SQL."""
    with connection.cursor() as cursor:
        cursor.execute(HAND_WRITTEN[name])
        return {str(row[0]): tuple(int(n or 0) for n in row[1:8]) for row in cursor.fetchall()}


def _rows(rows: list[statistics.SummaryRow]) -> Counts:
    # The selectors also list a source with no problems (feedback always): not a number.
    return {
        row.key: tuple(getattr(row.summary, name) for name in COUNTS)
        for row in rows
        if row.summary.problems
    }


def by_selector(name: str, user: Any) -> Counts:
    """The numbers of one statistic by the application's selector, as `user` sees them."""
    if name == "summary":
        summary = statistics.summary(user=user)
        return {"": tuple(getattr(summary, field) for field in COUNTS)}
    selectors: dict[str, Callable[..., list[statistics.SummaryRow]]] = {
        "by source": statistics.summary_by_source,
        "by region": statistics.summary_by_region,
        "by unit": statistics.summary_by_unit,
        "by plan": statistics.summary_by_plan,
    }
    return _rows(selectors[name](user=user))


@dataclass(frozen=True)
class StatRow:
    name: str
    selector_ms: float
    sql_ms: float
    same: bool
    groups: int

    @property
    def ratio(self) -> float:
        return self.selector_ms / self.sql_ms if self.sql_ms else float("inf")


def compare(user: Any, *, runs: int = 7, budget_s: float = 10.0) -> list[StatRow]:
    """Each statistic: median time of the selector and of the SQL, and whether they agree."""
    found = []
    for name in HAND_WRITTEN:
        same = by_selector(name, user) == hand_written(name)
        selector = time_runs(lambda n=name: by_selector(n, user), runs=runs, budget_s=budget_s)
        sql = time_runs(lambda n=name: hand_written(n), runs=runs, budget_s=budget_s)
        found.append(
            StatRow(
                name,
                1000 * stdlib_statistics.median(selector),
                1000 * stdlib_statistics.median(sql),
                same,
                len(hand_written(name)),
            )
        )
    return found
