"""The role sets the apps ask about, each named for what it means (DESIGN §2).

Every "may this user…" names one of these with `Scope.holds` (in an organization),
`Scope.oversees` (over a region) or their `_anywhere` forms; no app spells a set of its own.
"""

from __future__ import annotations

from duban.core.choices import Role

ROLE_RANK = {Role.VIEWER: 0, Role.REPORTER: 1, Role.REVIEWER: 2, Role.SUPERVISOR: 3, Role.ADMIN: 4}

# Everyone but a viewer: may add something at all (upload a file, for one).
WRITERS = frozenset({Role.REPORTER, Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN})
# The staff of a working unit and its reviewers and admins: do the work on a task, report
# on it, answer a notice addressed to the unit, receive its warnings.
WORKERS = frozenset({Role.REPORTER, Role.REVIEWER, Role.ADMIN})
# The rectification office: plan tasks, accept and close them, decide extensions.
REVIEWERS = frozenset({Role.REVIEWER, Role.ADMIN})
# Reviewers and the discipline commission's supervisors: issue notices, check figures,
# decide signals, look back and reopen, back-trace a problem.
OVERSIGHT = frozenset({Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN})
# The discipline commission: investigate, open accountability cases, keep its supervision overview.
SUPERVISORS = frozenset({Role.SUPERVISOR, Role.ADMIN})
# Administrators alone: manage the accounts of the organizations they administer (reset a
# password). No other role, however high, manages someone else's login.
ADMINS = frozenset({Role.ADMIN})


def at_least(role: Role) -> frozenset[Role]:
    """The role and every role ranked above it (the navigation's `least`)."""
    return frozenset(other for other, rank in ROLE_RANK.items() if rank >= ROLE_RANK[role])
