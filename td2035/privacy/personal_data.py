"""Access (ARCO): everything the platform holds about a person, as one JSON document.

Secrets are left out on purpose: the password hash, the TOTP secret and the recovery codes are not
shown; the document says whether they exist.
"""

from datetime import date, datetime
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from td2035.accounts import audit
from td2035.accounts.actors import Actor, require
from td2035.accounts.models import ApiToken, AuditEntry, User
from td2035.networks_admin import queries as networks_admin
from td2035.notifications import queries as notifications
from td2035.privacy import arco, registry
from td2035.privacy.models import ArcoRequest, PrivacyConsent
from td2035.registration import queries as registration
from td2035.roles.models import NetworkAdmin, OrganizationRole

FORMAT = "td2035-personal-data/1"
SECRET_FIELDS = {"password"}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def user_fields(user: User) -> dict[str, Any]:
    """Every column of the person's row except the password hash."""
    fields = {
        field.attname: _plain(getattr(user, field.attname))
        for field in user._meta.concrete_fields
        if field.name not in SECRET_FIELDS
    }
    fields["has_usable_password"] = user.has_usable_password()
    fields["groups"] = list(user.groups.values_list("name", flat=True))
    return fields


def audit_entries_about(user: User) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        Q(actor_id=user.pk) | Q(target_type=User._meta.label_lower, target_id=str(user.pk))
    )


def api_tokens(user: User) -> list[dict[str, Any]]:
    """The person's API tokens: never the token or its hash."""
    return [
        {
            "name": t.name,
            "prefix": t.prefix,
            "scope": t.scope,
            "created_at": _plain(t.created_at),
            "last_used_at": _plain(t.last_used_at),
            "expires_at": _plain(t.expires_at),
            "revoked_at": _plain(t.revoked_at),
        }
        for t in ApiToken.objects.filter(user_id=user.pk).order_by("created_at", "pk")
    ]


def personal_data(user: User) -> dict[str, Any]:
    """Privacy's own sections (the account, roles, consents, sessions, second factors, ARCO requests, the
    audit log, claims and invitations, what they wrote to networks, API tokens, notifications), then those
    the apps above it registered (registry)."""
    roles = OrganizationRole.objects.filter(user_id=user.pk).select_related("organization")
    networks = NetworkAdmin.objects.filter(user_id=user.pk).select_related("network")
    authenticators = Authenticator.objects.filter(user_id=user.pk)
    own: dict[str, Any] = {
        "format": FORMAT,
        "generated_at": timezone.now().isoformat(),
        "user": user_fields(user),
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user_id=user.pk).order_by("-primary", "email")
        ],
        "organization_roles": [
            {
                "organization": r.organization.name,
                "organization_slug": r.organization.slug,
                "role": r.role,
                "since": _plain(r.created_at),
            }
            for r in roles
        ],
        "network_admin_roles": [
            {"network": n.network.name, "network_slug": n.network.slug, "since": _plain(n.created_at)}
            for n in networks
        ],
        "privacy_consents": [
            {"version": c.version, "accepted_at": _plain(c.accepted_at), "ip_address": c.ip_address}
            for c in PrivacyConsent.objects.filter(user_id=user.pk).order_by("accepted_at")
        ],
        "sessions": [
            {
                "ip_address": s.ip,
                "user_agent": s.user_agent,
                "started_at": _plain(s.created_at),
                "last_seen_at": _plain(s.last_seen_at),
            }
            for s in UserSession.objects.filter(user_id=user.pk).order_by("created_at")
        ],
        "mfa": {
            "enabled": any(a.type == Authenticator.Type.TOTP for a in authenticators),
            "authenticators": [
                {"type": a.type, "created_at": _plain(a.created_at), "last_used_at": _plain(a.last_used_at)}
                for a in authenticators
            ],
        },
        "arco_requests": [
            {
                "reference": r.reference,
                "kind": r.kind,
                "details": r.details,
                "created_at": _plain(r.created_at),
                "due_date": _plain(r.due_date),
                "status": r.status,
                "resolution": r.resolution,
                "resolved_at": _plain(r.resolved_at),
            }
            for r in ArcoRequest.objects.filter(user_id=user.pk).order_by("created_at")
        ],
        "audit_entries": [
            {
                "created_at": _plain(e.created_at),
                "action": e.action,
                "by_me": e.actor_id == user.pk,
                "target": e.target_label,
                "data": e.data,
                "ip_address": e.ip_address,
                "user_agent": e.user_agent,
            }
            for e in audit_entries_about(user).order_by("created_at", "pk")
        ],
        # Added after the document's first version: before notifications, which the apps' sections follow.
        "claims": registration.claims_personal_data(user),
        "invitations": registration.invitations_personal_data(user),
        "network_join_requests": networks_admin.join_requests_personal_data(user),
        "network_invitations": networks_admin.network_invitations_personal_data(user),
        "api_tokens": api_tokens(user),
        "notifications": notifications.personal_data(user),
    }
    sections = registry.collect_personal_data(user)  # the apps above privacy (inquiries, ...)
    if taken := own.keys() & sections.keys():
        raise ImproperlyConfigured(f"Personal-data sections registered twice: {sorted(taken)}")
    return own | sections


@transaction.atomic
def export_personal_data(*, actor: Actor, request: HttpRequest | None = None) -> dict[str, Any]:
    """The signed-in person's own data; the export is logged (audit and ARCO access request)."""
    require(actor.is_authenticated and actor.is_active)
    assert isinstance(actor, User)
    arco.log_request(user=actor, kind=ArcoRequest.Kind.ACCESS, details="download", automatic=True)
    audit.record(actor, "privacy.export", actor, request=request)
    return personal_data(actor)
