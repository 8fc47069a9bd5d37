"""Who may do what. Every service that writes asks here first; views and API endpoints never decide.

Roles: member and admin of an organisation; admin of a network (which covers its sub-networks);
platform admin (TD2035 Coordination staff), who may do everything.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from td2035.accounts.models import NetworkAdmin, OrganizationRole, User
from td2035.directory.queries import network_ancestor_ids, organization_network_ids

Actor = User | AnonymousUser


def is_platform_admin(actor: Actor) -> bool:
    return bool(actor.is_authenticated and actor.is_active and getattr(actor, "is_platform_admin", False))


def org_role(actor: Actor, organization_id: int) -> str | None:
    if not actor.is_authenticated:
        return None
    return (
        OrganizationRole.objects.filter(user_id=actor.pk, organization_id=organization_id)
        .values_list("role", flat=True)
        .first()
    )


def is_org_member(actor: Actor, organization_id: int) -> bool:
    return is_platform_admin(actor) or org_role(actor, organization_id) is not None


def is_org_admin(actor: Actor, organization_id: int) -> bool:
    return is_platform_admin(actor) or org_role(actor, organization_id) == OrganizationRole.Role.ADMIN


def is_network_admin(actor: Actor, network_id: int) -> bool:
    """Admin of this network or of any network that contains it."""
    if is_platform_admin(actor):
        return True
    if not actor.is_authenticated:
        return False
    ids = {network_id, *network_ancestor_ids(network_id)}
    return NetworkAdmin.objects.filter(user_id=actor.pk, network_id__in=ids).exists()


def can_verify_organization(actor: Actor, organization_id: int) -> bool:
    """Platform admins, or admins of a network the organisation belongs to (or of one above it)."""
    if is_platform_admin(actor):
        return True
    return any(is_network_admin(actor, nid) for nid in organization_network_ids(organization_id))


def require(allowed: bool, message: str = "") -> None:
    """Raise PermissionDenied (403) with a bilingual message when not allowed."""
    if not allowed:
        raise PermissionDenied(
            message or _("No tienes permiso para hacer esto. / You are not allowed to do this.")
        )
