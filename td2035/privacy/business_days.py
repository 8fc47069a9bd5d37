"""Business days in Mexico, for the legal deadline of ARCO requests (20 business days).

A business day is Monday to Friday, except the mandatory rest days of the Ley Federal del Trabajo,
art. 74: 1 January; the first Monday of February; the third Monday of March; 1 May; 16 September; the
third Monday of November; 25 December; the day the federal executive takes office, every six years
(1 December up to 2018, 1 October from 2024); and ordinary election days, which fall on a Sunday and so
never move a deadline. Pure functions, no database.
"""

from datetime import date, timedelta
from functools import cache

ARCO_DEADLINE_BUSINESS_DAYS = 20


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th `weekday` (Monday=0) of a month, e.g. the third Monday of March."""
    first = date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + timedelta(days=offset + 7 * (n - 1))


@cache
def rest_days(year: int) -> frozenset[date]:
    """The LFT art. 74 rest days of a year that can fall on a weekday."""
    days = {
        date(year, 1, 1),
        nth_weekday(year, 2, 0, 1),
        nth_weekday(year, 3, 0, 3),
        date(year, 5, 1),
        date(year, 9, 16),
        nth_weekday(year, 11, 0, 3),
        date(year, 12, 25),
    }
    if year >= 2024 and (year - 2024) % 6 == 0:
        days.add(date(year, 10, 1))  # transmisión del Poder Ejecutivo Federal (since 2024)
    elif year <= 2018 and (year - 2018) % 6 == 0:
        days.add(date(year, 12, 1))
    return frozenset(days)


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in rest_days(day.year)


def next_business_day(day: date) -> date:
    """`day` itself if it is a business day, else the first business day after it."""
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def add_business_days(received: date, days: int) -> date:
    """The `days`-th business day after the day a request was received.

    A request received on a weekend or rest day counts as received on the next business day; counting
    starts on the business day after that.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = next_business_day(received)
    for _ in range(days):
        day = next_business_day(day + timedelta(days=1))
    return day


def arco_due_date(received: date) -> date:
    return add_business_days(received, ARCO_DEADLINE_BUSINESS_DAYS)


def business_days_between(start: date, end: date) -> int:
    """Business days d with start < d <= end."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_business_day(day)
    return count
