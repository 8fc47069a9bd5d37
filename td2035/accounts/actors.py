"""Who is acting: a signed-in person or an anonymous visitor, and whether they are TD2035 Coordination.

What a person may do for an organisation or a network is asked of ``td2035.roles.permissions``;
this module holds only what needs no role: the actor type, the platform admin, and ``require``.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from td2035.accounts.models import User

Actor = User | AnonymousUser


def is_platform_admin(actor: Actor) -> bool:
    return bool(actor.is_authenticated and actor.is_active and getattr(actor, "is_platform_admin", False))


def require(allowed: bool, message: str = "") -> None:
    """Raise PermissionDenied (403) with a bilingual message when not allowed."""
    if not allowed:
        raise PermissionDenied(
            message or _("No tienes permiso para hacer esto. / You are not allowed to do this.")
        )


def signed_in(actor: Actor) -> User:
    """The acting person, who must be signed in with an active account (else PermissionDenied)."""
    require(actor.is_authenticated and actor.is_active)
    assert isinstance(actor, User)
    return actor
