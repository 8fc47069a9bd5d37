from decimal import Decimal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from td2035.reference.company_size import SizeSector, company_size

router = Router()


class CompanySizeIn(Schema):
    employees: int = Field(ge=0, le=10_000_000, description="Personal ocupado / employees")
    annual_sales_mxn: Decimal = Field(
        ge=0, le=Decimal("1e15"), description="Ventas anuales en pesos / annual sales in MXN"
    )
    sector: SizeSector = Field(description="industry, commerce o services")


class CompanySizeOut(Schema):
    size: str
    score: float
    sector: SizeSector
    rule: str = "DOF 30-06-2009: empleados × 0.1 + ventas anuales (mdp) × 0.9"


@router.get("/company-size", response=CompanySizeOut, summary="Tamaño de empresa (regla MIPYME DOF 2009)")
def company_size_endpoint(request: HttpRequest, params: Query[CompanySizeIn]) -> CompanySizeOut:
    result = company_size(params.employees, params.annual_sales_mxn, params.sector)
    return CompanySizeOut(size=result.size.value, score=round(result.score, 4), sector=params.sector)
