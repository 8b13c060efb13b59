"""Who acts: a signed-in user, or SYSTEM — the daily job and the command line on their own.

There is no third kind. A missing principal (None) is a programming error, never "everything":
`scope_of`, the services and the ledger refuse it with TypeError.
"""

from __future__ import annotations

from typing import Any, Final


class SystemPrincipal:
    """The system itself: its scope is everything and it passes every role check (see
    `scope_of`); what it writes is recorded with no actor, as system work always was."""

    pk = None
    is_active = True
    is_authenticated = False  # no person signed in: no user is stored as its author
    is_anonymous = False

    def __repr__(self) -> str:
        return "SYSTEM"

    # One instance, whatever copies or unpickles it: identity is how it is recognised.
    def __copy__(self) -> SystemPrincipal:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> SystemPrincipal:
        return self

    def __reduce__(self) -> str:
        return "SYSTEM"


SYSTEM: Final = SystemPrincipal()


def require_principal(principal: Any) -> None:
    """Refuse a missing principal: it once meant "everything", now it means a bug."""
    if principal is None:
        raise TypeError("no principal: pass the acting user, or SYSTEM for the system's own work")


def user_of(principal: Any) -> Any:
    """The user to store as the author of a write: None for SYSTEM (and the anonymous)."""
    require_principal(principal)
    return principal if principal.is_authenticated else None
