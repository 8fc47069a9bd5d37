from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field, WithJsonSchema, field_validator

from td2035.core.api_errors import answers
from td2035.core.api_fields import text
from td2035.reference.company_size import SizeSector, company_size
from td2035.reference.models import ScianCode, ScianLevel
from td2035.reference.queries import municipalities, scian_children, search_scian

router = Router()


class CompanySizeIn(Schema):
    employees: int = Field(ge=0, le=10_000_000, description="Personal ocupado / employees")
    annual_sales_mxn: Annotated[
        Decimal, WithJsonSchema({"type": "number", "minimum": 0, "maximum": 1e15})
    ] = Field(ge=0, le=Decimal("1e15"), description="Ventas anuales en pesos / annual sales in MXN")
    sector: SizeSector = Field(description="industry, commerce o services")


class CompanySizeOut(Schema):
    size: str
    score: float
    sector: SizeSector
    rule: str = "DOF 30-06-2009: empleados × 0.1 + ventas anuales (mdp) × 0.9"


@router.get(
    "/company-size", response=answers(CompanySizeOut), summary="Tamaño de empresa (regla MIPYME DOF 2009)"
)
def company_size_endpoint(request: HttpRequest, params: Query[CompanySizeIn]) -> CompanySizeOut:
    result = company_size(params.employees, params.annual_sales_mxn, params.sector)
    return CompanySizeOut(size=result.size.value, score=round(result.score, 4), sector=params.sector)


class SectorsIn(Schema):
    q: str = text(
        200,
        "",
        description="Código (prefijo) o palabras / code prefix or words: «inyección de plástico», «3261»",
    )
    level: ScianLevel | None = Field(
        None, description="Nivel / level. Default: clase when q is given, sector otherwise"
    )
    parent: str = Field(
        "",
        max_length=6,
        pattern=r"^([0-9]{2,6}|[0-9]{2}-[0-9]{2})?$",
        description="Sólo los hijos de este código / children of this code (e.g. 31-33, 326)",
    )
    limit: int = Field(50, ge=1, le=500)

    @field_validator("parent")
    @classmethod
    def parent_exists(cls, value: str) -> str:
        if value and not ScianCode.objects.filter(code=value).exists():
            raise ValueError(f"Código SCIAN desconocido {value!r}. / Unknown SCIAN code {value!r}.")
        return value


class ScianOut(Schema):
    code: str
    level: str
    title: str
    parent: str | None


class SectorsOut(Schema):
    count: int
    items: list[ScianOut]


def scian_out(code: ScianCode) -> ScianOut:
    return ScianOut(code=code.code, level=code.level, title=code.title_es, parent=code.parent_id)


@router.get(
    "/sectors", response=answers(SectorsOut), summary="Actividades SCIAN 2018 / SCIAN 2018 activities"
)
def sectors(request: HttpRequest, params: Query[SectorsIn]) -> SectorsOut:
    if params.q.strip():
        codes = search_scian(params.q, level=params.level or ScianLevel.CLASE, limit=params.limit)
    else:
        codes = scian_children(params.parent or None, level=params.level, limit=params.limit)
    return SectorsOut(count=len(codes), items=[scian_out(c) for c in codes])


class MunicipalityOut(Schema):
    cve_mun: str
    cve_ent: str
    name: str
    latitude: float
    longitude: float


@router.get(
    "/municipalities",
    response=answers(list[MunicipalityOut], with_input=False),
    summary="Los 18 municipios de Querétaro / Querétaro's 18 municipalities",
)
def municipality_list(request: HttpRequest) -> list[MunicipalityOut]:
    return [MunicipalityOut.model_validate(m) for m in municipalities().defer("boundary")]
