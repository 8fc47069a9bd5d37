"""Reads behind the pages where people run their organisation and network admins verify: each loads
an object and checks access in one call, so a page cannot forget the check."""

from django.db.models import QuerySet
from django.http import Http404

from td2035.accounts.models import NetworkAdmin, User
from td2035.accounts.permissions import Actor, is_org_admin, is_platform_admin, require
from td2035.directory.models import Claim, NetworkMembership, Organization, Source
from td2035.directory.queries import network_descendant_ids


def get_organization(slug: str) -> Organization:
    org = Organization.objects.select_related("scian", "municipality").filter(slug=slug).first()
    if org is None:
        raise Http404("no such organization")
    return org


def get_organization_for_admin(actor: Actor, slug: str) -> Organization:
    """The organisation if `actor` administers it: 404 if there is none, 403 if not theirs."""
    org = get_organization(slug)
    require(is_org_admin(actor, org.pk))
    return org


def verifiable_network_ids(actor: Actor) -> set[int] | None:
    """Networks whose members `actor` may verify (None: every organisation, a platform admin)."""
    if is_platform_admin(actor):
        return None
    if not actor.is_authenticated:
        return set()
    ids: set[int] = set()
    for network_id in NetworkAdmin.objects.filter(user_id=actor.pk).values_list("network_id", flat=True):
        ids |= {network_id, *network_descendant_ids(network_id)}
    return ids


def claims_to_decide(actor: Actor) -> QuerySet[Claim]:
    claims = Claim.objects.filter(status=Claim.Status.PENDING).select_related("organization", "user")
    networks = verifiable_network_ids(actor)
    if networks is None:
        return claims.order_by("created_at")
    org_ids = NetworkMembership.objects.filter(network_id__in=networks).values("organization_id")
    return claims.filter(organization_id__in=org_ids).order_by("created_at")


def organizations_to_verify(actor: Actor, limit: int = 200) -> list[Organization]:
    """Unverified organisations that registered themselves, among those `actor` may verify."""
    orgs = Organization.objects.filter(is_verified=False, source=Source.SELF_REGISTERED).select_related(
        "municipality"
    )
    networks = verifiable_network_ids(actor)
    if networks is not None:
        org_ids = NetworkMembership.objects.filter(network_id__in=networks).values("organization_id")
        orgs = orgs.filter(pk__in=org_ids)
    return list(orgs.order_by("-created_at")[:limit])


def claims_of(user: User) -> QuerySet[Claim]:
    return Claim.objects.filter(user=user).select_related("organization").order_by("-created_at")


def pending_claim(user: Actor, org: Organization) -> Claim | None:
    if not user.is_authenticated:
        return None
    return Claim.objects.filter(user_id=user.pk, organization=org, status=Claim.Status.PENDING).first()
