"""The JSON API under /api/v1/. Each app contributes a router from its own api.py."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from td2035.directory.api import router as directory_router
from td2035.reference.api import router as reference_router

api = NinjaAPI(
    title="TD2035 API",
    version="1",
    description="Directorio del ecosistema de Querétaro / Querétaro ecosystem directory. "
    "Los datos marcados is_demo son ficticios / records with is_demo are fictional.",
    urls_namespace="api-v1",
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """JSON errors that name the field and say what is wrong."""
    errors = [
        {
            "field": ".".join(str(p) for p in err.get("loc", [])[1:]) or None,
            "message": err.get("msg", "invalid"),
        }
        for err in exc.errors
    ]
    return api.create_response(request, {"detail": "invalid input", "errors": errors}, status=422)


api.add_router("/reference/", reference_router, tags=["reference"])
api.add_router("/", directory_router, tags=["directory"])
