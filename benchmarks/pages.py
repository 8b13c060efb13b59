"""Every measured page and API list as each benchmark user: p50/p95 and queries per request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from benchmarks.measure import Timing, count_queries, measure
from benchmarks.routes import Picks, Request, requests_for

# The generator's users (duban generate); the demo's stand in on a demo database.
GENERATED_USERS = {"national": "bench_national", "city": "bench_city", "dept": "bench_dept"}
DEMO_USERS = {"national": "admin", "city": "reviewer", "dept": "reporter"}


def bench_users() -> dict[str, Any]:
    """label → user: the generator's bench_* users, or the demo's when they are absent."""
    users = get_user_model().objects
    names = GENERATED_USERS if users.filter(username="bench_national").exists() else DEMO_USERS
    return {label: users.get(username=name) for label, name in names.items()}


@dataclass(frozen=True)
class PageRow:
    """One request as one user."""

    user: str
    key: str
    kind: str
    path: str | None
    timing: Timing | None  # None: the user sees no object to fill the path with
    small_queries: int | None = None  # queries of the same list at the small page size

    @property
    def grows(self) -> bool:
        """The query count depends on the number of rows on the page."""
        return (
            self.timing is not None
            and self.small_queries is not None
            and self.small_queries != self.timing.queries
        )


def measure_user(
    label: str,
    user: Any,
    *,
    runs: int,
    budget_s: float,
    only: Callable[[Request], bool] = lambda request: True,
    progress: Callable[[str], None] = lambda line: None,
) -> list[PageRow]:
    """Every request (that `only` accepts) as `user`, signed in once."""
    client = Client()
    client.force_login(user)
    rows = []
    for request in requests_for(Picks(user)):
        if not only(request):
            continue
        if request.path is None:
            rows.append(PageRow(label, request.key, request.kind, None, None))
            continue
        timing = measure(client, request.path, runs=runs, budget_s=budget_s)
        small = None
        if request.small_path and timing.status == 200:
            small = count_queries(lambda path=request.small_path: client.get(path))[1]
        row = PageRow(label, request.key, request.kind, request.path, timing, small)
        progress(f"{label:<8} {timing.p95_ms:8.1f} ms p95 {timing.queries:4} q  {request.path}")
        rows.append(row)
    return rows
