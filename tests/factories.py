"""Test data built through the services, so every fixture also writes real ledger events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from itertools import count
from typing import Any

from django.contrib.auth import get_user_model

from duban.core import clock
from duban.core.choices import OrganizationKind, Role
from duban.core.models import Organization, Person, Region
from duban.core.principal import SYSTEM
from duban.core.services import membership_grant, organization_create, person_create, user_create

_numbers = count(1)


def make_organization(
    name: str | None = None,
    *,
    kind: OrganizationKind = OrganizationKind.DEPARTMENT,
    region: str | None = "430200",
    parent: Organization | None = None,
    stationed_in: Organization | None = None,
) -> Organization:
    return organization_create(
        actor=SYSTEM,
        name=name or f"单位{next(_numbers)}",
        kind=kind,
        region=Region.objects.get(code=region) if region else None,
        parent=parent,
        stationed_in=stationed_in,
    )


def make_user(
    username: str | None = None,
    *,
    organization: Organization | None = None,
    role: Role = Role.REPORTER,
    password: str = "Test-password-2026",
    **extra: Any,
) -> Any:
    user = user_create(
        actor=SYSTEM, username=username or f"user{next(_numbers)}", password=password, **extra
    )
    if organization is not None:
        membership_grant(actor=SYSTEM, user=user, organization=organization, role=role)
    return get_user_model().objects.get(pk=user.pk)


def make_person(name: str = "张三", *, organization: Organization, post: str = "科员") -> Person:
    return person_create(actor=SYSTEM, name=name, post=post, organization=organization)


@dataclass
class TwoCounties:
    """A city with two sibling counties, each with a department, a person and a reporter."""

    city_office: Organization
    lukou: Organization
    hetang: Organization
    lukou_person: Person
    hetang_person: Person
    lukou_reporter: Any
    hetang_reporter: Any
    city_reviewer: Any


def make_two_counties() -> TwoCounties:
    city_gov = make_organization("株洲市人民政府", kind=OrganizationKind.GOVERNMENT)
    city_office = make_organization(
        "株洲市整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, parent=city_gov
    )
    lukou = make_organization("渌口区住建局", region="430212", parent=city_gov)
    hetang = make_organization("荷塘区住建局", region="430202", parent=city_gov)
    return TwoCounties(
        city_office=city_office,
        lukou=lukou,
        hetang=hetang,
        lukou_person=make_person("孙海波", organization=lukou),
        hetang_person=make_person("吴涛", organization=hetang),
        lukou_reporter=make_user("lukou", organization=lukou),
        hetang_reporter=make_user("hetang", organization=hetang),
        city_reviewer=make_user("city", organization=city_office, role=Role.REVIEWER),
    )


@dataclass
class Workflow:
    """株洲: a city office (reviewer), the housing bureau (reporter), a plan, a problem, a task."""

    office: Organization
    housing: Organization
    sibling: Organization
    reviewer: Any
    reporter: Any
    outsider: Any
    responsible: Person
    leader: Person
    signer: Person
    plan: Any
    problem: Any
    task: Any


def make_workflow(*, kind: str = "deadline", deadline_days: int = 90) -> Workflow:
    from datetime import timedelta

    from duban.core import clock
    from duban.inspections.services import plan_create, problem_create
    from duban.rectification.services import task_create

    city_gov = make_organization("株洲市人民政府", kind=OrganizationKind.GOVERNMENT)
    office = make_organization(
        "株洲市整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, parent=city_gov
    )
    housing = make_organization("株洲市住建局", parent=city_gov)
    sibling = make_organization("荷塘区住建局", region="430202", parent=city_gov)
    responsible = make_person("周建国", organization=housing, post="局长")
    leader = make_person("陈志远", organization=city_gov, post="副市长")
    signer = make_person("王晓梅", organization=office, post="整改办主任")
    reviewer = make_user("reviewer", organization=office, role=Role.REVIEWER)
    reporter = make_user(
        "reporter", organization=housing, role=Role.REPORTER, email="zjj@example.cn"
    )
    outsider = make_user("outsider", organization=sibling, role=Role.REPORTER)
    today = clock.today()
    region = Region.objects.get(code="430200")
    plan = plan_create(
        actor=SYSTEM,
        code="ZZ-2021",
        title="株洲市整改方案",
        region=region,
        office=office,
        cadence="monthly",
        dispatch_starts_on=today.replace(day=1),
    )
    problem = problem_create(
        actor=SYSTEM,
        code="HN-ZZ-01",
        source="feedback",
        title="老旧污水管网改造滞后",
        description="大量雨污混流水直排湘江",
        region=region,
        plan=plan,
        categories=["water"],
    )
    task = task_create(
        actor=SYSTEM,
        problem=problem,
        number=1,
        title="完成老旧管网改造",
        measures="排查并改造",
        target="改造 120 公里",
        kind=kind,
        lead_unit=housing,
        responsible_person=responsible,
        supervising_leader=leader,
        acceptance_level="city",
        assigned_on=today,
        deadline=None if kind == "ongoing" else today + timedelta(days=deadline_days),
    )
    return Workflow(
        office,
        housing,
        sibling,
        reviewer,
        reporter,
        outsider,
        responsible,
        leader,
        signer,
        plan,
        problem,
        task,
    )


# Problems and tasks beside the workflow's, for list pages and query counts.


def add_problem(
    w: Workflow,
    code: str,
    *,
    region: str = "430200",
    title: str = "问题",
    lead_unit=None,
    tasks: int = 1,
    plan: Any = None,
    **extra,
):
    """A problem of the workflow's plan with `tasks` tasks led by lead_unit (the bureau)."""
    from duban.inspections.services import problem_create

    problem = problem_create(
        actor=SYSTEM,
        code=code,
        source=extra.pop("source", "feedback"),
        title=title,
        description=extra.pop("description", "描述"),
        region=Region.objects.get(code=region),
        plan=plan or w.plan,
        categories=extra.pop("categories", ["water"]),
        **extra,
    )
    unit = lead_unit or w.housing
    person = w.responsible if unit == w.housing else make_person("吴涛", organization=unit)
    for number in range(1, tasks + 1):
        add_task(problem, number, unit=unit, person=person, title=f"{title}任务{number}")
    return problem


def add_task(problem, number: int, *, unit, person, title: str = "任务", **extra) -> Any:
    from duban.rectification.services import task_create

    return task_create(
        actor=SYSTEM,
        problem=problem,
        number=number,
        title=title,
        measures=extra.pop("measures", "措施"),
        target=extra.pop("target", "目标"),
        kind=extra.pop("kind", "deadline"),
        lead_unit=unit,
        responsible_person=person,
        acceptance_level="city",
        deadline=extra.pop("deadline", clock.today() + timedelta(days=60)),
        **extra,
    )


def add_hetang_problem(w: Workflow):
    """A problem in 荷塘区 whose task the outsider's bureau leads."""
    return add_problem(w, "HN-ZZ-HT", region="430202", title="荷塘区黑臭水体", lead_unit=w.sibling)
