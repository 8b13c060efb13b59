"""Problem endpoints: the problem list and one problem with its tasks and plan clock."""

from typing import Annotated

from django.http import HttpRequest
from ninja import Path
from ninja.pagination import paginate

from duban.core.api_types import (
    ApiRouter,
    Pagination,
    PlanCode,
    QueryId,
    RegionCode,
    SearchText,
    Storable,
)
from duban.inspections import selectors
from duban.inspections.choices import Category, ProblemSource, ProblemStatus
from duban.inspections.schemas import ProblemDetailOut, ProblemOut

router = ApiRouter()
ProblemCode = Annotated[str, Storable, Path(max_length=32)]


@router.get("/problems", response=list[ProblemOut], tags=["problems"])
@paginate(Pagination)
def list_problems(
    request: HttpRequest,
    q: SearchText = "",
    region: RegionCode = None,
    team: QueryId = None,
    source: ProblemSource | None = None,
    status: ProblemStatus | None = None,
    category: Category | None = None,
    plan: PlanCode = None,
):
    """Problems the caller sees; `region` is a code or a prefix-bearing code such as 430200."""
    filters = selectors.ProblemFilter(
        query=q,
        region=region,
        team=team,
        source=source,
        status=status,
        category=category,
        plan=plan,
    )
    return selectors.problem_list(user=request.user, filters=filters)


@router.get(
    "/problems/{code}",
    response=ProblemDetailOut,
    tags=["problems"],
)
def get_problem(request: HttpRequest, code: ProblemCode):
    """One problem, its tasks (those the caller sees) and the 30-working-day plan clock."""
    return selectors.problem_get(user=request.user, code=code)
