"""Who may do what. Every service that writes asks here first; views and API endpoints never decide.

Roles: member and admin of an organisation; admin of a network (which covers its sub-networks);
platform admin (TD2035 Coordination staff), who may do everything, except decide their own claim.
"""

from enum import StrEnum

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from td2035.accounts.actors import Actor, is_platform_admin
from td2035.accounts.models import User
from td2035.directory.models import Claim, NetworkMembership
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
    """Platform admins, or admins of a network the organisation belongs to (or of one above it)."""
    if is_platform_admin(actor):
        return True
    return any(is_network_admin(actor, nid) for nid in organization_network_ids(organization_id))


def administered_network_ids(actor: Actor) -> set[int]:
    """Networks `actor` runs, with every network nested below them."""
    if not actor.is_authenticated:
        return set()
    ids: set[int] = set()
    for network_id in NetworkAdmin.objects.filter(user_id=actor.pk).values_list("network_id", flat=True):
        ids |= {network_id, *network_descendant_ids(network_id)}
    return ids


# --- Claims: who decides that a person may administer an organisation. ------------------------------


class ClaimAuthority(StrEnum):
    """On what grounds someone decides a claim (kept in the audit entry of the decision)."""

    ORGANIZATION = "organization"  # an admin of the claimed organisation
    NETWORK = "network"  # the organisation has no admin: an admin of a network it belongs to (or above)
    PLATFORM = "platform"  # the organisation has no admin: a platform admin
    OVERRIDE = "override"  # the organisation has admins, and a platform admin decides instead of them


def admin_roles() -> QuerySet[OrganizationRole]:
    """Admin roles of people who can still act (a deactivated account decides nothing)."""
    return OrganizationRole.objects.filter(role=OrganizationRole.Role.ADMIN, user__is_active=True)


def organization_has_admins(organization_id: int) -> bool:
    return admin_roles().filter(organization_id=organization_id).exists()


def claim_organization_has_admins() -> Exists:
    """For a Claim queryset: whether the claimed organisation has admins."""
    return Exists(admin_roles().filter(organization_id=OuterRef("organization_id")))


def decidable_claims(actor: Actor) -> Q:
    """The one rule of who decides a claim, as a filter on Claim (services and the queue use it):

    - never the claimant themself, whoever they are;
    - an organisation that has admins: its admins decide; a platform admin may override them;
    - an organisation without admins: admins of a network it belongs to (or of one above it), and
      platform admins.
    """
    if not (actor.is_authenticated and actor.is_active):
        return Q(pk__in=[])
    not_own = ~Q(user_id=actor.pk)
    if is_platform_admin(actor):
        return not_own
    theirs = Q(organization_id__in=admin_roles().filter(user_id=actor.pk).values("organization_id"))
    members = NetworkMembership.objects.filter(network_id__in=administered_network_ids(actor))
    in_their_networks = Q(organization_id__in=members.values("organization_id"))
    return not_own & (theirs | Q(in_their_networks, ~claim_organization_has_admins()))


def can_decide_claim(actor: Actor, claim: Claim) -> bool:
    return Claim.objects.filter(decidable_claims(actor), pk=claim.pk).exists()


def claim_authority(actor: Actor, claim: Claim) -> ClaimAuthority | None:
    """How `actor` may decide this claim, or None if they may not."""
    if not isinstance(actor, User) or not can_decide_claim(actor, claim):
        return None
    if admin_roles().filter(user_id=actor.pk, organization_id=claim.organization_id).exists():
        return ClaimAuthority.ORGANIZATION
    if organization_has_admins(claim.organization_id):
        return ClaimAuthority.OVERRIDE
    return ClaimAuthority.PLATFORM if is_platform_admin(actor) else ClaimAuthority.NETWORK


def claim_refusal(actor: Actor, claim: Claim) -> str:
    """Why `actor` may not decide this claim, for the person (Spanish / English)."""
    if actor.is_authenticated and claim.user_id == actor.pk:
        return _(
            "No puedes decidir tu propia solicitud: la decide otra persona. / "
            "You cannot decide your own claim: someone else does."
        )
    if can_verify_organization(actor, claim.organization_id) and organization_has_admins(
        claim.organization_id
    ):
        return _(
            "Esta organización ya tiene administradores: ellos deciden la solicitud, o la Coordinación "
            "TD2035. / This organisation already has admins: they decide the claim, or TD2035 Coordination."
        )
    return _("No tienes permiso para hacer esto. / You are not allowed to do this.")
