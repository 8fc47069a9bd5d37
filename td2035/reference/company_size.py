"""Mexico's MSME size rule (Secretaría de Economía, DOF 30 June 2009).

score = employees × 0.1 + annual sales (millions of MXN) × 0.9. The size is the smallest of micro,
small and medium whose employee limit and combined cap both hold (limits inclusive); otherwise large.
The thresholds are data (data/msme_size_dof2009.csv), not code.
"""

import enum
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.utils.translation import gettext_lazy as _

from td2035.reference.loaders import read_csv


class Size(enum.StrEnum):
    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


class SizeSector(enum.StrEnum):
    INDUSTRY = "industry"
    COMMERCE = "commerce"
    SERVICES = "services"


SIZE_LABELS = {
    Size.MICRO: _("Micro"),
    Size.SMALL: _("Pequeña"),
    Size.MEDIUM: _("Mediana"),
    Size.LARGE: _("Grande"),
}
SIZE_SECTOR_LABELS = {
    SizeSector.INDUSTRY: _("Industria"),
    SizeSector.COMMERCE: _("Comercio"),
    SizeSector.SERVICES: _("Servicios"),
}
SIZE_ORDER = [Size.MICRO, Size.SMALL, Size.MEDIUM]

# SCIAN sectors the DOF rule counts as industry or commerce; every other sector is services.
_INDUSTRY_SECTORS = {"11", "21", "22", "23", "31", "32", "33"}
_COMMERCE_SECTORS = {"43", "46"}


@dataclass(frozen=True)
class Threshold:
    size: Size
    employees_max: int
    combined_cap: Decimal


@dataclass(frozen=True)
class SizeResult:
    size: Size
    score: float


@cache
def thresholds() -> dict[SizeSector, list[Threshold]]:
    table: dict[SizeSector, list[Threshold]] = {s: [] for s in SizeSector}
    for row in read_csv("msme_size_dof2009.csv"):
        table[SizeSector(row["sector"])].append(
            Threshold(Size(row["size"]), int(row["employees_max"]), Decimal(row["combined_cap"]))
        )
    for rows in table.values():
        rows.sort(key=lambda t: SIZE_ORDER.index(t.size))
    return table


def size_sector_for_scian(code: str) -> SizeSector:
    """Which of the rule's three sectors a SCIAN code (any level) falls in."""
    two = code[:2]
    if two in _INDUSTRY_SECTORS:
        return SizeSector.INDUSTRY
    if two in _COMMERCE_SECTORS:
        return SizeSector.COMMERCE
    return SizeSector.SERVICES


def company_size(employees: int, annual_sales_mxn: Decimal | float, sector: SizeSector) -> SizeResult:
    """Size of a company by the DOF 2009 rule. Sales in pesos; raises ValueError on negatives."""
    if employees < 0 or annual_sales_mxn < 0:
        raise ValueError("employees and annual sales must not be negative")
    sales_millions = Decimal(str(annual_sales_mxn)) / Decimal(1_000_000)
    score = Decimal(employees) * Decimal("0.1") + sales_millions * Decimal("0.9")
    for threshold in thresholds()[sector]:
        if employees <= threshold.employees_max and score <= threshold.combined_cap:
            return SizeResult(threshold.size, float(score))
    return SizeResult(Size.LARGE, float(score))


def size_for_employee_range(low: int, high: int | None, sector: SizeSector) -> Size:
    """Size from an employment stratum alone (DENUE's per_ocu), by its upper bound.

    Sales are unknown for such a record, so only the employee limits decide.
    """
    if high is None:
        return Size.LARGE
    for threshold in thresholds()[sector]:
        if high <= threshold.employees_max:
            return threshold.size
    return Size.LARGE
