"""Values every page template needs."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {"DEMO_BANNER": settings.DEMO_BANNER}
