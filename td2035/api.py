"""The JSON API under /api/v1/. Each app contributes a router from its own api.py.

Every answer is JSON, errors included: `{"detail": "...", "errors": [{"field": ..., "message": ...}]}`
(td2035.core.api_errors.Error); each operation documents the statuses it can answer (api_errors.answers).
"""

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, reverse
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError, ValidationError

from td2035.core.api_errors import BLANK_MESSAGE, NO_NUL_MESSAGE, error_body, error_descriptions
from td2035.core.api_fields import NO_NUL, NOT_BLANK
from td2035.core.http import absolute_url
from td2035.dashboard.api import router as dashboard_router
from td2035.directory.api import router as directory_router
from td2035.inquiries.api import router as inquiries_router
from td2035.market.api import router as market_router
from td2035.matching.api import router as matching_router
from td2035.maturity.api import router as maturity_router
from td2035.reference.api import router as reference_router
from td2035.registration import api as registration_api  # noqa: F401  (adds the write operations to the directory router)

logger = logging.getLogger(__name__)


def json_method_not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Ninja answers a wrong method with a plain-text 405; answer it in JSON like every other error."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            allowed = response.get("Allow", "")
            json_response = error_response(request, 405, f"method not allowed, use {allowed}")
            json_response["Allow"] = allowed
            return json_response
        return response

    return wrapper


class JsonErrorsAPI(NinjaAPI):
    def _get_urls(self) -> list[Any]:  # ninja's own hook that builds the URL patterns
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = json_method_not_allowed(pattern.callback)
        return patterns

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        """ninja's document, with the meaning of each error status and the Retry-After of 429."""
        return error_descriptions(
            super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        )


api = JsonErrorsAPI(
    title="TD2035 API",
    version="1",
    description="Directorio del ecosistema de Querétaro / Querétaro ecosystem directory. "
    "Los datos marcados is_demo son ficticios / records with is_demo are fictional. "
    "Errores / errors: JSON `{detail, errors: [{field, message}]}`. "
    "Escritura / writes: `Authorization: Bearer <token>` (token personal en /cuenta/tokens/). "
    "Límites / rate limits: 429 con / with `Retry-After`.",
    urls_namespace="api-v1",
)


def error_response(
    request: HttpRequest, status: int, detail: str, errors: list[dict[str, str | None]] | None = None
) -> HttpResponse:
    return api.create_response(request, error_body(detail, errors), status=status)


def field_name(loc: tuple[str | int, ...]) -> str | None:
    """The parameter or body property a pydantic error is about: ("query", "params", "kind", 0) -> "kind",
    ("body", "payload", "closes_at", "function-after[...]") -> "closes_at", ("path", "listing_id") ->
    "listing_id". Deeper parts (list indexes, union members, dict keys) are left out: every parameter
    of this API is flat, so the first name is the one the client sent."""
    names = [str(part) for part in loc[1:] if not isinstance(part, int)]
    if len(names) > 1 and names[0] in _SCHEMA_ARGUMENTS:
        names = names[1:]
    return names[0] if names else None


# The names of the operations' arguments that hold a whole schema (Query[...] or a body).
_SCHEMA_ARGUMENTS = frozenset({"params", "payload"})


# Spanish for pydantic's messages (which are English): "Español. / English." like the services' messages.
_SPANISH = {
    "missing": "Este campo es obligatorio.",
    "extra_forbidden": "Campo desconocido.",
    "string_type": "Debe ser texto.",
    "string_unicode": "Texto no válido (caracteres sueltos, sin par UTF-16).",
    "string_too_short": "Demasiado corto (mínimo {min_length}).",
    "string_too_long": "Máximo {max_length} caracteres.",
    "string_pattern_mismatch": "Formato no válido.",
    "bool_type": "Debe ser true o false.",
    "bool_parsing": "Debe ser true o false.",
    "int_type": "Debe ser un número entero.",
    "int_parsing": "Debe ser un número entero.",
    "int_from_float": "Debe ser un número entero.",
    "int_parsing_size": "Número fuera de rango.",
    "float_type": "Debe ser un número.",
    "float_parsing": "Debe ser un número.",
    "finite_number": "Debe ser un número finito.",
    "decimal_type": "Debe ser un número.",
    "decimal_parsing": "Debe ser un número.",
    "greater_than": "Debe ser mayor que {gt}.",
    "greater_than_equal": "Debe ser mayor o igual que {ge}.",
    "less_than": "Debe ser menor que {lt}.",
    "less_than_equal": "Debe ser menor o igual que {le}.",
    "enum": "Valor no válido; opciones: {expected}.",
    "literal_error": "Valor no válido; opciones: {expected}.",
    "list_type": "Debe ser una lista.",
    "too_short": "Demasiado pocos elementos (mínimo {min_length}).",
    "too_long": "Demasiados elementos (máximo {max_length}).",
    "dict_type": "Debe ser un objeto JSON.",
    "model_type": "Debe ser un objeto JSON.",
    "model_attributes_type": "Debe ser un objeto JSON.",
    "date_type": "Fecha no válida (AAAA-MM-DD).",
    "date_parsing": "Fecha no válida (AAAA-MM-DD).",
    "date_from_datetime_parsing": "Fecha no válida (AAAA-MM-DD).",
    "date_from_datetime_inexact": "Fecha no válida (AAAA-MM-DD).",
    "datetime_type": "Fecha y hora no válidas (ISO 8601).",
    "datetime_parsing": "Fecha y hora no válidas (ISO 8601).",
    "datetime_from_date_parsing": "Fecha y hora no válidas (ISO 8601).",
    "union_tag_invalid": "Valor no válido.",
}


def error_message(err: dict[str, Any]) -> str:
    """A pydantic error as "Español. / English."; the schemas' and services' own messages are kept."""
    message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
    kind = err.get("type")
    pattern = (err.get("ctx") or {}).get("pattern") if kind == "string_pattern_mismatch" else None
    if pattern in (NO_NUL, NOT_BLANK):
        return NO_NUL_MESSAGE if pattern == NO_NUL else BLANK_MESSAGE
    spanish = _SPANISH.get(kind) if isinstance(kind, str) else None
    if spanish is None:
        return (
            message if kind in (None, "value_error", "assertion_error") else f"Valor no válido. / {message}"
        )
    try:
        spanish = spanish.format(**(err.get("ctx") or {}))
    except (KeyError, IndexError, ValueError):
        spanish = spanish.split(" (")[0].split(";")[0].rstrip(".") + "."
    return f"{spanish} / {message}"


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """JSON errors that name the field and say what is wrong."""
    errors = [{"field": field_name(err.get("loc", ())), "message": error_message(err)} for err in exc.errors]
    return error_response(request, 422, "invalid input", errors)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, str(exc) or "not found")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    response = error_response(request, exc.status_code, exc.message)
    if isinstance(exc, AuthenticationError):
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    retry_after = getattr(exc, "retry_after", None)  # e.g. inquiries.api.TooManyMessages
    if exc.status_code == 429 and retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """A service refused the actor (see accounts.permissions.require)."""
    return error_response(request, 403, str(exc) or "forbidden")


@api.exception_handler(Exception)
def unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, SuspiciousOperation):  # e.g. too many query parameters
        return error_response(request, 400, "bad request")
    logger.exception("API error on %s", request.path)
    return error_response(request, 500, "internal error")


api.add_router("/reference/", reference_router, tags=["reference"])
api.add_router("/", directory_router, tags=["directory"])
api.add_router("/", market_router, tags=["market"])
api.add_router("/", inquiries_router, tags=["inquiries"])
api.add_router("/", matching_router, tags=["matching"])
api.add_router("/", maturity_router, tags=["maturity"])
api.add_router("/", dashboard_router, tags=["dashboard"])

# Added last so that it only answers paths no other route took.
fallback = Router()


@fallback.get("/", include_in_schema=False)
def api_index(request: HttpRequest) -> dict[str, str]:
    return {
        "openapi": absolute_url(reverse("api-v1:openapi-json"), request),
        "docs": absolute_url(reverse("api-v1:openapi-view"), request),
    }


@fallback.api_operation(["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False)
def unknown_path(request: HttpRequest, rest: str) -> HttpResponse:
    return error_response(request, 404, f"no such endpoint: /api/v1/{rest}")


api.add_router("/", fallback)
