"""Leading groups (领导小组) and task forces (工作专班) are organizations with a parent and
members. A leading group coordinates over its region; a task force — a commission's too —
sees only its own subtree and what it is assigned, and can lead a task (docs/scope.md)."""

from __future__ import annotations

import pytest

from duban.core.choices import OrganizationKind, Role
from duban.core.roles import OVERSIGHT
from duban.core.scope import scope_of
from duban.errors import NotFound
from duban.inspections.selectors import problem_visible_to
from duban.rectification.choices import TaskState
from duban.rectification.models import Task
from duban.rectification.selectors import task_get, task_visible_to
from duban.rectification.services import task_create, task_transition
from duban.supervision.selectors import investigation_visible_to
from duban.supervision.services import investigation_open
from tests.factories import make_organization, make_person, make_user

pytestmark = pytest.mark.django_db


def task_force_task(w):
    """株洲's sewer task force, under the city government, leads a task of the problem."""
    task_force = make_organization(
        "株洲市污水管网改造工作专班", kind=OrganizationKind.TASK_FORCE, parent=w.housing.parent
    )
    head = make_person("刘专班", organization=task_force, post="专班组长")
    member = make_user("zhuanban", organization=task_force, role=Role.REPORTER)
    task = task_create(
        actor=w.reviewer,
        problem=w.problem,
        number=2,
        title="排查雨污混接点",
        measures="逐段排查并建立台账",
        target="混接点全部销号",
        kind="deadline",
        lead_unit=task_force,
        responsible_person=head,
        deadline=w.task.deadline,
        acceptance_level="city",
    )
    return task_force, member, task


def test_a_task_force_leads_a_task_and_its_member_works_on_it(workflow):
    w = workflow
    task_force, member, task = task_force_task(w)
    assert Task.objects.get(pk=task.pk).lead_unit == task_force
    assert list(task_visible_to(member)) == [task]
    task_transition(actor=member, task_id=task.pk, action="acknowledge")
    assert Task.objects.get(pk=task.pk).state == TaskState.ACKNOWLEDGED


def test_a_task_force_member_sees_what_it_is_assigned_not_its_parents_region(workflow):
    w = workflow
    _task_force, member, _task = task_force_task(w)
    with pytest.raises(NotFound):
        task_get(user=member, pk=w.task.pk)  # the housing bureau's task, same problem
    assert not scope_of(member).oversees(OVERSIGHT | {Role.REPORTER}, "430200")
    # The rectification office above still sees and oversees the task force's task.
    assert task_visible_to(w.reviewer).count() == 2


def test_a_commissions_task_force_does_not_see_what_its_commission_sees(workflow):
    w = workflow
    commission = make_organization("株洲市纪委监委", kind=OrganizationKind.DISCIPLINE_COMMISSION)
    supervisor = make_user("jw", organization=commission, role=Role.SUPERVISOR)
    team = make_person("李办案", organization=commission)
    investigation_open(
        actor=supervisor, problem=w.problem, commission=commission, team=[team], plan="调阅台账"
    )
    task_force = make_organization(
        "株洲市纪委监委督察整改工作专班", kind=OrganizationKind.TASK_FORCE, parent=commission
    )
    member = make_user("jw-zhuanban", organization=task_force, role=Role.SUPERVISOR)
    assert not task_visible_to(member).exists()
    assert not problem_visible_to(member).exists()
    assert not investigation_visible_to(member).exists()
    # Its commission, above it, holds in it (and sees it), as for any organization below.
    assert scope_of(supervisor).holds(OVERSIGHT, task_force)


def test_a_leading_group_coordinates_over_its_region_with_joint_heads(workflow):
    w = workflow
    group = make_organization(
        "株洲市生态环境保护督察整改工作领导小组",
        kind=OrganizationKind.LEADING_GROUP,
        parent=None,
    )
    heads = [
        make_person("曹慧泉", organization=group, post="市委书记、组长"),
        make_person("阳卫国", organization=group, post="市长、组长"),
    ]
    member = make_user("lingdao", organization=group, role=Role.VIEWER)
    assert group.is_coordinating
    assert list(group.people.order_by("pk")) == heads
    assert list(task_visible_to(member)) == [w.task]
    assert scope_of(member).oversees({Role.VIEWER}, "430202")  # a district of the city
    outside = make_user("elsewhere", organization=make_organization(region="430300"))
    assert not task_visible_to(outside).exists()
