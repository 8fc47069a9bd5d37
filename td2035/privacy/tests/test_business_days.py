from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from td2035.privacy.business_days import (
    add_business_days,
    arco_due_date,
    business_days_between,
    is_business_day,
    next_business_day,
    rest_days,
)


def test_rest_days_2026_follow_lft_article_74() -> None:
    assert rest_days(2026) == {
        date(2026, 1, 1),
        date(2026, 2, 2),  # first Monday of February
        date(2026, 3, 16),  # third Monday of March
        date(2026, 5, 1),
        date(2026, 9, 16),
        date(2026, 11, 16),  # third Monday of November
        date(2026, 12, 25),
    }


@pytest.mark.parametrize(
    ("year", "day"), [(2024, date(2024, 10, 1)), (2030, date(2030, 10, 1)), (2018, date(2018, 12, 1))]
)
def test_change_of_federal_executive_is_a_rest_day(year: int, day: date) -> None:
    assert day in rest_days(year)
    assert date(year + 1, day.month, day.day) not in rest_days(year + 1)


def test_weekends_and_holidays_are_not_business_days() -> None:
    assert is_business_day(date(2026, 4, 24))  # Friday
    assert not is_business_day(date(2026, 4, 25))  # Saturday
    assert not is_business_day(date(2026, 5, 1))  # Labour Day, a Friday
    assert not is_business_day(date(2026, 3, 16))  # Benito Juárez's birthday (observed), a Monday


def test_twenty_business_days_skip_a_holiday() -> None:
    # Received Friday 24 April 2026: 20 business days, 1 May (Friday) not counted.
    assert arco_due_date(date(2026, 4, 24)) == date(2026, 5, 25)
    # A request received on a Saturday counts as received on Monday.
    assert arco_due_date(date(2026, 4, 25)) == date(2026, 5, 26)


def test_deadline_across_the_year_end() -> None:
    # Received Monday 14 December 2026: 25 December and 1 January are rest days.
    assert arco_due_date(date(2026, 12, 14)) == date(2027, 1, 13)


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError):
        add_business_days(date(2026, 1, 5), -1)


@given(st.dates(min_value=date(2018, 1, 1), max_value=date(2035, 12, 31)), st.integers(0, 60))
def test_the_deadline_is_exactly_n_business_days_after_receipt(received: date, days: int) -> None:
    due = add_business_days(received, days)
    start = next_business_day(received)
    assert is_business_day(due)
    assert business_days_between(start, due) == days
    assert due - start <= timedelta(days=days * 7 // 5 + 10)
