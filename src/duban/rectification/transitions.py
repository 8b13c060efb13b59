"""The one transition table: which move, from which states, by whom (DESIGN §6)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from duban.core.choices import Role
from duban.rectification.choices import TaskKind, TaskState, Verb


class Side(Enum):
    LEAD = "lead"  # a member of the lead unit (or of an organization above it)
    OVERSIGHT = "oversight"  # a coordinating organization whose region covers the problem


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[TaskState]
    target: TaskState
    side: Side
    roles: frozenset[Role]
    verb: Verb
    needs_reason: bool = False
    kinds: frozenset[TaskKind] = frozenset(TaskKind)


S = TaskState
LEAD_ROLES = frozenset({Role.REPORTER, Role.REVIEWER, Role.ADMIN})
REVIEW_ROLES = frozenset({Role.REVIEWER, Role.ADMIN})
CLOSABLE = frozenset({TaskKind.IMMEDIATE, TaskKind.DEADLINE})

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "acknowledge",
            frozenset({S.ASSIGNED}),
            S.ACKNOWLEDGED,
            Side.LEAD,
            LEAD_ROLES,
            Verb.TASK_ACKNOWLEDGED,
        ),
        Transition(
            "start",
            frozenset({S.ACKNOWLEDGED}),
            S.IN_PROGRESS,
            Side.LEAD,
            LEAD_ROLES,
            Verb.TASK_STARTED,
        ),
        Transition(
            "complete",
            frozenset({S.IN_PROGRESS}),
            S.COMPLETED,
            Side.LEAD,
            LEAD_ROLES,
            Verb.TASK_COMPLETED,
        ),
        # Needs evidence: made through closure_request, not the generic endpoint.
        Transition(
            "request_closure",
            frozenset({S.COMPLETED}),
            S.CLOSURE_REQUESTED,
            Side.LEAD,
            LEAD_ROLES,
            Verb.TASK_CLOSURE_REQUESTED,
            kinds=CLOSABLE,
        ),
        Transition(
            "begin_acceptance",
            frozenset({S.CLOSURE_REQUESTED}),
            S.UNDER_ACCEPTANCE,
            Side.OVERSIGHT,
            REVIEW_ROLES,
            Verb.TASK_ACCEPTANCE_STARTED,
            kinds=CLOSABLE,
        ),
        # Needs the signer and the five tests: made through acceptance_record.
        Transition(
            "accept",
            frozenset({S.UNDER_ACCEPTANCE}),
            S.PUBLICIZED,
            Side.OVERSIGHT,
            REVIEW_ROLES,
            Verb.TASK_ACCEPTED,
            kinds=CLOSABLE,
        ),
        Transition(
            "close",
            frozenset({S.PUBLICIZED}),
            S.CLOSED,
            Side.OVERSIGHT,
            REVIEW_ROLES,
            Verb.TASK_CLOSED,
            kinds=CLOSABLE,
        ),
        Transition(
            "uphold",
            frozenset({S.COMPLETED}),
            S.UPHELD,
            Side.OVERSIGHT,
            REVIEW_ROLES,
            Verb.TASK_UPHELD,
            kinds=frozenset({TaskKind.ONGOING}),
        ),
        Transition(
            "return",
            frozenset({S.COMPLETED, S.CLOSURE_REQUESTED, S.UNDER_ACCEPTANCE}),
            S.IN_PROGRESS,
            Side.OVERSIGHT,
            REVIEW_ROLES,
            Verb.TASK_RETURNED,
            needs_reason=True,
        ),
        Transition(
            "reopen",
            frozenset({S.PUBLICIZED, S.CLOSED, S.UPHELD}),
            S.IN_PROGRESS,
            Side.OVERSIGHT,
            frozenset({Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN}),
            Verb.TASK_REOPENED,
            needs_reason=True,
        ),
    ]
}
# Moves that carry more than a reason and so have services of their own.
SPECIAL_ACTIONS = frozenset({"request_closure", "accept"})
