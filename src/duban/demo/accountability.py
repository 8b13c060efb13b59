"""Accountability demo: the report's three threads of 督查督办 and 精准问责, replayed.

淮北: 淮北市纪委监委 opens a case from the handed-over accountability list about the
falsified coal-reduction substitution, records findings with evidence and cited ledger
events, and decides three public sanctions — 通报 for 淮北市发展和改革委员会's 党组, 政务记过 for
郑永强 (处级), 诫勉 for 冯立新 (科级).
株洲: the day after the 通报 (May 2021) exposed three submissions far from the facts, the
city's rectification office issues a supervision notice on the immediate data-check task and
hands the task to the deputy director in charge; the notice goes unanswered and on the day
after its reply date becomes listed supervision (挂牌督办), which the bureau answers once the
check is done before the end of May; 株洲市纪委监委's task force opens a case from the typical
case (问题倒查、责任倒追); the dossier of the problem is written to the data folder.
杞麓湖: 云南省纪委监委 takes the problem over (直查直办) with a team and a work plan and
records its findings.

Dates in the past are replayed with clock.frozen, through the services, so the ledger stays
one verifiable chain. The commission supervisor of 淮北 logs in as `jiwei`.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings

from duban.accountability.choices import CaseSource, Measure, Rank, ResponsibilityType
from duban.accountability.dossier.files import dossier
from duban.accountability.services import case_open, finding_record, sanction_decide
from duban.core import clock
from duban.core.attachments import attachment_store
from duban.core.choices import Role
from duban.core.files import atomic_write
from duban.core.models import Event, Organization, Person
from duban.core.principal import SYSTEM
from duban.core.services import membership_grant, person_create, user_create
from duban.demo.cases import ZHUZHOU_CODE
from duban.demo.directory import DemoLogin, Directory
from duban.demo.images import demo_photo
from duban.inspections.models import Problem
from duban.rectification.models import Task
from duban.rectification.services import task_update_responsibility
from duban.supervision.choices import NoticeLevel
from duban.supervision.services import (
    NoticeTerms,
    investigation_open,
    investigation_record,
    notice_close,
    notice_issue,
    notice_respond,
)

JIWEI = ("jiwei", "Jiwei-duban-2026", "邵明", "第三监督检查室主任")


def load_accountability(directory: Directory) -> None:
    """Create the three threads; adds the `jiwei` login to the logins printed."""
    _huaibei(directory)
    _zhuzhou(directory)
    _qilu_lake(directory)


def _supervisor(
    directory: Directory,
    commission: Organization,
    *,
    username: str,
    full_name: str,
    post: str,
    password: str | None = None,
) -> Any:
    """A supervisor login of a commission, with the person record it acts as."""
    user = user_create(
        actor=SYSTEM,
        username=username,
        password=password or secrets.token_urlsafe(24),
        full_name=full_name,
        email=f"{username}@duban.example",
    )
    membership_grant(actor=SYSTEM, user=user, organization=commission, role=Role.SUPERVISOR)
    person_create(actor=SYSTEM, name=full_name, post=post, organization=commission, user=user)
    if password:
        directory.logins.append(DemoLogin(username, password, f"supervisor @ {commission.name}"))
    return user


def _first_seq(subject: Any, verb: str) -> int:
    event = (
        Event.objects.filter(
            subject_type=subject._meta.label_lower, subject_id=str(subject.pk), verb=verb
        )
        .order_by("seq")
        .first()
    )
    assert event is not None, f"no {verb} event for {subject}"
    return event.seq


def _huaibei(directory: Directory) -> None:
    commission = directory.organizations["hb_commission"]
    username, password, full_name, post = JIWEI
    jiwei = _supervisor(
        directory, commission, username=username, full_name=full_name, post=post, password=password
    )
    problem = Problem.objects.get(code="AH-DX-2021-05")
    coal = Task.objects.get(problem=problem, number=1)
    # 通报 against an organization is a measure for its party organization (问责条例 art. 8).
    unit = directory.organizations["hb_development_party"]
    head, deputy = (
        directory.people["hb_development_head"],
        directory.people["hb_development_deputy"],
    )
    assigned = _first_seq(coal, "task.created")
    with clock.frozen(date(2021, 5, 20)):
        case = case_open(
            actor=jiwei,
            commission=commission,
            title="淮北市煤炭减量替代工作弄虚作假问题责任追究",
            problems=[problem],
            source=CaseSource.TYPICAL_CASE,
            summary="中央第三生态环境保护督察组集中公开通报淮北市煤炭减量替代工作弄虚作假典型案例后，"
            "对煤炭减量替代工作弄虚作假、监督管理工作不严不实问题开展问题倒查、责任倒追。",
        )
    findings: list[tuple[date, dict[str, Any], ResponsibilityType, str, str]] = [
        (
            date(2021, 6, 18),
            {"organization": unit},
            ResponsibilityType.PRIMARY,
            "市发展改革委作为煤炭消费减量替代工作牵头部门，未如实核算煤炭消费量，"
            "上报的替代方案数据与实际不符，委党组履行主体责任不力。",
            "煤炭消费减量替代方案（报送稿）",
        ),
        (
            date(2021, 6, 25),
            {"person": head},
            ResponsibilityType.LEADERSHIP_MAIN,
            "郑永强作为市发展改革委主任，对替代方案数据审核把关不严，"
            "对弄虚作假问题负主要领导责任。",
            "郑永强谈话笔录",
        ),
        (
            date(2021, 6, 25),
            {"person": deputy},
            ResponsibilityType.DIRECT,
            "冯立新作为分管副主任，具体组织编报煤炭减量替代数据，"
            "未核实企业用煤台账即上报，负直接责任。",
            "冯立新谈话笔录及企业用煤台账比对表",
        ),
    ]
    recorded = []
    for day, target, responsibility, facts, evidence_label in findings:
        with clock.frozen(day):
            evidence = attachment_store(
                actor=jiwei,
                name=f"{evidence_label}.jpg",
                content=demo_photo(evidence_label, size=(200, 150)),
            )
            recorded.append(
                finding_record(
                    actor=jiwei,
                    case_id=case.pk,
                    responsibility=responsibility,
                    facts=facts,
                    evidence=[evidence],
                    event_seqs=[assigned, _first_seq(problem, "problem.created")],
                    **target,
                )
            )
    decisions = [
        (recorded[0], Measure.ORG_CIRCULAR, ""),
        (recorded[1], Measure.GOV_DEMERIT, Rank.DIVISION),
        (recorded[2], Measure.ADMONITION, Rank.SECTION),
    ]
    with clock.frozen(date(2021, 7, 20)):
        for finding, measure, rank in decisions:
            sanction_decide(
                actor=jiwei,
                case_id=case.pk,
                finding_id=finding.pk,
                measure=measure,
                rank=rank,
                decided_by="淮北市纪委监委",
                decided_on=date(2021, 7, 20),
                is_public=True,
            )


def _zhuzhou(directory: Directory) -> None:
    _zhuzhou_notices(directory)
    _zhuzhou_case(directory)
    _write_dossier(Problem.objects.get(code=ZHUZHOU_CODE))


def _zhuzhou_notices(directory: Directory) -> None:
    """After the 通报, the city presses for the data check due before the end of May."""
    reviewer = directory.users["reviewer"]
    office, housing = directory.organizations["zz_office"], directory.organizations["zz_housing"]
    survey = Task.objects.get(problem__code=ZHUZHOU_CODE, number=1)
    issued_on, due_on = date(2021, 5, 6), date(2021, 5, 13)
    with clock.frozen(issued_on):
        notice = notice_issue(
            actor=reviewer,
            issuer=office,
            target=housing,
            tasks=[survey],
            level=NoticeLevel.NOTICE,
            demands="督察组通报指出，三次报送数据均与实际情况存在较大出入。请于5月13日前"
            "书面说明情况，5月底前完成管网改造资料的收集、统计和核查，如实报送。",
            due_on=due_on,
        )
    with clock.frozen(date(2021, 5, 10)):
        task_update_responsibility(
            actor=reviewer,
            task=survey,
            responsible_person=directory.people["zz_housing_deputy"],
            reason="数据失实问题通报后，改由分管排水的副局长李明华具体负责管网数据核查",
        )
    _zhuzhou_listed(directory, notice, due_on + timedelta(days=1), survey)


def _zhuzhou_listed(directory: Directory, notice: Any, escalated_on: date, survey: Task) -> None:
    """The city's notice lapsed unanswered; the provincial office lists the problem for
    supervision (挂牌督办: a higher authority, a time limit in months, published)."""
    provincial, admin = directory.organizations["hn_office"], directory.users["admin"]
    with clock.frozen(escalated_on):
        listed = notice_issue(
            actor=admin,
            issuer=provincial,
            target=directory.organizations["zz_housing"],
            tasks=[survey],
            level=NoticeLevel.LISTED,
            demands=f"{notice.number}逾期未回复，现对株洲市污水管网改造数据失实问题挂牌督办，"
            "限期1个月完成新建及老旧污水管网、雨污合流制管网改造资料的收集、统计和核查，"
            "如实报送整改情况，整改结果向社会公开。",
            due_on=None,
            terms=NoticeTerms(time_limit_months=1),
            escalated_from=notice,
        )
    with clock.frozen(date(2021, 5, 28)):
        notice_respond(
            actor=directory.users["reporter"],
            notice_id=listed.pk,
            response="已成立核查专班，逐段核对施工图和竣工资料，重新建立改造台账，"
            "核实完成改造 8.84 公里；今后按核查结果如实报送。",
        )
    with clock.frozen(date(2021, 6, 1)):
        notice_close(actor=admin, notice_id=listed.pk, note="台账已重建，数据已更正，予以办结。")


def _zhuzhou_case(directory: Directory) -> None:
    """株洲市纪委监委's task force traces the problem back after the 通报 (seed article)."""
    commission = directory.organizations["zz_commission"]
    investigator = _supervisor(
        directory,
        commission,
        username="zz_jiwei",
        full_name="彭建军",
        post="专项调查组组长",
    )
    with clock.frozen(date(2021, 5, 12)):
        case_open(
            actor=investigator,
            commission=commission,
            title="株洲市污水管网改造数据失实问题责任追究",
            problems=[Problem.objects.get(code=ZHUZHOU_CODE)],
            source=CaseSource.TYPICAL_CASE,
            summary="中央第六生态环境保护督察组通报株洲市老旧污水管网、雨污合流制管网改造"
            "滞后典型案例后，成立专项调查组，启动问题倒查、责任倒追机制，查处贯彻生态环保"
            "决策部署不力、三次报送数据与实际情况存在较大出入等工作不严不实问题。",
        )


def _write_dossier(problem: Problem) -> Path:
    """The problem's dossier, as the command line would write it, in the data folder."""
    document = dossier(user=SYSTEM, problem=problem, generated_by="演示数据")
    target = Path(settings.DATA_DIR) / "dossiers" / document.filename
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, document.content)
    return target


def _qilu_lake(directory: Directory) -> None:
    commission = directory.organizations["yn_commission"]
    lead = _supervisor(
        directory, commission, username="yn_jiwei", full_name="李建华", post="专项监督检查组组长"
    )
    team = [
        Person.objects.get(user=lead),
        person_create(actor=SYSTEM, name="杨帆", post="监督检查室干部", organization=commission),
        person_create(actor=SYSTEM, name="段鹏", post="审查调查室干部", organization=commission),
    ]
    problem = Problem.objects.get(code="YN-DX-2021-03")
    with clock.frozen(date(2021, 6, 8)):
        investigation = investigation_open(
            actor=lead,
            problem=problem,
            commission=commission,
            team=team,
            plan="会同玉溪市纪委监委组成专项监督检查组：调阅杞麓湖保护治理项目台账和水质监测数据，"
            "实地走访环湖截污治污工程，组织座谈了解问题成因，厘清有关部门和人员责任。",
        )
    with clock.frozen(date(2021, 8, 16)):
        investigation_record(
            actor=lead,
            investigation_id=investigation.pk,
            findings="环湖截污管网建成后长期未与尾水处理设施连通，治理工程重建设轻运行；"
            "通海县有关部门对入湖污染负荷底数不清，治标不治本问题突出。",
        )
