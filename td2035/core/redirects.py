"""Where a page sends people after a form: back to the `next` they came from when it is a page of this
site, else to a default page. Every view that takes `next` goes through `next_url` or `redirect_next`,
so that an outside address, a view name ("foo") or a broken value never becomes a redirect, and never an
error page after a write."""

import unicodedata

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

MAX_LENGTH = 2000


def is_local_path(url: str, request: HttpRequest | None = None) -> bool:
    """A path of this site ("/organizaciones/..."): no scheme, host, backslash or control character.
    With a request, its host and scheme are what `url_has_allowed_host_and_scheme` checks against."""
    if not url.startswith("/") or url.startswith("//") or "\\" in url or len(url) > MAX_LENGTH:
        return False
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in url):
        return False
    if request is None:
        return url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    return url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure())


def next_url(request: HttpRequest, default: str) -> str:
    """The `next` of the form (or of the address) when it is a path of this site, else `default`."""
    target = str(request.POST.get("next") or request.GET.get("next") or "")
    return target if is_local_path(target, request) else default


def redirect_next(request: HttpRequest, default: str) -> HttpResponseRedirect:
    """A redirect to `next_url(request, default)` (`default` is a path, e.g. from `reverse`)."""
    return HttpResponseRedirect(next_url(request, default))
