"""API shapes of problems and the 30-working-day plan clock.

`task_count` and `tasks` are filled by the app that registers the "tasks" section of a
problem (rectification, through core.related); inspections does not import it.
"""

from datetime import date
from typing import Any

from ninja import Schema
from pydantic import Field

from duban.core import clock
from duban.core.related import section_named
from duban.core.schemas import RegionOut
from duban.inspections.models import Problem
from duban.inspections.selectors import plan_clock

TASKS = "tasks"  # the section of a problem its API answer carries


class TeamRef(Schema):
    id: int
    name: str


class ProblemBase(Schema):
    code: str
    source: str
    title: str
    region: str
    region_name: str
    team: TeamRef | None
    plan: str | None
    categories: list[str]
    status: str
    schedule_status: str
    is_public: bool
    disclosed_on: date | None
    feedback_on: date | None

    @staticmethod
    def resolve_region(obj: Any) -> str:
        return str(obj.region_id)

    @staticmethod
    def resolve_region_name(obj: Any) -> str:
        return str(obj.region.name)

    @staticmethod
    def resolve_plan(obj: Any) -> str | None:
        return obj.plan.code if obj.plan_id else None

    @staticmethod
    def resolve_categories(obj: Any) -> list[str]:
        return [category.category for category in obj.categories.all()]


class ProblemOut(ProblemBase):
    """A row of the problem list; task_count counts the tasks of the problem the caller sees."""

    task_count: int

    @staticmethod
    def resolve_task_count(obj: Any) -> int:
        section = section_named(Problem, TASKS)
        return int(getattr(obj, section.count_as)) if section else 0


class PlanClockOut(Schema):
    """The plan is to be submitted (上报) within 30 working days of the feedback report."""

    feedback_on: date
    due_on: date
    estimated: bool
    submitted_on: date | None
    submitted_to: str
    submitted_in_time: bool
    approved_on: date | None
    approved_by: str
    late: bool


class ProblemDetailOut(ProblemBase):
    """One problem with its text, the tasks the caller sees and the plan clock."""

    description: str
    basic_situation: str
    main_issues: str
    tags: str
    other_regions: list[RegionOut]
    tasks: list[dict[str, Any]] = Field(
        description="the problem's tasks the caller sees, each shaped as TaskOut"
    )
    plan_clock: PlanClockOut | None

    @staticmethod
    def resolve_other_regions(obj: Any) -> list[Any]:
        return list(obj.other_regions.all())

    @staticmethod
    def resolve_tasks(obj: Any) -> list[dict[str, Any]]:
        section = section_named(Problem, TASKS)
        return [section.data(row) for row in section.shown(obj)] if section else []

    @staticmethod
    def resolve_plan_clock(obj: Any) -> PlanClockOut | None:
        state = plan_clock(problem=obj, today=clock.today())
        if state is None:
            return None
        return PlanClockOut(
            feedback_on=state.feedback_on,
            due_on=state.due_on,
            estimated=state.estimated,
            submitted_on=state.submitted_on,
            submitted_to=state.submitted_to,
            submitted_in_time=state.submitted_in_time,
            approved_on=state.approved_on,
            approved_by=state.approved_by,
            late=state.overdue,
        )
