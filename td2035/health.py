import time

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database status for load balancers and monitors."""
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = {"status": "ok", "vendor": connection.vendor}
    except Exception as exc:  # any database failure is reported, not raised
        database = {"status": "error", "vendor": connection.vendor, "error": exc.__class__.__name__}
    ok = database["status"] == "ok"
    return JsonResponse(
        {
            "status": "ok" if ok else "error",
            "database": database,
            "elapsed_ms": round((time.perf_counter() - started) * 1000, 2),
        },
        status=200 if ok else 503,
    )
