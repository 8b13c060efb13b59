"""What every complaint service does first: find the complaint, lock it, check the actor."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from duban.complaints.errors import NOT_PERMITTED, WRONG_STATE
from duban.complaints.models import Complaint
from duban.complaints.selectors import complaint_get
from duban.errors import InvalidTransition, NotPermitted


def locked(
    *,
    actor: Any,
    pk: int,
    allowed: Callable[[Any, Complaint], bool],
    states: Iterable[str] | None = None,
) -> Complaint:
    """The complaint, row-locked for this transaction: NotFound out of scope, NotPermitted
    without the right, InvalidTransition outside `states`. Call inside `transaction.atomic`."""
    complaint_get(user=actor, pk=pk)  # scope first: out of scope is 404, whatever the right
    complaint = (
        Complaint.objects.select_for_update(no_key=True, of=("self",))
        .select_related("received_by", "handling_unit", "region")
        .get(pk=pk)
    )
    if not allowed(actor, complaint):
        raise NotPermitted(NOT_PERMITTED(), code=NOT_PERMITTED.code)
    if states is not None and complaint.state not in set(states):
        reason = WRONG_STATE(state=complaint.get_state_display())
        raise InvalidTransition(reason, code=WRONG_STATE.code)
    return complaint
