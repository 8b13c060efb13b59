"""备案销号: a closed task's close-out goes on record with the office one level up.

Kept apart from the decisions on a filing (services/publicity.py) so that lifecycle, which
files on closure, need not import the services that reopen.
"""

from __future__ import annotations

from typing import Any

from duban.core import clock
from duban.core.choices import OrganizationKind
from duban.core.models import Organization
from duban.rectification import rules
from duban.rectification.choices import Verb
from duban.rectification.events import filing_event
from duban.rectification.models import CloseOut, Filing, Task


def office_above(unit: Organization | None) -> Organization | None:
    """The rectification office of the region one level above the acceptance unit's (for a
    province: the national office, which has no region); None when there is none."""
    if unit is None or unit.region is None:
        return None
    region_above = unit.region.parent_id
    return (
        Organization.objects.filter(
            kind=OrganizationKind.RECTIFICATION_OFFICE, region_id=region_above
        )
        .order_by("path")
        .first()
    )


def closeout_file(*, actor: Any, task: Task) -> Filing | None:
    """File the task's accepted close-out with the office above its acceptance unit; the
    review period runs from today in working days. None when there is no office above."""
    closeout = (
        CloseOut.objects.filter(task=task, accepted=True)
        .select_related("acceptance_unit__region")
        .order_by("-requested_at")
        .first()
    )
    office = office_above(closeout.acceptance_unit if closeout else None)
    if closeout is None or office is None:
        return None
    today = clock.today()
    filing = Filing.objects.create(
        task=task,
        closeout=closeout,
        filed_with=office,
        filed_on=today,
        review_ends_on=rules.working_days_after(today, rules.filing_review_working_days()),
    )
    filing_event(actor=actor, filing=filing, verb=Verb.FILING_FILED)
    return filing
