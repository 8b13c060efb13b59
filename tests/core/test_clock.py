"""A one-month deadline is a calendar month, not 30 or 31 days."""

from datetime import date

import pytest

from duban.core.clock import add_months


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2021, 1, 31), 1, date(2021, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2021, 3, 15), 1, date(2021, 4, 15)),
        (date(2021, 3, 31), 1, date(2021, 4, 30)),
        (date(2021, 12, 15), 1, date(2022, 1, 15)),
        (date(2021, 8, 31), 6, date(2022, 2, 28)),
        (date(2021, 3, 31), -1, date(2021, 2, 28)),
        (date(2022, 1, 15), -1, date(2021, 12, 15)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_month_end(day, months, expected):
    assert add_months(day, months) == expected
