"""Oversight over a province's generated tasks: site checks with the figures found, signals,
supervision notices (督办单) and accountability cases — a few of each, as in the first
national run, each with the event its service records."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta
from functools import partial
from typing import Any

from duban.accountability.choices import CaseSource, CaseState
from duban.accountability.events import case_opened_event
from duban.accountability.models import AccountabilityCase
from duban.core.principal import SYSTEM
from duban.generate.chain import Chain
from duban.generate.directory import ProvinceDirectory
from duban.generate.history import AS_OF, Story, at
from duban.inspections.choices import ScheduleStatus
from duban.inspections.models import Problem
from duban.supervision.choices import NoticeLevel, NoticeState
from duban.supervision.events import notice_issued_event
from duban.supervision.models import SupervisionNotice
from duban.verification import rules
from duban.verification.choices import Severity, SignalKind, SignalStatus, VerificationMethod
from duban.verification.events import (
    claim_verified_event,
    signal_decided_event,
    signal_raised_event,
    site_check_recorded_event,
)
from duban.verification.models import Signal, SiteCheck, Verification

SITE_CHECK_SHARE = 0.1  # of tasks under way or done
SIGNAL_SHARE = 0.03
NOTICE_SHARE = 0.08  # of tasks behind or overdue
CASES_PER_PROVINCE = 3
SIGNAL_KINDS = [SignalKind.FLAT_SERIES, SignalKind.DEADLINE_BURST, SignalKind.CONTRADICTION]
NOTICE_LEVELS = [NoticeLevel.REMINDER] * 5 + [NoticeLevel.NOTICE] * 4 + [NoticeLevel.CRITICISM]


class Oversight:
    def __init__(self, chain: Chain, rng: random.Random) -> None:
        self.chain, self.rng = chain, rng
        self.counts: Counter[str] = Counter()

    def province(self, directory: ProvinceDirectory, stories: list[Story]) -> Counter[str]:
        """Create and queue the province's oversight rows (its tasks are saved)."""
        self.counts = Counter()
        working = [s for s in stories if s.reports]
        self._site_checks([s for s in working if self.rng.random() < SITE_CHECK_SHARE])
        self._signals(directory, [s for s in working if self.rng.random() < SIGNAL_SHARE])
        late = [
            s
            for s in stories
            if s.task.schedule_status in (ScheduleStatus.BEHIND, ScheduleStatus.OVERDUE)
        ]
        self._notices(directory, [s for s in late if self.rng.random() < NOTICE_SHARE])
        self._cases(directory, [s.task.problem for s in late])
        return self.counts

    def _site_checks(self, stories: list[Story]) -> None:
        for story in stories:
            task, office, rng = story.task, story.office, self.rng
            report = rng.choice(story.reports)
            checked_on = min(AS_OF, report.submitted_at.date() + timedelta(days=rng.randint(3, 30)))
            passed = rng.random() < 0.85
            site_check = SiteCheck.objects.create(
                checked_on=checked_on,
                organization=office.organization,
                region=task.problem.region,
                place=f"{task.problem.region.name}{task.target[:20]}现场",
                unannounced=rng.random() < 0.7,
                findings="现场情况与报送材料一致" if passed else "现场整改进度与报送情况不符",
                passed=passed,
                recorded_by=office.user,
            )
            site_check.inspectors.set([office.head])
            site_check.tasks.set([task])
            self.counts["site checks"] += 1
            self.chain.later(
                at(checked_on, 16),
                partial(
                    site_check_recorded_event,
                    actor=office.user,
                    site_check=site_check,
                    tasks=[task],
                    inspectors=[office.head],
                    evidence=[],
                ),
            )
            claims = [c for _, c in story.claims if c.submitted_at.date() <= checked_on]
            if claims:
                self._verify(story, claims[-1], site_check, passed)

    def _verify(self, story: Story, claim: Any, site_check: SiteCheck, passed: bool) -> None:
        """The figure the check found: near the claim, or well short of it."""
        share = self.rng.uniform(0.97, 1.02) if passed else self.rng.uniform(0.55, 0.8)
        found = (claim.value * type(claim.value)(str(round(share, 3)))).quantize(claim.value)
        verification = Verification.objects.create(
            claim=claim,
            verified_value=found,
            method=VerificationMethod.SITE_MEASUREMENT,
            checker=story.office.head,
            site_check=site_check,
            verified_on=site_check.checked_on,
            deviation=rules.relative_deviation(claimed=claim.value, verified=found),
            recorded_by=story.office.user,
        )
        self.counts["verifications"] += 1
        self.chain.later(
            at(site_check.checked_on, 16, 30),
            partial(claim_verified_event, actor=story.office.user, verification=verification),
        )

    def _signals(self, directory: ProvinceDirectory, stories: list[Story]) -> None:
        for story in stories:
            task, rng = story.task, self.rng
            kind = rng.choice(SIGNAL_KINDS)
            raised = story.reports[-1].submitted_at + timedelta(days=1)
            signal = Signal.objects.create(
                kind=kind,
                severity=rng.choice(
                    [Severity.LOW, Severity.MEDIUM, Severity.MEDIUM, Severity.HIGH]
                ),
                task=task,
                unit=task.lead_unit,
                explanation=f"任务{task.code}报送数据存在异常，请核实。",
                evidence={"tasks": [task.pk], "generated": True},
                key=f"{kind}:generated:{task.pk}",
            )
            Signal.objects.filter(pk=signal.pk).update(raised_at=raised)
            self.counts["signals"] += 1
            self.chain.later(raised, partial(signal_raised_event, actor=SYSTEM, signal=signal))
            if rng.random() < 0.5:
                decided = raised + timedelta(days=rng.randint(3, 20))
                signal.status = rng.choice([SignalStatus.CONFIRMED, SignalStatus.DISMISSED])
                signal.decided_by, signal.decided_at = directory.commission.user, decided
                signal.decision_reason = "经核查" + (
                    "属实" if signal.status == SignalStatus.CONFIRMED else "不属实"
                )
                signal.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
                self.chain.later(
                    decided,
                    partial(signal_decided_event, actor=directory.commission.user, signal=signal),
                )

    def _notices(self, directory: ProvinceDirectory, stories: list[Story]) -> None:
        numbers: Counter[int] = Counter()
        short = directory.region.name[:2]
        for story in stories:
            task, office, rng = story.task, story.office, self.rng
            issued_on = AS_OF - timedelta(days=rng.randint(5, 120))
            numbers[issued_on.year] += 1
            state = rng.choice([NoticeState.ISSUED, NoticeState.RESPONDED, NoticeState.CLOSED])
            notice = SupervisionNotice.objects.create(
                number=f"{short}{office.organization.pk}督〔{issued_on.year}〕{numbers[issued_on.year]}号",
                issuer=office.organization,
                target=task.lead_unit,
                level=rng.choice(NOTICE_LEVELS),
                demands=f"请于15日内加快推进{task.code}整改并书面报告进展",
                issued_on=issued_on,
                due_on=issued_on + timedelta(days=15),
                state=state,
                response="已制定加快推进措施" if state != NoticeState.ISSUED else "",
                responded_on=issued_on + timedelta(days=10)
                if state != NoticeState.ISSUED
                else None,
                closed_on=issued_on + timedelta(days=14) if state == NoticeState.CLOSED else None,
                issued_by=office.user,
            )
            notice.tasks.set([task])
            self.counts["notices"] += 1
            self.chain.later(
                at(issued_on, 10),
                partial(notice_issued_event, actor=office.user, notice=notice, tasks=[task]),
            )

    def _cases(self, directory: ProvinceDirectory, problems: list[Problem]) -> None:
        chosen = list(dict.fromkeys(problems))[:CASES_PER_PROVINCE]
        commission = directory.commission
        for number, problem in enumerate(chosen, start=1):
            opened_on = AS_OF - timedelta(days=self.rng.randint(10, 200))
            case = AccountabilityCase.objects.create(
                number=f"{directory.region.name[:2]}纪问〔{opened_on.year}〕{number}号",
                title=f"{problem.title[:40]}问责",
                commission=commission.organization,
                source=CaseSource.HANDOVER,
                summary=f"{problem.code}整改不力，启动问责调查",
                state=CaseState.OPEN,
                opened_on=opened_on,
                opened_by=commission.user,
            )
            case.problems.set([problem])
            self.counts["cases"] += 1
            self.chain.later(
                at(opened_on, 11),
                partial(case_opened_event, actor=commission.user, case=case, problems=[problem]),
            )
