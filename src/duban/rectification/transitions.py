"""The one transition table: which move, from which states, by whom (DESIGN §6)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from duban.core.choices import Role
from duban.core.roles import OVERSIGHT, REVIEWERS, WORKERS
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
CLOSABLE = frozenset({TaskKind.IMMEDIATE, TaskKind.DEADLINE})

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "acknowledge",
            frozenset({S.ASSIGNED}),
            S.ACKNOWLEDGED,
            Side.LEAD,
            WORKERS,
            Verb.TASK_ACKNOWLEDGED,
        ),
        Transition(
            "start",
            frozenset({S.ACKNOWLEDGED}),
            S.IN_PROGRESS,
            Side.LEAD,
            WORKERS,
            Verb.TASK_STARTED,
        ),
        Transition(
            "complete",
            frozenset({S.IN_PROGRESS}),
            S.COMPLETED,
            Side.LEAD,
            WORKERS,
            Verb.TASK_COMPLETED,
        ),
        # Needs evidence: made through closure_request, not the generic endpoint.
        Transition(
            "request_closure",
            frozenset({S.COMPLETED}),
            S.CLOSURE_REQUESTED,
            Side.LEAD,
            WORKERS,
            Verb.TASK_CLOSURE_REQUESTED,
            kinds=CLOSABLE,
        ),
        Transition(
            "begin_acceptance",
            frozenset({S.CLOSURE_REQUESTED}),
            S.UNDER_ACCEPTANCE,
            Side.OVERSIGHT,
            REVIEWERS,
            Verb.TASK_ACCEPTANCE_STARTED,
            kinds=CLOSABLE,
        ),
        # Needs the signer and the five tests: made through acceptance_record.
        Transition(
            "accept",
            frozenset({S.UNDER_ACCEPTANCE}),
            S.PUBLICIZED,
            Side.OVERSIGHT,
            REVIEWERS,
            Verb.TASK_ACCEPTED,
            kinds=CLOSABLE,
        ),
        Transition(
            "close",
            frozenset({S.PUBLICIZED}),
            S.CLOSED,
            Side.OVERSIGHT,
            REVIEWERS,
            Verb.TASK_CLOSED,
            kinds=CLOSABLE,
        ),
        # A staged acceptance (阶段性验收), made through staged_acceptance_record.
        Transition(
            "uphold",
            frozenset({S.COMPLETED}),
            S.UPHELD,
            Side.OVERSIGHT,
            REVIEWERS,
            Verb.TASK_UPHELD,
            kinds=frozenset({TaskKind.ONGOING}),
        ),
        Transition(
            "return",
            frozenset({S.COMPLETED, S.CLOSURE_REQUESTED, S.UNDER_ACCEPTANCE}),
            S.IN_PROGRESS,
            Side.OVERSIGHT,
            REVIEWERS,
            Verb.TASK_RETURNED,
            needs_reason=True,
        ),
        Transition(
            "reopen",
            frozenset({S.PUBLICIZED, S.CLOSED, S.UPHELD}),
            S.IN_PROGRESS,
            Side.OVERSIGHT,
            OVERSIGHT,
            Verb.TASK_REOPENED,
            needs_reason=True,
        ),
    ]
}
# Moves that carry more than a reason and so have services of their own.
SPECIAL_ACTIONS = frozenset({"request_closure", "accept", "uphold"})


@dataclass(frozen=True)
class TaskRight:
    """Who may take an action on a task that is not a move of its state."""

    action: str  # read as "your role may not {action} this task"
    side: Side
    roles: frozenset[Role]


# The actions beside the moves, from the same two sides (rectification.permissions asks).
REPORT = TaskRight("report on", Side.LEAD, WORKERS)
REQUEST_EXTENSION = TaskRight("request an extension for", Side.LEAD, WORKERS)
DECIDE_EXTENSION = TaskRight("decide extensions for", Side.OVERSIGHT, REVIEWERS)
# A look-back that finds a relapse reopens the task: the same people record both.
LOOK_BACK = TaskRight("look back on", Side.OVERSIGHT, TRANSITIONS["reopen"].roles)
# The public notice's objections: the office that accepts records and answers them.
RECORD_OBJECTION = TaskRight("record objections on", Side.OVERSIGHT, REVIEWERS)
