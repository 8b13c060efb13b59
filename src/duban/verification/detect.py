"""Reading the database for each rule in rules.py and describing what it found.

Each detector evaluates keys (a claim series, a file, a report, a unit, a site check) that
its feeds say changed, reading everything stored for them, and returns Findings;
services.signals_scan turns new ones into Signals. Evaluating every key there is gives
what the whole-data rules gave: the incremental run is the same rule over fewer keys.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from decimal import Decimal
from typing import Any

from django.utils import timezone

from duban.core.models import Attachment, Organization
from duban.rectification.models import Claim, CloseOut, ProgressReport, Task
from duban.verification import feeds, rules
from duban.verification.choices import Severity, SignalKind
from duban.verification.feeds import Feed, Key
from duban.verification.models import MetricThreshold, SiteCheck, Verification


@dataclass
class Finding:
    kind: SignalKind
    severity: Severity
    key: str
    explanation: str
    task: Task | None = None
    unit: Organization | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


def thresholds() -> dict[str, Decimal]:
    return dict(MetricThreshold.objects.values_list("metric", "threshold"))


def plain(value: Decimal) -> str:
    """42.3, 50, 8.84 — never 5E+1."""
    return f"{value.normalize():f}"


def percent(value: Decimal | None) -> str:
    return "∞" if value is None else f"{value * 100:+.0f}%"


def false_reporting(series: Sequence[Key], limits: dict[str, Decimal]) -> Iterator[Finding]:
    """Two or more successive versions of one claim, each far from its verified value."""
    for (task_id, metric), verifications in _latest_verifications_by_series(series).items():
        threshold = limits.get(metric, rules.DEVIATION_THRESHOLD)
        checks = [
            rules.VersionCheck(v.claim.version, v.claim.value, v.deviation) for v in verifications
        ]
        run = rules.false_reporting_run(checks, threshold=threshold)
        if not run:
            continue
        task = verifications[0].claim.task
        chosen = [v for v in verifications if v.claim.version in {c.version for c in run}]
        unit_name = task.lead_unit.name
        details = "；".join(
            f"第{v.claim.version}版报送{plain(v.claim.value)}{v.claim.unit}，"
            f"核查{plain(v.verified_value)}{v.claim.unit}（偏差{percent(v.deviation)}）"
            for v in sorted(chosen, key=lambda v: v.claim.version)
        )
        yield Finding(
            SignalKind.FALSE_REPORTING,
            Severity.HIGH,
            key=f"false_reporting:{task_id}:{metric}:{run[0].version}",
            task=task,
            unit=task.lead_unit,
            explanation=(
                f"{unit_name}报送的“{metric}”连续{len(run)}次与核查结果偏差超过"
                f"{threshold * 100:.0f}%：{details}。涉嫌弄虚作假（闯关思想），建议约谈并核实。"
            ),
            evidence={
                "claims": [v.claim_id for v in chosen],
                "verifications": [v.pk for v in chosen],
            },
        )


def _latest_verifications_by_series(
    series: Sequence[Key],
) -> dict[tuple[int, str], list[Verification]]:
    """Each claim's latest verification in these (task, metric) series, grouped by series."""
    wanted = set(series)
    latest: dict[int, Verification] = {}
    verifications = Verification.objects.filter(claim__task_id__in={t for t, _ in wanted})
    for verification in verifications.select_related("claim__task__lead_unit").order_by("pk"):
        if (verification.claim.task_id, verification.claim.metric) in wanted:
            latest[verification.claim_id] = verification
    by_series: dict[tuple[int, str], list[Verification]] = defaultdict(list)
    for verification in latest.values():
        by_series[(verification.claim.task_id, verification.claim.metric)].append(verification)
    return by_series


def _evidence_uses(sha256s: Sequence[Key]) -> list[tuple[Attachment, int]]:
    """(attachment, task id) for every file with these contents offered in a report or a
    closure request, reports first, each in the order it was attached."""
    links = ProgressReport.attachments.through.objects.filter(attachment__sha256__in=sha256s)
    uses = [
        (link.attachment, link.progressreport.task_id)
        for link in links.select_related("attachment", "progressreport").order_by("id")
    ]
    evidence = CloseOut.evidence.through.objects.filter(attachment__sha256__in=sha256s)
    return uses + [
        (link.attachment, link.closeout.task_id)
        for link in evidence.select_related("attachment", "closeout").order_by("id")
    ]


def duplicate_files(sha256s: Sequence[Key], _: object = None) -> Iterator[Finding]:
    """One file offered as evidence for two or more tasks."""
    uses = _evidence_uses(sha256s)
    shared = rules.shared_files([(a.sha256, task_id) for a, task_id in uses])
    tasks = Task.objects.in_bulk({t for ids in shared.values() for t in ids})
    for sha256, task_ids in shared.items():
        attachment = next(a for a, _ in uses if a.sha256 == sha256)
        names = "、".join(tasks[t].code for t in sorted(task_ids))
        first = tasks[min(task_ids)]
        yield Finding(
            SignalKind.DUPLICATE_FILE,
            Severity.HIGH,
            key=f"duplicate_file:{sha256}",
            task=first,
            unit=first.lead_unit,
            explanation=f"同一文件《{attachment.original_name}》被作为不同任务（{names}）的整改佐证材料。",
            evidence={"attachments": [attachment.pk], "tasks": sorted(task_ids)},
        )


@dataclass(frozen=True)
class Photos:
    """Every evidence photo as (file, phash, task), a file being the first upload of its bytes;
    read once per scan (a few bytes per photo) so new photos are compared with all of them."""

    photos: list[tuple[int, str, int]]
    sha256_of: dict[int, str]
    task_of: dict[int, int]


def photo_index() -> Photos:
    uses: list[tuple[int, str, str, int]] = [
        *ProgressReport.attachments.through.objects.exclude(attachment__phash="")
        .order_by("id")
        .values_list(
            "attachment_id", "attachment__sha256", "attachment__phash", "progressreport__task_id"
        ),
        *CloseOut.evidence.through.objects.exclude(attachment__phash="")
        .order_by("id")
        .values_list(
            "attachment_id", "attachment__sha256", "attachment__phash", "closeout__task_id"
        ),
    ]
    # Uploads of the same bytes are separate records; they are one file here (identical files
    # are the duplicate_file signal's business), named by the first record.
    file_id: dict[str, int] = {}
    for attachment, sha256, _, _ in uses:
        file_id[sha256] = min(attachment, file_id.get(sha256, attachment))
    photos = sorted({(file_id[sha256], phash, task) for _, sha256, phash, task in uses})
    return Photos(
        photos=photos,
        sha256_of={file: sha256 for sha256, file in file_id.items()},
        task_of={file_id[sha256]: task for _, sha256, _, task in uses},
    )


def near_duplicate_photos(sha256s: Sequence[Key], index: Photos) -> Iterator[Finding]:
    """Photos of these contents that look like another task's photo (perceptual hash)."""
    wanted = set(sha256s)
    fresh = [photo for photo in index.photos if index.sha256_of[photo[0]] in wanted]
    pairs = rules.near_duplicates_of(fresh, index.photos)
    task_of = index.task_of
    tasks = Task.objects.select_related("lead_unit").in_bulk(
        {task_of[file] for first, second, _ in pairs for file in (first, second)}
    )
    for first, second, distance in pairs:
        task = tasks[task_of[first]]
        yield Finding(
            SignalKind.NEAR_DUPLICATE_PHOTO,
            Severity.MEDIUM,
            key=f"near_duplicate:{first}:{second}",
            task=task,
            unit=task.lead_unit,
            explanation=(
                f"任务{task.code}与{tasks[task_of[second]].code}的佐证照片高度相似"
                f"（感知哈希相差{distance}位），可能为同一现场或摆拍照片。"
            ),
            evidence={"attachments": [first, second], "distance": distance},
        )


def _aware(value: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(value))


def exif_inconsistencies(report_ids: Sequence[Key], _: object = None) -> Iterator[Finding]:
    """Photo time after the report or far from its period; GPS far from the checked site."""
    reports = ProgressReport.objects.filter(pk__in=report_ids).order_by("pk")
    reports = reports.select_related("task__lead_unit").prefetch_related("attachments")
    sites = _located_site_check_by_task({report.task_id for report in reports})
    for report in reports:
        for attachment in report.attachments.all():
            if time_finding := _exif_time_check(report, attachment):
                yield time_finding
            if gps_finding := _exif_gps_check(report, attachment, sites.get(report.task_id)):
                yield gps_finding


def _located_site_check_by_task(task_ids: set[int]) -> dict[int, SiteCheck]:
    """For each of these tasks, the first site check with a position that covered it."""
    sites: dict[int, SiteCheck] = {}
    checks = SiteCheck.objects.filter(latitude__isnull=False, tasks__in=task_ids).distinct()
    for check in checks.prefetch_related("tasks"):
        for task in check.tasks.all():
            if task.pk in task_ids:
                sites.setdefault(task.pk, check)
    return sites


def _exif_time_check(report: ProgressReport, attachment: Attachment) -> Finding | None:
    """A finding if the photo's EXIF time does not fit the report's submission or period."""
    meta = attachment.metadata
    if not meta.get("exif_taken_at"):
        return None
    problem = rules.exif_time_problem(
        taken_at=_aware(meta["exif_taken_at"]),
        submitted_at=report.submitted_at,
        period_start=report.period_start,
        period_end=report.period_end,
    )
    return _exif_time_finding(report, attachment, problem) if problem else None


def _exif_gps_check(
    report: ProgressReport, attachment: Attachment, site: SiteCheck | None
) -> Finding | None:
    """A finding if the photo's EXIF position is too far from the site check of its task."""
    meta = attachment.metadata
    if not (
        site
        and meta.get("exif_latitude")
        and site.latitude is not None
        and site.longitude is not None
    ):
        return None
    km = rules.distance_km(
        Decimal(meta["exif_latitude"]),
        Decimal(meta["exif_longitude"]),
        site.latitude,
        site.longitude,
    )
    if km <= rules.EXIF_MAX_KM_FROM_SITE:
        return None
    return Finding(
        SignalKind.EXIF_GPS,
        Severity.MEDIUM,
        key=f"exif_gps:{attachment.pk}:{report.task_id}",
        task=report.task,
        unit=report.task.lead_unit,
        explanation=(
            f"照片《{attachment.original_name}》的拍摄位置距核查现场“{site.place}”"
            f"约{plain(km)}公里，超过{rules.EXIF_MAX_KM_FROM_SITE}公里。"
        ),
        evidence={
            "attachments": [attachment.pk],
            "reports": [report.pk],
            "site_checks": [site.pk],
            "distance_km": str(km),
        },
    )


def _exif_time_finding(report: ProgressReport, attachment: Attachment, problem: str) -> Finding:
    taken = attachment.metadata["exif_taken_at"].replace("T", " ")
    if problem == "after_submission":
        text = (
            f"照片《{attachment.original_name}》的拍摄时间（{taken}）晚于进展报告的报送时间"
            f"（{timezone.localtime(report.submitted_at):%Y-%m-%d %H:%M}），"
            "照片不可能是报送时所附的现场照片。"
        )
        severity = Severity.HIGH
    else:
        text = (
            f"照片《{attachment.original_name}》的拍摄时间（{taken}）与报告周期"
            f"（{report.period_start}至{report.period_end}）相差超过{rules.EXIF_MAX_DAYS_FROM_PERIOD}天。"
        )
        severity = Severity.MEDIUM
    return Finding(
        SignalKind.EXIF_TIME,
        severity,
        key=f"exif_time:{report.pk}:{attachment.pk}",
        task=report.task,
        unit=report.task.lead_unit,
        explanation=text,
        evidence={"attachments": [attachment.pk], "reports": [report.pk]},
    )


def flat_series(keys: Sequence[Key], _: object = None) -> Iterator[Finding]:
    """The latest version per period of a non-cumulative metric, flat over four periods."""
    wanted = set(keys)
    series: dict[tuple[int, str], dict[Any, Claim]] = defaultdict(dict)
    claims = Claim.objects.filter(is_cumulative=False, task_id__in={t for t, _ in wanted})
    claims = claims.select_related("report", "task__lead_unit")
    for claim in claims.order_by("report__period_start", "version"):
        if (claim.task_id, claim.metric) in wanted:
            series[(claim.task_id, claim.metric)][claim.report.period_start] = claim
    for (task_id, metric), by_period in series.items():
        ordered = [by_period[p] for p in sorted(by_period)]
        if rules.flat_series([c.value for c in ordered]):
            tail = ordered[-rules.FLAT_SERIES_MIN_LENGTH :]
            task = tail[0].task
            values = "、".join(plain(c.value) for c in tail)
            yield Finding(
                SignalKind.FLAT_SERIES,
                Severity.MEDIUM,
                key=f"flat_series:{task_id}:{metric}:{tail[0].report.period_start}",
                task=task,
                unit=task.lead_unit,
                explanation=(
                    f"“{metric}”连续{len(tail)}期报送值几乎相同（{values}{tail[0].unit}），"
                    "变化幅度低于正常波动，需核实是否照抄数据。"
                ),
                evidence={"claims": [c.pk for c in tail]},
            )


def deadline_bursts(unit_ids: Sequence[Key], _: object = None) -> Iterator[Finding]:
    """Many reports by one unit in the 72 hours before one of its deadlines or a stationing.

    Read as plain values (a national unit has thousands of reports); rows are loaded only
    for the units and tasks a finding names."""
    reports = ProgressReport.objects.filter(task__lead_unit_id__in=unit_ids)
    reports = reports.order_by("-period_start", "-version", "-pk")
    by_unit: dict[int, list[tuple[int, datetime, int]]] = defaultdict(list)
    for pk, submitted_at, task_id, unit_id in reports.values_list(
        "pk", "submitted_at", "task_id", "task__lead_unit_id"
    ):
        by_unit[unit_id].append((pk, submitted_at, task_id))
    moments_of = _task_moments({task for rows in by_unit.values() for _, _, task in rows})
    found = [
        (unit_id, rows, label, inside)
        for unit_id, rows in by_unit.items()
        for label, inside in _bursts(rows, moments_of)
    ]
    units = Organization.objects.in_bulk({unit_id for unit_id, *_ in found})
    tasks = Task.objects.in_bulk({rows[0][2] for _, rows, *_ in found})
    for unit_id, rows, label, inside in found:
        unit, what = units[unit_id], "整改时限" if label.startswith("deadline") else "督察组进驻"
        yield Finding(
            SignalKind.DEADLINE_BURST,
            Severity.LOW,
            key=f"burst:{unit_id}:{label}",
            unit=unit,
            task=tasks[rows[0][2]],
            explanation=(
                f"{unit.name}在{what}（{label.split()[1]}）前72小时内集中报送"
                f"{len(inside)}份进展报告，需关注是否突击补材料。"
            ),
            evidence={"reports": [pk for pk, submitted_at, _ in rows if submitted_at in inside]},
        )


def _task_moments(task_ids: set[int]) -> dict[int, dict[str, datetime]]:
    """Each task's deadline (end of day) and its inspection team's stationing (start of day)."""
    moments: dict[int, dict[str, datetime]] = {}
    for ids in feeds.in_chunks(task_ids):
        for task_id, deadline, stationed_from in Task.objects.filter(pk__in=ids).values_list(
            "pk", "deadline", "problem__team__stationed_from"
        ):
            moments[task_id] = {}
            if deadline:
                moments[task_id][f"deadline {deadline}"] = timezone.make_aware(
                    datetime.combine(deadline, time.max)
                )
            if stationed_from:
                moments[task_id][f"stationing {stationed_from}"] = timezone.make_aware(
                    datetime.combine(stationed_from, time.min)
                )
    return moments


def _bursts(
    rows: list[tuple[int, datetime, int]], moments_of: dict[int, dict[str, datetime]]
) -> Iterator[tuple[str, list[datetime]]]:
    """(label, reports' times) for each moment of the unit's tasks with a burst before it."""
    moments = {label: at for _, _, task in rows for label, at in moments_of[task].items()}
    times = sorted(submitted_at for _, submitted_at, _ in rows)
    for label, moment in sorted(moments.items()):
        near = times[bisect_left(times, moment - rules.BURST_WINDOW) : bisect_right(times, moment)]
        if inside := rules.burst(near, moment=moment):
            yield label, inside


def contradictions(keys: Sequence[Key], limits: dict[str, Decimal]) -> Iterator[Finding]:
    """A new version of a claim for the same period that moves far, without an explanation."""
    wanted = set(keys)
    previous: dict[tuple[int, str, Any], Claim] = {}
    claims = Claim.objects.filter(task_id__in={t for t, _ in wanted})
    for claim in claims.select_related("report", "task__lead_unit").order_by("version", "pk"):
        if (claim.task_id, claim.metric) not in wanted:
            continue
        series = (claim.task_id, claim.metric, claim.report.period_start)
        before = previous.get(series)
        previous[series] = claim
        if before and rules.contradicts(
            previous=before.value,
            current=claim.value,
            threshold=limits.get(claim.metric, rules.DEVIATION_THRESHOLD),
            explained=bool(claim.explanation.strip()),
        ):
            yield Finding(
                SignalKind.CONTRADICTION,
                Severity.MEDIUM,
                key=f"contradiction:{claim.pk}",
                task=claim.task,
                unit=claim.task.lead_unit,
                explanation=(
                    f"同一报告期内“{claim.metric}”由{plain(before.value)}改报为"
                    f"{plain(claim.value)}{claim.unit}，未作说明。"
                ),
                evidence={"claims": [before.pk, claim.pk]},
            )


def relapse_after_closure(check_ids: Sequence[Key], _: object = None) -> Iterator[Finding]:
    """A failed site check after a task was closed (or publicized): the reopen path."""
    failed = SiteCheck.objects.filter(passed=False, pk__in=check_ids)
    failed = failed.prefetch_related("tasks__lead_unit")
    for check in failed:
        for task in check.tasks.all():
            finished_on = task.closed_on or task.publicity_starts_on
            if finished_on and check.checked_on >= finished_on:
                yield Finding(
                    SignalKind.RELAPSE_AFTER_CLOSURE,
                    Severity.HIGH,
                    key=f"relapse:{check.pk}:{task.pk}",
                    task=task,
                    unit=task.lead_unit,
                    explanation=(
                        f"任务{task.code}已于{finished_on}完成验收/销号，但{check.checked_on}"
                        f"现场核查发现问题未解决：{check.findings}。建议撤销销号、重新整改。"
                    ),
                    evidence={"site_checks": [check.pk]},
                )


@dataclass(frozen=True)
class Detector:
    """A rule over keys, the feeds whose new rows say which keys changed, and what it reads
    once per scan (the thresholds, the photo index)."""

    name: str
    evaluate: Callable[[Sequence[Key], Any], Iterator[Finding]]
    feeds: tuple[Feed, ...]
    prepare: Callable[[], Any] = lambda: None
    uses_thresholds: bool = False


# A task's deadline and lead unit change only by these (its close-out dates, which the
# relapse rule reads, by moves whose verbs are many: that rule reads every task event).
TASK_DEADLINE_VERBS = ["task.created", "task.updated", "extension.approved"]

SERIES = ("task_id", "metric")
FILE = ("attachment__sha256",)
PHOTO = ("attachment__sha256", "attachment__phash")

DETECTORS = [
    Detector(
        "false_reporting",
        false_reporting,
        (
            Feed(
                "verifications",
                feeds.verifications,
                "pk",
                ("claim__task_id", "claim__metric"),
                feeds.as_keys,
            ),
        ),
        prepare=thresholds,
        uses_thresholds=True,
    ),
    Detector(
        "duplicate_files",
        duplicate_files,
        (
            Feed("report_files", feeds.report_files, "id", FILE, feeds.as_keys),
            Feed("closeout_files", feeds.closeout_files, "id", FILE, feeds.as_keys),
        ),
    ),
    Detector(
        "near_duplicate_photos",
        near_duplicate_photos,
        (
            Feed("report_files", feeds.report_files, "id", PHOTO, feeds.photo_keys),
            Feed("closeout_files", feeds.closeout_files, "id", PHOTO, feeds.photo_keys),
        ),
        prepare=photo_index,
    ),
    Detector(
        "exif_inconsistencies",
        exif_inconsistencies,
        (
            Feed("report_files", feeds.report_files, "id", ("progressreport_id",), feeds.as_keys),
            Feed(
                "located_checks",
                feeds.located_check_tasks,
                "id",
                ("task_id",),
                feeds.reports_of_tasks,
            ),
        ),
    ),
    Detector(
        "flat_series",
        flat_series,
        (Feed("claims", feeds.flat_claims, "pk", SERIES, feeds.as_keys),),
    ),
    Detector(
        "deadline_bursts",
        deadline_bursts,
        (
            Feed("reports", feeds.reports, "pk", ("task__lead_unit_id",), feeds.as_keys),
            Feed(
                "task_events",
                feeds.task_events(TASK_DEADLINE_VERBS),
                "seq",
                ("subject_id",),
                feeds.units_of_tasks,
            ),
        ),
    ),
    Detector(
        "contradictions",
        contradictions,
        (Feed("claims", feeds.claims, "pk", SERIES, feeds.as_keys),),
        prepare=thresholds,
        uses_thresholds=True,
    ),
    Detector(
        "relapse_after_closure",
        relapse_after_closure,
        (
            Feed("failed_checks", feeds.failed_checks, "pk", ("pk",), feeds.as_keys),
            Feed(
                "task_events",
                feeds.task_events(),
                "seq",
                ("subject_id",),
                feeds.failed_checks_of_tasks,
            ),
        ),
    ),
]
