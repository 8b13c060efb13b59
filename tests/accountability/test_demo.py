"""The demo's accountability threads, loaded in-process (what `duban demo --no-serve` runs)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from duban.accountability.backtrace import responsibility_as_of
from duban.accountability.models import AccountabilityCase
from duban.accountability.statistics import public_statistics
from duban.core.ledger import verify
from duban.core.models import Event
from duban.demo.load import load_demo
from duban.inspections.models import Problem
from duban.supervision.models import DirectInvestigation, SupervisionNotice

pytestmark = pytest.mark.django_db


def test_demo_accountability(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    logins = load_demo()

    assert "jiwei" in [login.username for login in logins]
    case = AccountabilityCase.objects.get(commission__name="淮北市纪委监委")
    traced = AccountabilityCase.objects.get(commission__name="株洲市纪委监委")
    # The 通报 (May 2021) triggers 株洲's 问题倒查、责任倒追, after the three submissions.
    zhuzhou = Problem.objects.get(code="HN-DX-2021-02")
    assert (zhuzhou.source, zhuzhou.disclosed_on) == ("typical_case", date(2021, 5, 5))
    assert traced.source == "typical_case" and traced.opened_on > zhuzhou.disclosed_on
    assert [p.code for p in traced.problems.all()] == ["HN-DX-2021-02"]
    survey = zhuzhou.tasks.get(number=1)
    claims = survey.claims.order_by("version")
    assert [(c.value, c.submitted_at.date() < zhuzhou.disclosed_on) for c in claims] == [
        (Decimal("107.5"), True),
        (Decimal("112"), True),
        (Decimal("115.2"), True),
        (Decimal("8.84"), False),
    ]
    # Closed in 2021, reopened this week by a complaint that the pipes are still not built
    # (demo/complaints.py).
    assert survey.kind == "immediate" and (survey.state, survey.reopen_count) == ("in_progress", 1)
    moves = Event.objects.filter(subject_type="rectification.task", subject_pk=survey.pk)
    assert list(
        moves.filter(verb__in=["task.closed", "task.reopened"])
        .values_list("verb", flat=True)
        .order_by("seq")
    ) == ["task.closed", "task.reopened"]
    assert [p.code for p in case.problems.all()] == ["AH-DX-2021-05"]
    sanctions = {
        str(s.finding.person or s.finding.organization): (s.measure, s.rank, s.months, s.is_public)
        for s in case.sanctions.select_related("finding__person", "finding__organization")
    }
    assert sanctions == {
        "中共淮北市发展和改革委员会党组": ("org_circular", "", None, True),
        "郑永强（主任）": ("gov_demerit", "division", 12, True),
        "冯立新（副主任）": ("admonition", "section", None, True),
    }
    assert all(f.evidence.exists() and f.event_seqs for f in case.findings.all())
    assert public_statistics().sentence() == "1个问题，问责2人，其中党纪政务处分1人；问责单位1个"

    listed = SupervisionNotice.objects.get(level="listed", tasks__problem__code="HN-DX-2021-02")
    assert listed.escalated_from is not None
    assert listed.issued_on == listed.escalated_from.due_on + timedelta(days=1)
    assert listed.state == "closed"
    # 挂牌督办 comes from above the city, with months to act, and is published.
    assert listed.issuer.name == "湖南省生态环境保护督察整改工作领导小组办公室"
    assert (listed.time_limit_months, listed.is_public, listed.rule_key) == (1, True, None)
    on_third_report = responsibility_as_of(zhuzhou, date(2021, 4, 30))
    assert on_third_report[0].responsible_person == "周建国（局长）"
    assert responsibility_as_of(zhuzhou, date(2021, 6, 1))[0].responsible_person == (
        "李明华（副局长）"
    )
    assert list((tmp_path / "dossiers").glob("一案一档-HN-DX-2021-02-*.docx"))

    investigation = DirectInvestigation.objects.get(problem__code="YN-DX-2021-03")
    assert investigation.commission.name == "云南省纪委监委"
    assert investigation.team.count() == 3 and investigation.plan and investigation.findings

    assert verify().intact
