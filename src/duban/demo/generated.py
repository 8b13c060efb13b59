"""Generated problems across eight provinces, so lists and statistics look like a real year.

A seeded random generator makes the same demo every time: the third round's third batch
(feedback in March 2025), plans with monthly dispatch, tasks spread over every state.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from duban.core import clock
from duban.core.choices import OrganizationKind as Kind
from duban.core.models import Organization, Person, Region
from duban.core.principal import SYSTEM
from duban.core.services import organization_create, person_create
from duban.demo.driving import Step, replay
from duban.inspections.models import Batch, Problem
from duban.inspections.services import (
    batch_get_or_create,
    plan_create,
    problem_create,
    round_get_or_create,
    team_create,
)
from duban.rectification import rules
from duban.rectification.services import task_create

PROVINCES = ["130000", "320000", "330000", "360000", "410000", "440000", "510000", "620000"]
TEAM_NUMBERS = ["一", "二", "三", "四", "五", "六", "七", "八"]
PROBLEMS_PER_PROVINCE = 12
FEEDBACK_ON = date(2025, 3, 18)
ASSIGNED_ON = date(2025, 5, 6)
DEPARTMENTS = ["生态环境局", "住房和城乡建设局", "自然资源和规划局", "农业农村局"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = [
    "建华",
    "国强",
    "海燕",
    "志明",
    "丽萍",
    "文斌",
    "晓东",
    "春梅",
    "振宇",
    "秀英",
    "立新",
    "红霞",
]
SUBJECTS = [
    ("water", "城镇生活污水收集处理能力不足，部分污水直排河道", "完成污水处理厂扩容和配套管网建设"),
    ("water", "黑臭水体整治不彻底，部分水体返黑返臭", "完成黑臭水体整治并建立长效管护机制"),
    ("air", "工业企业大气污染物无组织排放问题突出", "完成重点企业无组织排放深度治理"),
    ("air", "散煤复烧问题反弹，清洁取暖改造推进缓慢", "完成清洁取暖改造并杜绝散煤复烧"),
    ("soil", "历史遗留固体废物堆存场所未规范处置", "完成固体废物清理和场地风险管控"),
    ("ecology", "自然保护区内违规开发建设问题整改不到位", "拆除违规设施并完成生态修复"),
    ("ecology", "矿山生态修复滞后，破坏面积较大", "完成历史遗留矿山生态修复"),
    ("noise", "城区交通和施工噪声扰民问题投诉集中", "完成噪声敏感区域治理并建立监管机制"),
    ("other", "环境监管执法不严，部分违法行为长期未查处", "依法查处违法行为并完善执法机制"),
]
# (weight, path of actions) — the share of tasks that end in each state.
PATHS: list[tuple[int, list[str]]] = [
    (8, []),
    (8, ["acknowledge", "report"]),
    (40, ["acknowledge", "start", "report"]),
    (8, ["acknowledge", "start", "report", "complete"]),
    (5, ["acknowledge", "start", "complete", "request_closure"]),
    (5, ["acknowledge", "start", "complete", "request_closure", "begin_acceptance"]),
    (4, ["acknowledge", "start", "complete", "request_closure", "begin_acceptance", "accept"]),
    (
        22,
        [
            "acknowledge",
            "start",
            "complete",
            "request_closure",
            "begin_acceptance",
            "accept",
            "close",
        ],
    ),
]


def load_generated(*, seed: int) -> None:
    rng = random.Random(seed)
    inspection_round = round_get_or_create(
        number=3, kind="routine", name="第三轮中央生态环境保护督察"
    )
    batch = batch_get_or_create(inspection_round=inspection_round, number=3, year=2024)
    for index, code in enumerate(PROVINCES):
        _province(rng, index, Region.objects.get(code=code), batch)


def _person(rng: random.Random, organization: Organization, post: str) -> Person:
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    return person_create(actor=SYSTEM, name=name, post=post, organization=organization)


def _province(rng: random.Random, index: int, province: Region, batch: Batch) -> None:
    short = province.name.removesuffix("省")
    government = organization_create(
        actor=SYSTEM, name=f"{province.name}人民政府", kind=Kind.GOVERNMENT, region=province
    )
    office = organization_create(
        actor=SYSTEM,
        name=f"{province.name}生态环境保护督察整改办公室",
        kind=Kind.RECTIFICATION_OFFICE,
        region=province,
        parent=government,
    )
    signer = _person(rng, office, "整改办主任")
    units: list[tuple[Organization, Person, Person]] = []
    for city in Region.objects.filter(parent=province, level="city").order_by("code")[:3]:
        city_gov = organization_create(
            actor=SYSTEM,
            name=f"{city.name}人民政府",
            kind=Kind.GOVERNMENT,
            region=city,
            parent=government,
        )
        leader = _person(rng, city_gov, "副市长")
        for department in rng.sample(DEPARTMENTS, 2):
            unit = organization_create(
                actor=SYSTEM,
                name=f"{city.name}{department}",
                kind=Kind.DEPARTMENT,
                region=city,
                parent=city_gov,
            )
            units.append((unit, _person(rng, unit, "局长"), leader))
    team = team_create(
        actor=SYSTEM,
        name=f"中央第{TEAM_NUMBERS[index]}生态环境保护督察组",
        batch=batch,
        province=province,
        stationed_from=date(2024, 11, 20),
        stationed_until=date(2024, 12, 20),
        feedback_on=FEEDBACK_ON,
    )
    with clock.frozen(date(2025, 4, 28)):
        plan = plan_create(
            actor=SYSTEM,
            code=f"{province.code[:2]}-2025",
            title=f"{short}整改方案（第三轮）",
            region=province,
            office=office,
            cadence="monthly",
            dispatch_starts_on=date(2025, 5, 1),
            submitted_on=date(2025, 4, 28),
            submitted_to="党中央、国务院",
            approved_on=date(2025, 6, 20),
            approved_by="党中央、国务院",
        )
    for number in range(1, PROBLEMS_PER_PROVINCE + 1):
        category, title, target = rng.choice(SUBJECTS)
        unit, head, leader = rng.choice(units)
        problem = problem_create(
            actor=SYSTEM,
            code=f"{province.code[:2]}-FK-2025-{number:02d}",
            source=rng.choice(["feedback"] * 4 + ["typical_case", "complaint"]),
            title=f"{unit.region.name if unit.region else ''}{title}",
            description=title,
            region=unit.region or province,
            team=team,
            plan=plan,
            categories=[category],
            feedback_on=FEEDBACK_ON,
            is_public=rng.random() < 0.5,
            disclosed_on=date(2024, 12, 10),
        )
        for task_number in range(1, rng.choice([1, 1, 2, 3]) + 1):
            _generated_task(rng, problem, task_number, target, unit, head, leader, office, signer)


def _generated_task(
    rng: random.Random,
    problem: Problem,
    number: int,
    target: str,
    unit: Organization,
    head: Person,
    leader: Person,
    office: Organization,
    signer: Person,
) -> None:
    kind = rng.choice(["deadline"] * 6 + ["immediate", "ongoing"])
    deadline = None if kind == "ongoing" else ASSIGNED_ON + timedelta(days=rng.randint(480, 1000))
    level = rng.choice(["province", "city", "city", "county"])
    with clock.frozen(ASSIGNED_ON):  # recorded on the day it was assigned
        task = task_create(
            actor=SYSTEM,
            problem=problem,
            number=number,  # type: ignore[arg-type]
            title=target if number == 1 else f"{target}（第{number}阶段）",
            measures=target,
            target=target,
            kind=kind,
            lead_unit=unit,
            responsible_person=head,
            supervising_leader=leader,
            deadline=deadline,
            acceptance_level=level,
            assigned_on=ASSIGNED_ON,
        )
    weights = [weight for weight, _ in PATHS]
    path = rng.choices([p for _, p in PATHS], weights=weights)[0]
    if kind == "ongoing":
        path = [a for a in path if a in {"acknowledge", "start", "report"}]
    steps, day = [], ASSIGNED_ON
    for action in path:
        accepted_on = day
        day += timedelta(days=rng.randint(3, 40))
        if action == "close":  # 销号 waits for the public notice (公示) to end
            notice_ends = rules.working_days_after(accepted_on, rules.publicity_working_days())
            day = max(day, notice_ends + timedelta(days=1))
        if deadline and action == "complete":
            day = min(day, deadline)
        percent = 0
        if action == "report":
            day = date(2026, 10, rng.randint(20, 30))
            # Most units keep pace with the time-proportional schedule; some fall behind.
            expected = (
                rules.expected_percent(assigned_on=ASSIGNED_ON, deadline=deadline, today=day)
                if deadline
                else 50
            )
            percent = max(5, min(95, expected + rng.randint(-12, 12)))
        steps.append(
            Step(action, day, percent=percent, narrative="按计划推进整改，本期完成阶段性目标")
        )
    # The generated acceptor is the province office (分级验收): a task accepted at city or
    # county level waits under acceptance instead (cut after drawing, so the stream of random
    # numbers, and every other generated row, stays as it was).
    actions = [step.action for step in steps]
    if task.acceptance_level != "province" and "accept" in actions:
        steps = steps[: actions.index("accept")]
    replay(task, steps, acceptance_unit=office, signer=signer)
