"""People in organisations: invitations by e-mail, roles, removal.

An invitation's link carries a random token; only its SHA-256 is stored, so the table alone cannot be
used to join. A token works once and expires (INVITATION_DAYS, 7 by default). Every change of who speaks
for an organisation is checked here and written to the audit log; an organisation always keeps at least
one admin.
"""

import hashlib
import logging
import secrets
import smtplib
from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from td2035.accounts import audit
from td2035.accounts.actors import Actor, require
from td2035.accounts.models import User
from td2035.core.cleaning import as_id
from td2035.core.errors import Refusal
from td2035.core.http import absolute_url
from td2035.directory.models import Organization
from td2035.registration.models import Invitation
from td2035.roles.models import OrganizationRole
from td2035.roles.permissions import admin_roles, is_org_admin

logger = logging.getLogger(__name__)
Role = OrganizationRole.Role
MAX_EMAIL = 254
MAX_INVITATIONS_PER_DAY = 50  # per organisation: an admin's account cannot become a mail cannon


class InvitationError(Refusal):
    """A refused invitation or role change."""


class InvitationNotFound(InvitationError):
    """No such person or pending invitation in this organisation (a 404 for pages and the API)."""


def invitation_days() -> int:
    return int(getattr(settings, "INVITATION_DAYS", 7))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def grant_role(organization: Organization, user: User, role: str) -> OrganizationRole:
    """Give `user` this role in the organisation (an admin is never demoted here).

    No permission check: callers (registration, approved claims, accepted invitations) have decided.
    """
    current, created = OrganizationRole.objects.get_or_create(
        user=user, organization=organization, defaults={"role": role}
    )
    if not created and role == Role.ADMIN and current.role != Role.ADMIN:
        current.role = Role.ADMIN
        current.save(update_fields=["role"])
    return current


def _valid_role(role: str) -> str:
    if role not in Role.values:
        raise InvitationError(_("Rol desconocido. / Unknown role."), "role")
    return role


def _normalized_email(email: str) -> str:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    email = (email or "").strip().lower()
    if len(email) > MAX_EMAIL:  # an e-mail column holds 254 characters (RFC 5321's path limit)
        raise InvitationError(
            _(
                "Ese correo es demasiado largo (máximo 254 caracteres). / That e-mail is too long (254 at most)."
            ),
            "email",
        )
    try:
        validate_email(email)
    except ValidationError as exc:
        raise InvitationError(
            _("Escribe un correo electrónico válido. / Enter a valid e-mail address."), "email"
        ) from exc
    return email


@transaction.atomic
def invite_colleague(
    actor: Actor,
    org: Organization,
    email: str,
    role: str = Role.MEMBER,
    *,
    request: HttpRequest | None = None,
) -> tuple[Invitation, str]:
    """Invite a person by e-mail; returns the invitation and the token (only ever sent by e-mail)."""
    require(is_org_admin(actor, org.pk))
    email = _normalized_email(email)
    role = _valid_role(role)
    if OrganizationRole.objects.filter(organization=org, user__email__iexact=email).exists():
        raise InvitationError(
            _("Esa persona ya forma parte de la organización. / That person already belongs to it."), "email"
        )
    recent = Invitation.objects.filter(organization=org, created_at__gte=timezone.now() - timedelta(days=1))
    if recent.count() >= MAX_INVITATIONS_PER_DAY:
        raise InvitationError(
            _("Demasiadas invitaciones hoy; inténtalo mañana. / Too many invitations today."), "email"
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organization=org,
        email=email,
        role=role,
        token_hash=hash_token(token),
        expires_at=timezone.now() + timedelta(days=invitation_days()),
        invited_by=actor if isinstance(actor, User) else None,
    )
    audit.record(actor, "invitation.created", org, data={"email": email, "role": role}, request=request)
    try:
        send_invitation(invitation, token, request)
    except (OSError, smtplib.SMTPException) as exc:  # the invitation is rolled back with this error
        logger.exception("could not send an invitation to %s", email)
        raise InvitationError(
            _("No pudimos enviar el correo; inténtalo más tarde. / We could not send the e-mail; try later."),
            "email",
        ) from exc
    return invitation, token


def send_invitation(invitation: Invitation, token: str, request: HttpRequest | None) -> None:
    context = {
        "organization": invitation.organization,
        "inviter": invitation.invited_by,
        "role": invitation.get_role_display(),
        "url": absolute_url(reverse("registration:invitation", args=[token]), request),
        "expires_at": invitation.expires_at,
    }
    subject = _("[TD2035] Te invitan a %(org)s") % {"org": invitation.organization.name}
    text = render_to_string("accounts/email/invitation_message.txt", context)
    html = render_to_string("accounts/email/invitation_message.html", context)
    message = EmailMultiAlternatives(" ".join(subject.split()), text, to=[invitation.email])
    message.attach_alternative(html, "text/html")
    message.send()


def invitation_for_token(token: str) -> Invitation | None:
    if not token or len(token) > 200:
        return None
    return (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


def problem(invitation: Invitation | None) -> str:
    """Why this invitation can no longer be used ("" if it can)."""
    if invitation is None:
        return _("Este enlace de invitación no es válido. / This invitation link is not valid.")
    if invitation.used_at is not None:
        return _("Esta invitación ya se usó. / This invitation has already been used.")
    if invitation.revoked_at is not None:
        return _("Esta invitación fue cancelada. / This invitation was cancelled.")
    if invitation.expires_at <= timezone.now():
        return _(
            "Esta invitación venció; pide a quien te invitó una nueva. / "
            "This invitation has expired; ask for a new one."
        )
    return ""


def _owns_email(user: User, email: str) -> bool:
    from allauth.account.models import EmailAddress

    if user.email.lower() == email:
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


@transaction.atomic
def accept_invitation(user: User, token: str, *, request: HttpRequest | None = None) -> OrganizationRole:
    """Join the organisation with the invitation's role. The link works once, for its own e-mail."""
    if not user.is_authenticated:
        raise InvitationError(_("Inicia sesión para aceptar la invitación. / Sign in to accept."))
    found = invitation_for_token(token)
    invitation = Invitation.objects.select_for_update().filter(pk=found.pk).first() if found else None
    reason = problem(invitation)
    if reason or invitation is None:
        raise InvitationError(reason)
    if not _owns_email(user, invitation.email):
        raise InvitationError(
            _(
                "Esta invitación es para %(email)s; entra con esa cuenta. / "
                "This invitation is for %(email)s; sign in with that account."
            )
            % {"email": invitation.email}
        )
    invitation.used_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["used_at", "accepted_by"])
    role = grant_role(invitation.organization, user, invitation.role)
    audit.record(
        user,
        "invitation.accepted",
        invitation.organization,
        data={"email": invitation.email, "role": role.role},
        request=request,
    )
    return role


@transaction.atomic
def revoke_invitation(
    actor: Actor, org: Organization, invitation_id: int, *, request: HttpRequest | None = None
) -> None:
    require(is_org_admin(actor, org.pk))
    invitation = (
        Invitation.objects.select_for_update()
        .filter(pk=invitation_id, organization=org, used_at__isnull=True, revoked_at__isnull=True)
        .first()
    )
    if invitation is None:
        raise InvitationNotFound(
            _("No hay una invitación pendiente con ese número. / No such pending invitation.")
        )
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(actor, "invitation.revoked", org, data={"email": invitation.email}, request=request)


def _addressed_to(emails: Sequence[str]) -> Q:
    condition = Q(pk__in=[])
    for email in emails:
        condition |= Q(email__iexact=email)
    return condition


def revoke_invitations_to_deleted_account(user: User, emails: Sequence[str], placeholder: str) -> None:
    """The person deleted their account (privacy.registry, inside that transaction): pending invitations
    to any of their addresses are revoked (the link would let someone with that address back in), and
    every invitation to them keeps the placeholder address instead of theirs."""
    invitations = Invitation.objects.select_for_update().filter(_addressed_to(emails))
    now = timezone.now()
    for invitation in invitations.filter(used_at__isnull=True, revoked_at__isnull=True).select_related(
        "organization"
    ):
        invitation.revoked_at = now
        invitation.save(update_fields=["revoked_at"])
        data = {"email": invitation.email, "reason": "account_deleted"}
        audit.record(None, "invitation.revoked", invitation.organization, data=data)
    invitations.update(email=placeholder)


def _role_of(org: Organization, user: User | int) -> OrganizationRole:
    user_id = as_id(user if isinstance(user, int) else user.pk)  # a huge id overflows the lookup
    roles = OrganizationRole.objects.select_related("user").filter(organization=org)
    role = roles.filter(user_id=user_id).first() if user_id is not None else None
    if role is None:
        raise InvitationNotFound(_("Esa persona no forma parte de la organización. / Not a member."))
    return role


def _lock(org: Organization) -> None:
    """Serialise role changes of one organisation, so two admins cannot both step down at once."""
    Organization.objects.select_for_update().filter(pk=org.pk).values_list("pk", flat=True).first()


def _other_admins(org: Organization, user_id: int) -> int:
    """Admins besides this person who can still act (a deactivated account runs nothing)."""
    return admin_roles().filter(organization=org).exclude(user_id=user_id).count()


def _keep_an_admin(org: Organization, role: OrganizationRole) -> None:
    if role.role == Role.ADMIN and _other_admins(org, role.user_id) == 0:
        raise InvitationError(
            _(
                "La organización necesita al menos una persona que la administre; nombra a otra antes. / "
                "The organisation must keep at least one admin."
            )
        )


@transaction.atomic
def change_role(
    actor: Actor, org: Organization, user: User | int, role: str, *, request: HttpRequest | None = None
) -> OrganizationRole:
    require(is_org_admin(actor, org.pk))
    role = _valid_role(role)
    _lock(org)
    current = _role_of(org, user)
    if current.role == role:
        return current
    if role != Role.ADMIN:
        _keep_an_admin(org, current)
    previous = current.role
    current.role = role
    current.save(update_fields=["role"])
    audit.record(
        actor,
        "organization.role_changed",
        org,
        data={"user": current.user.email, "from": previous, "to": role},
        request=request,
    )
    return current


@transaction.atomic
def remove_person(
    actor: Actor, org: Organization, user: User | int, *, request: HttpRequest | None = None
) -> None:
    """An org admin removes a person; anyone may leave an organisation themselves."""
    user_id = user if isinstance(user, int) else user.pk
    leaving = actor.is_authenticated and actor.pk == user_id
    require(leaving or is_org_admin(actor, org.pk))
    _lock(org)
    current = _role_of(org, user_id)
    _keep_an_admin(org, current)
    email = current.user.email
    current.delete()
    audit.record(
        actor, "organization.person_removed", org, data={"user": email, "role": current.role}, request=request
    )


def organization_people(org: Organization) -> QuerySet[OrganizationRole]:
    return (
        OrganizationRole.objects.filter(organization=org)
        .select_related("user")
        .order_by("role", "user__email")
    )  # admins first


def pending_invitations(org: Organization) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organization=org, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")


def roles_of(user: User) -> QuerySet[OrganizationRole]:
    return (
        OrganizationRole.objects.filter(user=user)
        .select_related("organization")
        .order_by("organization__name")
    )
