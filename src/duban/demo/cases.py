"""The four cases of the reference report, second round, third batch (2021), replayed.

株洲 (sewer network, three data submissions far from the facts), 太谷 (a typical case being
closed out), 杞麓湖 (water quality long not improving), 淮北 (coal-reduction figures faked,
coking plants' pollution). Dates before today are replayed with clock.frozen.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from duban.core import clock
from duban.core.models import Region
from duban.core.principal import SYSTEM
from duban.demo.directory import Directory
from duban.demo.driving import Step, explained_km, km, replay
from duban.inspections.models import Plan
from duban.inspections.services import (
    batch_get_or_create,
    plan_create,
    problem_create,
    round_get_or_create,
    team_create,
)
from duban.rectification.models import Task
from duban.rectification.services import task_create

D = date
FEEDBACK_ON = D(2021, 7, 13)
# Hunan's feedback was given on 2021-07-16 (湖南日报 2021-07-17, domain-review.md S18); the other
# provinces' dates are not sourced and stay on the batch's first feedback day.
FEEDBACK_ON_BY_PLAN = {"HN-2021": D(2021, 7, 16)}
PLAN_STARTS_ON = D(2021, 9, 1)
# The report's four cases were among the fifth batch of eight typical cases the teams
# published (seed article), in May 2021 while still stationed; the day is not sourced.
DISCLOSED_ON = D(2021, 5, 5)
ZHUZHOU_CODE = "HN-DX-2021-02"

PLANS = [
    # (code, title, region, office key, team name, team organization key, stationed)
    (
        "HN-2021",
        "湖南省贯彻落实第二轮第三批中央生态环境保护督察反馈意见整改方案",
        "430000",
        "hn_office",
        "中央第六生态环境保护督察组",
        "team6",
    ),
    (
        "SX-2021",
        "山西省贯彻落实第二轮第三批中央生态环境保护督察反馈意见整改方案",
        "140000",
        "sx_office",
        "中央第一生态环境保护督察组",
        None,
    ),
    (
        "YN-2021",
        "云南省贯彻落实第二轮第三批中央生态环境保护督察反馈意见整改方案",
        "530000",
        "yn_office",
        "中央第八生态环境保护督察组",
        None,
    ),
    (
        "AH-2021",
        "安徽省贯彻落实第二轮第三批中央生态环境保护督察反馈意见整改方案",
        "340000",
        "ah_office",
        "中央第三生态环境保护督察组",  # 组长刘伟平 (domain-review.md S17)
        None,
    ),
]


def load_cases(directory: Directory) -> None:
    inspection_round = round_get_or_create(
        number=2, kind="routine", name="第二轮中央生态环境保护督察"
    )
    batch = batch_get_or_create(inspection_round=inspection_round, number=3, year=2021)
    regions = Region.objects.in_bulk([row[2] for row in PLANS])
    plans: dict[str, Plan] = {}
    teams: dict[str, Any] = {}
    for code, title, region, office, team_name, team_org in PLANS:
        teams[code] = team_create(
            actor=SYSTEM,
            name=team_name,
            batch=batch,
            province=regions[region],
            organization=directory.organizations[team_org] if team_org else None,
            stationed_from=D(2021, 4, 6),
            stationed_until=D(2021, 5, 6),
            feedback_on=FEEDBACK_ON_BY_PLAN.get(code, FEEDBACK_ON),
            hotline="0731-12369",
        )
        plans[code] = plan_create(
            actor=SYSTEM,
            code=code,
            title=title,
            region=regions[region],
            office=directory.organizations[office],
            cadence="monthly",
            dispatch_starts_on=D(2021, 9, 1),
            # The 30-working-day clock runs to submission (上报) to 党中央、国务院, who approve
            # the provincial plan later (docs/rectification.md, the plan clock).
            submitted_on=D(2021, 8, 20),
            submitted_to="党中央、国务院",
            approved_on=D(2021, 10, 15),
            approved_by="党中央、国务院",
        )
    _zhuzhou(directory, plans["HN-2021"], teams["HN-2021"])
    _taigu(directory, plans["SX-2021"], teams["SX-2021"])
    _qilu_lake(directory, plans["YN-2021"], teams["YN-2021"])
    _huaibei(directory, plans["AH-2021"], teams["AH-2021"])


def _task(
    directory: Directory,
    problem: Any,
    number: int,
    title: str,
    *,
    lead: str,
    person: str,
    leader: str | None,
    kind: str,
    deadline: date | None,
    level: str,
    co: tuple[str, ...] = (),
    measures: str = "",
    target: str = "",
    assigned_on: date = PLAN_STARTS_ON,
) -> Task:
    # Recorded on the day it was assigned: timelines read in time order (core.timeline).
    with clock.frozen(assigned_on):
        return task_create(
            actor=SYSTEM,
            problem=problem,
            number=number,
            title=title,
            measures=measures or title,
            target=target or "按期完成整改并通过验收",
            kind=kind,
            lead_unit=directory.organizations[lead],
            responsible_person=directory.people[person],
            supervising_leader=directory.people[leader] if leader else None,
            co_units=[directory.organizations[key] for key in co],
            deadline=deadline,
            acceptance_level=level,
            assigned_on=assigned_on,
        )


def _zhuzhou(directory: Directory, plan: Plan, team: Any) -> None:
    problem = problem_create(
        actor=SYSTEM,
        code=ZHUZHOU_CODE,
        source="typical_case",
        plan=plan,
        team=team,
        title="株洲市老旧污水管网、雨污合流制管网改造滞后",
        # The typical case as the seed article quotes it: the 通报 itself exposed the three
        # submissions, made to the stationed team in April 2021 (边督边改).
        description="株洲市老旧污水管网、雨污合流制管网改造滞后，大量雨污混流水直排湘江；"
        "三次报送数据，均与实际情况存在较大出入，工作不严不实，存在闯关思想。",
        region=Region.objects.get(code="430200"),
        categories=["water"],
        tags="管网,湘江,数据失实",
        is_public=True,
        disclosed_on=DISCLOSED_ON,
    )
    _zhuzhou_submissions(directory, problem)
    _zhuzhou_network(directory, problem)
    _zhuzhou_later(directory, problem)


def _zhuzhou_replay(
    directory: Directory, task: Task, steps: list[Step], *, reporter: Any = None
) -> None:
    replay(
        task,
        steps,
        reporter=reporter or directory.users["reporter"],
        reviewer=directory.users["reviewer"],
        acceptance_unit=directory.organizations["zz_office"],
        signer=directory.people["zz_office_director"],
    )


def _zhuzhou_submissions(directory: Directory, problem: Any) -> None:
    """The immediate task of the stationing: three submissions to the team, then the data
    check the 通报 required before the end of May. The figures (107.5, 112, 115.2 km against
    8.84 km) are illustrative: no public source gives them."""
    survey = _task(
        directory,
        problem,
        1,
        "如实核查并报送管网改造数据（立行立改）",
        lead="zz_housing",
        person="zz_housing_head",
        leader="zz_vice_mayor",
        kind="immediate",
        deadline=D(2021, 5, 31),
        level="city",
        measures="边督边改：向督察组报送老旧管网和合流制管网改造数据；5月底前完成新建及"
        "老旧污水管网、雨污合流制管网改造资料的收集、统计和核查",
        target="掌握真实准确的管网改造数据，如实报送",
        assigned_on=D(2021, 4, 12),
    )
    _zhuzhou_replay(directory, survey, _zhuzhou_submission_steps())


def _zhuzhou_submission_steps() -> list[Step]:
    """Three submissions to the stationed team before the 通报; the check, then close-out."""
    first, second, third = "首次报送", "第二次报送", "第三次报送"
    return [
        Step("acknowledge", D(2021, 4, 13)),
        Step("start", D(2021, 4, 13)),
        Step("report", D(2021, 4, 16), 40, f"已完成改造约 107.5 公里（{first}）", km("107.5")),
        Step("report", D(2021, 4, 23), 60, f"累计完成改造 112 公里（{second}）", km("112")),
        Step("report", D(2021, 4, 30), 80, f"累计完成改造 115.2 公里（{third}）", km("115.2")),
        Step(
            "report",
            D(2021, 5, 28),
            100,
            "按通报要求逐段核对施工图和竣工资料，重新建立改造台账",
            [explained_km("8.84", "按逐段核查结果更正，此前三次报送数据失实")],
        ),
        Step("complete", D(2021, 5, 31)),
        Step("request_closure", D(2021, 6, 2)),
        Step("begin_acceptance", D(2021, 6, 8)),
        Step("accept", D(2021, 6, 15)),
        Step("close", D(2021, 6, 23)),
    ]


def _zhuzhou_network(directory: Directory, problem: Any) -> None:
    """The renovation itself, under the plan, counted from the verified 8.84 km."""
    network = _task(
        directory,
        problem,
        2,
        "完成老旧污水管网和雨污合流制管网改造",
        lead="zz_housing",
        person="zz_housing_head",
        leader="zz_vice_mayor",
        kind="deadline",
        deadline=D(2026, 12, 31),
        level="city",
        co=("zz_environment",),
        measures="在核实台账基础上分片区实施改造，逐段建立改造台账",
        target="完成 120 公里老旧管网和合流制管网改造，消除混流直排",
    )
    _zhuzhou_replay(
        directory,
        network,
        [
            Step("acknowledge", D(2021, 9, 3)),
            Step("start", D(2021, 9, 10)),
            Step("report", D(2021, 12, 27), 15, "累计完成改造 18.6 公里", km("18.6")),
            Step("report", D(2026, 10, 28), 70, "累计完成改造 61.4 公里", km("61.4")),
        ],
    )


def _zhuzhou_later(directory: Directory, problem: Any) -> None:
    """The long-term mechanism and the outfalls under the plan."""
    mechanism = _task(
        directory,
        problem,
        3,
        "建立排水管网长效管护机制",
        lead="zz_housing",
        person="zz_housing_deputy",
        leader="zz_vice_mayor",
        kind="ongoing",
        deadline=None,
        level="city",
    )
    _zhuzhou_replay(
        directory,
        mechanism,
        [
            Step("acknowledge", D(2021, 9, 3)),
            Step("start", D(2021, 9, 3)),
            Step("report", D(2026, 10, 30), 50, "出台排水管网养护管理办法，开展月度巡检"),
        ],
    )
    _task(
        directory,
        problem,
        4,
        "完成湘江沿线入河排口溯源整治",
        lead="zz_housing",
        person="zz_housing_head",
        leader="zz_vice_mayor",
        kind="deadline",
        deadline=D(2027, 6, 30),
        level="city",
        assigned_on=D(2026, 11, 2),
        measures="对湘江沿线入河排口逐一溯源，分类整治",
        target="完成全部排口溯源和整治",
    )
    _zhuzhou_lukou(directory, problem)


def _zhuzhou_lukou(directory: Directory, problem: Any) -> None:
    lukou = _task(
        directory,
        problem,
        5,
        "渌口区老城区雨污分流改造",
        lead="lk_housing",
        person="lk_housing_head",
        leader=None,
        kind="deadline",
        deadline=D(2026, 12, 5),
        level="county",
        assigned_on=D(2025, 12, 1),
    )
    _zhuzhou_replay(
        directory,
        lukou,
        [
            Step("acknowledge", D(2025, 12, 3)),
            Step("start", D(2025, 12, 10)),
            Step("report", D(2026, 10, 25), 60, "完成主干管改造，支管改造推进中"),
        ],
        reporter=directory.users["reporter_lukou"],
    )


def _taigu(directory: Directory, plan: Plan, team: Any) -> None:
    problem = problem_create(
        actor=SYSTEM,
        code="SX-DX-2021-01",
        source="typical_case",
        plan=plan,
        team=team,
        title="晋中市太谷区生态环境问题整改不力",
        region=Region.objects.get(code="140703"),
        # The typical case as published (中新社, 2021-05-17; domain-review.md finding 9).
        description="督察组通报：太谷区恒达煤气化公司私设旁路烟道偷排，在线监测数据弄虚作假；"
        "太谷区对督察发现问题整改不力，有关部门监管不到位。",
        basic_situation="太谷区位于晋中盆地，区内焦化、煤气化企业和矿山较多。",
        main_issues="企业私设旁路烟道、在线监测数据造假，长期违法排污；矿山生态修复滞后；"
        "有关部门监管不严。",
        categories=["air", "ecology"],
        is_public=True,
        disclosed_on=DISCLOSED_ON,
    )
    office = directory.organizations["sx_office"]
    signer = directory.people["sx_office_director"]
    enforcement = _task(
        directory,
        problem,
        1,
        "依法查处恒达煤气化公司旁路烟道偷排和在线监测数据造假",
        lead="tg_environment",
        person="tg_env_head",
        leader="jz_vice_mayor",
        kind="immediate",
        deadline=D(2021, 10, 31),
        # Accepted by the province's rectification office (分级验收: a province-level task).
        level="province",
    )
    replay(
        enforcement,
        [
            Step("acknowledge", D(2021, 9, 2)),
            Step("start", D(2021, 9, 2)),
            Step("complete", D(2021, 10, 20)),
            Step("request_closure", D(2021, 10, 22)),
            Step("begin_acceptance", D(2021, 11, 1)),
            Step("accept", D(2021, 11, 10)),
            Step("close", D(2021, 11, 18)),
        ],
        acceptance_unit=office,
        signer=signer,
    )
    restoration = _task(
        directory,
        problem,
        2,
        "完成废弃矿山生态修复",
        lead="tg_resources",
        person="tg_resources_head",
        leader="jz_vice_mayor",
        kind="deadline",
        deadline=D(2026, 10, 31),
        level="province",
    )
    replay(
        restoration,
        [
            Step("acknowledge", D(2021, 9, 2)),
            Step("start", D(2021, 9, 15)),
            Step("report", D(2026, 9, 28), 95, "修复治理面积已达 98%"),
            Step("complete", D(2026, 10, 26)),
            Step("request_closure", D(2026, 10, 28)),
            Step("begin_acceptance", D(2026, 11, 10)),
            Step("accept", D(2026, 11, 23)),
        ],
        acceptance_unit=office,
        signer=signer,
    )


def _qilu_lake(directory: Directory, plan: Plan, team: Any) -> None:
    problem = problem_create(
        actor=SYSTEM,
        code="YN-DX-2021-03",
        source="typical_case",
        plan=plan,
        team=team,
        title="玉溪市杞麓湖污染治理治标不治本，水质长期得不到改善",
        region=Region.objects.get(code="530423"),
        description="杞麓湖污染治理治标不治本，入湖污染负荷居高不下，水质长期为劣Ⅴ类。",
        basic_situation="杞麓湖是云南九大高原湖泊之一，位于玉溪市通海县。",
        main_issues="截污治污不彻底，农业面源污染突出，治理工程重建设轻运行。",
        categories=["water", "ecology"],
        tags="高原湖泊,治标不治本",
        is_public=True,
        disclosed_on=DISCLOSED_ON,
    )
    office, signer = directory.organizations["yx_office"], directory.people["yx_office_director"]
    lake = _task(
        directory,
        problem,
        1,
        "实施杞麓湖保护治理攻坚，推动水质持续改善",
        lead="qilu_bureau",
        person="qilu_head",
        leader="yx_vice_mayor",
        kind="ongoing",
        deadline=None,
        level="province",
    )
    replay(
        lake,
        [
            Step("acknowledge", D(2021, 9, 6)),
            Step("start", D(2021, 9, 6)),
            Step("report", D(2026, 9, 26), 40, "湖体水质仍为劣Ⅴ类，COD 有所下降"),
        ],
        acceptance_unit=office,
        signer=signer,
    )
    sewage = _task(
        directory,
        problem,
        2,
        "完成环湖截污治污工程",
        lead="th_environment",
        person="th_env_head",
        leader="yx_vice_mayor",
        kind="deadline",
        deadline=D(2025, 12, 31),
        level="city",
    )
    replay(
        sewage,
        [
            Step("acknowledge", D(2021, 9, 6)),
            Step("start", D(2021, 9, 20)),
            Step("report", D(2026, 9, 27), 80, "截污管网主体完工，尾水处理工程未通水"),
        ],
        acceptance_unit=office,
        signer=signer,
    )
    farming = _task(
        directory,
        problem,
        3,
        "整治环湖农业面源污染",
        lead="th_environment",
        person="th_env_head",
        leader="yx_vice_mayor",
        kind="deadline",
        deadline=D(2026, 6, 30),
        level="city",
    )
    replay(
        farming,
        [
            Step("acknowledge", D(2021, 9, 6)),
            Step("start", D(2021, 9, 20)),
            Step("complete", D(2026, 6, 20)),
            Step("request_closure", D(2026, 6, 25)),
        ],
        acceptance_unit=office,
        signer=signer,
    )


def _huaibei(directory: Directory, plan: Plan, team: Any) -> None:
    problem = problem_create(
        actor=SYSTEM,
        code="AH-DX-2021-05",
        source="typical_case",
        plan=plan,
        team=team,
        title="淮北市煤炭减量替代工作弄虚作假，对焦化企业环境污染监督不力",
        region=Region.objects.get(code="340600"),
        description="淮北市煤炭减量替代工作弄虚作假，监督管理工作不严不实，对焦化企业环境污染监督不力。",
        basic_situation="淮北市是资源型城市，煤炭消费总量控制任务重。",
        main_issues="煤炭减量替代方案数据弄虚作假；焦化企业无组织排放问题突出。",
        categories=["air"],
        tags="弄虚作假,煤炭减量",
        is_public=True,
        disclosed_on=DISCLOSED_ON,
    )
    office, signer = directory.organizations["hb_office"], directory.people["hb_office_director"]
    coal = _task(
        directory,
        problem,
        1,
        "如实核算煤炭消费量，纠正煤炭减量替代弄虚作假问题",
        lead="hb_development",
        person="hb_development_head",
        leader="hb_vice_mayor",
        kind="deadline",
        deadline=D(2026, 12, 31),
        level="province",
    )
    replay(
        coal,
        [
            Step("acknowledge", D(2021, 9, 2)),
            Step("start", D(2021, 9, 2)),
            Step("complete", D(2026, 10, 30)),
            Step("request_closure", D(2026, 11, 2)),
            Step("begin_acceptance", D(2026, 11, 12)),
        ],
        acceptance_unit=office,
        signer=signer,
    )
    coking = _task(
        directory,
        problem,
        2,
        "督促焦化企业完成无组织排放深度治理",
        lead="hb_environment",
        person="hb_env_head",
        leader="hb_vice_mayor",
        kind="deadline",
        deadline=D(2027, 3, 31),
        level="city",
        co=("hb_coking",),
    )
    replay(
        coking,
        [
            Step("acknowledge", D(2021, 9, 2)),
            Step("start", D(2021, 9, 2)),
            Step("complete", D(2026, 9, 1)),
            Step("request_closure", D(2026, 9, 3)),
            Step("begin_acceptance", D(2026, 9, 15)),
            Step(
                "accept",
                D(2026, 9, 25),
                failed_test="similar_fixed",
                reason="同一园区另两家焦化企业仍存在无组织排放",
            ),
            Step("report", D(2026, 10, 29), 85, "已督促园区内其余企业制定治理方案"),
        ],
        acceptance_unit=office,
        signer=signer,
    )
