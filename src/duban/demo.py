"""Demo data for `duban demo`: the places in the reference report, one login per role.

Everything is created through services, so the demo's ledger is a real, verifiable chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from duban.core.choices import OrganizationKind as Kind
from duban.core.choices import Role
from duban.core.models import Organization, Region
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
    ("hb_environment", "淮北市生态环境局", Kind.DEPARTMENT, "340600", "hb_gov", None),
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
            actor=None,
            name=name,
            kind=kind,
            region=regions[region] if region else None,
            parent=created[parent] if parent else None,
            stationed_in=created[stationed_in] if stationed_in else None,
        )
    return created


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    """Create the demo organizations, people and logins; return the logins to print."""
    organizations = _create_organizations()
    users: dict[str, Any] = {}
    logins = []
    for username, password, full_name, org_key, role, description in LOGINS:
        user = user_create(
            actor=None,
            username=username,
            password=password,
            full_name=full_name,
            is_superuser=role == Role.ADMIN,
        )
        membership_grant(actor=None, user=user, organization=organizations[org_key], role=role)
        users[username] = user
        logins.append(DemoLogin(username, password, description))
    for _key, name, post, org_key, login_name in PEOPLE:
        person_create(
            actor=None,
            name=name,
            post=post,
            organization=organizations[org_key],
            user=users.get(login_name) if login_name else None,
        )
    return logins
