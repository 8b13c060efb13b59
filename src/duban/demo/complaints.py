"""The complaints demo: 湖南's 边督边改 fortnight of the second round (2021-04-08 to 04-21),
one daily list a day from the central team stationed in the province, handled by 株洲's units;
and this month's 12369 complaints whose clocks are running now (so the warnings show).

Firms and addresses are invented; several firms are complained about again and again (the
repeats), a few complainants give their names (sealed), most do not.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from duban.complaints.choices import Channel, ComplaintState, Satisfaction, Truth
from duban.complaints.identity import Identity
from duban.complaints.models import Complaint
from duban.complaints.services.handling import (
    HandlingIn,
    complaint_acknowledge,
    complaint_follow_up,
    complaint_handle,
    complaint_reply,
    complaint_team_report,
)
from duban.complaints.services.identity import handler_designate
from duban.complaints.services.intake import ComplaintIn, complaint_register
from duban.complaints.services.links import (
    complaint_create_problem,
    complaint_link_task,
    complaint_reopen_task,
)
from duban.complaints.services.transfer import complaint_transfer
from duban.core import clock
from duban.core.choices import Role
from duban.core.models import Region
from duban.core.principal import SYSTEM
from duban.core.services import membership_grant, user_create
from duban.demo.directory import DemoLogin, Directory
from duban.inspections.models import InspectionTeam
from duban.rectification.models import Task

FIRST_DAY = date(2021, 4, 8)
DAYS = 14
PER_DAY = (14, 24)  # complaints in one day's list, lowest and highest


@dataclass(frozen=True)
class Site:
    """Something people complain about: a firm (or a place) at an address, and who handles it."""

    name: str
    address: str
    region: str
    unit: str  # directory key of the handling unit
    types: str
    industry: str
    content: str


SITES = [
    Site(
        "株洲市某化工有限公司",
        "渌口区南洲镇工业园8号",
        "430212",
        "zz_environment",
        "水,大气",
        "化工",
        "夜间偷排废水进入渌江，周边异味刺鼻",
    ),
    Site(
        "株洲某冶炼厂",
        "石峰区清水塘老工业区冶炼路3号",
        "430204",
        "zz_environment",
        "大气,土壤",
        "有色金属冶炼",
        "烟囱冒黄烟，厂区周边菜地重金属超标",
    ),
    Site(
        "荷塘区月塘街道某小区工地",
        "荷塘区月塘街道新华西路112号",
        "430202",
        "zz_housing",
        "噪声",
        "建筑施工",
        "夜间22点后仍在打桩施工，噪声扰民",
    ),
    Site(
        "某混凝土搅拌站",
        "天元区群丰镇汽车站旁",
        "430211",
        "zz_environment",
        "大气,噪声",
        "建材",
        "粉尘大，运输车辆带泥上路",
    ),
    Site(
        "渌口区某养殖场",
        "渌口区朱亭镇龙门村5组",
        "430212",
        "zz_environment",
        "水",
        "畜禽养殖",
        "养殖废水直排湘江支流，水体发黑发臭",
    ),
    Site(
        "芦淞区某服装洗水厂",
        "芦淞区白关镇服饰产业园C栋",
        "430203",
        "zz_environment",
        "水",
        "纺织服装",
        "洗水废水未经处理排入雨水管",
    ),
    Site(
        "醴陵市某陶瓷厂",
        "醴陵市浦口镇陶瓷工业园",
        "430281",
        "zz_environment",
        "大气",
        "陶瓷",
        "窑炉烟气未经处理排放，周边居民咳嗽",
    ),
    Site(
        "荷塘区某垃圾中转站",
        "荷塘区茨菇塘街道红旗北路",
        "430202",
        "zz_housing",
        "固废,大气",
        "环境卫生",
        "垃圾渗滤液外溢，夏季恶臭",
    ),
    Site(
        "攸县某煤矿",
        "攸县黄丰桥镇",
        "430223",
        "zz_environment",
        "生态,水",
        "采矿",
        "矿井水直排，山体植被破坏未修复",
    ),
    Site(
        "渌口区某采砂点",
        "渌口区渌口镇湘江河段",
        "430212",
        "zz_environment",
        "生态",
        "采砂",
        "夜间非法采砂，河岸崩塌",
    ),
    Site(
        "株洲某汽车配件厂",
        "天元区栗雨工业园黄河南路",
        "430211",
        "zz_environment",
        "大气",
        "汽车零部件",
        "喷漆车间无组织排放，异味大",
    ),
    Site(
        "石峰区某小区",
        "石峰区响石岭街道田心北路",
        "430204",
        "zz_housing",
        "水",
        "生活污水",
        "小区生活污水管道破损，污水漫流进入白石港",
    ),
]

# The rest of each day's list: one-off complaints about the trades below, in the streets below.
STREETS = {
    "430202": ("荷塘区", ["月塘街道", "茨菇塘街道", "宋家桥街道", "金山街道"]),
    "430203": ("芦淞区", ["建宁街道", "贺家土街道", "白关镇", "龙泉街道"]),
    "430204": ("石峰区", ["田心街道", "响石岭街道", "井墈街道", "铜塘湾街道"]),
    "430211": ("天元区", ["嵩山路街道", "泰山路街道", "栗雨街道", "群丰镇"]),
    "430212": ("渌口区", ["渌口镇", "南洲镇", "朱亭镇", "龙门镇"]),
}
TRADES = [
    ("餐饮店", "餐饮", "大气", "油烟直排，未安装净化设施", "zz_environment"),
    ("汽修厂", "机动车维修", "大气", "露天喷漆，异味扰民", "zz_environment"),
    ("KTV", "娱乐", "噪声", "深夜音响声音过大", "zz_environment"),
    ("建筑工地", "建筑施工", "噪声,大气", "夜间施工、扬尘大", "zz_housing"),
    ("小作坊", "金属加工", "水,大气", "无环评手续，废水乱排", "zz_environment"),
    ("养猪场", "畜禽养殖", "水", "粪污直排沟渠", "zz_environment"),
    ("废品回收站", "再生资源", "固废", "露天堆放废旧电瓶", "zz_environment"),
    ("沿河排口", "生活污水", "水", "排口污水发黑发臭", "zz_housing"),
]
HOT_SHARE = 0.15  # of a day's complaints, about one of the SITES people complain of again


def _one_off(rng: random.Random) -> Site:
    region = rng.choice(sorted(STREETS))
    district, streets = STREETS[region]
    street = rng.choice(streets)
    shop, industry, types, content, unit = rng.choice(TRADES)
    number = rng.randint(1, 400)
    return Site(
        f"{district}{street}某{shop}（{number}号）",
        f"{district}{street}{rng.choice('东西南北')}路{number}号",
        region,
        unit,
        types,
        industry,
        content,
    )


def _site(rng: random.Random) -> Site:
    return rng.choice(SITES) if rng.random() < HOT_SHARE else _one_off(rng)


# The names of complainants who gave them (invented); the others are anonymous.
NAMES = ["刘某华", "陈某", "李某明", "王某芳", "张某", "周某军", "黄某", "谭某英"]


def load_complaints(directory: Directory) -> None:
    """The fortnight's daily lists, then this month's hotline complaints."""
    _logins(directory)
    team = InspectionTeam.objects.get(province_id="430000", batch__year=2021)
    rng = random.Random(2021_04_08)
    registered: list[Complaint] = []
    for day_number in range(DAYS):
        _daily_list(directory, team, day_number, rng, registered)
    _handle_all(directory, [c for c in registered if c.repeat_of_id is None], rng)
    _became_a_problem(directory)
    _this_month(directory, rng)


def _logins(directory: Directory) -> None:
    """The 信访 logins: the province office's handler (receives and transfers), the environment
    bureau's designated handler and its plain worker (handles, sees no identity)."""
    rows = [
        ("xinfang", "Xinfang-duban-2026", "何静", "hn_office", Role.REVIEWER, True),
        ("env_handler", "Handler-duban-2026", "邓丽君", "zz_environment", Role.REPORTER, True),
        ("env_worker", "Worker-duban-2026", "罗晓东", "zz_environment", Role.REPORTER, False),
    ]
    for username, password, name, org_key, role, designated in rows:
        organization = directory.organizations[org_key]
        user = user_create(actor=SYSTEM, username=username, password=password, full_name=name)
        membership_grant(actor=SYSTEM, user=user, organization=organization, role=role)
        if designated:
            handler_designate(actor=SYSTEM, organization=organization, user=user)
        directory.users[username] = user
        what = "信访办理人" if designated else "不可查看信访人信息"
        directory.logins.append(
            DemoLogin(username, password, f"{role} @ {organization.name}（{what}）")
        )


def _identity(rng: random.Random) -> Identity:
    if rng.random() < 0.6:
        return Identity()
    return Identity(name=rng.choice(NAMES), phone=f"139{rng.randrange(10**8):08d}")


def _complaint(
    *, site: Site, number: str, day: date, rng: random.Random, **extra: Any
) -> ComplaintIn:
    return ComplaintIn(
        number=number,
        received_on=day,
        channel=rng.choice([Channel.PHONE, Channel.PHONE, Channel.LETTER, Channel.WEB]),
        region=Region.objects.get(code=site.region),
        accused_name=site.name,
        address=f"株洲市{site.address}",
        content=f"举报人反映：{site.name}{site.content}。",
        pollution_types=site.types,
        industry=site.industry,
        identity=_identity(rng),
        **extra,
    )


def _daily_list(
    directory: Directory,
    team: InspectionTeam,
    day_number: int,
    rng: random.Random,
    registered: list[Complaint],
) -> None:
    """第N批: one day's list, registered by the province office and transferred the same day."""
    day = FIRST_DAY + timedelta(days=day_number)
    office = directory.organizations["hn_office"]
    actor = directory.users["xinfang"]
    with clock.frozen(day):
        for serial in range(1, rng.randint(*PER_DAY) + 1):
            site = _site(rng)
            letter = "X" if rng.random() < 0.1 else "D"
            data = _complaint(
                site=site,
                number=f"{letter}2HN{day:%Y%m%d}{serial:04d}",
                day=day,
                rng=rng,
                team=team,
                batch_number=day_number + 1,
                handed_over_on=day,
            )
            complaint = complaint_register(actor=actor, office=office, data=data)
            registered.append(_transfer(directory, complaint, site))


def _transfer(directory: Directory, complaint: Complaint, site: Site) -> Complaint:
    """Transfer to the site's unit; a repeat stays linked to the first, untransferred."""
    if complaint.repeat_of_id is not None:
        return complaint
    return complaint_transfer(
        actor=directory.users["xinfang"],
        pk=complaint.pk,
        unit=directory.organizations[site.unit],
    )


def _this_month(directory: Directory, rng: random.Random) -> None:
    """12369 complaints of the last three weeks, with clocks at every stage today."""
    office = directory.organizations["hn_office"]
    today = clock.today()
    # (days ago, site): the smelter again two days ago, a repeat of the open one of 30 days ago.
    arrivals = [(40, 0), (30, 1), (20, 2), (18, 3), (16, 4), (14, 5), (12, 6), (9, 7), (6, 8)]
    for back, index in [*arrivals, (3, 9), (2, 1), (1, 10)]:
        day = today - timedelta(days=back)
        site = SITES[index]
        with clock.frozen(day):
            complaint = complaint_register(
                actor=directory.users["xinfang"],
                office=office,
                data=_complaint(site=site, number="", day=day, rng=rng),
            )
            if back % 3:  # the others wait for transfer: two of them past the 15 days
                complaint = _transfer(directory, complaint, site)
            if back in (40, 14):  # acknowledged; those of 20 and 16 days ago are late
                complaint_acknowledge(actor=_worker(directory, complaint), pk=complaint.pk)
    _relapse(directory, rng)


# The handling of the fortnight: each step on its own day, all steps in the order of their days.
TRUTHS = (
    [Truth.TRUE] * 9 + [Truth.BASICALLY_TRUE] * 4 + [Truth.PARTLY_TRUE] * 3 + [Truth.UNTRUE] * 4
)
MEASURES = {
    Truth.TRUE: "责令立即停止违法行为并限期整改，已立案查处。",
    Truth.BASICALLY_TRUE: "责令限期整改，整改完成后复查。",
    Truth.PARTLY_TRUE: "对属实部分责令整改，其余情况向举报人说明。",
    Truth.UNTRUE: "经现场核查未发现所反映问题，已向举报人说明。",
}


def _handle_all(directory: Directory, complaints: list[Complaint], rng: random.Random) -> None:
    steps: list[tuple[date, int, Complaint, str]] = []
    for complaint in complaints:
        day = complaint.received_on
        truth = str(rng.choice(TRUTHS))
        steps += [
            (day + timedelta(days=rng.randint(1, 3)), 0, complaint, truth),
            (day + timedelta(days=rng.randint(5, 9)), 1, complaint, truth),
            (day + timedelta(days=rng.randint(20, 30)), 2, complaint, truth),
            (day + timedelta(days=rng.randint(150, 200)), 3, complaint, truth),
        ]
    for day, step, complaint, found in sorted(steps, key=lambda s: (s[0], s[1], s[2].pk)):
        with clock.frozen(day):
            [_acknowledge, _conclude, _follow_up, _finish][step](directory, complaint, found, rng)


def _worker(directory: Directory, complaint: Complaint) -> Any:
    unit = complaint.handling_unit
    return directory.users[
        "env_worker" if unit and unit.name.endswith("生态环境局") else "reporter"
    ]


def _acknowledge(directory: Directory, complaint: Complaint, _truth: str, _rng: Any) -> None:
    complaint_acknowledge(actor=_worker(directory, complaint), pk=complaint.pk)


def _conclude(directory: Directory, complaint: Complaint, truth: str, rng: random.Random) -> None:
    """Reply (named complainants), record the handling, report to the team: 已办结, or 阶段性办结
    for one in ten (work that takes longer than the inspection)."""
    worker = _worker(directory, complaint)
    if not complaint.anonymous:
        complaint_reply(actor=worker, pk=complaint.pk, text=_reply_text(complaint, truth))
    staged = rng.random() < 0.1 and truth != Truth.UNTRUE
    found = truth != Truth.UNTRUE
    data = HandlingIn(
        outcome=ComplaintState.PARTLY_CONCLUDED if staged else ComplaintState.CONCLUDED,
        truth=truth,
        investigation=f"经现场核查，{complaint.accused_name}{'存在' if found else '未发现'}"
        "所反映问题。",
        measures=MEASURES[Truth(truth)],
        closure_target="年底前完成整改并销号" if staged else "",
        accountability="无",
        ordered_to_rectify=1 if found else 0,
        cases_filed=1 if truth == Truth.TRUE and rng.random() < 0.4 else 0,
        fines_wan_yuan=Decimal(rng.choice(["2.5", "5", "10", "20"]))
        if truth == Truth.TRUE
        else Decimal(0),
        talks=1 if found and rng.random() < 0.2 else 0,
    )
    complaint_handle(actor=worker, pk=complaint.pk, data=data)
    complaint_team_report(actor=worker, pk=complaint.pk)


def _finish(directory: Directory, complaint: Complaint, _truth: str, _rng: Any) -> None:
    """What was concluded in stages is concluded months later, its target met."""
    complaint.refresh_from_db()
    if complaint.state != ComplaintState.PARTLY_CONCLUDED:
        return
    data = HandlingIn(
        outcome=ComplaintState.CONCLUDED,
        truth=complaint.truth,
        investigation=complaint.investigation,
        measures=f"{complaint.measures}整改已完成，经复查验收合格。",
        accountability=complaint.accountability,
        ordered_to_rectify=complaint.ordered_to_rectify,
        cases_filed=complaint.cases_filed,
        fines_wan_yuan=complaint.fines_wan_yuan,
        talks=complaint.talks,
    )
    complaint_handle(actor=_worker(directory, complaint), pk=complaint.pk, data=data)


def _reply_text(complaint: Complaint, truth: str) -> str:
    return (
        f"你反映的{complaint.accused_name}有关问题，本机关于{complaint.transferred_on:%Y年%m月%d日}"
        f"受理。经调查核实，所反映问题{Truth(truth).label}。{MEASURES[Truth(truth)]}"
    )


def _follow_up(directory: Directory, complaint: Complaint, _truth: str, rng: random.Random) -> None:
    """The province office calls back the complainants who gave a phone number."""
    if complaint.anonymous:
        return
    satisfaction = rng.choice(
        [Satisfaction.SATISFIED] * 6
        + [Satisfaction.BASICALLY_SATISFIED] * 2
        + [Satisfaction.DISSATISFIED]
    )
    complaint_follow_up(
        actor=directory.users["xinfang"],
        pk=complaint.pk,
        on=clock.today(),
        satisfaction=satisfaction,
        note="电话回访，信访人对处理结果表示认可。"
        if satisfaction != Satisfaction.DISSATISFIED
        else "信访人认为整改不彻底。",
    )


def _became_a_problem(directory: Directory) -> None:
    """The smelter's first complaint, found true, becomes a problem of the province's plan."""
    first = (
        Complaint.objects.filter(accused_name="株洲某冶炼厂", repeat_of=None, truth=Truth.TRUE)
        .order_by("pk")
        .first()
    )
    if first is None:
        return
    with clock.frozen(first.concluded_on or first.received_on):
        complaint_create_problem(
            actor=directory.users["xinfang"],
            pk=first.pk,
            code="HN-XF-2021-01",
            title="清水塘老工业区冶炼企业废气及土壤重金属污染",
            description="边督边改群众举报查实：冶炼企业废气未经处理排放，周边菜地重金属超标。",
            categories=["air", "soil"],
        )


def _relapse(directory: Directory, rng: random.Random) -> None:
    """A complaint this week that 株洲's closed data task was not what it claimed: the office
    links it to the task (the relapse signal fires) and reopens the task. The housing bureau
    it is about never sees it (信访工作条例 Art. 30)."""
    task = Task.objects.get(problem__code="HN-DX-2021-02", number=1)
    reviewer = directory.users["reviewer"]
    day = clock.today() - timedelta(days=2)
    site = Site(
        "株洲市住房和城乡建设局",
        "石峰区响石岭街道白石港沿线",
        "430204",
        "zz_office",
        "水",
        "市政",
        "上报已完成改造的白石港沿线管网实际未改造，雨污混流水仍直排白石港",
    )
    with clock.frozen(day):
        data = _complaint(site=site, number="", day=day, rng=rng)
        data.accused_organization = directory.organizations["zz_housing"]
        complaint = complaint_register(
            actor=directory.users["xinfang"], office=directory.organizations["hn_office"], data=data
        )
        _transfer(directory, complaint, site)
        complaint_link_task(actor=reviewer, pk=complaint.pk, task=task)
        complaint_reopen_task(
            actor=reviewer,
            pk=complaint.pk,
            task=task,
            reason="群众举报反映已销号的管网数据核查任务所涉管网实际未改造，重新整改",
        )
