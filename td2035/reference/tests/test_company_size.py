"""The DOF 2009 MSME rule at every boundary, and its shape (monotone in employees and in sales)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from td2035.reference.company_size import (
    Size,
    SizeSector,
    company_size,
    size_for_employee_range,
    size_sector_for_scian,
)

INDUSTRY, COMMERCE, SERVICES = SizeSector.INDUSTRY, SizeSector.COMMERCE, SizeSector.SERVICES
RANK = {Size.MICRO: 0, Size.SMALL: 1, Size.MEDIUM: 2, Size.LARGE: 3}
ONE_PESO = Decimal(1)


def sales_for_score(employees: int, score: str) -> Decimal:
    """Annual sales in pesos that put this company exactly on `score`."""
    return (Decimal(score) - Decimal(employees) * Decimal("0.1")) / Decimal("0.9") * 1_000_000


# (sector, employee limit, combined cap, size at the limit, size just past it)
LIMITS = [
    (INDUSTRY, 10, "4.6", Size.MICRO, Size.SMALL),
    (COMMERCE, 10, "4.6", Size.MICRO, Size.SMALL),
    (SERVICES, 10, "4.6", Size.MICRO, Size.SMALL),
    (INDUSTRY, 50, "95", Size.SMALL, Size.MEDIUM),
    (COMMERCE, 30, "93", Size.SMALL, Size.MEDIUM),
    (SERVICES, 50, "95", Size.SMALL, Size.MEDIUM),
    (INDUSTRY, 250, "250", Size.MEDIUM, Size.LARGE),
    (COMMERCE, 100, "235", Size.MEDIUM, Size.LARGE),
    (SERVICES, 100, "235", Size.MEDIUM, Size.LARGE),
]


@pytest.mark.parametrize(("sector", "limit", "cap", "at", "past"), LIMITS)
def test_employee_limit_is_inclusive(sector, limit, cap, at, past):
    assert company_size(limit, 0, sector).size == at
    assert company_size(limit + 1, 0, sector).size == past


@pytest.mark.parametrize(("sector", "limit", "cap", "at", "past"), LIMITS)
def test_combined_cap_is_inclusive(sector, limit, cap, at, past):
    on_cap = sales_for_score(limit, cap)
    result = company_size(limit, on_cap, sector)
    assert result.size == at
    assert result.score == pytest.approx(float(cap))
    assert company_size(limit, on_cap + ONE_PESO, sector).size == past


def test_the_score_weighs_employees_by_a_tenth_and_sales_in_millions_by_nine_tenths():
    result = company_size(40, Decimal("30000000"), INDUSTRY)
    assert result.score == pytest.approx(40 * 0.1 + 30 * 0.9)
    assert result.size == Size.SMALL


@pytest.mark.parametrize(
    ("employees", "sales_mxn", "sector", "expected"),
    [
        (0, 0, SERVICES, Size.MICRO),
        (3, 1_500_000, COMMERCE, Size.MICRO),
        (8, 4_500_000, SERVICES, Size.SMALL),  # few people, but sales above the micro cap
        (31, 1_000_000, COMMERCE, Size.MEDIUM),  # 31 people is no longer small in commerce...
        (31, 1_000_000, INDUSTRY, Size.SMALL),  # ...but it is in industry
        (120, 50_000_000, INDUSTRY, Size.MEDIUM),
        (120, 50_000_000, SERVICES, Size.LARGE),
        (5, 400_000_000, SERVICES, Size.LARGE),  # a handful of people selling a lot
    ],
)
def test_examples_across_sectors(employees, sales_mxn, sector, expected):
    assert company_size(employees, sales_mxn, sector).size == expected


def test_floats_and_decimals_agree():
    assert company_size(10, 4_000_000.0, INDUSTRY) == company_size(10, Decimal("4000000"), INDUSTRY)


@pytest.mark.parametrize(("employees", "sales"), [(-1, 0), (0, -1), (0, Decimal("-0.01"))])
def test_negative_inputs_are_refused(employees, sales):
    with pytest.raises(ValueError):
        company_size(employees, sales, SERVICES)


employees_st = st.integers(min_value=0, max_value=2_000)
sales_st = st.decimals(min_value=0, max_value=2_000_000_000, places=2, allow_nan=False)
sector_st = st.sampled_from(list(SizeSector))


@given(employees_st, employees_st, sales_st, sector_st)
def test_size_never_shrinks_when_employees_grow(a, b, sales, sector):
    low, high = sorted((a, b))
    assert RANK[company_size(low, sales, sector).size] <= RANK[company_size(high, sales, sector).size]


@given(employees_st, sales_st, sales_st, sector_st)
def test_size_never_shrinks_when_sales_grow(employees, a, b, sector):
    low, high = sorted((a, b))
    assert RANK[company_size(employees, low, sector).size] <= RANK[company_size(employees, high, sector).size]


@given(employees_st, sales_st, sector_st)
def test_score_follows_the_formula_and_size_respects_its_limits(employees, sales, sector):
    result = company_size(employees, sales, sector)
    assert result.score == pytest.approx(employees * 0.1 + float(sales) / 1e6 * 0.9)
    if result.size == Size.MICRO:
        assert employees <= 10 and result.score <= 4.6 + 1e-9
    if result.size == Size.LARGE:
        assert employees > 100 or result.score > 235 - 1e-9


@pytest.mark.parametrize(
    ("low", "high", "sector", "expected"),
    [
        (0, 5, INDUSTRY, Size.MICRO),
        (6, 10, COMMERCE, Size.MICRO),
        (11, 30, COMMERCE, Size.SMALL),
        (31, 50, COMMERCE, Size.MEDIUM),
        (31, 50, INDUSTRY, Size.SMALL),
        (51, 100, SERVICES, Size.MEDIUM),
        (101, 250, INDUSTRY, Size.MEDIUM),
        (101, 250, SERVICES, Size.LARGE),
        (251, None, INDUSTRY, Size.LARGE),
    ],
)
def test_size_from_a_denue_employment_stratum(low, high, sector, expected):
    assert size_for_employee_range(low, high, sector) == expected


@pytest.mark.parametrize(
    ("code", "sector"),
    [
        ("111110", INDUSTRY),
        ("212", INDUSTRY),
        ("31-33", INDUSTRY),
        ("326110", INDUSTRY),
        ("336410", INDUSTRY),
        ("434", COMMERCE),
        ("461110", COMMERCE),
        ("541510", SERVICES),
        ("611", SERVICES),
        ("72", SERVICES),
    ],
)
def test_scian_codes_fall_in_the_rule_sectors(code, sector):
    assert size_sector_for_scian(code) == sector
