"""Timing one request with Django's test client: its queries once, then its latency over
several runs (p50 and p95), bounded by a time budget so a slow page does not stall the run."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

SLOW_MS = 100.0  # the target: every page and API list at p95 ≤ 100 ms


@dataclass(frozen=True)
class Timing:
    """p50/p95 of `runs` timed requests, with the status, queries and size of the first."""

    status: int
    runs: int
    p50_ms: float
    p95_ms: float
    queries: int
    size: int

    @property
    def slow(self) -> bool:
        return self.p95_ms > SLOW_MS


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (p95 of 20 runs is the 19th fastest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def count_queries(call: Callable[[], Any]) -> tuple[Any, int]:
    """`call()`'s result and the number of SQL statements it ran."""
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return result, len(captured.captured_queries)


def time_runs(call: Callable[[], Any], *, runs: int, budget_s: float) -> list[float]:
    """Seconds of each of up to `runs` calls; at least three, then stop once over budget."""
    seconds: list[float] = []
    started = time.perf_counter()
    while len(seconds) < runs and (len(seconds) < 3 or time.perf_counter() - started < budget_s):
        before = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - before)
    return seconds


def measure(client: Client, path: str, *, runs: int = 20, budget_s: float = 5.0) -> Timing:
    """Measure GET `path`: the first request (uncounted in the timings, it warms caches)
    counts the queries; then the timed runs."""
    response, queries = count_queries(lambda: client.get(path))
    if response.status_code != 200:
        return Timing(response.status_code, 0, 0.0, 0.0, queries, len(response.content))
    seconds = time_runs(lambda: client.get(path), runs=runs, budget_s=budget_s)
    milliseconds = [1000 * s for s in seconds]
    return Timing(
        status=200,
        runs=len(milliseconds),
        p50_ms=percentile(milliseconds, 0.5),
        p95_ms=percentile(milliseconds, 0.95),
        queries=queries,
        size=len(response.content),
    )
