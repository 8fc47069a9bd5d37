from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from td2035.reference.company_size import (
    SIZE_LABELS,
    SIZE_SECTOR_LABELS,
    Size,
    SizeSector,
    Threshold,
    company_size,
    thresholds,
)
from td2035.reference.forms import CompanySizeForm


def threshold_rows() -> list[dict[str, object]]:
    """The rule's table from the data file: one row per size, one column pair per sector."""
    table = thresholds()
    rows: list[dict[str, object]] = []
    for size in (Size.MICRO, Size.SMALL, Size.MEDIUM):
        cells = []
        for sector in SizeSector:
            match = next((t for t in table[sector] if t.size == size), None)
            cells.append(match)
        rows.append({"size": SIZE_LABELS[size], "cells": cells})
    return rows


def matched_threshold(size: Size, sector: SizeSector) -> Threshold | None:
    return next((t for t in thresholds()[sector] if t.size == size), None)


def plain_number(value: Decimal, places: int) -> str:
    """12.5 rather than 12.500000; no exponent."""
    text = f"{round(value, places):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@require_GET
def company_size_page(request: HttpRequest) -> HttpResponse:
    bound = any(name in request.GET for name in ("employees", "annual_sales_mxn", "sector"))
    form = CompanySizeForm(request.GET if bound else None)
    context: dict[str, object] = {
        "form": form,
        "sectors": [(s.value, SIZE_SECTOR_LABELS[s]) for s in SizeSector],
        "rows": threshold_rows(),
        "largest": {s: thresholds()[s][-1] for s in SizeSector},
    }
    status = 200
    if bound and form.is_valid():
        sector = form.cleaned_sector()
        employees: int = form.cleaned_data["employees"]
        sales: Decimal = form.cleaned_data["annual_sales_mxn"]
        result = company_size(employees, sales, sector)
        context["result"] = {
            "size": result.size,
            "size_label": SIZE_LABELS[result.size],
            "score": plain_number(Decimal(str(result.score)), 4),
            "employees": employees,
            "sales": sales,
            "sales_millions": plain_number(sales / Decimal(1_000_000), 6),
            "sector_label": SIZE_SECTOR_LABELS[sector],
            "threshold": matched_threshold(result.size, sector),
            "largest": thresholds()[sector][-1],
        }
    elif bound:
        status = 400
    return render(request, "reference/company_size.html", context, status=status)
