"""Who sees which notices and investigations; the reads behind the pages and the API."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from duban.core.errors import UNKNOWN_OR_OUTSIDE_SCOPE
from duban.core.models import Organization, Person
from duban.core.roles import OVERSIGHT, SUPERVISORS
from duban.core.scope import scope_of
from duban.errors import NotFound
from duban.rectification.models import Task
from duban.rectification.selectors import task_visible_to
from duban.supervision.choices import NoticeLevel
from duban.supervision.models import DirectInvestigation, NoticeNumbering, SupervisionNotice
from duban.supervision.permissions import COMMISSION_KINDS, ISSUER_KINDS

# Longest escalation chain followed upwards from a notice (rules escalate once or twice).
MAX_CHAIN = 20
CHAINS_SHOWN = 20


# Notices


def notice_visible_to(user: Any) -> QuerySet[SupervisionNotice]:
    """Issuers and coordinating organizations over the tasks see notices; targets see theirs."""
    scope = scope_of(user)
    if scope.everything:
        return SupervisionNotice.objects.all()
    mine = Organization.objects.filter(scope.organization_q())
    return SupervisionNotice.objects.filter(
        Q(target__in=mine) | Q(issuer__in=mine) | Q(tasks__in=task_visible_to(user))
    ).distinct()


def listed_supervision_public() -> QuerySet[SupervisionNotice]:
    """Listed supervision (挂牌督办) as published to everyone, signed in or not: the public
    portal's read. Only notices marked public; newest first, with issuer, unit and tasks."""
    return (
        SupervisionNotice.objects.filter(level=NoticeLevel.LISTED, is_public=True)
        .select_related("issuer", "target")
        .prefetch_related(Prefetch("tasks", queryset=Task.objects.order_by("pk")))
    )


def _visible_notices(user: Any) -> QuerySet[SupervisionNotice]:
    """notice_visible_to as a plain filter (no DISTINCT), to order, count and aggregate on."""
    return SupervisionNotice.objects.filter(pk__in=notice_visible_to(user).values("pk"))


@dataclass
class NoticeFilter:
    level: str | None = None
    state: str | None = None
    issuer: int | None = None
    target: int | None = None
    task: int | None = None


def notice_list(*, user: Any, filters: NoticeFilter | None = None) -> QuerySet[SupervisionNotice]:
    """The notices the user sees, newest first, in a fixed number of queries."""
    filters = filters or NoticeFilter()
    notices = _visible_notices(user)
    if filters.level:
        notices = notices.filter(level=filters.level)
    if filters.state:
        notices = notices.filter(state=filters.state)
    if filters.issuer is not None:
        notices = notices.filter(issuer_id=filters.issuer)
    if filters.target is not None:
        notices = notices.filter(target_id=filters.target)
    if filters.task is not None:
        notices = notices.filter(tasks__pk=filters.task)
    return notices.select_related("issuer", "target", "escalated_from").prefetch_related(
        Prefetch(
            "tasks", queryset=Task.objects.select_related("lead_unit", "problem").order_by("pk")
        ),
        Prefetch("escalations", queryset=SupervisionNotice.objects.order_by("pk")),
    )


def notice_get(*, user: Any, pk: int) -> SupervisionNotice:
    """One notice with its tasks, evidence and escalations; NotFound when not visible."""
    tasks = Task.objects.select_related("lead_unit", "problem").order_by("pk")
    notice = (
        _visible_notices(user)
        .select_related("issuer", "target", "escalated_from", "issued_by")
        .prefetch_related(
            Prefetch("tasks", queryset=tasks),
            "response_evidence",
            Prefetch("escalations", queryset=SupervisionNotice.objects.order_by("pk")),
        )
        .filter(pk=pk)
        .first()
    )
    if notice is None:
        raise NotFound("notice not found", code="notice_not_found")
    return notice


def notice_chain(*, user: Any, notice: SupervisionNotice) -> list[SupervisionNotice]:
    """The escalation chain through a notice: where it came from, it, and what followed."""
    visible = _visible_notices(user)
    ancestors: list[SupervisionNotice] = []
    current = notice.escalated_from_id
    while current is not None and len(ancestors) < MAX_CHAIN:
        parent = visible.filter(pk=current).first()
        if parent is None:
            break
        ancestors.insert(0, parent)
        current = parent.escalated_from_id
    descendants: list[SupervisionNotice] = []
    frontier = [notice.pk]
    while frontier and len(descendants) < MAX_CHAIN:
        children = list(visible.filter(escalated_from_id__in=frontier).order_by("pk"))
        descendants.extend(children)
        frontier = [child.pk for child in children]
    return [*ancestors, notice, *descendants]


def attachment_links(user: Any) -> Q:
    """Evidence files of responses to notices the user sees (core attachment registry)."""
    answered = SupervisionNotice.objects.filter(
        pk__in=notice_visible_to(user).values("pk"), response_evidence=OuterRef("pk")
    )
    return Q(Exists(answered))


def notice_filter_options(*, user: Any) -> dict[str, QuerySet[Organization]]:
    """The issuers and targets that occur in the user's notices (for the list's filters)."""
    visible = _visible_notices(user)
    return {
        "issuers": Organization.objects.filter(pk__in=visible.values("issuer")),
        "targets": Organization.objects.filter(pk__in=visible.values("target")),
    }


def issuer_list(*, user: Any) -> QuerySet[Organization]:
    """Organizations the user may issue notices for (and configure the numbering of)."""
    issuing = scope_of(user).with_roles(OVERSIGHT)  # the roles notice_issue asks for
    return Organization.objects.filter(issuing.membership_q(), kind__in=ISSUER_KINDS).order_by(
        "path"
    )


def numbering_list(*, user: Any) -> QuerySet[NoticeNumbering]:
    """The numbering rows of the issuers the user may configure, newest year first."""
    return (
        NoticeNumbering.objects.filter(issuer__in=issuer_list(user=user))
        .select_related("issuer")
        .order_by("-year", "issuer__path")
    )


def task_target_options(*, task: Task) -> list[Organization]:
    """Whom a notice about this task may be addressed to: its lead unit and co-units."""
    return [task.lead_unit, *task.co_units.all()]


# Escalation on a unit's page


@dataclass
class UnitEscalations:
    """Notices addressed to one unit: counts by level and the chains of escalation."""

    counts: list[tuple[str, Any, int]]
    total: int
    escalated: int
    chains: list[list[SupervisionNotice]] = field(default_factory=list)

    @property
    def repeated(self) -> bool:
        """Escalated more than once: a chain of three or more, or two or more chains."""
        return self.escalated >= 2


def _chains(notices: list[SupervisionNotice]) -> list[list[SupervisionNotice]]:
    """Every path from an unescalated notice to a last escalation, longest first."""
    by_pk = {notice.pk: notice for notice in notices}
    children: dict[int, list[SupervisionNotice]] = defaultdict(list)
    for notice in notices:
        if notice.escalated_from_id in by_pk:
            children[notice.escalated_from_id].append(notice)
    chains: list[list[SupervisionNotice]] = []

    def walk(path: list[SupervisionNotice]) -> None:
        following = children.get(path[-1].pk, [])
        if not following and len(path) > 1:
            chains.append(path)
        for child in following:
            walk([*path, child])

    for notice in notices:
        if notice.escalated_from_id not in by_pk and notice.pk in children:
            walk([notice])
    return sorted(chains, key=lambda chain: (-len(chain), -chain[-1].pk))


def unit_escalations(*, user: Any, unit: Organization) -> UnitEscalations:
    """What the unit's page shows: notices to it by level, and how they were escalated."""
    addressed = _visible_notices(user).filter(target=unit)
    by_level: dict[str, int] = dict(
        addressed.order_by()
        .values("level")
        .annotate(number=Count("pk"))
        .values_list("level", "number")
    )
    counts = [(value, label, by_level.get(value, 0)) for value, label in NoticeLevel.choices]
    linked = list(
        addressed.filter(Q(escalated_from__isnull=False) | Q(escalations__isnull=False))
        .distinct()
        .select_related("issuer")
        .order_by("pk")
    )
    return UnitEscalations(
        counts=counts,
        total=sum(by_level.values()),
        escalated=sum(1 for notice in linked if notice.escalated_from_id is not None),
        chains=_chains(linked)[:CHAINS_SHOWN],
    )


# Investigations


def supervisor_commissions(user: Any) -> QuerySet[Organization]:
    """Commissions (or stationed groups) in which the user holds a supervisor or admin role."""
    return Organization.objects.filter(
        memberships__user=user,
        memberships__role__in=SUPERVISORS,
        kind__in=COMMISSION_KINDS,
    )


def investigation_visible_to(user: Any) -> QuerySet[DirectInvestigation]:
    """Only supervisors of discipline commissions: their own cases and those in their region.

    A supervisor role elsewhere (say in a rectification office) does not open these files.
    """
    commissions = scope_of(user).with_roles(SUPERVISORS, kinds=COMMISSION_KINDS)
    if commissions.everything:  # a superuser, or a commission without a region
        return DirectInvestigation.objects.all()
    if not commissions.organization_ids:
        return DirectInvestigation.objects.none()
    return DirectInvestigation.objects.filter(
        Q(commission_id__in=sorted(commissions.organization_ids))
        | commissions.region_q("problem__region__code")
    )


def is_investigator(*, user: Any) -> bool:
    """May open the investigation pages at all: a commission supervisor or a superuser."""
    return bool(scope_of(user).superuser or supervisor_commissions(user).exists())


def investigation_list(
    *, user: Any, state: str | None = None, problem: str = ""
) -> QuerySet[DirectInvestigation]:
    investigations = investigation_visible_to(user).select_related("problem", "commission")
    if state:
        investigations = investigations.filter(state=state)
    if problem:
        investigations = investigations.filter(problem__code__startswith=problem)
    return investigations.prefetch_related("team").order_by("-opened_on", "-pk")


def investigation_get(*, user: Any, pk: int) -> DirectInvestigation:
    """One investigation with its team; NotFound for everyone outside the commission's scope."""
    investigation = (
        investigation_visible_to(user)
        .select_related("problem__region", "commission", "opened_by")
        .prefetch_related(Prefetch("team", queryset=Person.objects.select_related("organization")))
        .filter(pk=pk)
        .first()
    )
    if investigation is None:
        raise NotFound("investigation not found", code="investigation_not_found")
    return investigation


def investigation_commissions(*, user: Any) -> QuerySet[Organization]:
    """The commissions the user may open an investigation for."""
    scope = scope_of(user)
    if scope.superuser:
        return Organization.objects.filter(kind__in=COMMISSION_KINDS).order_by("path")
    return supervisor_commissions(user).distinct().order_by("path")


def investigation_team_options(*, user: Any) -> QuerySet[Person]:
    """People who may be named on an investigation team: those of the user's commissions."""
    commissions = investigation_commissions(user=user)
    return Person.objects.filter(organization__in=commissions).select_related("organization")


# Lookups by id for the API and forms: NotFound (naming the field) outside the user's scope.


def _organization_for(
    user: Any, pk: int, allowed: QuerySet[Organization], field_name: str
) -> Organization:
    """An organization the user may act for (`allowed`) or at least sees; NotFound otherwise.

    One the user sees but may not act for is returned, so that the service refuses it (403)
    rather than the lookup hiding it (404).
    """
    scope = scope_of(user)
    organization = (
        Organization.objects.filter(Q(pk__in=allowed.values("pk")) | scope.organization_q())
        .filter(pk=pk)
        .first()
    )
    if organization is None:
        raise NotFound(
            "organization not found",
            code="organization_not_found",
            fields={field_name: "unknown or outside your scope"},
        )
    return organization


def issuer_get(*, user: Any, pk: int) -> Organization:
    return _organization_for(user, pk, issuer_list(user=user), "issuer")


def commission_get(*, user: Any, pk: int) -> Organization:
    return _organization_for(user, pk, investigation_commissions(user=user), "commission")


def target_get(*, user: Any, pk: int) -> Organization:
    return _organization_for(user, pk, Organization.objects.none(), "target")


def tasks_get(*, user: Any, ids: list[int]) -> list[Task]:
    """The tasks with these ids, in order, if the user sees every one of them."""
    wanted = list(dict.fromkeys(ids))
    found = {
        task.pk: task
        for task in task_visible_to(user).filter(pk__in=wanted).select_related("lead_unit")
    }
    missing = [str(pk) for pk in wanted if pk not in found]
    if missing:
        raise NotFound(
            "task not found",
            code="task_not_found",
            fields={"tasks": UNKNOWN_OR_OUTSIDE_SCOPE(ids=", ".join(missing))},
        )
    return [found[pk] for pk in wanted]


def team_get(*, user: Any, ids: list[int]) -> list[Person]:
    """The people with these ids, in order, if the user sees every one of them."""
    wanted = list(dict.fromkeys(ids))
    scope = scope_of(user)
    visible = Person.objects.filter(scope.organization_q("organization__"))
    found = {person.pk: person for person in visible.filter(pk__in=wanted)}
    missing = [str(pk) for pk in wanted if pk not in found]
    if missing:
        raise NotFound(
            "person not found",
            code="person_not_found",
            fields={"team": UNKNOWN_OR_OUTSIDE_SCOPE(ids=", ".join(missing))},
        )
    return [found[pk] for pk in wanted]
