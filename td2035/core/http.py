"""What a view needs from its request: the signed-in person, typed.

Typed as the project's user model without importing accounts: django-stubs' mypy plugin resolves
`_User` (a name that exists only in the stubs, hence TYPE_CHECKING) to AUTH_USER_MODEL, and
get_user_model() gives the same class at run time.
"""

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import _User


def signed_in_user(request: HttpRequest) -> "_User":
    """The person of a view behind login_required (an assertion, not a check of access)."""
    user = request.user
    assert isinstance(user, get_user_model())
    return user
