"""The one error shape of /api/v1/ and the statuses each operation documents.

Every 4xx (and the rare 500) is `{"detail": "...", "errors": [{"field": "name" | null, "message": "..."}]}`:
schema validation and the services' refusals (422, one item per field), a bad request (400), a missing or
unusable token (401), a refusal or a privacy notice to accept (403), an unknown object (404), a state conflict (409) and the rate limits
(429, with `Retry-After`). Operations declare theirs with `answers()`:

    @router.patch("/listings/{listing_id}", response=answers(ListingOut, 401, 403, 404), ...)
"""

from typing import Any

from ninja import Field, Schema


class ErrorItem(Schema):
    field: str | None = Field(description="El parámetro o campo / the parameter or field (null: the request)")
    message: str = Field(description="Español. / English.")


class Error(Schema):
    detail: str
    errors: list[ErrorItem]


def error_body(detail: str, errors: list[dict[str, str | None]] | None = None) -> dict[str, Any]:
    """The one error shape; without field errors, the detail is the request's one error."""
    return {
        "detail": detail,
        "errors": errors if errors is not None else [{"field": None, "message": detail}],
    }


# What each status means here, for the OpenAPI document.
MEANINGS = {
    400: "Solicitud mal formada / malformed request (JSON, too many parameters)",
    401: "Falta el token o no es válido / missing, unknown, revoked or expired token",
    403: (
        "No permitido / not allowed (read-only token, not your organisation, or the token's owner has not "
        "accepted the current privacy notice)"
    ),
    404: "No existe o no es visible / not found or not visible to you",
    409: "Conflicto con el estado actual / conflicts with the current state",
    422: "Datos no válidos; cada error nombra el campo / invalid input, each error names its field",
    429: "Demasiadas solicitudes; ver Retry-After / too many requests, see Retry-After",
}
# Every operation can answer 429 (accounts.ratelimit counts every /api/v1/ request) and, with a token
# whose owner has not accepted the current privacy notice, 403 (privacy.middleware).
ALWAYS = (403, 429)
# Operations that read a query string or a JSON body: 400 for one Django or ninja cannot parse, 422 for
# values the schema refuses.
WITH_INPUT = (400, 422)


def answers(ok: Any, *statuses: int, with_input: bool = True) -> dict[int, Any]:
    """The response map of an operation: its success (a schema, or {status: schema}) and the error
    statuses it can answer, all with the `Error` shape. 429 always; 400 and 422 unless with_input=False
    (an operation without parameters)."""
    result: dict[int, Any] = dict(ok) if isinstance(ok, dict) else {200: ok}
    codes = {*ALWAYS, *statuses, *(WITH_INPUT if with_input else ())}
    for status in sorted(codes):
        if status not in MEANINGS:
            raise ValueError(f"no meaning written for status {status}")
        result[status] = Error
    return result


def error_descriptions(schema: dict[str, Any]) -> dict[str, Any]:
    """Give each error response of the OpenAPI document its meaning and the Retry-After header."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                meaning = MEANINGS.get(int(status)) if str(status).isdigit() else None
                if meaning is None:
                    continue
                response["description"] = meaning
                if int(status) == 429:
                    response["headers"] = {
                        "Retry-After": {
                            "description": "Segundos para reintentar / seconds to wait",
                            "schema": {"type": "integer", "minimum": 1},
                        }
                    }
    return schema


NO_NUL_MESSAGE = "Contiene caracteres no válidos (NUL). / Contains invalid characters (NUL)."
BLANK_MESSAGE = (
    "Escribe al menos un carácter visible, sin NUL. / Write at least one visible character, without NUL."
)
