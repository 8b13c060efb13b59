"""What a dossier (一案一档) holds, read once and rendered as Word or PDF.

Everything comes from the ledger and the accountability rows the user may see (SYSTEM:
the command line, which sees everything): responsibility today and at the end of each day it
changed, each person's and unit's roles with their dates, findings and sanctions, the events
they made, every event of the problem with its hash, and the deadlines missed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from duban.accountability import backtrace
from duban.accountability.backtrace import MissedNotice, RoleSpell, TaskResponsibility
from duban.accountability.dossier.summary import Names, actor_name, event_summary, verb_label
from duban.accountability.models import AccountabilityCase, ResponsibilityFinding, Sanction
from duban.accountability.selectors import case_visible_to, problem_events_for
from duban.core import clock
from duban.core.models import Event, LedgerHead, Person
from duban.inspections.models import Problem


@dataclass(frozen=True)
class EventRow:
    seq: int
    at: datetime
    actor: str
    organization: str
    verb: str
    label: str
    summary: str
    hash: str


@dataclass(frozen=True)
class Snapshot:
    """The responsibility of every task at the end of a day on which it changed."""

    day: date
    tasks: list[TaskResponsibility]


@dataclass
class Holder:
    """A person or a unit, with everything the dossier knows of them on this problem."""

    key: tuple[str, int]
    name: str
    roles: list[RoleSpell] = field(default_factory=list)
    findings: list[ResponsibilityFinding] = field(default_factory=list)
    sanctions: list[Sanction] = field(default_factory=list)
    acts: list[EventRow] = field(default_factory=list)

    @property
    def is_person(self) -> bool:
        return self.key[0] == "person"


@dataclass
class DossierData:
    problem: Problem
    generated_at: datetime
    generated_by: str
    head_seq: int
    head_hash: str
    today: list[TaskResponsibility]
    snapshots: list[Snapshot]
    changes: list[dict[str, Any]]
    holders: list[Holder]
    events: list[EventRow]
    missed_tasks: list[TaskResponsibility]
    missed_notices: list[MissedNotice]
    cases: list[AccountabilityCase]


def event_rows(events: list[Event]) -> list[EventRow]:
    names = Names(events)
    return [
        EventRow(
            seq=event.seq,
            at=timezone.localtime(event.created_at),
            actor=actor_name(event),
            organization=event.organization.name if event.organization else "",
            verb=event.verb,
            label=verb_label(event.verb),
            summary=event_summary(event, names),
            hash=event.hash,
        )
        for event in events
    ]


def _cases(user: Any, problem: Problem) -> list[AccountabilityCase]:
    cases = case_visible_to(user)
    # Withdrawn findings are not part of the responsibility found (their events stay).
    findings = ResponsibilityFinding.objects.filter(withdrawn_on__isnull=True).select_related(
        "person", "organization"
    )
    return list(
        cases.filter(problems=problem)
        .select_related("commission")
        .prefetch_related(
            Prefetch("findings", queryset=findings.prefetch_related("evidence").order_by("pk")),
            Prefetch(
                "sanctions",
                queryset=Sanction.objects.select_related(
                    "finding__person", "finding__organization"
                ).order_by("decided_on", "pk"),
            ),
        )
        .order_by("opened_on", "pk")
    )


def _holders(
    spells: list[RoleSpell], cases: list[AccountabilityCase], events: list[Event]
) -> list[Holder]:
    holders: dict[tuple[str, int], Holder] = {}

    def holder(kind: str, pk: int, name: str) -> Holder:
        return holders.setdefault((kind, pk), Holder((kind, pk), name))

    for spell in spells:
        kind = "unit" if spell.role == "lead_unit" else "person"
        if spell.holder_id is not None:
            holder(kind, spell.holder_id, spell.holder).roles.append(spell)
    for case in cases:
        for finding in case.findings.all():
            target = (
                holder("person", finding.person.pk, str(finding.person))
                if finding.person
                else holder("unit", finding.organization_id or 0, str(finding.organization))
            )
            target.findings.append(finding)
        for sanction in case.sanctions.all():
            kind = "person" if sanction.finding.person_id else "unit"
            pk = sanction.finding.person_id or sanction.finding.organization_id or 0
            if (kind, pk) in holders:
                holders[(kind, pk)].sanctions.append(sanction)
    person_ids = [pk for kind, pk in holders if kind == "person"]
    by_user = dict(
        Person.objects.filter(pk__in=person_ids, user__isnull=False).values_list("user_id", "pk")
    )
    acted = [(by_user[e.actor_id], e) for e in events if e.actor_id and e.actor_id in by_user]
    rows = event_rows([event for _, event in acted])
    for (person_id, _event), row in zip(acted, rows, strict=True):
        holders[("person", person_id)].acts.append(row)
    return sorted(holders.values(), key=lambda h: (h.key[0] != "person", h.name))


def dossier_data(*, user: Any, problem: Problem, generated_by: str = "") -> DossierData:
    """Everything a dossier shows, as `user` may see it (SYSTEM: everything)."""
    today = clock.today()
    current = backtrace.responsibility_as_of(problem, today)
    changes = sorted(
        ({**change, "task": item.code} for item in current for change in item.changes),
        key=lambda change: change["seq"],
    )
    change_days = sorted({backtrace.local_day(change["at"]) for change in changes})
    events = problem_events_for(user=user, problem=problem)
    cases = _cases(user, problem)
    head = LedgerHead.objects.get(pk=1)
    return DossierData(
        problem=problem,
        generated_at=clock.now(),
        generated_by=generated_by,
        head_seq=head.seq,
        head_hash=head.hash,
        today=current,
        snapshots=[
            Snapshot(day, backtrace.responsibility_as_of(problem, day)) for day in change_days
        ],
        changes=changes,
        holders=_holders(backtrace.responsibility_history(problem), cases, events),
        events=event_rows(events),
        missed_tasks=[item for item in current if item.missed_deadline],
        missed_notices=backtrace.missed_notices(problem, today),
        cases=cases,
    )
