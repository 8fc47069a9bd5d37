"""What views and e-mails need from a request: the signed-in person, typed, and full links.

Typed as the project's user model without importing accounts: django-stubs' mypy plugin resolves
`_User` (a name that exists only in the stubs, hence TYPE_CHECKING) to AUTH_USER_MODEL, and
get_user_model() gives the same class at run time.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import _User


def signed_in_user(request: HttpRequest) -> "_User":
    """The person of a view behind login_required (an assertion, not a check of access)."""
    user = request.user
    assert isinstance(user, get_user_model())
    return user


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    """A path of the site as a full link (an e-mail, a Location header): on the host the request came to,
    or on SITE_URL when there is no request (the background worker)."""
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL.rstrip("/") + path
