"""The scan examines only what changed since its last run, and finds what a full run finds;
a first catch-up interrupted part-way resumes where it stopped."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from duban.core import clock
from duban.core.attachments import attachment_store
from duban.core.principal import SYSTEM
from duban.rectification.services import ClaimInput, report_submit, task_create
from duban.verification import detect, feeds, services
from duban.verification.choices import SignalKind
from duban.verification.models import DetectorProgress, Signal
from duban.verification.services import signals_scan, site_check_record, verification_record
from tests.images import photo
from tests.rectification.task_states import to_in_progress, to_publicized
from tests.verification.test_signals import rescaled

pytestmark = pytest.mark.django_db
KM = "污水管网改造长度"
COD = "出水COD浓度"
NH3 = "出水氨氮浓度"


def full_run_keys() -> set[str]:
    """What a run over every key of every feed finds on the data as it is now (no writes)."""
    found: set[str] = set()
    for detector in detect.DETECTORS:
        keys: set[object] = set()
        for feed in detector.feeds:
            keys |= set(feed.keys(list(feed.rows().values_list(*feed.fields))))
        prepared = detector.prepare()
        found |= {finding.key for finding in detector.evaluate(sorted(keys), prepared)}
    return found


def signal_keys() -> set[str]:
    return set(Signal.objects.values_list("key", flat=True))


def second_task(w, *, number: int = 2, deadline_days: int = 60):  # noqa: ANN001, ANN201
    return task_create(
        actor=SYSTEM,
        problem=w.problem,
        number=number,
        title=f"第{number}项",
        measures="m",
        target="t",
        kind="deadline",
        lead_unit=w.housing,
        responsible_person=w.responsible,
        acceptance_level="city",
        deadline=clock.today() + timedelta(days=deadline_days),
    )


def report(w, task, *, claims=(), files=(), percent=10):  # noqa: ANN001, ANN201
    return report_submit(
        actor=w.reporter,
        task_id=task.pk,
        narrative="进展",
        percent=percent,
        claims=list(claims),
        attachments=list(files),
    )


def verify(w, claim) -> None:  # noqa: ANN001
    verification_record(
        actor=w.reviewer,
        claim_id=claim.pk,
        verified_value=D("8.84"),
        method="site_measurement",
        checker=w.signer,
        verified_on=clock.today(),
    )


def day_one(w, settings):  # noqa: ANN001, ANN201
    """Half of every pattern: nothing a rule needs is complete yet, except a shared file."""
    to_in_progress(w)
    other = second_task(w)
    shared = attachment_store(
        actor=w.reporter, name="现场.jpg", content=photo(seed=3, gps=(28.2282, 112.9388))
    )
    claims = [
        report(
            w, w.task, claims=[ClaimInput(KM, "公里", D(v))], files=[shared] if n == 0 else []
        ).claims.get()
        for n, v in enumerate(["107.5", "112", "115.2"])
    ]
    verify(w, claims[0])
    report(w, other, files=[shared])  # the same file for two tasks: found on day one
    for month in range(3):
        settings.DUBAN_TODAY = date(2026, 6 + month, 15)
        report(w, other, claims=[ClaimInput(COD, "mg/L", D("28.0"), is_cumulative=False)])
    report(w, other, claims=[ClaimInput(NH3, "mg/L", D("5.0"), is_cumulative=False)])
    settings.DUBAN_TODAY = None
    site_check_record(
        actor=w.reviewer,
        organization=w.office,
        checked_on=clock.today(),
        region=w.problem.region,
        place="排口",
        findings="雨后溢流",
        passed=False,  # a failed check on a task still at work: nothing yet
        inspectors=[w.signer],
        tasks=[w.task],
    )
    return other, claims


def day_two(w, settings, other, claims) -> None:  # noqa: ANN001
    """The other half, each through a different feed."""
    for claim in claims[1:]:
        verify(w, claim)  # old series, new verifications → false reporting
    settings.DUBAN_TODAY = date(2026, 9, 15)
    report(w, other, claims=[ClaimInput(COD, "mg/L", D("28.0"), is_cumulative=False)])  # flat
    settings.DUBAN_TODAY = date(2026, 8, 20)  # day one's last period, told again: moved
    report(w, other, claims=[ClaimInput(NH3, "mg/L", D("9.0"), is_cumulative=False)])
    settings.DUBAN_TODAY = None
    lookalike = attachment_store(
        actor=w.reporter, name="b.jpg", content=rescaled(photo(seed=3, gps=(28.2282, 112.9388)))
    )
    report(w, other, files=[lookalike])  # near-duplicate of day one's photo
    site_check_record(  # a located check near nothing the day-one photo shows → EXIF GPS
        actor=w.reviewer,
        organization=w.office,
        checked_on=clock.today(),
        region=w.problem.region,
        place="荷塘区排口",
        findings="核查",
        inspectors=[w.signer],
        tasks=[w.task],
        latitude=D("27.8274"),
        longitude=D("113.1340"),
    )
    rushed = second_task(w, number=3, deadline_days=1)
    for percent in range(5):
        report(w, rushed, percent=10 + percent)  # five reports just before a deadline
    to_publicized(w)  # the day-one failed check now follows acceptance → relapse


def test_incremental_run_finds_what_a_full_run_finds(workflow, settings):
    w = workflow
    other, claims = day_one(w, settings)
    signals_scan()
    first = signal_keys()
    assert {key.split(":")[0] for key in first} == {"duplicate_file"}
    progress = DetectorProgress.objects.get(detector="false_reporting")
    assert progress.feeds["verifications"]["done"] > 0

    day_two(w, settings, other, claims)
    raised = signals_scan()
    assert {s.kind for s in raised} == {
        SignalKind.FALSE_REPORTING,
        SignalKind.FLAT_SERIES,
        SignalKind.CONTRADICTION,
        SignalKind.NEAR_DUPLICATE_PHOTO,
        SignalKind.EXIF_GPS,
        SignalKind.DEADLINE_BURST,
        SignalKind.RELAPSE_AFTER_CLOSURE,
    }
    assert signal_keys() == first | full_run_keys()
    assert signals_scan() == []  # nothing changed: nothing examined anew, nothing raised


def test_a_new_threshold_makes_its_rules_look_at_everything_again(workflow, settings):
    from duban.verification.models import MetricThreshold

    w = workflow
    to_in_progress(w)
    claims = [
        report(w, w.task, claims=[ClaimInput(KM, "公里", D(v))]).claims.get()
        for v in ["9.5", "9.6"]
    ]
    for claim in claims:
        verify(w, claim)  # 7.5 % and 8.6 % off: within the default 10 %
    assert signals_scan() == []
    MetricThreshold.objects.create(metric=KM, threshold=D("0.05"))
    assert [s.kind for s in signals_scan()] == [SignalKind.FALSE_REPORTING]


class Crash(Exception):
    pass


def swapped(position: int, detector: detect.Detector) -> list[detect.Detector]:
    """The detectors, with one replaced (by one that counts its calls or dies part-way)."""
    detectors = list(detect.DETECTORS)
    detectors[position] = detector
    return detectors


def test_an_interrupted_catch_up_resumes_where_it_stopped(workflow, monkeypatch):
    w = workflow
    to_in_progress(w)
    tasks = [w.task, *(second_task(w, number=n) for n in range(2, 9))]
    files = [
        attachment_store(actor=w.reporter, name=f"{seed}.jpg", content=photo(seed=seed))
        for seed in (3, 5, 7, 9)
    ]
    for number, task in enumerate(tasks):
        report(w, task, files=[files[number % 4]])  # each file for two tasks
    monkeypatch.setattr(feeds, "KEY_CHUNK", 1)  # one key per transaction…
    monkeypatch.setattr(feeds, "WINDOW", 2)  # …two rows per window: four windows of two keys
    expected = full_run_keys()
    assert len([key for key in expected if key.startswith("duplicate_file:")]) == 4

    position = next(n for n, d in enumerate(detect.DETECTORS) if d.name == "duplicate_files")
    real = detect.DETECTORS[position]
    calls: list[list[object]] = []

    def evaluate(keys, prepared, crash_at=None):  # noqa: ANN001, ANN202
        calls.append(list(keys))
        if len(calls) == crash_at:
            raise Crash("the worker was killed")
        return real.evaluate(keys, prepared)

    crashing = replace(real, evaluate=lambda k, p: evaluate(k, p, crash_at=4))
    monkeypatch.setattr(services, "DETECTORS", swapped(position, crashing))
    with pytest.raises(Crash):
        signals_scan()
    state = DetectorProgress.objects.get(detector="duplicate_files").feeds["report_files"]
    assert state["window_end"] > state["done"] and state["after"] == calls[2][0]
    before = signal_keys()
    assert 0 < len(before) < len(expected)  # the three committed chunks stay

    crashed_key, calls[:] = calls[3], []
    monkeypatch.setattr(services, "DETECTORS", swapped(position, replace(real, evaluate=evaluate)))
    signals_scan()
    assert signal_keys() == expected
    # Resumed, not restarted: the chunk that crashed, then the two windows after it.
    assert len(calls) == 5 and calls[0] == crashed_key
    state = DetectorProgress.objects.get(detector="duplicate_files").feeds["report_files"]
    assert set(state) == {"done"}


def test_a_scan_that_fell_behind_another_takes_up_where_the_other_stands(workflow, monkeypatch):
    w = workflow
    to_in_progress(w)
    tasks = [w.task, *(second_task(w, number=n) for n in range(2, 6))]
    shared = attachment_store(actor=w.reporter, name="同一张.jpg", content=photo(seed=3))
    for task in tasks:
        report(w, task, files=[shared])
    monkeypatch.setattr(feeds, "KEY_CHUNK", 1)
    monkeypatch.setattr(feeds, "WINDOW", 2)
    # A second worker read the progress row before this scan ran to the end…
    stale = DetectorProgress.objects.create(detector="duplicate_files")
    signals_scan()
    assert len(signal_keys()) == 1
    # …then goes on: it finds the feed moved under its lock and evaluates nothing again.
    calls: list[object] = []
    real = next(d for d in detect.DETECTORS if d.name == "duplicate_files")
    counting = replace(real, evaluate=lambda k, p: calls.append(k) or real.evaluate(k, p))
    feed = counting.feeds[0]
    assert services._scan_feed(counting, feed, stale, lambda: None) == []
    assert calls == []
    assert stale.feeds[feed.name] == {
        "done": max(feeds.report_files().values_list("id", flat=True))
    }
