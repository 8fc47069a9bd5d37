"""Who may do what. Every service that writes asks here first; views and API endpoints never decide.

Roles: member and admin of an organisation; admin of a network (which covers its sub-networks);
platform admin (TD2035 Coordination staff), who may do everything. Who decides a claim is the
registration app's rule (registration.claims.decidable_claims), built on these.
"""

from django.db.models import QuerySet

from td2035.accounts.actors import Actor, is_platform_admin
from td2035.directory.queries import network_ancestor_ids, network_descendant_ids, organization_network_ids
from td2035.roles.models import NetworkAdmin, OrganizationRole


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
    """Platform admins, or admins of a network the organisation belongs to (or of one above it) who do
    not speak for it themselves: an organisation does not vouch for itself."""
    if is_platform_admin(actor):
        return True
    if org_role(actor, organization_id) is not None:
        return False
    return any(is_network_admin(actor, nid) for nid in organization_network_ids(organization_id))


def administered_network_ids(actor: Actor) -> set[int]:
    """Networks `actor` runs, with every network nested below them."""
    if not actor.is_authenticated:
        return set()
    ids: set[int] = set()
    for network_id in NetworkAdmin.objects.filter(user_id=actor.pk).values_list("network_id", flat=True):
        ids |= {network_id, *network_descendant_ids(network_id)}
    return ids


def admin_roles() -> QuerySet[OrganizationRole]:
    """Admin roles of people who can still act (a deactivated account decides nothing)."""
    return OrganizationRole.objects.filter(role=OrganizationRole.Role.ADMIN, user__is_active=True)


def organization_has_admins(organization_id: int) -> bool:
    return admin_roles().filter(organization_id=organization_id).exists()
