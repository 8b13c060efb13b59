"""Supervision notices, escalation, investigations, cases, sanctions and back-tracing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from duban.accountability.backtrace import responsibility_as_of
from duban.accountability.choices import Measure
from duban.accountability.models import Sanction
from duban.accountability.services import case_open, finding_record, sanction_decide
from duban.core import clock
from duban.core.attachments import attachment_store
from duban.core.choices import OrganizationKind, Role
from duban.core.models import Event
from duban.core.principal import SYSTEM
from duban.errors import ApplicationError, NotFound, NotPermitted
from duban.rectification.services import scan, task_update_responsibility
from duban.supervision.choices import NoticeLevel
from duban.supervision.models import SupervisionNotice
from duban.supervision.services import (
    escalate,
    investigation_open,
    investigation_record,
    notice_close,
    notice_issue,
    notice_respond,
)
from tests.factories import make_organization, make_person, make_user
from tests.images import photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def commission(workflow):
    organization = make_organization("株洲市纪委监委", kind=OrganizationKind.DISCIPLINE_COMMISSION)
    supervisor = make_user("jw", organization=organization, role=Role.SUPERVISOR)
    return organization, supervisor


def test_notices_are_numbered_per_issuer_and_year(workflow):
    w = workflow
    due = clock.today() + timedelta(days=5)
    first = notice_issue(
        actor=w.reviewer,
        issuer=w.office,
        target=w.housing,
        tasks=[w.task],
        level=NoticeLevel.NOTICE,
        demands="加快进度",
        due_on=due,
    )
    second = notice_issue(
        actor=w.reviewer,
        issuer=w.office,
        target=w.housing,
        tasks=[w.task],
        level=NoticeLevel.REMINDER,
        demands="提醒",
        due_on=due,
    )
    year = clock.today().year
    assert (first.number, second.number) == (
        f"株洲市整改办〔{year}〕1号",
        f"株洲市整改办〔{year}〕2号",
    )
    with pytest.raises(NotPermitted):
        notice_issue(
            actor=w.reporter,
            issuer=w.office,
            target=w.housing,
            tasks=[w.task],
            level="notice",
            demands="x",
            due_on=due,
        )
    notice_respond(actor=w.reporter, notice_id=first.pk, response="已加派施工力量")
    notice_close(actor=w.reviewer, notice_id=first.pk, note="整改到位")
    verbs = list(
        Event.objects.filter(
            subject_type="supervision.supervisionnotice", subject_id=str(first.pk)
        ).values_list("verb", flat=True)
    )
    assert verbs == ["notice.issued", "notice.responded", "notice.closed"]


def test_escalation_reminder_then_notice_once(workflow, settings):
    w = workflow
    overdue_day = w.task.deadline + timedelta(days=8)
    settings.DUBAN_TODAY = overdue_day
    scan()
    reminders = escalate(today=overdue_day)
    assert [n.level for n in reminders] == [NoticeLevel.REMINDER]
    assert escalate(today=overdue_day) == []  # idempotent
    later = overdue_day + timedelta(days=6)
    settings.DUBAN_TODAY = later
    scan()
    pressed = escalate(today=later)
    assert [(n.level, n.escalated_from_id) for n in pressed] == [
        (NoticeLevel.NOTICE, reminders[0].pk)
    ]
    assert escalate(today=later) == []
    assert SupervisionNotice.objects.count() == 2


def test_investigation_hidden_from_the_unit(workflow, commission):
    organization, supervisor = commission
    investigation = investigation_open(
        actor=supervisor,
        problem=workflow.problem,
        commission=organization,
        team=[make_person("办案人", organization=organization)],
        plan="调阅台账，现场核查",
    )
    investigation_record(
        actor=supervisor, investigation_id=investigation.pk, findings="内部：台账造假"
    )
    with pytest.raises(NotFound):
        investigation_record(
            actor=workflow.reviewer, investigation_id=investigation.pk, findings="x"
        )
    problem_events = Event.objects.filter(
        subject_type="inspections.problem", subject_id=str(workflow.problem.pk)
    )
    assert "台账造假" not in str(list(problem_events.values_list("data", flat=True)))
    assert problem_events.filter(verb="investigation.opened").count() == 1


def test_sanction_requires_finding_with_evidence(workflow, commission):
    organization, supervisor = commission
    case = case_open(
        actor=supervisor,
        commission=organization,
        title="管网数据造假",
        problems=[workflow.problem],
        source="handover",
        summary="三次报送失实",
    )
    bare = finding_record(
        actor=supervisor,
        case_id=case.pk,
        responsibility="direct",
        facts="组织报送失实数据",
        person=workflow.responsible,
    )
    with pytest.raises(ApplicationError) as error:
        sanction_decide(
            actor=supervisor,
            case_id=case.pk,
            finding_id=bare.pk,
            measure=Measure.GOV_DEMERIT,
            rank="division",
            decided_by="株洲市监委",
            decided_on=clock.today(),
        )
    assert "evidence" in error.value.fields["finding"]
    seq = Event.objects.filter(subject_type="rectification.task").first().seq
    proven = finding_record(
        actor=supervisor,
        case_id=case.pk,
        responsibility="direct",
        facts="同上",
        person=workflow.responsible,
        event_seqs=[seq],
        evidence=[attachment_store(actor=supervisor, name="笔录.jpg", content=photo(seed=7))],
    )
    sanction = sanction_decide(
        actor=supervisor,
        case_id=case.pk,
        finding_id=proven.pk,
        measure=Measure.GOV_DEMERIT,
        rank="division",
        decided_by="株洲市监委",
        decided_on=clock.today(),
        is_public=True,
    )
    assert sanction.months == 12
    with pytest.raises(ApplicationError):  # an organization measure for a person
        sanction_decide(
            actor=supervisor,
            case_id=case.pk,
            finding_id=proven.pk,
            measure=Measure.ORG_REORGANIZATION,
            decided_by="x",
            decided_on=clock.today(),
        )
    with pytest.raises(NotFound):  # a reviewer cannot see cases
        sanction_decide(
            actor=workflow.reviewer,
            case_id=case.pk,
            finding_id=proven.pk,
            measure=Measure.CIRCULAR,
            rank="section",
            decided_by="x",
            decided_on=clock.today(),
        )
    assert Sanction.objects.count() == 1


def test_responsibility_as_of_a_date_is_replayed_from_events(workflow):
    w = workflow
    before = clock.today()
    new_person = make_person("接任者", organization=w.housing, post="局长")
    with clock.frozen(before + timedelta(days=10)):
        task_update_responsibility(
            actor=SYSTEM, task=w.task, responsible_person=new_person, reason="人事调整"
        )
    then = responsibility_as_of(w.problem, before + timedelta(days=1))
    assert [(t.code, t.lead_unit, t.responsible_person) for t in then] == [
        ("HN-ZZ-01-1", "株洲市住建局", "周建国（局长）")
    ]
    now = responsibility_as_of(w.problem, before + timedelta(days=400))
    assert now[0].responsible_person == "接任者（局长）"
    assert now[0].missed_deadline is True
