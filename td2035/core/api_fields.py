"""Strict input types shared by the API's schemas, so that the OpenAPI document states what the server
checks and nothing reaches a service that it cannot store.

- Every string has a maximum length: pydantic then refuses lone surrogates ("\\ud800"), which no database
  can store; `text()` also refuses NUL, which PostgreSQL cannot store (pattern `^[^\\x00]*$`).
- Booleans and numbers of JSON bodies are strict: `0` is not `false`, `"5"` is not `5` (`5.0` is, as in
  JSON Schema; `5.5` is not an integer).
- Amounts are JSON numbers within what the database column holds (DecimalField(max_digits=16,
  decimal_places=2)); dates are bounded so that no date arithmetic overflows.
- Codes of reference data have their format (municipalities exactly, SCIAN by pattern); whether a code
  or slug exists is checked by the server (422 naming the field).
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja.params import functions as param_functions
from pydantic import AfterValidator, BeforeValidator, Field, Strict, WithJsonSchema

NO_NUL = r"^[^\x00]*$"
# At least one character that is not white space, and no NUL.
NOT_BLANK = r"^[^\x00]*[^\x00\s][^\x00]*$"
MUNICIPALITY_PATTERN = r"^(00[1-9]|01[0-8])$"  # cve_mun of Querétaro's 18 municipalities
SCIAN_CLASS_PATTERN = r"^[0-9]{6}$"
SCIAN_SUBSECTOR_PATTERN = r"^[0-9]{3}$"
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
# A network by slug, or by id (at most 18 digits: fits a 64-bit integer).
NETWORK_REF_PATTERN = r"^([0-9]{1,18}|[-a-zA-Z0-9_]*[-a-zA-Z_][-a-zA-Z0-9_]*)$"
MAX_SLUG = 120
MAX_AMOUNT = Decimal("99999999999999")  # DecimalField(max_digits=16, decimal_places=2)
MIN_YEAR = 2000
MAX_YEAR = 2100
ScianSector = Literal[
    "11", "21", "22", "23", "31-33", "43", "46", "48-49", "51", "52",
    "53", "54", "55", "56", "61", "62", "71", "72", "81", "93",
]  # fmt: skip


def text(max_length: int, default: Any = ..., *, required: bool = False, **extra: Any) -> Any:
    """Field() of a string of at most `max_length` characters without NUL; `required`: with at least one
    visible character. `name: str = text(255, required=True)`, `rfc: str | None = text(20, None)`."""
    if required:
        return Field(default, min_length=1, max_length=max_length, pattern=NOT_BLANK, **extra)
    return Field(default, max_length=max_length, pattern=NO_NUL, **extra)


Line = Annotated[str, Field(max_length=300, pattern=NO_NUL)]  # an item of products, capabilities…
Slug = Annotated[str, Field(min_length=1, max_length=MAX_SLUG, pattern=SLUG_PATTERN)]
NetworkRef = Annotated[str, Field(min_length=1, max_length=MAX_SLUG, pattern=NETWORK_REF_PATTERN)]
MunicipalityCode = Annotated[
    str, Field(pattern=MUNICIPALITY_PATTERN, description='Clave de municipio (cve_mun), "001" … "018"')
]
ScianClass = Annotated[
    str,
    Field(
        pattern=SCIAN_CLASS_PATTERN,
        description='Clase SCIAN 2018 (6 dígitos, e.g. "336390"; ver /api/v1/reference/sectors)',
    ),
]
ScianSubsector = Annotated[
    str, Field(pattern=SCIAN_SUBSECTOR_PATTERN, description="Subsector SCIAN, e.g. 326")
]

StrictBool = Annotated[bool, Strict()]


def _json_integer(value: Any) -> Any:
    """A JSON integer: not a string, not a boolean (100.0 is one, as JSON Schema says; 100.5 is not)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("Debe ser un número entero. / Must be a whole number.")
    return value


# Bounds go before the validator: pydantic then writes them into the JSON schema (minimum, maximum).
Year = Annotated[int, Field(ge=1800, le=2100), BeforeValidator(_json_integer)]
Employees = Annotated[int, Field(ge=0, le=10_000_000), BeforeValidator(_json_integer)]
LeadTimeDays = Annotated[int, Field(ge=1, le=3650), BeforeValidator(_json_integer)]
Positions = Annotated[int, Field(ge=1, le=100_000), BeforeValidator(_json_integer)]


def _json_number(value: Any) -> Any:
    """A JSON number: not a string, not a boolean."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError("Debe ser un número. / Must be a number.")
    return value


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


Amount = Annotated[
    Decimal,
    Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False),
    BeforeValidator(_json_number),
    AfterValidator(_cents),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": float(MAX_AMOUNT)}),
]
MAX_QUANTITY = Decimal("999999999999.99")  # DecimalField(max_digits=14, decimal_places=2)
# A quantity is kept to the cent, so the least one is 0.01 (1e-09 would be stored as 0 and refused).
PositiveAmount = Annotated[
    Decimal,
    Field(ge=Decimal("0.01"), le=MAX_QUANTITY, allow_inf_nan=False),
    BeforeValidator(_json_number),
    AfterValidator(_cents),
    WithJsonSchema({"type": "number", "minimum": 0.01, "maximum": float(MAX_QUANTITY)}),
]


def _bounded_year(value: Any) -> Any:
    if isinstance(value, dt.date) and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(
            f"La fecha debe estar entre {MIN_YEAR} y {MAX_YEAR}. / The date must be between {MIN_YEAR} and {MAX_YEAR}."
        )
    return value


BoundedDate = Annotated[dt.date, AfterValidator(_bounded_year)]
BoundedDateTime = Annotated[dt.datetime, AfterValidator(_bounded_year)]


Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False), BeforeValidator(_json_number)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False), BeforeValidator(_json_number)]


def omittable(**extra: Any) -> Any:
    """Field() of a property that may be left out (then left as it is) but is never null."""
    return Field(None, **extra)


def path_text(max_length: int = 254) -> Any:
    """A text path parameter (a slug, an e-mail, an id): anything but NUL, which PostgreSQL cannot compare
    with (422); an unknown value is a 404."""
    return param_functions.Path(..., max_length=max_length, pattern=NO_NUL)
