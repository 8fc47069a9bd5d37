"""Claims and verification: a person asks to administer a listed organisation, someone allowed decides;
network and platform admins vouch for an organisation.

The one rule of who decides a claim is ``decidable_claims`` below; the queue (queries) and the
services both use it.
"""

import logging
import smtplib
from collections.abc import Iterable, Sequence
from datetime import timedelta
from enum import StrEnum
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from td2035.accounts import audit
from td2035.accounts.actors import Actor, is_platform_admin, require
from td2035.accounts.models import User
from td2035.core.cleaning import plain_text
from td2035.core.http import absolute_url
from td2035.directory import services
from td2035.directory.models import NetworkMembership, Organization
from td2035.directory.services import DirectoryError
from td2035.registration.invitations import grant_role
from td2035.registration.models import Claim
from td2035.roles.models import OrganizationRole
from td2035.roles.permissions import (
    admin_roles,
    administered_network_ids,
    can_verify_organization,
    organization_has_admins,
)

logger = logging.getLogger(__name__)

MAX_CLAIM_MESSAGE = 2000
MAX_CLAIMS_PER_DAY = 10  # per person: each claim on an organisation with admins e-mails those admins


# --- Claims: who decides that a person may administer an organisation. ------------------------------


class ClaimAuthority(StrEnum):
    """On what grounds someone decides a claim (kept in the audit entry of the decision)."""

    ORGANIZATION = "organization"  # an admin of the claimed organisation
    NETWORK = "network"  # the organisation has no admin: an admin of a network it belongs to (or above)
    PLATFORM = "platform"  # the organisation has no admin: a platform admin
    OVERRIDE = "override"  # the organisation has admins, and a platform admin decides instead of them


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


def _lock_organization(org: Organization) -> None:
    """Serialise claims and decisions on one organisation (and role changes, see registration.invitations)."""
    Organization.objects.select_for_update().filter(pk=org.pk).values_list("pk", flat=True).first()


def _admins(org: Organization, *, exclude: Iterable[int] = ()) -> list[User]:
    """The organisation's current admins who can act, oldest role first."""
    roles = admin_roles().filter(organization=org).exclude(user_id__in=list(exclude))
    return [role.user for role in roles.select_related("user").order_by("created_at", "pk")]


def _check_claim_rate(actor: User) -> None:
    # The person's row is locked first, so that parallel claims on different organisations count in turn.
    User.objects.select_for_update().filter(pk=actor.pk).values_list("pk", flat=True).first()
    recent = Claim.objects.filter(user=actor, created_at__gte=timezone.now() - timedelta(days=1))
    if recent.count() >= MAX_CLAIMS_PER_DAY:
        raise DirectoryError(
            _("Demasiadas solicitudes hoy; inténtalo mañana. / Too many claims today; try tomorrow.")
        )


@transaction.atomic
def claim_organization(
    actor: Actor, org: Organization, *, message: str = "", request: HttpRequest | None = None
) -> Claim:
    """Ask to administer a listed organisation. Pending until someone allowed decides (see
    accounts.permissions.decidable_claims): its admins if it has any, who are told by e-mail; else a
    network it belongs to, or a platform admin."""
    require(actor.is_authenticated, _("Inicia sesión para reclamar una organización. / Sign in first."))
    assert isinstance(actor, User)
    _lock_organization(org)
    if OrganizationRole.objects.filter(user=actor, organization=org).exists():
        raise DirectoryError(_("Ya formas parte de esta organización. / You already belong to it."))
    existing = Claim.objects.filter(organization=org, user=actor, status=Claim.Status.PENDING).first()
    if existing is not None:
        return existing
    _check_claim_rate(actor)
    claim = Claim.objects.create(
        organization=org, user=actor, message=plain_text(message)[:MAX_CLAIM_MESSAGE].strip()
    )
    admins = _admins(org)
    deciders = "organization" if admins else "network"
    audit.record(
        actor, "organization.claimed", org, data={"claim": claim.pk, "deciders": deciders}, request=request
    )
    if admins:
        transaction.on_commit(lambda: notify_admins_of_claim(claim, admins, request))
    return claim


def _pending_claim(claim_id: int) -> Claim:
    claim = (
        Claim.objects.select_for_update().select_related("organization", "user").filter(pk=claim_id).first()
    )
    if claim is None:
        raise DirectoryError(_("No existe esa solicitud. / No such claim."))
    return claim


def _decide(actor: Actor, claim_id: int, status: str, request: HttpRequest | None) -> Claim:
    """Record the decision. On approval, the admins before it (but the decider) hear of it by e-mail."""
    claim = _pending_claim(claim_id)
    _lock_organization(claim.organization)
    authority = claim_authority(actor, claim)
    require(authority is not None, claim_refusal(actor, claim))
    if claim.status != Claim.Status.PENDING:
        raise DirectoryError(_("Esta solicitud ya se resolvió. / This claim was already decided."))
    if not claim.user.is_active:
        raise DirectoryError(
            _(
                "La cuenta de quien lo solicitó ya no está activa. / "
                "The account of the person who claimed is no longer active."
            )
        )
    assert isinstance(actor, User) and authority is not None
    claim.status = status
    claim.decided_at = timezone.now()
    claim.decided_by = actor
    claim.save(update_fields=["status", "decided_at", "decided_by"])
    approved = status == Claim.Status.APPROVED
    data = {
        "claim": claim.pk,
        "user": claim.user.email,
        "decided_as": str(authority),
        "override": authority == ClaimAuthority.OVERRIDE,
    }
    action = "claim.approved" if approved else "claim.rejected"
    audit.record(actor, action, claim.organization, data=data, request=request)
    transaction.on_commit(lambda: notify_claimant(claim, request))
    others = _admins(claim.organization, exclude=[actor.pk, claim.user_id]) if approved else []
    if others:
        transaction.on_commit(lambda: notify_admins_of_approval(claim, others, authority, request))
    return claim


def _send(subject: str, template: str, context: dict[str, Any], to: str) -> None:
    """One e-mail from registration/email/<template>.txt and .html; a failure is only logged."""
    message = EmailMultiAlternatives(
        " ".join(subject.split()),
        render_to_string(f"registration/email/{template}.txt", context),
        to=[to],
    )
    message.attach_alternative(render_to_string(f"registration/email/{template}.html", context), "text/html")
    try:
        message.send()
    except (OSError, smtplib.SMTPException):
        logger.exception("could not send %s to %s", template, to)


def notify_claimant(claim: Claim, request: HttpRequest | None = None) -> None:
    """Tell the person who claimed how it was decided (after commit; a mail failure is only logged)."""
    context = {
        "claim": claim,
        "organization": claim.organization,
        "approved": claim.status == Claim.Status.APPROVED,
        "url": absolute_url(reverse("directory:organization", args=[claim.organization.slug]), request),
    }
    subject = _("[TD2035] Tu solicitud sobre %(org)s") % {"org": claim.organization.name}
    _send(subject, "claim_decided", context, claim.user.email)


def notify_admins_of_claim(claim: Claim, admins: Iterable[User], request: HttpRequest | None = None) -> None:
    """Tell an organisation's admins that a claim on it awaits their decision (after commit)."""
    context = {
        "claim": claim,
        "organization": claim.organization,
        "url": absolute_url(reverse("registration:people", args=[claim.organization.slug]), request),
    }
    subject = _("[TD2035] Alguien pide administrar %(org)s") % {"org": claim.organization.name}
    for admin in admins:
        _send(subject, "claim_to_decide", context, admin.email)


def notify_admins_of_approval(
    claim: Claim, admins: Iterable[User], authority: ClaimAuthority, request: HttpRequest | None = None
) -> None:
    """Tell an organisation's admins that someone else now administers it too (after commit)."""
    decider = claim.decided_by
    context = {
        "claim": claim,
        "organization": claim.organization,
        "decider": (decider.full_name or decider.email) if decider else "",
        "override": authority == ClaimAuthority.OVERRIDE,
        "url": absolute_url(reverse("registration:people", args=[claim.organization.slug]), request),
    }
    subject = _("[TD2035] %(user)s ahora administra %(org)s") % {
        "user": claim.user.email,
        "org": claim.organization.name,
    }
    for admin in admins:
        _send(subject, "claim_approved_admins", context, admin.email)


@transaction.atomic
def approve_claim(actor: Actor, claim_id: int, *, request: HttpRequest | None = None) -> Claim:
    """The claimant becomes an admin of the organisation, which is verified too when the decider may
    verify it (a network or platform admin; an organisation does not vouch for itself)."""
    claim = _decide(actor, claim_id, Claim.Status.APPROVED, request)
    grant_role(claim.organization, claim.user, OrganizationRole.Role.ADMIN)
    if can_verify_organization(actor, claim.organization_id):
        _set_verified(actor, claim.organization, True, request)
    return claim


@transaction.atomic
def reject_claim(actor: Actor, claim_id: int, *, request: HttpRequest | None = None) -> Claim:
    return _decide(actor, claim_id, Claim.Status.REJECTED, request)


def withdraw_claims_of_deleted_account(user: User, emails: Sequence[str], placeholder: str) -> None:
    """The person deleted their account (privacy.registry, inside that transaction): their pending
    claims are rejected, as nobody is left to administer the organisation through them, and every claim
    of theirs loses its message. No e-mail: the address is gone."""
    now = timezone.now()
    for claim in Claim.objects.select_for_update().filter(user_id=user.pk, status=Claim.Status.PENDING):
        claim.status, claim.decided_at, claim.decided_by = Claim.Status.REJECTED, now, None
        claim.save(update_fields=["status", "decided_at", "decided_by"])
        data = {"claim": claim.pk, "reason": "account_deleted"}
        audit.record(user, "claim.withdrawn", claim.organization, data=data)
    Claim.objects.filter(user_id=user.pk).exclude(message="").update(message="")


# --- Verify. ---------------------------------------------------------------------------------------


def _set_verified(
    actor: Actor,
    org: Organization,
    verified: bool,
    request: HttpRequest | None,
    data: dict[str, Any] | None = None,
) -> None:
    if org.is_verified == verified:
        return
    Organization.objects.filter(pk=org.pk).update(is_verified=verified, updated_at=timezone.now())
    org.is_verified = verified
    services.reindex_organizations([org.pk])
    action = "organization.verified" if verified else "organization.unverified"
    audit.record(actor, action, org, data=data, request=request)


def withdraw_verification_after_change(
    actor: Actor, org: Organization, fields: Iterable[str], request: HttpRequest | None
) -> None:
    """A verified organisation that changes who it says it is (name, legal name, RFC, kind) is verified
    again by its network: the badge vouched for the old identity, not for the new one."""
    _set_verified(actor, org, False, request, data={"changed": sorted(fields)})


@transaction.atomic
def verify_organization(
    actor: Actor, org: Organization, *, verified: bool = True, request: HttpRequest | None = None
) -> Organization:
    """Platform admins, or admins of a network the organisation belongs to, vouch for it (or withdraw)."""
    require(can_verify_organization(actor, org.pk))
    _set_verified(actor, org, verified, request)
    return org
