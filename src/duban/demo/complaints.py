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
from typing import Any

from duban.complaints.choices import Channel
from duban.complaints.identity import Identity
from duban.complaints.models import Complaint
from duban.complaints.services.intake import ComplaintIn, complaint_register
from duban.complaints.services.transfer import complaint_transfer
from duban.core import clock
from duban.core.choices import Role
from duban.core.models import Region
from duban.core.principal import SYSTEM
from duban.core.services import membership_grant, user_create
from duban.demo.directory import DemoLogin, Directory
from duban.inspections.models import InspectionTeam

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
        "ht_housing",
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
        "lk_gov",
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
        "ht_housing",
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
        "lk_gov",
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
    for day_number in range(DAYS):
        _daily_list(directory, team, day_number, rng)
    _this_month(directory, rng)


def _logins(directory: Directory) -> None:
    """The 信访 logins: the province office's handler (receives and transfers), the environment
    bureau's designated handler and its plain worker (handles, sees no identity)."""
    from duban.complaints.models import HandlerDesignation

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
            HandlerDesignation.objects.create(organization=organization, user=user)
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
    directory: Directory, team: InspectionTeam, day_number: int, rng: random.Random
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
            _transfer(directory, complaint, site)


def _transfer(directory: Directory, complaint: Complaint, site: Site) -> None:
    if complaint.repeat_of_id is None:
        complaint_transfer(
            actor=directory.users["xinfang"],
            pk=complaint.pk,
            unit=directory.organizations[site.unit],
        )


def _this_month(directory: Directory, rng: random.Random) -> None:
    """12369 complaints of the last three weeks, with clocks at every stage today."""
    office = directory.organizations["hn_office"]
    today = clock.today()
    for back in (20, 16, 14, 12, 9, 6, 3, 1):
        day = today - timedelta(days=back)
        site = SITES[back % len(SITES)]
        with clock.frozen(day):
            complaint = complaint_register(
                actor=directory.users["xinfang"],
                office=office,
                data=_complaint(site=site, number="", day=day, rng=rng),
            )
            if back % 3:  # some wait for transfer: the 15-day clock runs
                _transfer(directory, complaint, site)
