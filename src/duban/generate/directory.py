"""Generated organizations, people, logins and roles: a province's offices, departments,
commissions and counties, in bulk, each with the event its service records."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from duban.core.choices import OrganizationKind as Kind
from duban.core.choices import RegionLevel, Role
from duban.core.events import (
    membership_granted_event,
    organization_created_event,
    person_created_event,
    user_created_event,
)
from duban.core.models import Membership, Organization, Person, Region
from duban.core.principal import SYSTEM
from duban.core.services import membership_grant, organization_create, user_create
from duban.generate import names
from duban.generate.chain import Chain

PASSWORD = "Generated-duban-2026"  # every generated login's, printed at the end (docs)
ROLE_OF_KIND = {
    Kind.DEPARTMENT: Role.REPORTER,
    Kind.RECTIFICATION_OFFICE: Role.REVIEWER,
    Kind.DISCIPLINE_COMMISSION: Role.SUPERVISOR,
    Kind.STATIONED_GROUP: Role.SUPERVISOR,
}


@dataclass
class Unit:
    """A working unit with its head (the responsible person) and its login."""

    organization: Organization
    head: Person
    user: Any


@dataclass
class Area:
    """A city (or a municipality's district): its government, office, departments, and the
    counties under it (each a government and its environment bureau)."""

    region: Region
    government: Organization
    leader: Person
    office: Unit | None
    departments: list[Unit]
    counties: list[tuple[Region, Unit]] = field(default_factory=list)

    def units(self) -> list[tuple[Region, Unit]]:
        return [(self.region, unit) for unit in self.departments] + self.counties


@dataclass
class ProvinceDirectory:
    region: Region
    office: Unit
    commission: Unit
    team_organization: Organization
    areas: list[Area]


class Builder:
    """Creates rows level by level (bulk, then paths), then records their events in order."""

    def __init__(self, chain: Chain, rng: random.Random) -> None:
        self.chain, self.rng = chain, rng
        self.password_hash = make_password(PASSWORD)  # one argon2 hash for every login

    def organizations(
        self, rows: Sequence[tuple[str, Kind, Region | None, Organization | None]]
    ) -> list[Organization]:
        created = Organization.objects.bulk_create(
            [
                Organization(name=name, kind=kind, region=region, parent=parent, path="")
                for name, kind, region, parent in rows
            ]
        )
        for organization in created:
            parent_path = organization.parent.path if organization.parent else ""
            organization.path = f"{parent_path}{organization.pk:06d}/"
        Organization.objects.bulk_update(created, ["path"])
        for organization in created:
            organization_created_event(actor=SYSTEM, organization=organization)
        return created

    def units(self, organizations: list[Organization], posts: Mapping[str, str]) -> list[Unit]:
        """A head for each organization, and a login for those whose kind has a role."""
        users = get_user_model().objects.bulk_create(
            [
                get_user_model()(
                    username=f"u{organization.pk}",
                    password=self.password_hash,
                    email=f"u{organization.pk}@duban.example",
                    first_name=names.person_name(self.rng),
                )
                for organization in organizations
            ]
        )
        people = Person.objects.bulk_create(
            [
                Person(
                    name=user.first_name,
                    post=posts.get(organization.kind, "负责人"),
                    organization=organization,
                    user=user,
                )
                for organization, user in zip(organizations, users, strict=True)
            ]
        )
        roles = [ROLE_OF_KIND.get(Kind(o.kind), Role.VIEWER) for o in organizations]
        Membership.objects.bulk_create(
            [
                Membership(user=user, organization=organization, role=role)
                for organization, user, role in zip(organizations, users, roles, strict=True)
            ]
        )
        for organization, user, person, role in zip(
            organizations, users, people, roles, strict=True
        ):
            user_created_event(actor=SYSTEM, user=user, username=user.username)
            membership_granted_event(actor=SYSTEM, user=user, organization=organization, role=role)
            person_created_event(actor=SYSTEM, person=person)
        return [Unit(o, p, u) for o, p, u in zip(organizations, people, users, strict=True)]

    def leaders(self, governments: list[Organization], post: str) -> list[Person]:
        people = Person.objects.bulk_create(
            [
                Person(name=names.person_name(self.rng), post=post, organization=g)
                for g in governments
            ]
        )
        for person in people:
            person_created_event(actor=SYSTEM, person=person)
        return people


POSTS: dict[str, str] = {
    Kind.DEPARTMENT: "局长",
    Kind.RECTIFICATION_OFFICE: "整改办主任",
    Kind.DISCIPLINE_COMMISSION: "监督检查室主任",
    Kind.STATIONED_GROUP: "纪检监察组组长",
}


def national(national_office_name: str = "中央生态环境保护督察办公室") -> Organization:
    """The nationwide coordinating office (no region: it sees everything), via the service."""
    return organization_create(
        actor=SYSTEM, name=national_office_name, kind=Kind.RECTIFICATION_OFFICE
    )


def province_directory(
    builder: Builder, province: Region, national_office: Organization, team_name: str
) -> ProvinceDirectory:
    """Province, then city, then county organizations, with heads, logins and roles."""
    short = province.name
    cities = list(Region.objects.filter(parent=province, level=RegionLevel.CITY).order_by("code"))
    direct = list(Region.objects.filter(parent=province, level=RegionLevel.COUNTY).order_by("code"))
    committee, government, commission, team = builder.organizations(
        [
            (f"中共{short}委员会", Kind.PARTY_COMMITTEE, province, None),
            (f"{short}人民政府", Kind.GOVERNMENT, province, None),
            (f"{short}纪委监委", Kind.DISCIPLINE_COMMISSION, province, None),
            (team_name, Kind.INSPECTION_TEAM, province, national_office),
        ]
    )
    office, *departments = builder.organizations(
        [
            (
                f"{short}生态环境保护督察整改工作领导小组办公室",
                Kind.RECTIFICATION_OFFICE,
                province,
                government,
            )
        ]
        + [
            (f"{short}{d}", Kind.DEPARTMENT, province, government)
            for d in names.PROVINCE_DEPARTMENTS
        ]
    )
    office_unit, commission_unit, *department_units = builder.units(
        [office, commission, *departments], POSTS
    )
    governor = builder.leaders([government], "副省长")[0]
    areas = [Area(province, government, governor, None, department_units)]
    areas += _cities(builder, cities, government, commission)
    # A municipality's districts sit under the province itself.
    areas[0].counties = _counties(builder, [(c, short) for c in direct], government)
    for area in areas[1:]:
        area.counties = _counties(
            builder,
            [
                (c, area.region.name)
                for c in Region.objects.filter(parent=area.region).order_by("code")
            ],
            area.government,
        )
    return ProvinceDirectory(province, office_unit, commission_unit, team, areas)


def _cities(
    builder: Builder,
    cities: list[Region],
    province_government: Organization,
    commission: Organization,
) -> list[Area]:
    governments = builder.organizations(
        [(f"{c.name}人民政府", Kind.GOVERNMENT, c, province_government) for c in cities]
    )
    leaders = builder.leaders(governments, "副市长")
    areas = []
    for city, government, leader in zip(cities, governments, leaders, strict=True):
        office, *departments = builder.organizations(
            [
                (
                    f"{city.name}生态环境保护督察整改办公室",
                    Kind.RECTIFICATION_OFFICE,
                    city,
                    government,
                )
            ]
            + [
                (f"{city.name}{d}", Kind.DEPARTMENT, city, government)
                for d in names.CITY_DEPARTMENTS
            ]
        )
        (city_commission,) = builder.organizations(
            [(f"{city.name}纪委监委", Kind.DISCIPLINE_COMMISSION, city, commission)]
        )
        stationed = [d for d in departments if d.name.removeprefix(city.name) in names.STATIONED_IN]
        groups = Organization.objects.bulk_create(
            [
                Organization(
                    name=f"{city.name}纪委监委驻市{d.name.removeprefix(city.name)}纪检监察组",
                    kind=Kind.STATIONED_GROUP,
                    region=city,
                    parent=city_commission,
                    stationed_in=d,
                    path="",
                )
                for d in stationed
            ]
        )
        for group in groups:
            group.path = f"{city_commission.path}{group.pk:06d}/"
            Organization.objects.filter(pk=group.pk).update(path=group.path)
            organization_created_event(actor=SYSTEM, organization=group)
        office_unit, *department_units = builder.units([office, *departments], POSTS)
        builder.units([city_commission, *groups], POSTS)
        areas.append(Area(city, government, leader, office_unit, department_units))
    return areas


def _counties(
    builder: Builder, counties: list[tuple[Region, str]], parent: Organization
) -> list[tuple[Region, Unit]]:
    governments = builder.organizations(
        [(f"{above}{c.name}人民政府", Kind.GOVERNMENT, c, parent) for c, above in counties]
    )
    bureaus = builder.organizations(
        [
            (f"{above}{c.name}生态环境分局", Kind.DEPARTMENT, c, government)
            for (c, above), government in zip(counties, governments, strict=True)
        ]
    )
    units = builder.units(bureaus, POSTS)
    return [(c, unit) for (c, _), unit in zip(counties, units, strict=True)]


BENCH_USERS = {
    "bench_national": "reviewer @ 中央生态环境保护督察办公室 (sees everything)",
    "bench_city": "reviewer @ 株洲市生态环境保护督察整改办公室 (430200)",
    "bench_dept": "reporter @ 株洲市生态环境局",
}


def bench_users(national_office: Organization) -> None:
    """The logins the benchmarks sign in as, through the services (docs/generate.md)."""
    zhuzhou = Organization.objects.filter(region_id="430200")
    places = [
        ("bench_national", national_office, Role.REVIEWER),
        ("bench_city", zhuzhou.get(kind=Kind.RECTIFICATION_OFFICE), Role.REVIEWER),
        ("bench_dept", zhuzhou.get(name="株洲市生态环境局"), Role.REPORTER),
    ]
    for username, organization, role in places:
        user = user_create(actor=SYSTEM, username=username, password=PASSWORD, full_name=username)
        membership_grant(actor=SYSTEM, user=user, organization=organization, role=role)
