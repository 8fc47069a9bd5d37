"""Answers that depend on who is signed in are never stored by a browser's or a proxy's cache."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control


def is_personal(request: HttpRequest) -> bool:
    """A signed-in session, or a request carrying credentials (an API token)."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META


class PrivateCacheMiddleware:
    """`Cache-Control: private, no-store` on every answer to a signed-in person or a token, unless the
    view chose its own caching for content that is the same for everyone (e.g. a logo file)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if is_personal(request) and "public" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
        return response
