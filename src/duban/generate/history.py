"""A province's problems and tasks, and each task's history up to the generated day: moves,
monthly progress reports with their claims, close-outs with evidence, filings.

Rows are bulk-created; every event is queued on the chain at its own time and recorded by
the app's helper once the rows it names exist, so each payload is the service's own.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from django.utils import timezone, translation

from duban.core.events import attachment_stored_event
from duban.core.models import Attachment, Organization
from duban.core.principal import SYSTEM
from duban.generate.chain import Chain
from duban.generate.directory import Area, ProvinceDirectory, Unit
from duban.generate.names import NARRATIVES
from duban.generate.photos import Photos
from duban.inspections.models import Plan, Problem
from duban.rectification import rules
from duban.rectification.choices import FilingState, TaskKind, TaskState
from duban.rectification.choices import Verb as TaskVerb
from duban.rectification.events import (
    filing_event,
    report_submitted_event,
    task_created_event,
    task_transitioned_event,
)
from duban.rectification.models import Claim, CloseOut, Filing, ProgressReport, Task
from duban.rectification.transitions import TRANSITIONS

AS_OF = date(2026, 11, 20)  # the generated history ends here (fixed: same seed, same data)
S = TaskState
# (weight, last state reached) for tasks that can close; ongoing tasks stop at upheld.
ENDINGS = [
    (5, S.ASSIGNED),
    (5, S.ACKNOWLEDGED),
    (38, S.IN_PROGRESS),
    (5, S.COMPLETED),
    (4, S.CLOSURE_REQUESTED),
    (4, S.UNDER_ACCEPTANCE),
    (3, S.PUBLICIZED),
    (36, S.CLOSED),
]
ONGOING_ENDINGS = [
    (5, S.ASSIGNED),
    (5, S.ACKNOWLEDGED),
    (60, S.IN_PROGRESS),
    (10, S.COMPLETED),
    (20, S.UPHELD),
]
ORDER = [
    S.ASSIGNED,
    S.ACKNOWLEDGED,
    S.IN_PROGRESS,
    S.COMPLETED,
    S.CLOSURE_REQUESTED,
    S.UNDER_ACCEPTANCE,
    S.PUBLICIZED,
    S.CLOSED,
]
RETURN_SHARE = 0.12  # acceptances that fail a test and send the task back once
SILENT_SHARE = 0.1  # units that stopped reporting a few months ago (schedule: behind)
PHOTO_SHARE = 0.012  # reports with a photo (close-outs always carry one)
TESTS_PASSED = {
    key: {"passed": True, "comment": "经现场核查符合要求"} for key in rules.CLOSURE_TEST_KEYS
}


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@dataclass
class Story:
    """One task and everything that happened to it, before any of it is saved."""

    task: Task
    unit: Unit
    office: Unit
    upper_office: Organization | None
    metric: tuple[str, str, Decimal] | None
    reports: list[ProgressReport] = field(default_factory=list)
    claims: list[tuple[int, Claim]] = field(default_factory=list)  # (report index, claim)
    photos: list[tuple[int, Attachment]] = field(default_factory=list)  # (report index, photo)
    closeouts: list[tuple[CloseOut, Attachment]] = field(default_factory=list)
    filing: Filing | None = None
    moves: list[tuple[datetime, str, dict[str, Any], str]] = field(default_factory=list)


class ProvinceHistory:
    def __init__(
        self, chain: Chain, rng: random.Random, photos: Photos, counts: dict[str, int]
    ) -> None:
        self.chain, self.rng, self.photos, self.counts = chain, rng, photos, counts

    def tasks(
        self,
        problem: Problem,
        area: Area,
        directory: ProvinceDirectory,
        subject: tuple[Any, ...],
        assigned_on: date,
        plan: Plan,
    ) -> list[Story]:
        """The tasks of one problem, led by units of its area (unsaved)."""
        units = [
            u for region, u in area.units() if region.code.startswith(problem.region.code[:4])
        ] or [u for _, u in area.units()]
        count = max(1, round(self.rng.gauss(10.7, 4)))
        stories = []
        _, _, target, metric, measure = subject
        for number in range(1, count + 1):
            unit = self.rng.choice(units)
            kind = self.rng.choices(
                [TaskKind.IMMEDIATE, TaskKind.DEADLINE, TaskKind.ONGOING], [20, 65, 15]
            )[0]
            deadline = None
            if kind == TaskKind.IMMEDIATE:
                deadline = assigned_on + timedelta(days=self.rng.randint(30, 120))
            elif kind == TaskKind.DEADLINE:
                deadline = assigned_on + timedelta(days=self.rng.randint(300, 1000))
            province_level = area.office is None or self.rng.random() < 0.2
            office = directory.office if province_level else area.office
            assert office is not None
            task = Task(
                problem=problem,
                number=number,
                title=target if number == 1 else f"{target}（{unit.organization.name}）",
                measures=f"{unit.organization.name}牵头，{target}",
                target=target,
                kind=kind,
                lead_unit=unit.organization,
                responsible_person=unit.head,
                supervising_leader=area.leader,
                assigned_on=assigned_on,
                deadline=deadline,
                acceptance_level="province" if province_level else "city",
            )
            task.co_units_chosen = self.rng.sample(  # type: ignore[attr-defined]
                [u.organization for u in units if u is not unit],
                min(len(units) - 1, self.rng.choice((0, 0, 1, 2))),
            )
            value = Decimal(self.rng.randint(5, 500))
            stories.append(
                Story(
                    task,
                    unit,
                    office,
                    None if province_level else directory.office.organization,
                    (metric, measure, value) if self.rng.random() < 0.6 else None,
                )
            )
        return stories

    def live(self, story: Story, plan: Plan) -> None:
        """Walk the task from assignment to its ending, filling the story."""
        task, rng = story.task, self.rng
        endings = ONGOING_ENDINGS if task.kind == TaskKind.ONGOING else ENDINGS
        ending = rng.choices([e for _, e in endings], [w for w, _ in endings])[0]
        day = task.assigned_on
        story.moves.append((at(day, 9), "created", {}, ""))
        if ending == S.ASSIGNED:
            return self._settle(story, S.ASSIGNED, day)
        day += timedelta(days=rng.randint(1, 10))
        story.moves.append((at(day, 11), "acknowledge", {}, ""))
        if ending == S.ACKNOWLEDGED:
            return self._settle(story, S.ACKNOWLEDGED, day)
        day += timedelta(days=rng.randint(1, 15))
        story.moves.append((at(day, 15), "start", {}, ""))
        finished = ending == S.UPHELD or ORDER.index(ending) >= ORDER.index(S.COMPLETED)
        span = (task.deadline - day).days if task.deadline else rng.randint(200, 500)
        done_on = day + timedelta(days=max(20, int(span * rng.uniform(0.5, 1.0))))
        if finished:
            # Finished work ends well before the generated day, with room for what follows.
            done_on = min(done_on, AS_OF - timedelta(days=rng.randint(60, 200)))
            done_on = max(done_on, day + timedelta(days=20))
        silent = not finished and rng.random() < SILENT_SHARE
        last_day = (
            done_on if finished else AS_OF - timedelta(days=rng.randint(70, 120) if silent else 0)
        )
        self._reports(story, plan, day, last_day, finished)
        if not finished:
            return self._settle(story, S.IN_PROGRESS, AS_OF)
        day = done_on
        story.moves.append((at(day, 16), "complete", {}, ""))
        if ending in (S.COMPLETED,):
            return self._settle(story, ending, day)
        if ending == S.UPHELD:
            day += timedelta(days=rng.randint(10, 40))
            closeout = self._closeout(story, day, staged=True)
            story.moves.append((at(day, 14), "uphold", {"closeout": closeout}, closeout.summary))
            return self._settle(story, S.UPHELD, day)
        return self._close(story, ending, day)

    def _close(self, story: Story, ending: TaskState, day: date) -> None:
        rng = self.rng
        returned = rng.random() < RETURN_SHARE and ending != S.CLOSURE_REQUESTED
        while True:
            day += timedelta(days=rng.randint(2, 15))
            closeout = self._closeout(story, day, staged=False)
            story.moves.append(
                (at(day, 10), "request_closure", {"closeout": closeout}, closeout.summary)
            )
            if ending == S.CLOSURE_REQUESTED:
                return self._settle(story, ending, day)
            day += timedelta(days=rng.randint(2, 10))
            story.moves.append((at(day, 9, 30), "begin_acceptance", {}, ""))
            if ending == S.UNDER_ACCEPTANCE and not returned:
                return self._settle(story, ending, day)
            day += timedelta(days=rng.randint(5, 20))
            if returned:
                returned = False
                closeout.accepted, closeout.decided_at = False, at(day, 15)
                closeout.tests = _failed_tests()[0]
                story.moves.append((at(day, 15), "return", {"closeout": closeout}, "measures"))
                day += timedelta(days=rng.randint(15, 40))
                story.moves.append((at(day, 16), "complete", {}, ""))
                continue
            closeout.accepted, closeout.decided_at = True, at(day, 15)
            closeout.publicity_days = rules.publicity_working_days()
            story.moves.append((at(day, 15), "accept", {"closeout": closeout}, ""))
            story.task.publicity_starts_on = day
            story.task.publicity_ends_on = rules.working_days_after(day, closeout.publicity_days)
            if ending == S.PUBLICIZED:
                return self._settle(story, ending, day)
            day = story.task.publicity_ends_on + timedelta(days=1)
            story.moves.append(
                (
                    at(day, 2),
                    "close",
                    {"closeout": closeout},
                    rules.publicity_close_reason(objections_received=0),
                )
            )
            if story.upper_office is not None:
                story.filing = Filing(
                    task=story.task,
                    closeout=closeout,
                    filed_with=story.upper_office,
                    filed_on=day,
                    review_ends_on=rules.working_days_after(
                        day, rules.filing_review_working_days()
                    ),
                    state=FilingState.ACCEPTED
                    if day < AS_OF - timedelta(days=40)
                    else FilingState.FILED,
                )
            story.task.closed_on = day
            story.task.look_back_on = day + timedelta(days=rules.DEFAULT_LOOK_BACK_DAYS)
            return self._settle(story, S.CLOSED, day)

    def _closeout(self, story: Story, day: date, *, staged: bool) -> CloseOut:
        task = story.task
        photo = self.photos.make(
            f"{task.problem.code}-{task.number}-验收-{day}",
            taken_at=at(day, 9),
            uploader=story.unit.user,
        )
        closeout = CloseOut(
            task=task,
            summary=f"{task.target}，已完成全部整改措施，申请验收销号",
            requested_by=story.unit.user,
            requested_at=at(day, 10),
            staged=staged,
            acceptance_unit=story.office.organization,
            signer=story.office.head,
            tests=TESTS_PASSED if not staged else {},
            document_check_reason="整改资料齐全，经书面审查符合要求",
        )
        if staged:
            closeout.accepted, closeout.decided_by, closeout.decided_at = (
                True,
                story.office.user,
                at(day, 14),
            )
        else:
            closeout.decided_by = story.office.user
        story.closeouts.append((closeout, photo))
        return closeout

    def _reports(
        self, story: Story, plan: Plan, start: date, last_day: date, finished: bool
    ) -> None:
        """One report a month (a few resubmitted, a few late), with the task's claim."""
        task, rng = story.task, self.rng
        month = start.replace(day=1)
        total_days = max(1, (last_day - start).days)
        version_of_metric = 0
        while True:
            period = rules.period_containing(
                cadence=plan.cadence, anchor=plan.dispatch_starts_on, day=month
            )
            submitted = period.start + timedelta(days=rng.randint(18, 27))
            if submitted > last_day or submitted > AS_OF:
                break
            late = rng.random() < 0.05
            if late:
                submitted = period.end + timedelta(days=rng.randint(1, 5))
            share = min(1.0, (submitted - start).days / total_days)
            percent = min(100 if finished else 95, max(1, round(100 * share + rng.randint(-8, 4))))
            for version in (1, 2) if rng.random() < 0.04 else (1,):
                report = ProgressReport(
                    task=task,
                    period_start=period.start,
                    period_end=period.end,
                    version=version,
                    narrative=rng.choice(NARRATIVES),
                    percent=percent,
                    submitted_by=story.unit.user,
                    submitted_at=at(submitted, 17, version),
                    is_late=late,
                )
                story.reports.append(report)
                index = len(story.reports) - 1
                if story.metric:
                    metric, unit, value = story.metric
                    version_of_metric += 1
                    story.claims.append(
                        (
                            index,
                            Claim(
                                task=task,
                                report=report,
                                metric=metric,
                                unit=unit,
                                value=(value * percent / 100).quantize(Decimal("0.01")),
                                is_cumulative=True,
                                version=version_of_metric,
                                submitted_by=story.unit.user,
                                submitted_at=report.submitted_at,
                            ),
                        )
                    )
                if rng.random() < PHOTO_SHARE:
                    story.photos.append(
                        (
                            index,
                            self.photos.make(
                                f"{task.problem.code}-{task.number}-{period.start}-{version}",
                                taken_at=at(submitted, 9),
                                uploader=story.unit.user,
                            ),
                        )
                    )
            task.percent, task.latest_progress = percent, story.reports[-1].narrative
            month = period.end + timedelta(days=1)

    def _settle(self, story: Story, state: TaskState, day: date) -> None:
        task = story.task
        task.state = state
        if ORDER.index(state) >= ORDER.index(S.COMPLETED) if state in ORDER else True:
            task.completed_on = next(
                d.date() for d, action, _, _ in reversed(story.moves) if action == "complete"
            )
        missing = state in (S.ASSIGNED, S.ACKNOWLEDGED, S.IN_PROGRESS) and (
            not story.reports or story.reports[-1].period_end < AS_OF - timedelta(days=60)
        )
        task.schedule_status = rules.schedule_status(
            state=state,
            kind=task.kind,
            assigned_on=task.assigned_on,
            deadline=task.deadline,
            percent=task.percent,
            report_missing=missing and task.assigned_on < AS_OF - timedelta(days=60),
            today=AS_OF,
        )
        task.warning_level = rules.warning_level(
            status=task.schedule_status, deadline=task.deadline, today=AS_OF
        )


def _failed_tests() -> tuple[dict[str, dict[str, Any]], str]:
    tests = dict(TESTS_PASSED)
    tests["measures_done"] = {"passed": False, "comment": "部分整改措施尚未完成"}
    labels = dict(rules.CLOSURE_TESTS)
    with translation.override("zh-hans"):
        reason = f"{labels['measures_done']}：部分整改措施尚未完成"
    return tests, reason


def save(stories: list[Story]) -> dict[str, int]:
    """Bulk-create the stories' rows (their events need the ids); return row counts."""
    tasks = Task.objects.bulk_create([s.task for s in stories])
    through = Task.co_units.through
    through.objects.bulk_create(
        [through(task_id=t.pk, organization_id=o.pk) for t in tasks for o in t.co_units_chosen]  # type: ignore[attr-defined]
    )
    Attachment.objects.bulk_create(
        [photo for s in stories for _, photo in s.photos]
        + [photo for s in stories for _, photo in s.closeouts]
    )
    ProgressReport.objects.bulk_create([r for s in stories for r in s.reports], batch_size=2000)
    report_files = ProgressReport.attachments.through
    report_files.objects.bulk_create(
        [
            report_files(progressreport_id=s.reports[i].pk, attachment_id=p.pk)
            for s in stories
            for i, p in s.photos
        ]
    )
    for story in stories:
        for index, claim in story.claims:
            claim.report = story.reports[index]
    Claim.objects.bulk_create([c for s in stories for _, c in s.claims], batch_size=2000)
    CloseOut.objects.bulk_create([c for s in stories for c, _ in s.closeouts])
    evidence = CloseOut.evidence.through
    evidence.objects.bulk_create(
        [evidence(closeout_id=c.pk, attachment_id=p.pk) for s in stories for c, p in s.closeouts]
    )
    Filing.objects.bulk_create([s.filing for s in stories if s.filing])
    return {
        "tasks": len(tasks),
        "reports": sum(len(s.reports) for s in stories),
        "claims": sum(len(s.claims) for s in stories),
        "closeouts": sum(len(s.closeouts) for s in stories),
        "photos": sum(len(s.photos) + len(s.closeouts) for s in stories),
        "filings": sum(1 for s in stories if s.filing),
    }


def queue_events(chain: Chain, story: Story) -> None:
    """Queue every event of the story at its time, recorded by the apps' helpers."""
    task, unit, office = story.task, story.unit, story.office
    for index, report in enumerate(story.reports):
        claims = [c for i, c in story.claims if i == index]
        photos = [p for i, p in story.photos if i == index]
        for photo in photos:
            chain.later(
                report.submitted_at - timedelta(minutes=5),
                partial(attachment_stored_event, actor=unit.user, attachment=photo),
            )
        chain.later(
            report.submitted_at,
            partial(
                report_submitted_event,
                actor=unit.user,
                report=report,
                claims=claims,
                attachments=photos,
            ),
        )
    for closeout, photo in story.closeouts:
        chain.later(
            closeout.requested_at - timedelta(minutes=5),
            partial(attachment_stored_event, actor=unit.user, attachment=photo),
        )
    previous: list[str] = [S.ASSIGNED]
    for when, action, data, reason in story.moves:
        if action == "created":
            chain.later(when, lambda: task_created_event(actor=office.user, task=task))
            continue
        chain.later(when, partial(_move, story, action, data, reason, previous))
    if story.filing:
        filing = story.filing
        filed = at(filing.filed_on, 2, 1)
        chain.later(filed, lambda: _filing(filing, TaskVerb.FILING_FILED, FilingState.FILED))
        if filing.state == FilingState.ACCEPTED:
            chain.later(
                at(filing.review_ends_on + timedelta(days=1), 2),
                lambda: _filing(filing, TaskVerb.FILING_ACCEPTED, FilingState.ACCEPTED),
            )


def _filing(filing: Filing, verb: str, state: str) -> None:
    filing.state = state
    filing_event(actor=SYSTEM, filing=filing, verb=verb)


def _move(
    story: Story, action: str, data: dict[str, Any], reason: str, previous: list[str]
) -> None:
    """One lifecycle move as apply_transition records it (actor and acting organization of
    the side that makes it; the daily job closes after the public notice)."""
    task, transition = story.task, TRANSITIONS[action]
    lead = transition.side.value == "lead"
    actor: Any = story.unit.user if lead else story.office.user
    organization: Organization | None = (
        story.unit.organization if lead else story.office.organization
    )
    payload: dict[str, Any] | None = None
    closeout: CloseOut | None = data.get("closeout")
    if action == "request_closure" and closeout:
        photo = next(p for c, p in story.closeouts if c is closeout)
        payload = {"closeout": closeout.pk, "evidence": [photo.sha256]}
    elif action in ("accept", "return", "uphold") and closeout:
        payload = {"closeout": closeout.pk}
        if action == "uphold":
            payload["staged"] = True
        payload |= {
            "acceptance_unit": story.office.organization.name,
            "signer": story.office.head.name,
        }
        if action == "return":
            payload["tests"], reason = _failed_tests()
        elif action == "accept":
            payload["tests"] = closeout.tests
        payload |= {
            "site_check": None,
            "site_check_label": "",
            "document_check_reason": closeout.document_check_reason,
        }
        if action == "accept":
            payload["notice_days"] = closeout.publicity_days
    elif action == "close":
        actor, organization = SYSTEM, None
    task.state = transition.target
    task_transitioned_event(
        actor=actor,
        task=task,
        verb=transition.verb,
        previous=previous[0],
        organization=organization,
        data=payload,
        reason=reason,
    )
    previous[0] = transition.target
