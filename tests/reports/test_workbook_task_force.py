"""The workbook (整改台账) import accepts a task force (工作专班) as the lead unit."""

from __future__ import annotations

import pytest

from duban.core.choices import OrganizationKind
from duban.rectification.models import Task
from duban.reports.workbook.importer import workbook_import
from tests.factories import make_organization, make_person
from tests.reports.test_workbook_import import new_row
from tests.reports.workbooks import build

pytestmark = pytest.mark.django_db


def test_a_task_force_is_accepted_as_the_lead_unit(world):
    w = world.w
    task_force = make_organization(
        "株洲市畜禽养殖污染整治工作专班", kind=OrganizationKind.TASK_FORCE, parent=w.housing.parent
    )
    head = make_person("刘专班", organization=task_force, post="专班组长")
    row = new_row(牵头单位="株洲市畜禽养殖污染整治工作专班", 责任人="刘专班")
    result = workbook_import(actor=w.reviewer, content=build([row]), plan=w.plan)
    assert result.errors == []
    task = Task.objects.get(problem__code="HN-ZZ-03", number=1)
    assert (task.lead_unit, task.responsible_person) == (task_force, head)
