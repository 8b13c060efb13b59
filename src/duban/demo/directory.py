"""Demo organizations, people and one login per role: the places in the reference report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from duban.core.choices import OrganizationKind as Kind
from duban.core.choices import Role
from duban.core.models import Organization, Person, Region
from duban.core.principal import SYSTEM
from duban.core.services import membership_grant, organization_create, person_create, user_create


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    description: str


# (key, name, kind, region code, parent key, stationed-in key)
ORGANIZATIONS: list[tuple[str, str, Kind, str | None, str | None, str | None]] = [
    ("team6", "中央第六生态环境保护督察组", Kind.INSPECTION_TEAM, "430000", None, None),
    ("hn_committee", "中共湖南省委", Kind.PARTY_COMMITTEE, "430000", None, None),
    ("hn_gov", "湖南省人民政府", Kind.GOVERNMENT, "430000", None, None),
    (
        "hn_office",
        "湖南省生态环境保护督察整改工作领导小组办公室",
        Kind.RECTIFICATION_OFFICE,
        "430000",
        "hn_gov",
        None,
    ),
    ("hn_commission", "湖南省纪委监委", Kind.DISCIPLINE_COMMISSION, "430000", None, None),
    ("zz_gov", "株洲市人民政府", Kind.GOVERNMENT, "430200", "hn_gov", None),
    (
        "zz_office",
        "株洲市生态环境保护督察整改办公室",
        Kind.RECTIFICATION_OFFICE,
        "430200",
        "zz_gov",
        None,
    ),
    ("zz_housing", "株洲市住房和城乡建设局", Kind.DEPARTMENT, "430200", "zz_gov", None),
    ("zz_environment", "株洲市生态环境局", Kind.DEPARTMENT, "430200", "zz_gov", None),
    ("zz_commission", "株洲市纪委监委", Kind.DISCIPLINE_COMMISSION, "430200", None, None),
    (
        "zz_housing_group",
        "株洲市纪委监委驻市住建局纪检监察组",
        Kind.STATIONED_GROUP,
        "430200",
        "zz_commission",
        "zz_housing",
    ),
    ("lk_gov", "株洲市渌口区人民政府", Kind.GOVERNMENT, "430212", "zz_gov", None),
    ("lk_housing", "株洲市渌口区住房和城乡建设局", Kind.DEPARTMENT, "430212", "lk_gov", None),
    ("ht_gov", "株洲市荷塘区人民政府", Kind.GOVERNMENT, "430202", "zz_gov", None),
    ("ht_housing", "株洲市荷塘区住房和城乡建设局", Kind.DEPARTMENT, "430202", "ht_gov", None),
    ("jz_commission", "晋中市纪委监委", Kind.DISCIPLINE_COMMISSION, "140700", None, None),
    ("tg_gov", "晋中市太谷区人民政府", Kind.GOVERNMENT, "140703", None, None),
    (
        "tg_commission",
        "太谷区纪委监委",
        Kind.DISCIPLINE_COMMISSION,
        "140703",
        "jz_commission",
        None,
    ),
    ("yn_commission", "云南省纪委监委", Kind.DISCIPLINE_COMMISSION, "530000", None, None),
    ("yx_gov", "玉溪市人民政府", Kind.GOVERNMENT, "530400", None, None),
    ("th_gov", "玉溪市通海县人民政府", Kind.GOVERNMENT, "530423", "yx_gov", None),
    ("hb_commission", "淮北市纪委监委", Kind.DISCIPLINE_COMMISSION, "340600", None, None),
    ("hb_gov", "淮北市人民政府", Kind.GOVERNMENT, "340600", None, None),
    ("hb_development", "淮北市发展和改革委员会", Kind.DEPARTMENT, "340600", "hb_gov", None),
    (
        "hb_development_party",
        "中共淮北市发展和改革委员会党组",
        Kind.PARTY_GROUP,
        "340600",
        "hb_development",
        None,
    ),
    ("hb_environment", "淮北市生态环境局", Kind.DEPARTMENT, "340600", "hb_gov", None),
    (
        "sx_office",
        "山西省生态环境保护督察整改办公室",
        Kind.RECTIFICATION_OFFICE,
        "140000",
        None,
        None,
    ),
    ("jz_gov", "晋中市人民政府", Kind.GOVERNMENT, "140700", None, None),
    # 晋中 set up a leading group with the party secretary and the mayor as joint heads (双组长)
    # and its commission a task force (工作专班) that 太谷区's special group reports into
    # (reference/: 中央纪委国家监委网站).
    (
        "jz_leading_group",
        "晋中市中央生态环境保护督察发现问题整改工作领导组（市委书记、市长任双组长）",
        Kind.LEADING_GROUP,
        "140700",
        None,
        None,
    ),
    (
        "jz_task_force",
        "晋中市纪委监委督察整改监督工作专班",
        Kind.TASK_FORCE,
        "140700",
        "jz_commission",
        None,
    ),
    ("tg_environment", "晋中市生态环境局太谷分局", Kind.DEPARTMENT, "140703", "tg_gov", None),
    ("tg_resources", "晋中市太谷区自然资源局", Kind.DEPARTMENT, "140703", "tg_gov", None),
    (
        "yn_office",
        "云南省生态环境保护督察整改办公室",
        Kind.RECTIFICATION_OFFICE,
        "530000",
        None,
        None,
    ),
    (
        "yx_office",
        "玉溪市生态环境保护督察整改办公室",
        Kind.RECTIFICATION_OFFICE,
        "530400",
        "yx_gov",
        None,
    ),
    ("qilu_bureau", "玉溪市杞麓湖管理局", Kind.DEPARTMENT, "530423", "th_gov", None),
    ("th_environment", "玉溪市生态环境局通海分局", Kind.DEPARTMENT, "530423", "th_gov", None),
    (
        "ah_office",
        "安徽省生态环境保护督察整改办公室",
        Kind.RECTIFICATION_OFFICE,
        "340000",
        None,
        None,
    ),
    (
        "hb_office",
        "淮北市生态环境保护督察整改办公室",
        Kind.RECTIFICATION_OFFICE,
        "340600",
        "hb_gov",
        None,
    ),
    ("hb_coking", "淮北市某焦化有限公司", Kind.ENTERPRISE, "340600", None, None),
]

# (key, name, post, organization key, username or None)
PEOPLE: list[tuple[str, str, str, str, str | None]] = [
    ("zz_housing_head", "周建国", "局长", "zz_housing", None),
    ("zz_housing_deputy", "李明华", "副局长", "zz_housing", "reporter"),
    ("zz_vice_mayor", "陈志远", "副市长（分管住建）", "zz_gov", None),
    ("zz_office_director", "王晓梅", "整改办主任", "zz_office", "reviewer"),
    ("zz_group_leader", "刘卫东", "纪检监察组组长", "zz_housing_group", "supervisor"),
    ("hn_office_staff", "赵丽", "整改办综合组", "hn_office", "viewer"),
    ("lk_housing_head", "孙海波", "局长", "lk_housing", "reporter_lukou"),
    ("ht_housing_head", "吴涛", "局长", "ht_housing", None),
    ("hb_development_head", "郑永强", "主任", "hb_development", None),
    ("hb_development_deputy", "冯立新", "副主任", "hb_development", None),
    ("hn_office_director", "黄志刚", "整改办主任", "hn_office", None),
    ("zz_env_head", "邓伟", "局长", "zz_environment", None),
    ("tg_env_head", "郭建平", "分局局长", "tg_environment", None),
    ("tg_resources_head", "韩冬", "局长", "tg_resources", None),
    ("jz_vice_mayor", "杨树林", "副市长", "jz_gov", None),
    ("sx_office_director", "阎立军", "整改办主任", "sx_office", None),
    ("qilu_head", "普绍华", "局长", "qilu_bureau", None),
    ("th_env_head", "李春燕", "分局局长", "th_environment", None),
    ("yx_vice_mayor", "杜永明", "副市长", "yx_gov", None),
    ("yx_office_director", "段丽华", "整改办主任", "yx_office", None),
    ("hb_env_head", "徐振华", "局长", "hb_environment", None),
    ("hb_vice_mayor", "鲍海峰", "副市长", "hb_gov", None),
    ("hb_office_director", "任晓东", "整改办主任", "hb_office", None),
    ("hb_coking_manager", "孟庆华", "总经理", "hb_coking", None),
]

# (username, password, full name, organization key, role, description)
LOGINS: list[tuple[str, str, str, str, Role, str]] = [
    (
        "admin",
        "Admin-duban-2026",
        "系统管理员",
        "hn_office",
        Role.ADMIN,
        "admin @ 湖南省整改办 (superuser)",
    ),
    ("viewer", "Viewer-duban-2026", "赵丽", "hn_office", Role.VIEWER, "viewer @ 湖南省整改办"),
    (
        "reporter",
        "Reporter-duban-2026",
        "李明华",
        "zz_housing",
        Role.REPORTER,
        "reporter @ 株洲市住建局",
    ),
    (
        "reporter_lukou",
        "Reporter-lukou-2026",
        "孙海波",
        "lk_housing",
        Role.REPORTER,
        "reporter @ 渌口区住建局",
    ),
    (
        "reviewer",
        "Reviewer-duban-2026",
        "王晓梅",
        "zz_office",
        Role.REVIEWER,
        "reviewer @ 株洲市整改办",
    ),
    (
        "supervisor",
        "Supervisor-duban-2026",
        "刘卫东",
        "zz_housing_group",
        Role.SUPERVISOR,
        "supervisor @ 驻市住建局纪检监察组",
    ),
]


def _create_organizations() -> dict[str, Organization]:
    created: dict[str, Organization] = {}
    regions = Region.objects.in_bulk([row[3] for row in ORGANIZATIONS if row[3]])
    for key, name, kind, region, parent, stationed_in in ORGANIZATIONS:
        created[key] = organization_create(
            actor=SYSTEM,
            name=name,
            kind=kind,
            region=regions[region] if region else None,
            parent=created[parent] if parent else None,
            stationed_in=created[stationed_in] if stationed_in else None,
        )
    return created


@dataclass
class Directory:
    organizations: dict[str, Organization]
    people: dict[str, Person]
    users: dict[str, Any]
    logins: list[DemoLogin]


def load_directory() -> Directory:
    """Create the demo organizations, people and logins."""
    organizations = _create_organizations()
    users: dict[str, Any] = {}
    logins = []
    for username, password, full_name, org_key, role, description in LOGINS:
        user = user_create(
            actor=SYSTEM,
            username=username,
            password=password,
            full_name=full_name,
            email=f"{username}@duban.example",
            is_superuser=role == Role.ADMIN,
        )
        membership_grant(actor=SYSTEM, user=user, organization=organizations[org_key], role=role)
        users[username] = user
        logins.append(DemoLogin(username, password, description))
    people = {
        key: person_create(
            actor=SYSTEM,
            name=name,
            post=post,
            organization=organizations[org_key],
            user=users.get(login_name) if login_name else None,
        )
        for key, name, post, org_key, login_name in PEOPLE
    }
    return Directory(organizations, people, users, logins)
