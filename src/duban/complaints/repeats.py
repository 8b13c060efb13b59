"""Repeat complaints: the same firm or address within the window (DUBAN_COMPLAINT_REPEAT_DAYS)
and the same region subtree while the first is open (环保举报热线工作管理办法: 再次提出同一举报
事项的，不予受理). Keys are the normalised firm name and address (`address.py`); the clusters
page groups complaints linked to one first, and complaints sharing a key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Min, Q, QuerySet

from duban.complaints.address import firm_key, normalize_address
from duban.complaints.choices import OPEN_STATES, ComplaintState
from duban.complaints.models import Complaint
from duban.complaints.selectors import complaint_visible_to
from duban.core import clock
from duban.core.errors import UNKNOWN_OR_OUTSIDE_SCOPE
from duban.core.models import Region
from duban.errors import NotFound
from duban.inspections.models import Problem
from duban.inspections.selectors import problem_visible_to
from duban.rectification.models import Task
from duban.rectification.selectors import task_visible_to


def keys_of(complaint: Complaint) -> tuple[str, str]:
    """(firm key, address key) of the complaint, read against its region."""
    region = complaint.region if complaint.region_id else None
    _, address = normalize_address(complaint.address, within=region)
    return firm_key(complaint.accused_name, within=region), address


def region_subtree_q(code: str, field: str = "region__code") -> Q:
    """Complaints whose region is `code`, below it or above it: 株洲市 and 渌口区 are one
    subtree, 渌口区 and 攸县 two."""
    region = Region.objects.get(code=code)
    prefix = region.prefix
    above = {code[:2] + "0000", code[:4] + "00", code}
    return Q(**{f"{field}__startswith": prefix}) | Q(**{f"{field}__in": sorted(above)})


def open_repeat_of(complaint: Complaint) -> Complaint | None:
    """The earliest open complaint about the same firm or address received in the window
    before (or on the day of) this one, in the same region subtree; None if there is none."""
    same = Q()
    if complaint.accused_key:
        same |= Q(accused_key=complaint.accused_key)
    if complaint.address_key:
        same |= Q(address_key=complaint.address_key)
    if not same:
        return None
    since = complaint.received_on - timedelta(days=settings.DUBAN_COMPLAINT_REPEAT_DAYS)
    candidates = Complaint.objects.filter(
        same,
        region_subtree_q(complaint.region_id),
        state__in=OPEN_STATES,
        received_on__gte=since,
        received_on__lte=complaint.received_on,
    )
    if complaint.pk is not None:
        candidates = candidates.exclude(pk=complaint.pk)
    return candidates.order_by("received_on", "pk").first()


@dataclass(frozen=True)
class Cluster:
    """Complaints about one thing: linked to one first, or sharing a firm or address key."""

    kind: str  # "linked", "firm" or "address"
    label: str  # the first's number and firm, or the firm's or address's words
    count: int
    open_count: int
    region_code: str
    region_name: str
    first_on: date
    last_on: date
    first_pk: int
    latitude: Decimal | None
    longitude: Decimal | None


CLUSTER_KINDS = ("linked", "firm", "address")


def repeat_clusters(
    *, user: Any, region: str | None = None, days: int | None = None, kind: str | None = None
) -> list[Cluster]:
    """Clusters of two or more complaints the user sees, received in the last `days` (default
    the repeat window), in `region`'s subtree; largest first. Three grouped queries."""
    window = days or settings.DUBAN_COMPLAINT_REPEAT_DAYS
    visible = complaint_visible_to(user).filter(received_on__gte=clock.today() - timedelta(window))
    if region:
        known = Region.objects.filter(code=region).first()
        visible = visible.filter(region__code__startswith=known.prefix if known else region)
    clusters: list[Cluster] = []
    if kind in (None, "linked"):
        clusters += _linked(visible)
    for key_kind, field, label in (
        ("firm", "accused_key", "accused_name"),
        ("address", "address_key", "address"),
    ):
        if kind in (None, key_kind):
            clusters += _same_key(visible, key_kind, field, label)
    names = dict(
        Region.objects.filter(code__in={c.region_code for c in clusters}).values_list(
            "code", "name"
        )
    )
    clusters = [_named(c, names) for c in clusters]
    return sorted(clusters, key=lambda c: (-c.count, -c.last_on.toordinal(), c.label))


def _aggregates() -> dict[str, Any]:
    return {
        "count": Count("pk", distinct=True),
        "open_count": Count("pk", filter=Q(state__in=OPEN_STATES), distinct=True),
        "region_code": Min("region_id"),
        "first_on": Min("received_on"),
        "last_on": Max("received_on"),
        "first_pk": Min("pk"),
        "latitude": Max("latitude"),
        "longitude": Max("longitude"),
    }


def _linked(visible: QuerySet[Complaint]) -> list[Cluster]:
    """Each first with the visible complaints linked to it (the first counts too)."""
    roots = (
        visible.filter(state=ComplaintState.LINKED, repeat_of__isnull=False)
        .values("repeat_of")
        .annotate(linked=Count("pk"))
    )
    linked = {row["repeat_of"]: row["linked"] for row in roots}
    firsts = visible.filter(pk__in=sorted(linked)).values(
        "pk", "number", "accused_name", "state", "region_id", "received_on", "latitude", "longitude"
    )
    last = dict(
        visible.filter(repeat_of__in=sorted(linked))
        .values("repeat_of")
        .annotate(last=Max("received_on"))
        .values_list("repeat_of", "last")
    )
    return [
        Cluster(
            kind="linked",
            label=f"{row['number']} {row['accused_name']}",
            count=linked[row["pk"]] + 1,
            open_count=1 if row["state"] in OPEN_STATES else 0,
            region_code=row["region_id"],
            region_name="",
            first_on=row["received_on"],
            last_on=max(row["received_on"], last[row["pk"]]),
            first_pk=row["pk"],
            latitude=row["latitude"],
            longitude=row["longitude"],
        )
        for row in firsts
    ]


def _same_key(visible: QuerySet[Complaint], kind: str, field: str, label: str) -> list[Cluster]:
    rows = (
        visible.exclude(**{field: ""})
        .values(field)
        .annotate(label=Min(label), **_aggregates())
        .filter(count__gte=2)
        .order_by("-count")
    )
    return [
        Cluster(
            kind=kind,
            label=row["label"],
            count=row["count"],
            open_count=row["open_count"],
            region_code=row["region_code"],
            region_name="",
            first_on=row["first_on"],
            last_on=row["last_on"],
            first_pk=row["first_pk"],
            latitude=row["latitude"],
            longitude=row["longitude"],
        )
        for row in rows[:500]
    ]


def _named(cluster: Cluster, names: dict[str, str]) -> Cluster:
    return Cluster(**{**cluster.__dict__, "region_name": names.get(cluster.region_code, "")})


@dataclass(frozen=True)
class Links:
    """What the complaint's links panel shows: its first, its repeats, its problem, its tasks
    — each only as far as the user sees it."""

    first: Complaint | None
    repeats: list[Complaint]
    problem: Problem | None
    tasks: list[Task]
    # Tasks other complaints about the same firm or address were linked to: a finished one
    # is where a relapse shows (the data-truth rule), so the panel offers to link it.
    suggested: list[Task]


def complaint_links(*, user: Any, complaint: Complaint) -> Links:
    """The complaint's links the user sees (the complaint itself is one they see)."""
    visible = complaint_visible_to(user)
    first = visible.filter(pk=complaint.repeat_of_id).first() if complaint.repeat_of_id else None
    repeats = list(visible.filter(repeat_of=complaint).order_by("received_on", "pk"))
    problem = (
        problem_visible_to(user).filter(pk=complaint.problem_id).first()
        if complaint.problem_id
        else None
    )
    tasks = list(
        task_visible_to(user)
        .filter(complaints=complaint)
        .select_related("problem", "lead_unit")
        .order_by("problem__code", "number")
    )
    return Links(first, repeats, problem, tasks, suggested_tasks(user=user, complaint=complaint))


def suggested_tasks(*, user: Any, complaint: Complaint) -> list[Task]:
    """Tasks the user sees that other complaints about the same firm or address, in the
    same region subtree and at any time, are linked to — not yet linked to this one."""
    same = Q()
    if complaint.accused_key:
        same |= Q(accused_key=complaint.accused_key)
    if complaint.address_key:
        same |= Q(address_key=complaint.address_key)
    if not same:
        return []
    others = Complaint.objects.filter(same, region_subtree_q(complaint.region_id)).exclude(
        pk=complaint.pk
    )
    return list(
        task_visible_to(user)
        .filter(complaints__in=others.values("pk"))
        .exclude(complaints=complaint)
        .select_related("problem", "lead_unit")
        .distinct()
        .order_by("problem__code", "number")[:10]
    )


def complaint_by_number(*, user: Any, number: str) -> Complaint | None:
    """The complaint with this acceptance number, if the user sees it."""
    return complaint_visible_to(user).filter(number=number.strip()).first()


def problem_by_code(*, user: Any, code: str) -> Problem | None:
    return problem_visible_to(user).filter(code=code.strip()).first()


def task_by_code(*, user: Any, code: str) -> Task | None:
    """The task "HN-ZZ-01-2" (its problem's code, its number), if the user sees it."""
    problem_code, _, number = code.strip().rpartition("-")
    if not problem_code or not number.isdigit():
        return None
    return (
        task_visible_to(user)
        .select_related("problem", "lead_unit")
        .filter(problem__code=problem_code, number=int(number))
        .first()
    )


def linked_task(*, user: Any, complaint: Complaint, task_pk: int) -> Task | None:
    """One task the complaint is linked to, if the user sees it."""
    return (
        task_visible_to(user)
        .select_related("problem", "lead_unit")
        .filter(complaints=complaint, pk=task_pk)
        .first()
    )


def visible_task(*, user: Any, pk: int) -> Task:
    """A task the user sees, for a link; NotFound (on the `task` field) otherwise."""
    task = task_visible_to(user).select_related("problem", "lead_unit").filter(pk=pk).first()
    if task is None:
        unseen = UNKNOWN_OR_OUTSIDE_SCOPE(ids=pk)
        raise NotFound(unseen, code="task_not_found", fields={"task": unseen})
    return task
