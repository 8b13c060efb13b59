"""The one table `make bench` prints (Markdown, so the closing note can carry it as is), with
each figure beside its target and the ratios measured in the same run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from benchmarks.measure import SLOW_MS

if TYPE_CHECKING:  # pages imports the models: only after Django is set up
    from benchmarks.pages import PageRow

USERS = ("national", "city", "dept")
STATS_TARGET = 1.5  # a statistic within 1.5× of the hand-written SQL
WORKBOOK_TARGET = 3.0  # export and no-change re-import within 3× of a raw parse
DAILY_TARGET_S, DAILY_TARGET_MB = 60.0, 500.0
VERIFY_TARGET = 50_000  # events per second
WRITES_TARGET = 100  # per second on one process


@dataclass
class Results:
    scale: str
    filled_by: str
    fill_s: float
    counts: dict[str, int] = field(default_factory=dict)
    pages: list[PageRow] = field(default_factory=list)
    stats: list[Any] = field(default_factory=list)
    workbook: Any = None
    verify: Any = None
    verify_walk: Any = None
    writes: list[Any] = field(default_factory=list)
    daily: list[tuple[str, Any]] = field(default_factory=list)
    previous: tuple[str, dict[str, int]] | None = None  # (scale, query counts) of another run

    def queries(self) -> dict[str, int]:
        """user + request → queries, for comparing with a run at another scale."""
        return {f"{row.user} {row.key}": row.timing.queries for row in self.pages if row.timing}


def _cell(row: PageRow | None) -> str:
    if row is None:
        return ""
    if row.timing is None:
        return "no object"
    timing = row.timing
    if timing.status != 200:
        return f"{timing.status}"
    return f"{timing.p50_ms:.0f}/{timing.p95_ms:.0f} ms {timing.queries}q"


def _flags(rows: list[PageRow], previous: dict[str, int] | None) -> str:
    flags = []
    slow = [row.user for row in rows if row.timing and row.timing.status == 200 and row.timing.slow]
    if slow:
        flags.append(f"**SLOW** ({', '.join(slow)})")
    if any(row.grows for row in rows):
        flags.append("**queries grow with the page**")
    if previous:
        changed = [
            row.user
            for row in rows
            if row.timing
            and previous.get(f"{row.user} {row.key}", row.timing.queries) != row.timing.queries
        ]
        if changed:
            flags.append(f"queries differ at the other scale ({', '.join(changed)})")
    return "; ".join(flags)


def _pages(results: Results) -> list[str]:
    if not results.pages:
        return []
    previous = results.previous[1] if results.previous else None
    lines = [
        "## Pages and API lists (p50/p95, queries per request)",
        "",
        f"In-process test client, signed in; API lists at limit=500 (queries also at limit=10). "
        f"Flagged: p95 over {SLOW_MS:.0f} ms"
        + (f"; query counts that differ at scale {results.previous[0]}" if previous else "")
        + ".",
        "",
        "| request | kind | national | city | dept | flags |",
        "|---|---|---|---|---|---|",
    ]
    keys: dict[str, list[PageRow]] = {}
    for row in results.pages:
        keys.setdefault(row.key, []).append(row)
    for key, rows in keys.items():
        by_user = {row.user: row for row in rows}
        cells = " | ".join(_cell(by_user.get(user)) for user in USERS)
        lines.append(f"| `{key or '/'}` | {rows[0].kind} | {cells} | {_flags(rows, previous)} |")
    measured = [row for row in results.pages if row.timing and row.timing.status == 200]
    slow = [row for row in measured if row.timing and row.timing.slow]
    growing = [row for row in measured if row.grows]
    lines += [
        "",
        f"{len(measured)} requests measured, {len(slow)} over {SLOW_MS:.0f} ms p95, "
        f"{len(growing)} with a query count that grows with the page.",
        "",
    ]
    return lines


def _stats(results: Results) -> list[str]:
    if not results.stats:
        return []
    lines = [
        "## Statistics vs hand-written SQL (national user, medians)",
        "",
        "| statistic | groups | selector ms | SQL ms | ratio | same numbers |",
        "|---|---|---|---|---|---|",
    ]
    for row in results.stats:
        mark = "" if row.ratio <= STATS_TARGET else " **over 1.5×**"
        lines.append(
            f"| {row.name} | {row.groups} | {row.selector_ms:.1f} | {row.sql_ms:.1f} | "
            f"{row.ratio:.2f}×{mark} | {'yes' if row.same else '**NO**'} |"
        )
    return [*lines, ""]


def _jobs(results: Results) -> list[str]:
    lines = ["## Jobs", "", "| measure | figure | target |", "|---|---|---|"]
    if results.workbook:
        w = results.workbook
        lines += [
            f"| 整改台账 export ({w.rows} rows, {w.size / 1e6:.1f} MB) | {w.export_s:.2f} s = "
            f"{w.export_ratio:.2f}× raw parse ({w.parse_s:.2f} s) | ≤ {WORKBOOK_TARGET:.0f}× |",
            f"| no-change re-import ({w.changed} rows changed) | {w.import_s:.2f} s = "
            f"{w.import_ratio:.2f}× raw parse | ≤ {WORKBOOK_TARGET:.0f}× |",
        ]
    if results.verify:
        v = results.verify
        lines.append(
            f"| `duban audit verify` ({v.events} events) | {v.per_second:,.0f} events/s "
            f"({v.run.seconds:.1f} s, {v.run.peak_mb:.0f} MB peak) | ≥ {VERIFY_TARGET:,} /s |"
        )
    if results.verify_walk:
        v = results.verify_walk
        state = "intact" if v.intact else "**BROKEN**"
        lines.append(
            f"| ledger walk in process ({v.events} events, {state}) | {v.per_second:,.0f} "
            f"events/s ({v.seconds:.1f} s) | ≥ {VERIFY_TARGET:,} /s |"
        )
    for run in results.writes:
        lines.append(
            f"| progress reports, {run.processes} process(es) | {run.per_second:.1f} writes/s "
            f"(p50 {run.p50_ms:.0f} ms, p95 {run.p95_ms:.0f} ms; {run.writes} written, "
            f"{run.errors} refused; {100 * run.lock_wait_share:.1f} % of the time waiting for "
            f"the ledger head) | ≥ {WRITES_TARGET} /s on one |"
        )
        if run.first_error:
            lines.append(f"| first refusal | {run.first_error} | none |")
    if len(results.writes) == 2 and results.writes[0].per_second:
        one, many = results.writes
        lines.append(
            f"| writes scaling 1 → {many.processes} processes | "
            f"{many.per_second / one.per_second:.2f}× | grows with processes |"
        )
    for day, run in results.daily:
        status = "" if run.returncode == 0 else f" **exit {run.returncode}**"
        lines.append(
            f"| daily job (`duban scan`), {day} | {run.seconds:.1f} s, {run.peak_mb:.0f} MB peak"
            f"{status} | ≤ {DAILY_TARGET_S:.0f} s, ≤ {DAILY_TARGET_MB:.0f} MB |"
        )
    return [*lines, ""] if len(lines) > 4 else []


def _targets(results: Results) -> list[str]:
    """Each target of issue 17 this run measured: holds or not."""
    found: list[tuple[str, bool]] = []
    measured = [row for row in results.pages if row.timing and row.timing.status == 200]
    if measured:
        found.append(
            ("every page and API list p95 ≤ 100 ms", not any(r.timing.slow for r in measured))
        )
        found.append(
            ("queries per request independent of page size", not any(r.grows for r in measured))
        )
    if results.stats:
        found.append(
            (
                "statistics ≤ 1.5× hand-written SQL",
                all(r.ratio <= STATS_TARGET for r in results.stats),
            )
        )
    if results.workbook:
        w = results.workbook
        found.append(
            (
                "workbook export and re-import ≤ 3× raw parse",
                max(w.export_ratio, w.import_ratio) <= WORKBOOK_TARGET,
            )
        )
    if results.verify_walk:
        found.append(
            ("audit verify ≥ 50,000 events/s", results.verify_walk.per_second >= VERIFY_TARGET)
        )
    if results.writes:
        found.append(
            ("writes ≥ 100/s on one process", results.writes[0].per_second >= WRITES_TARGET)
        )
    for day, run in results.daily:
        if day == "next day":
            holds = run.seconds <= DAILY_TARGET_S and run.peak_mb <= DAILY_TARGET_MB
            found.append(("daily job on a normal day ≤ 60 s and ≤ 500 MB", holds))
    if not found:
        return []
    lines = ["## Targets", "", "| target | holds |", "|---|---|"]
    lines += [f"| {name} | {'yes' if holds else '**no**'} |" for name, holds in found]
    return [*lines, ""]


def render(results: Results) -> str:
    counts = ", ".join(f"{n:,} {name}" for name, n in results.counts.items())
    lines = [
        f"# duban benchmark — scale {results.scale}",
        "",
        f"Data: {counts}; filled by {results.filled_by} in {results.fill_s:.1f} s.",
        "",
        *_pages(results),
        *_stats(results),
        *_jobs(results),
        *_targets(results),
    ]
    for day, run in results.daily:
        last = run.output.strip().splitlines()[-1:] if run.output.strip() else []
        lines += [f"Daily job {day}: {last[0] if last else '(no output)'}", ""]
    return "\n".join(lines)
