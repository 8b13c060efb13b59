"""A decided sanction reaches the people concerned (rectification's hand-off notifications,
docs/rectification.md "Who is told"): the person found responsible, through their login — the
sanction then waits on their page, where a review may be asked for — or the staff of the
organization found responsible."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from duban.accountability.choices import Measure
from duban.accountability.models import Sanction
from duban.core.roles import WORKERS
from duban.rectification.models import Notification
from duban.rectification.services.handoffs import members, notify_handoff, text

SANCTION_DECIDED = _("%(commission)s decided %(measure)s on %(target)s (%(case)s)")


def sanction_decided(*, actor: Any, sanction: Sanction) -> list[Notification]:
    finding = sanction.finding
    person = finding.person
    if person is not None:
        recipients = [person.user] if person.user else []
        target, link = person.name, reverse("accountability-my-sanctions")
    else:
        recipients = list(members([finding.organization], WORKERS)) if finding.organization else []
        target, link = finding.organization.name if finding.organization else "—", ""
    message = text(
        SANCTION_DECIDED,
        commission=sanction.case.commission.name,
        measure=Measure(sanction.measure).label,
        target=target,
        case=sanction.case.number,
    )
    return notify_handoff(
        actor=actor,
        recipients=recipients,
        key=f"sanction:{sanction.pk}",
        message=message,
        link=link,
    )
