"""Organizational handling is due within one calendar month of the decision, not 31 days."""

from __future__ import annotations

from datetime import date

import pytest

from duban.accountability.choices import Measure
from duban.accountability.selectors import handling_due_on, handling_overdue
from duban.accountability.services import sanction_decide

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("decided_on", "due_on"),
    [
        (date(2021, 1, 31), date(2021, 2, 28)),
        (date(2024, 1, 31), date(2024, 2, 29)),
        (date(2021, 3, 15), date(2021, 4, 15)),
        (date(2021, 4, 30), date(2021, 5, 30)),
    ],
)
def test_handling_is_due_one_calendar_month_after_the_decision(decided_on, due_on):
    assert handling_due_on(decided_on) == due_on


@pytest.mark.parametrize(
    ("decided_on", "last_day_in_time"),
    [
        (date(2021, 1, 31), date(2021, 2, 28)),  # 31 days would allow until 03-03
        (date(2021, 4, 30), date(2021, 5, 30)),  # 31 days would allow until 05-31
        (date(2021, 3, 15), date(2021, 4, 15)),
    ],
)
def test_handling_is_overdue_the_day_after_its_calendar_month(
    scene, settings, decided_on, last_day_in_time
):
    # given an organizational-handling decision (免职) not carried out
    settings.DUBAN_TODAY = decided_on
    sanction = sanction_decide(
        actor=scene.supervisor,
        case_id=scene.case.pk,
        finding_id=scene.finding.pk,
        measure=Measure.DISMISSAL,
        rank="division",
        decided_by="株洲市委",
        decided_on=decided_on,
    )

    def overdue(today: date) -> list[int]:
        return [s.pk for s in handling_overdue(user=scene.supervisor, today=today)]

    # then it is in time on its last day and overdue the day after
    assert overdue(last_day_in_time) == []
    after = date.fromordinal(last_day_in_time.toordinal() + 1)
    assert overdue(after) == [sanction.pk]
