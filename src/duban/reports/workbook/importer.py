"""Importing the workbook (整改台账): check every row first, then write everything or nothing.

New problems and tasks go through inspections.services.problem_create and
rectification.services.task_create; changed responsibility fields through
task_update_responsibility, which keeps old → new in the event ledger. Deadlines, states and
problem facts are never changed by a spreadsheet: a difference there refuses the row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from duban.errors import ApplicationError, NotPermitted
from duban.inspections.models import Plan
from duban.inspections.services import problem_create
from duban.rectification.services import task_create, task_update_responsibility
from duban.reports.selectors import can_import_workbook
from duban.reports.workbook.check import RowPlan, WorkbookCheck
from duban.reports.workbook.read import WorkbookFileError, read_workbook
from duban.reports.workbook.rows import RowError, parse_rows

Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 100
IMPORT_REASON = "整改台账导入"


@dataclass
class ImportResult:
    """What an import did (or, in a dry run or when refused, would have done)."""

    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored: list[RowError] = field(default_factory=list)
    changes: list[RowPlan] = field(default_factory=list)
    unchanged: int = 0
    created_problems: list[str] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False

    @property
    def refused(self) -> bool:
        return bool(self.errors)

    @property
    def created_tasks(self) -> list[RowPlan]:
        return [change for change in self.changes if change.action == RowPlan.CREATE]

    @property
    def updated_tasks(self) -> list[RowPlan]:
        return [change for change in self.changes if change.action == RowPlan.UPDATE]

    def summary(self) -> str:
        """One Chinese sentence for the command line and the page."""
        if self.refused:
            rows = len({error.row for error in self.errors})
            return f"导入被拒绝：{rows}行共{len(self.errors)}处错误，未写入任何数据。"
        if not self.changes:
            return f"没有变化：{self.rows}行均与系统记录一致，未写入任何数据。"
        counts = (
            f"新建问题{len(self.created_problems)}个、新建任务{len(self.created_tasks)}项、"
            f"调整任务{len(self.updated_tasks)}项、未变化{self.unchanged}项"
        )
        return f"试运行（未写入）：将{counts}。" if self.dry_run else f"导入完成：{counts}。"


class _Refused(Exception):
    """Leaves the import transaction so that nothing written inside it is kept."""


def _report(progress: Progress | None, stage: str, done: int, total: int) -> None:
    """Every PROGRESS_EVERY rows and at the end, for files long enough to need it."""
    if progress is None or total < PROGRESS_EVERY:
        return
    if done % PROGRESS_EVERY == 0 or done == total:
        progress(stage, done, total)


def _write(plans: list[RowPlan], *, actor: Any, progress: Progress | None) -> list[RowError]:
    """Apply every planned change; the first refusal by a service rolls everything back."""
    created: dict[str, Any] = {}
    errors: list[RowError] = []
    try:
        with transaction.atomic():
            for done, plan in enumerate(plans, start=1):
                try:
                    _apply(plan, actor=actor, created=created)
                except ApplicationError as error:
                    detail = "；".join(f"{k}: {v}" for k, v in error.fields.items())
                    errors.append(RowError(plan.row, "", f"写入被拒绝：{error.message} {detail}"))
                    raise _Refused from error
                _report(progress, "写入", done, len(plans))
    except _Refused:
        pass
    return errors


def _apply(plan: RowPlan, *, actor: Any, created: dict[str, Any]) -> None:
    if plan.new_problem is not None:
        created[plan.problem_code] = problem_create(actor=actor, **plan.new_problem)
    if plan.action == RowPlan.CREATE:
        problem = plan.problem or created[plan.problem_code]
        task_create(actor=actor, problem=problem, **plan.fields)
    elif plan.action == RowPlan.UPDATE and plan.task is not None:
        task_update_responsibility(actor=actor, task=plan.task, reason=IMPORT_REASON, **plan.fields)


def workbook_import(
    *,
    actor: Any,
    content: bytes,
    plan: Plan | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Check the whole file, then (unless dry_run) write it in one transaction.

    Returns the result with every refused row; raises NotPermitted when the actor may not
    import at all. `plan` receives new problems (default: the one plan of the file's
    existing problems).
    """
    if not can_import_workbook(user=actor):
        raise NotPermitted(
            "only reviewers or administrators of a rectification office may import the ledger"
        )
    result = ImportResult(dry_run=dry_run)
    try:
        sheet = read_workbook(content)
    except WorkbookFileError as error:
        result.errors.append(RowError(error.row, "", str(error)))
        return result
    rows, errors = parse_rows(sheet)
    result.rows = len(rows)
    check = WorkbookCheck(actor=actor, plan=plan, rows=rows, errors=errors)
    for done, row in enumerate(rows, start=1):
        check.row(row)
        _report(progress, "校验", done, len(rows))
    result.errors = sorted(check.errors, key=lambda e: e.row)
    result.ignored = check.ignored
    result.changes = [p for p in check.plans if p.action != RowPlan.UNCHANGED]
    result.unchanged = len(check.plans) - len(result.changes)
    result.created_problems = [p.problem_code for p in check.plans if p.new_problem]
    if result.refused or dry_run or not result.changes:
        return result
    result.errors = _write(result.changes, actor=actor, progress=progress)
    result.written = not result.errors
    return result
