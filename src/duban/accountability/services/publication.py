"""Publishing a direct investigation's results (直查直办, "及时向社会反馈"): a summary written
for the public, shown by the public accountability API; the findings stay internal."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from duban.accountability.errors import INVESTIGATION_NOT_CONCLUDED
from duban.accountability.events import investigation_published_event
from duban.core import clock
from duban.core.errors import REQUIRED
from duban.core.roles import SUPERVISORS
from duban.errors import ApplicationError, NotFound
from duban.supervision.choices import InvestigationState
from duban.supervision.models import DirectInvestigation
from duban.supervision.selectors import investigation_visible_to
from duban.supervision.services import require_member


def investigation_publish(
    *, actor: Any, investigation_id: int, summary: str, is_public: bool = True
) -> DirectInvestigation:
    """Publish (or withdraw from publication) a concluded investigation's results; only a
    supervisor of its commission. NotFound outside the actor's sight."""
    if not investigation_visible_to(actor).filter(pk=investigation_id).exists():
        raise NotFound("investigation not found", code="investigation_not_found")
    with transaction.atomic():
        investigation = (
            DirectInvestigation.objects.select_for_update(no_key=True, of=("self",))
            .select_related("commission")
            .get(pk=investigation_id)
        )
        require_member(actor, investigation.commission, SUPERVISORS, "publish results")
        errors: dict[str, str] = {}
        if investigation.state != InvestigationState.CONCLUDED:
            errors["investigation"] = INVESTIGATION_NOT_CONCLUDED()
        if is_public and not summary.strip():
            errors["summary"] = REQUIRED()
        if errors:
            raise ApplicationError(
                "results not published", code="invalid_publication", fields=errors
            )
        investigation.is_public, investigation.published_summary = is_public, summary
        investigation.published_on = clock.today() if is_public else None
        investigation.save(update_fields=["is_public", "published_summary", "published_on"])
        investigation_published_event(actor=actor, investigation=investigation)
    return investigation
