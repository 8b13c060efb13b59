"""Each generated task's history up to the generated day, drawn before anything is saved:
moves, monthly progress reports with their claims, close-outs with evidence, filings
(writing.py saves them and records their events)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation

from duban.core.models import Attachment, Organization
from duban.generate.directory import Area, ProvinceDirectory, Unit
from duban.generate.names import NARRATIVES
from duban.generate.photos import Photos
from duban.inspections.models import Plan, Problem
from duban.rectification import rules
from duban.rectification.choices import FilingState, TaskKind, TaskState
from duban.rectification.models import Claim, CloseOut, Filing, ProgressReport, Task
from duban.rectification.rules import Period

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


# A filing older than this has been reviewed and accepted by the generation day.
ACCEPTED_AFTER = timedelta(days=40)


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
    """Draws a province's tasks and their histories from the one seeded generator."""

    def __init__(self, rng: random.Random, photos: Photos) -> None:
        self.rng, self.photos = rng, photos

    def tasks(
        self,
        problem: Problem,
        area: Area,
        directory: ProvinceDirectory,
        subject: tuple[Any, ...],
        assigned_on: date,
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
        story.moves.append((at(day, 16), "complete", {}, _completion_reason(task)))
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
                closeout.decided_by = story.office.user
                closeout.tests = failed_tests()[0]
                story.moves.append((at(day, 15), "return", {"closeout": closeout}, "measures"))
                day += timedelta(days=rng.randint(15, 40))
                story.moves.append((at(day, 16), "complete", {}, _completion_reason(story.task)))
                continue
            return self._accept(story, closeout, ending, day)

    def _accept(self, story: Story, closeout: CloseOut, ending: TaskState, day: date) -> None:
        """Acceptance passed on `day`: publicity (公示), then closure and its filing upward."""
        closeout.accepted, closeout.decided_at = True, at(day, 15)
        closeout.decided_by = story.office.user
        closeout.publicity_days = rules.publicity_working_days()
        story.moves.append((at(day, 15), "accept", {"closeout": closeout}, ""))
        story.task.publicity_starts_on = day
        story.task.publicity_ends_on = rules.working_days_after(day, closeout.publicity_days)
        if ending == S.PUBLICIZED:
            return self._settle(story, ending, day)
        day = story.task.publicity_ends_on + timedelta(days=1)
        reason = rules.publicity_close_reason(objections_received=0)
        story.moves.append((at(day, 2), "close", {"closeout": closeout}, reason))
        if story.upper_office is not None:
            story.filing = Filing(
                task=story.task,
                closeout=closeout,
                filed_with=story.upper_office,
                filed_on=day,
                review_ends_on=rules.working_days_after(day, rules.filing_review_working_days()),
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
        story.closeouts.append((closeout, photo))
        return closeout

    def _reports(
        self, story: Story, plan: Plan, start: date, last_day: date, finished: bool
    ) -> None:
        """One report a month (a few resubmitted, a few late), with the task's claim."""
        task, rng = story.task, self.rng
        month = start.replace(day=1)
        total_days = max(1, (last_day - start).days)
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
                self._report(story, period, submitted, version, percent=percent, late=late)
            task.percent, task.latest_progress = percent, story.reports[-1].narrative
            month = period.end + timedelta(days=1)

    def _report(
        self,
        story: Story,
        period: Period,
        submitted: date,
        version: int,
        *,
        percent: int,
        late: bool,
    ) -> None:
        """One filed report of `period`, with the task's claim (versions counted per task) and,
        for some, a photo."""
        task, rng = story.task, self.rng
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
            claim = Claim(
                task=task,
                report=report,
                metric=metric,
                unit=unit,
                value=(value * percent / 100).quantize(Decimal("0.01")),
                is_cumulative=True,
                version=len(story.claims) + 1,  # story.claims holds this task's claims only
                submitted_by=story.unit.user,
                submitted_at=report.submitted_at,
            )
            story.claims.append((index, claim))
        if rng.random() < PHOTO_SHARE:
            name = f"{task.problem.code}-{task.number}-{period.start}-{version}"
            photo = self.photos.make(name, taken_at=at(submitted, 9), uploader=story.unit.user)
            story.photos.append((index, photo))

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


def _completion_reason(task: Task) -> str:
    """Completing short of rules.COMPLETION_EXPLANATION_BELOW needs a reason (the service's)."""
    if rules.completion_needs_explanation(percent=task.percent):
        return "主体工程已完成，剩余扫尾工作纳入长效管理"
    return ""


def failed_tests() -> tuple[dict[str, dict[str, Any]], str]:
    tests = dict(TESTS_PASSED)
    tests["measures_done"] = {"passed": False, "comment": "部分整改措施尚未完成"}
    labels = dict(rules.CLOSURE_TESTS)
    with translation.override("zh-hans"):
        reason = f"{labels['measures_done']}：部分整改措施尚未完成"
    return tests, reason
