"""Reads behind the pages where people run their organisation and network admins verify: each loads
an object and checks access in one call, so a page cannot forget the check."""

from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Value
from django.http import Http404

from td2035.accounts.actors import Actor, is_platform_admin, require
from td2035.accounts.models import User
from td2035.directory.models import NetworkMembership, Organization, Source
from td2035.directory.queries import network_ancestor_ids, organization_network_ids
from td2035.registration.claims import claim_organization_has_admins, decidable_claims
from td2035.registration.models import Claim, Invitation
from td2035.roles.models import NetworkAdmin
from td2035.roles.permissions import (
    admin_roles,
    administered_network_ids,
    is_org_admin,
    organization_has_admins,
)


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
    return administered_network_ids(actor)


def may_open_verification_queue(actor: Actor) -> bool:
    """Platform admins, network admins, and organisation admins (who decide claims on theirs)."""
    if is_platform_admin(actor):
        return True
    if not actor.is_authenticated:
        return False
    runs_network = NetworkAdmin.objects.filter(user_id=actor.pk).exists()
    return runs_network or admin_roles().filter(user_id=actor.pk).exists()


def claims_to_decide(actor: Actor) -> QuerySet[Claim]:
    """Pending claims `actor` may decide (accounts.permissions.decidable_claims), oldest first. Each has
    `has_admins` (the organisation has admins), `by_admin` (`actor` is one of them) and `is_override`
    (a platform admin would decide instead of those admins)."""
    theirs = admin_roles().filter(user_id=actor.pk or 0, organization_id=OuterRef("organization_id"))
    claims = (
        Claim.objects.filter(decidable_claims(actor), status=Claim.Status.PENDING)
        .select_related("organization", "user")
        .annotate(has_admins=claim_organization_has_admins(), by_admin=Exists(theirs))
    )
    override = claim_organization_has_admins() & ~Exists(theirs) if is_platform_admin(actor) else Value(False)
    return claims.annotate(is_override=ExpressionWrapper(override, output_field=BooleanField())).order_by(
        "created_at", "pk"
    )


def claim_deciders(org: Organization, claimant: Actor | None = None) -> str:
    """Who decides a claim on this organisation now: "organization" (its admins), "network" (an admin of
    a network it belongs to, other than the claimant) or "coordination" (the TD2035 Coordination)."""
    if organization_has_admins(org.pk):
        return "organization"
    network_ids: set[int] = set()
    for network_id in organization_network_ids(org.pk):
        network_ids |= {network_id, *network_ancestor_ids(network_id)}
    admins = NetworkAdmin.objects.filter(network_id__in=network_ids, user__is_active=True)
    if claimant is not None and claimant.is_authenticated:
        admins = admins.exclude(user_id=claimant.pk)
    return "network" if admins.exists() else "coordination"


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
    """The person's own claims, newest first; each with `has_admins` (its admins decide it)."""
    return (
        Claim.objects.filter(user=user)
        .select_related("organization")
        .annotate(has_admins=claim_organization_has_admins())
        .order_by("-created_at")
    )


def pending_claim(user: Actor, org: Organization) -> Claim | None:
    if not user.is_authenticated:
        return None
    return Claim.objects.filter(user_id=user.pk, organization=org, status=Claim.Status.PENDING).first()


# --- The person's ARCO access download (privacy.personal_data reads these). ---------------------------


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def claims_personal_data(user: User) -> list[dict[str, Any]]:
    """The person's claims, with their messages and how they were decided."""
    claims = Claim.objects.filter(user_id=user.pk).select_related("organization").order_by("created_at", "pk")
    return [
        {
            "organization": c.organization.name,
            "organization_slug": c.organization.slug,
            "message": c.message,
            "status": c.status,
            "created_at": _iso(c.created_at),
            "decided_at": _iso(c.decided_at),
        }
        for c in claims
    ]


def invitations_personal_data(user: User) -> dict[str, list[dict[str, Any]]]:
    """Invitations to join an organisation sent to one of the person's addresses, and those they sent
    (to whom, as the role and the dates). Never the link's token or its hash."""
    emails = {user.email, *EmailAddress.objects.filter(user_id=user.pk).values_list("email", flat=True)}
    to_them = Q(pk__in=[])
    for email in emails:
        to_them |= Q(email__iexact=email)
    invitations = Invitation.objects.select_related("organization").order_by("created_at", "pk")

    def rows(queryset: QuerySet[Invitation]) -> list[dict[str, Any]]:
        return [
            {
                "organization": i.organization.name,
                "organization_slug": i.organization.slug,
                "email": i.email,
                "role": i.role,
                "created_at": _iso(i.created_at),
                "expires_at": _iso(i.expires_at),
                "accepted_at": _iso(i.used_at),
                "revoked_at": _iso(i.revoked_at),
            }
            for i in queryset
        ]

    return {
        "received": rows(invitations.filter(to_them | Q(accepted_by_id=user.pk))),
        "sent": rows(invitations.filter(invited_by_id=user.pk)),
    }
