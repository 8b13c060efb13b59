"""Query plans of the scope filters, before and after events carried visibility columns.

For each login, EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL of: the home page's feed (the ten
newest events the user sees), a problem's timeline, and the task scope — each the way it was
written before issue 17 (reference definitions below) and as it is now. Prints execution
time, buffers touched and the rows the ledger scan threw away. Usage:

    DATABASE_URL=postgres://… PYTHONPATH=src python benchmarks/visibility.py [login …]
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db.models import BigIntegerField, CharField, ExpressionWrapper, F, Q, QuerySet  # noqa: E402
from django.db.models.functions import Cast  # noqa: E402

from duban.core import ledger, selectors  # noqa: E402
from duban.core.ledger import subject_type_of  # noqa: E402
from duban.core.models import Event  # noqa: E402
from duban.core.related import sections_of  # noqa: E402
from duban.core.scope import scope_of  # noqa: E402
from duban.inspections.models import Problem  # noqa: E402
from duban.inspections.selectors import problem_timeline  # noqa: E402
from duban.rectification.models import Task  # noqa: E402
from duban.rectification.selectors import task_visible_to  # noqa: E402

LOGINS = ["bench_national", "bench_city", "bench_dept"]


def old_events(user: Any) -> QuerySet[Event]:
    condition = Q(pk__in=[])
    for subject_type, visible in ledger.registered_subjects().items():
        ids = visible(user).annotate(pk_text=Cast("pk", CharField())).values("pk_text")
        condition |= Q(subject_type=subject_type, subject_id__in=ids)
    return Event.objects.filter(condition)


def old_timeline(user: Any, problem: Problem) -> QuerySet[Event]:
    condition = Q(subject_type=subject_type_of(problem), subject_id=str(problem.pk))
    for section in sections_of(Problem):
        rows = section.rows_of(user, problem)
        ids = rows.annotate(pk_text=Cast("pk", CharField())).values("pk_text")
        condition |= Q(subject_type=subject_type_of(rows.model), subject_id__in=ids)
    return Event.objects.filter(condition).order_by("seq")


def old_tasks(user: Any) -> QuerySet[Task]:
    scope = scope_of(user)
    if scope.everything:
        return Task.objects.all()
    condition = (
        scope.region_q("problem__region__code")
        | scope.path_q("lead_unit")
        | scope.path_q("co_units")
    )
    return Task.objects.filter(pk__in=Task.objects.filter(condition).values("pk"))


def new_feed(user: Any) -> QuerySet[Event]:
    events = selectors.event_visible_to(user).select_related("actor", "organization")
    if scope_of(user).everything:
        return events.order_by("-seq")[:10]
    newest = ExpressionWrapper(F("seq") + 0, output_field=BigIntegerField()).desc()
    return events.order_by(newest)[:10]


def plan(queryset: QuerySet[Any]) -> str:
    text = queryset.explain(analyze=True, buffers=True)
    total = re.search(r"Execution Time: ([\d.]+) ms", text)
    buffers = re.search(r"Buffers: shared hit=(\d+)(?: read=(\d+))?", text)
    removed = sum(int(n) for n in re.findall(r"Rows Removed by Filter: (\d+)", text))
    pages = int(buffers.group(1)) + int(buffers.group(2) or 0) if buffers else 0
    ms = float(total.group(1)) if total else 0.0
    return f"{ms:8.1f} ms {pages:7} buffers {removed:8} rows dropped"


def main(logins: list[str]) -> None:
    problem = (
        Problem.objects.filter(region__code__startswith="4302").order_by("-pk").first()
        or Problem.objects.order_by("-pk").first()
    )
    assert problem is not None, "no problems: run duban generate first"
    print(f"events {Event.objects.count():,}; problem page {problem.code}")
    for login in logins:
        user = get_user_model().objects.get(username=login)
        old_feed = old_events(user).select_related("actor", "organization").order_by("-seq")[:10]
        rows = [
            ("feed", old_feed, new_feed(user)),
            ("timeline", old_timeline(user, problem), problem_timeline(user=user, problem=problem)),
            ("task scope", old_tasks(user).values("pk"), task_visible_to(user).values("pk")),
        ]
        for name, before, after in rows:
            print(f"{login:15} {name:10} before {plan(before)}")
            print(f"{'':15} {'':10} after  {plan(after)}")


if __name__ == "__main__":
    main(sys.argv[1:] or LOGINS)
