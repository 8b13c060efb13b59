"""Pure rules that find signs of untrue reporting. Each takes plain values and returns
findings; nothing here reads or writes the database. Defaults and their reasons are in
docs/verification.md."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from statistics import mean, pstdev

DEVIATION_THRESHOLD = Decimal("0.10")  # 10 % from the verified value
FALSE_REPORTING_MIN_RUN = 2  # successive deviating versions that make a pattern
NEAR_DUPLICATE_MAX_DISTANCE = 6  # of 64 perceptual-hash bits
EXIF_MAX_DAYS_FROM_PERIOD = 30
EXIF_MAX_KM_FROM_SITE = Decimal("5")
FLAT_SERIES_MIN_LENGTH = 4
FLAT_SERIES_MAX_SPREAD = 0.005  # coefficient of variation
BURST_WINDOW = timedelta(hours=72)
BURST_MIN_COUNT = 5


def relative_deviation(*, claimed: Decimal, verified: Decimal) -> Decimal | None:
    """(claimed − verified) / verified; None when nothing was found to compare with."""
    if verified == 0:
        return None
    return ((claimed - verified) / abs(verified)).quantize(Decimal("0.0001"))


def deviates(deviation: Decimal | None, *, claimed: Decimal, threshold: Decimal) -> bool:
    """Beyond the threshold; a claim of something where nothing was found always deviates."""
    if deviation is None:
        return claimed != 0
    return abs(deviation) > threshold


@dataclass(frozen=True)
class VersionCheck:
    version: int
    claimed: Decimal
    deviation: Decimal | None


def false_reporting_run(
    checks: Sequence[VersionCheck], *, threshold: Decimal, min_run: int = FALSE_REPORTING_MIN_RUN
) -> list[VersionCheck]:
    """The latest run of successive verified versions that all deviate, if long enough.

    `checks` are the verified versions of one unit's claim for one metric, oldest first.
    """
    run: list[VersionCheck] = []
    best: list[VersionCheck] = []
    for check in sorted(checks, key=lambda c: c.version):
        if deviates(check.deviation, claimed=check.claimed, threshold=threshold):
            run.append(check)
            if len(run) >= min_run:
                best = list(run)
        else:
            run = []
    return best


def shared_files(uses: Sequence[tuple[str, int]]) -> dict[str, set[int]]:
    """sha256 → tasks, for files offered as evidence for more than one task."""
    tasks: dict[str, set[int]] = defaultdict(set)
    for sha256, task_id in uses:
        tasks[sha256].add(task_id)
    return {sha: ids for sha, ids in tasks.items() if len(ids) > 1}


def hamming(first: str, second: str) -> int:
    return bin(int(first, 16) ^ int(second, 16)).count("1")


def near_duplicates(
    photos: Sequence[tuple[int, str, int]], *, max_distance: int = NEAR_DUPLICATE_MAX_DISTANCE
) -> list[tuple[int, int, int]]:
    """Pairs (attachment, attachment, distance) of different files for different tasks whose
    perceptual hashes are within `max_distance` bits. `photos` are (attachment, phash, task)."""
    return near_duplicates_of(photos, photos, max_distance=max_distance)


def near_duplicates_of(
    photos: Sequence[tuple[int, str, int]],
    among: Sequence[tuple[int, str, int]],
    *,
    max_distance: int = NEAR_DUPLICATE_MAX_DISTANCE,
) -> list[tuple[int, int, int]]:
    """The near-duplicate pairs with at least one photo in `photos` and the other in `among`.

    Comparing every pair is quadratic (155 million pairs for 17.6k photos). Instead the hash
    is cut into max_distance + 1 bands: two hashes differing in at most max_distance bits
    leave at least one band identical (pigeonhole), so only photos sharing a band are
    compared — no pair within the threshold can be missed."""
    width = 4 * max((len(h) for _, h, _ in [*photos, *among]), default=16)
    # Beyond `width` bits nothing is far enough apart to skip: one band holding every photo.
    bands = _bands(width, max_distance + 1) if max_distance < width else [(0, 0)]
    index: dict[tuple[int, int], list[tuple[int, int, int]]] = defaultdict(list)
    for attachment, phash, task in among:
        value = int(phash, 16)
        for number, (shift, mask) in enumerate(bands):
            index[(number, (value >> shift) & mask)].append((attachment, value, task))
    pairs: set[tuple[int, int, int]] = set()
    for first_id, first_hash, first_task in photos:
        first = int(first_hash, 16)
        for number, (shift, mask) in enumerate(bands):
            for second_id, second, second_task in index[(number, (first >> shift) & mask)]:
                if first_id == second_id or first_task == second_task:
                    continue
                distance = (first ^ second).bit_count()
                if distance <= max_distance:
                    pairs.add((min(first_id, second_id), max(first_id, second_id), distance))
    return sorted(pairs)


def _bands(width: int, count: int) -> list[tuple[int, int]]:
    """(shift, mask) of `count` bands covering `width` bits, as equal as they come."""
    sizes = [width // count + (1 if n < width % count else 0) for n in range(count)]
    shifts = [sum(sizes[:n]) for n in range(count)]
    return [(shift, (1 << size) - 1) for shift, size in zip(shifts, sizes, strict=True)]


def exif_time_problem(
    *,
    taken_at: datetime | None,
    submitted_at: datetime,
    period_start: date,
    period_end: date,
    max_days: int = EXIF_MAX_DAYS_FROM_PERIOD,
) -> str | None:
    """'after_submission', 'far_from_period' or None (also None when EXIF has no time)."""
    if taken_at is None:
        return None
    if taken_at > submitted_at:
        return "after_submission"
    taken = taken_at.date()
    if taken < period_start - timedelta(days=max_days) or taken > period_end + timedelta(
        days=max_days
    ):
        return "far_from_period"
    return None


def distance_km(lat1: Decimal, lon1: Decimal, lat2: Decimal, lon2: Decimal) -> Decimal:
    """Great-circle distance (haversine, mean Earth radius 6371 km)."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lon2) - float(lon1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return Decimal(str(round(2 * 6371 * math.asin(math.sqrt(a)), 3)))


def flat_series(
    values: Sequence[Decimal],
    *,
    min_length: int = FLAT_SERIES_MIN_LENGTH,
    max_spread: float = FLAT_SERIES_MAX_SPREAD,
) -> bool:
    """The last `min_length` values are identical or vary implausibly little."""
    if len(values) < min_length:
        return False
    tail = [float(v) for v in values[-min_length:]]
    centre = mean(tail)
    if centre == 0:
        return all(v == 0 for v in tail)
    return pstdev(tail) / abs(centre) <= max_spread


def burst(
    times: Sequence[datetime],
    *,
    moment: datetime,
    window: timedelta = BURST_WINDOW,
    min_count: int = BURST_MIN_COUNT,
) -> list[datetime]:
    """The entries made in the `window` before `moment`, when there are at least `min_count`."""
    inside = sorted(t for t in times if moment - window <= t <= moment)
    return inside if len(inside) >= min_count else []


def contradicts(
    *, previous: Decimal, current: Decimal, threshold: Decimal, explained: bool
) -> bool:
    """A new version for the same period that moves by more than the threshold, unexplained."""
    if explained or previous == current:
        return False
    base = abs(previous) if previous != 0 else abs(current)
    return abs(current - previous) / base > threshold
