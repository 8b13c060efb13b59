"""Checking parsed workbook rows against the database and planning each row's change.

Reads only: everything the rows refer to is loaded up front in a fixed number of queries,
then each row is checked in memory and becomes a RowPlan (create / update / unchanged) or
RowErrors. Nothing here writes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from duban.core import clock
from duban.core.models import Organization, Person, Region
from duban.core.principal import SYSTEM
from duban.errors import NotPermitted
from duban.inspections.models import Plan, Problem
from duban.inspections.services import require_planner
from duban.rectification.choices import TaskKind, TaskState
from duban.rectification.models import Task
from duban.reports.selectors import organizations_for, problems_for, workbook_tasks
from duban.reports.workbook import format as fmt
from duban.reports.workbook.export import task_cells
from duban.reports.workbook.rows import RowError, WorkbookRow

TITLE_LENGTH = 60
STATE_RULE = "状态变化须通过整改流程办理"
DEADLINE_RULE = "整改时限只能通过经批准的延期申请调整"
PROBLEM_RULE = "问题信息不通过台账修改"
PLAN_HINT = "命令行用 --plan，页面上选择方案"
IGNORED = "已忽略：该列只随整改流程变化，导入时不读取"


@dataclass
class RowPlan:
    """What one row will do: create a task (and maybe its problem), update one, or nothing."""

    CREATE: ClassVar[str] = "create"
    UPDATE: ClassVar[str] = "update"
    UNCHANGED: ClassVar[str] = "unchanged"

    row: int
    problem_code: str
    task_number: int
    action: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # column, old, new
    task: Task | None = None
    problem: Problem | None = None
    new_problem: dict[str, Any] | None = None
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return f"{self.problem_code}-{self.task_number}"


def short_title(text: str) -> str:
    """A title from the first sentence of a longer text (the workbook has no title column)."""
    first = re.split(r"[。；;\n]", text.strip(), maxsplit=1)[0].strip()
    return (first or text.strip())[:TITLE_LENGTH]


def _names(units: list[Organization]) -> str:
    return "、".join(sorted(unit.name for unit in units))


def _new_problem_fields(
    row: WorkbookRow, lead: Organization | None, *, plan: Plan
) -> dict[str, Any]:
    """problem_create's arguments for the first row of a new problem."""
    return {
        "code": row.problem_code,
        "source": row.source,
        "title": short_title(row.description),
        "description": row.description,
        "region": (lead.region if lead else None) or plan.region,
        "plan": plan,
    }


def _responsibility_changes(
    plan: RowPlan,
    task: Task,
    *,
    lead: Organization | None,
    co_units: list[Organization] | None,
    person: Person | None,
) -> None:
    """Add to the row's plan what differs in lead unit, responsible person and co-units."""
    if lead is not None and lead.pk != task.lead_unit_id:
        plan.fields["lead_unit"] = lead
        plan.changes.append((fmt.LEAD_UNIT, task.lead_unit.name, lead.name))
    if person is not None and person.pk != task.responsible_person_id:
        plan.fields["responsible_person"] = person
        plan.changes.append((fmt.PERSON, task.responsible_person.name, person.name))
    current = list(task.co_units.all())
    if co_units is not None and {u.pk for u in co_units} != {u.pk for u in current}:
        plan.fields["co_units"] = co_units
        plan.changes.append((fmt.CO_UNITS, _names(current), _names(co_units)))


class WorkbookCheck:
    """Checks rows one by one against what was loaded for the whole file."""

    def __init__(
        self,
        *,
        actor: Any,
        plan: Plan | None,
        rows: list[WorkbookRow],
        errors: list[RowError] | None = None,
    ) -> None:
        self.actor, self.today = actor, clock.today()
        self.errors: list[RowError] = list(errors or [])
        self.unreadable_rows = {error.row for error in self.errors}
        self.ignored: list[RowError] = []
        self.plans: list[RowPlan] = []
        codes = {row.problem_code for row in rows if row.problem_code}
        self.problems = {
            p.code: p
            for p in Problem.objects.filter(code__in=codes).select_related("plan", "region")
        }
        self.visible = set(
            problems_for(user=actor).filter(code__in=codes).values_list("code", flat=True)
        )
        # Every task of these problems, as the system sees them: a row names an existing task
        # by number, and it is the problem that must be in the actor's scope (see `row`).
        self.tasks = {
            (t.problem.code, t.number): t
            for t in workbook_tasks(user=SYSTEM, plan=None).filter(problem__code__in=codes)
        }
        self.plan = plan or self._plan_of_file()
        self._load_units(rows)
        self.new_problems: dict[str, WorkbookRow] = {}
        self.may_plan: dict[str, bool] = {}

    def _plan_of_file(self) -> Plan | None:
        plans = {p.plan_id: p.plan for p in self.problems.values() if p.plan_id}
        return next(iter(plans.values())) if len(plans) == 1 else None

    def _load_units(self, rows: list[WorkbookRow]) -> None:
        names = {row.lead_unit for row in rows} | {n for row in rows for n in row.co_units or []}
        self.units: dict[str, list[Organization]] = defaultdict(list)
        for unit in (
            organizations_for(user=self.actor).filter(name__in=names).select_related("region")
        ):
            self.units[unit.name].append(unit)
        unit_ids = {u.pk for found in self.units.values() for u in found}
        unit_ids |= {task.lead_unit_id for task in self.tasks.values()}
        self.people: dict[tuple[int, str], list[Person]] = defaultdict(list)
        for person in Person.objects.filter(
            organization_id__in=unit_ids, name__in={row.person for row in rows}
        ):
            self.people[(person.organization_id, person.name)].append(person)

    # --- helpers ---------------------------------------------------------------------------

    def _error(self, row: WorkbookRow, column: str, reason: str) -> None:
        self.errors.append(RowError(row.row, column, reason))

    def _required(self, row: WorkbookRow, column: str, value: Any) -> None:
        """'Required' unless the cell already has an error (it held something unreadable)."""
        if value is None or value == "":
            if not any(e.row == row.row and e.column == column for e in self.errors):
                whose = "新问题" if column in (fmt.SOURCE, fmt.DESCRIPTION) else "新任务"
                self._error(row, column, f"{whose}必填")

    def _may_plan(self, region: Region) -> bool:
        if region.code not in self.may_plan:
            try:
                require_planner(actor=self.actor, region=region)
                self.may_plan[region.code] = True
            except NotPermitted:
                self.may_plan[region.code] = False
        return self.may_plan[region.code]

    def _unit(
        self, row: WorkbookRow, name: str, *, current: list[Organization], column: str
    ) -> Organization | None:
        for unit in current:
            if unit.name == name:
                return unit
        found = self.units.get(name, [])
        if len(found) == 1:
            return found[0]
        if found:
            self._error(row, column, f"单位名称“{name}”不唯一（{len(found)}个单位同名）")
        elif name:
            self._error(row, column, f"未知单位“{name}”：在您可见的单位中没有这个名称")
        return None

    def _person(self, row: WorkbookRow, lead: Organization | None, task: Task | None) -> Any:
        if lead is None or not row.person:
            return None
        if task is not None:
            current = task.responsible_person
            same_unit = lead.pk in (current.organization_id, task.lead_unit_id)
            if current.name == row.person and same_unit:
                return current
        found = self.people.get((lead.pk, row.person), [])
        if len(found) == 1:
            return found[0]
        reason = "有重名，无法确定" if found else "不是该牵头单位的人员"
        self._error(row, fmt.PERSON, f"责任人“{row.person}”{reason}（{lead.name}）")
        return None

    # --- one row ---------------------------------------------------------------------------

    def row(self, row: WorkbookRow) -> None:
        if not row.problem_code or row.task_number is None:
            return
        problem = self.problems.get(row.problem_code)
        if problem is not None and problem.code not in self.visible:
            self._error(row, fmt.PROBLEM_CODE, f"问题“{problem.code}”不在您的可见范围内")
            return
        if problem is not None and self.plan is not None and problem.plan_id != self.plan.pk:
            owner = problem.plan.code if problem.plan else "（无）"
            self._error(
                row,
                fmt.PROBLEM_CODE,
                f"问题“{problem.code}”属于整改方案{owner}，不属于{self.plan.code}",
            )
        task = self.tasks.get((row.problem_code, row.task_number)) if problem else None
        before = len(self.errors)
        lead = self._unit(
            row, row.lead_unit, current=[task.lead_unit] if task else [], column=fmt.LEAD_UNIT
        )
        co_units = None
        if row.co_units is not None:
            current = list(task.co_units.all()) if task else []
            found = [self._unit(row, n, current=current, column=fmt.CO_UNITS) for n in row.co_units]
            co_units = [unit for unit in found if unit is not None]
        person = self._person(row, lead, task)
        if problem is not None:
            self._same_problem(row, problem)
        else:
            self._new_problem(row, lead)
        if task is not None:
            plan = self._update(row, task, lead=lead, co_units=co_units, person=person)
        else:
            plan = self._create(row, problem, lead=lead, co_units=co_units, person=person)
        self._ignored_values(row, task)
        if len(self.errors) == before and row.row not in self.unreadable_rows:
            self.plans.append(plan)

    def _same_problem(self, row: WorkbookRow, problem: Problem) -> None:
        if row.source and row.source != problem.source:
            label = fmt.source_labels().get(problem.source, problem.source)
            self._error(row, fmt.SOURCE, f"与系统记录（{label}）不一致：{PROBLEM_RULE}")
        if row.description and not fmt.same_text(row.description, problem.description):
            self._error(row, fmt.DESCRIPTION, f"与系统记录不一致：{PROBLEM_RULE}")

    def _new_problem(self, row: WorkbookRow, lead: Organization | None) -> None:
        first = self.new_problems.setdefault(row.problem_code, row)
        if first is not row:
            if row.source and row.source != first.source:
                self._error(row, fmt.SOURCE, f"与第{first.row}行（同一问题）不一致")
            if row.description and not fmt.same_text(row.description, first.description):
                self._error(row, fmt.DESCRIPTION, f"与第{first.row}行（同一问题）不一致")
            return
        self._required(row, fmt.SOURCE, row.source)
        self._required(row, fmt.DESCRIPTION, row.description)
        if self.plan is None:
            self._error(row, fmt.PROBLEM_CODE, f"新问题需要指定所属整改方案（{PLAN_HINT}）")
            return
        region = (lead.region if lead else None) or self.plan.region
        if not self._may_plan(region):
            self._error(row, fmt.PROBLEM_CODE, f"您无权在{region.name}交办整改任务")

    def _create(
        self,
        row: WorkbookRow,
        problem: Problem | None,
        *,
        lead: Organization | None,
        co_units: list[Organization] | None,
        person: Person | None,
    ) -> RowPlan:
        assigned_on = row.assigned_on or self.today
        kind, deadline = (row.deadline.kind, row.deadline.on) if row.deadline else ("", None)
        if kind == TaskKind.IMMEDIATE and deadline is None:
            deadline = assigned_on
        self._check_new_task(row, problem, deadline=deadline, assigned_on=assigned_on)
        plan = RowPlan(row.row, row.problem_code, row.task_number or 0, RowPlan.CREATE)
        plan.problem = problem
        plan.fields = {
            "number": row.task_number,
            "title": short_title(row.measures),
            "measures": row.measures,
            "target": row.target,
            "kind": kind,
            "lead_unit": lead,
            "responsible_person": person,
            "deadline": deadline,
            "acceptance_level": row.acceptance_level,
            "co_units": co_units or [],
            "assigned_on": assigned_on,
        }
        if problem is None and self.new_problems.get(row.problem_code) is row and self.plan:
            plan.new_problem = _new_problem_fields(row, lead, plan=self.plan)
        return plan

    def _check_new_task(
        self, row: WorkbookRow, problem: Problem | None, *, deadline: date | None, assigned_on: date
    ) -> None:
        """A new task: deadline not before assignment, acceptance level given, state 已交办."""
        if deadline is not None and deadline < assigned_on:
            which = "交办日期" if row.assigned_on else "交办日期（导入当天）"
            self._error(
                row,
                fmt.DEADLINE,
                f"整改时限{fmt.format_date(deadline)}早于{which}{fmt.format_date(assigned_on)}",
            )
        self._required(row, fmt.ACCEPTANCE_LEVEL, row.acceptance_level)
        if row.state is not None and row.state != TaskState.ASSIGNED:
            self._error(row, fmt.STATE, f"新任务的状态只能是“已交办”：{STATE_RULE}")
        if problem is not None and not self._may_plan(problem.region):
            self._error(row, fmt.PROBLEM_CODE, f"您无权在{problem.region.name}交办整改任务")

    def _fixed_fields(self, row: WorkbookRow, task: Task) -> None:
        """Deadline, state and assignment date are compared, never written."""
        deadline = row.deadline
        if deadline is not None and (
            (deadline.kind == TaskKind.ONGOING) != (task.kind == TaskKind.ONGOING)
            or (deadline.on is not None and deadline.on != task.deadline)
        ):
            stored = fmt.deadline_cell(kind=task.kind, deadline=task.deadline)
            shown = fmt.format_date(stored) if isinstance(stored, date) else stored
            self._error(row, fmt.DEADLINE, f"与系统记录（{shown}）不一致：{DEADLINE_RULE}")
        if row.state is not None and row.state != task.state:
            label = fmt.state_labels().get(task.state, task.state)
            self._error(row, fmt.STATE, f"与系统记录（{label}）不一致：{STATE_RULE}")
        if row.assigned_on is not None and row.assigned_on != task.assigned_on:
            shown = fmt.format_date(task.assigned_on)
            self._error(row, fmt.ASSIGNED_ON, f"与系统记录（{shown}）不一致：交办日期不能修改")

    def _update(
        self,
        row: WorkbookRow,
        task: Task,
        *,
        lead: Organization | None,
        co_units: list[Organization] | None,
        person: Person | None,
    ) -> RowPlan:
        self._fixed_fields(row, task)
        plan = RowPlan(row.row, row.problem_code, task.number, RowPlan.UNCHANGED, task=task)
        for column, name, old, new in (
            (fmt.MEASURES, "measures", task.measures, row.measures),
            (fmt.TARGET, "target", task.target, row.target),
        ):
            if new and not fmt.same_text(old, new):
                plan.fields[name] = new
                plan.changes.append((column, old, new))
        _responsibility_changes(plan, task, lead=lead, co_units=co_units, person=person)
        level = row.acceptance_level
        if level is not None and level != task.acceptance_level:
            plan.fields["acceptance_level"] = level
            labels = fmt.acceptance_labels()
            old_label, new_label = labels.get(task.acceptance_level, ""), labels.get(level, "")
            plan.changes.append((fmt.ACCEPTANCE_LEVEL, old_label, new_label))
        if plan.changes:
            plan.action = RowPlan.UPDATE
            if not self._may_plan(task.problem.region):
                self._error(
                    row, plan.changes[0][0], f"您无权调整{task.problem.region.name}的整改任务"
                )
        return plan

    def _ignored_values(self, row: WorkbookRow, task: Task | None) -> None:
        """Export-only columns are not read; a value that differs is named, not dropped."""
        stored = task_cells(task) if task else {}
        for column, value in row.export_only.items():
            if value in (None, ""):
                continue
            known = stored.get(column)
            same = (
                fmt.same_text(str(known or ""), value)
                if isinstance(value, str)
                else (value == known)
            )
            if not same:
                self.ignored.append(RowError(row.row, column, IGNORED))
