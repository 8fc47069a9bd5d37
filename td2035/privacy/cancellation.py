"""Cancellation (ARCO): delete an account by anonymising the person.

The row stays (so the organisations' history, the audit log and the ARCO log keep pointing at something),
but nothing in it identifies the person any more: the e-mail becomes a unique placeholder, the name is
cleared, the password becomes unusable, roles, e-mail addresses, second factors and sessions are removed,
and the audit log keeps every action without the person's e-mail, name, IP address or browser.
Organisation data stays with the organisation.
"""

import secrets
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.auth import logout
from django.db import transaction
from django.http import HttpRequest

from td2035.accounts import audit
from td2035.accounts.actors import Actor, is_platform_admin, require
from td2035.accounts.models import AuditEntry, User
from td2035.privacy import arco
from td2035.privacy.models import ArcoRequest, PrivacyConsent
from td2035.privacy.personal_data import audit_entries_about
from td2035.roles.models import NetworkAdmin, OrganizationRole

PLACEHOLDER_DOMAIN = "anonimo.invalid"


@dataclass(frozen=True)
class Deletion:
    reference: str
    roles_removed: int
    network_roles_removed: int


def placeholder_email(user: User) -> str:
    return f"eliminada-{user.pk}-{secrets.token_hex(4)}@{PLACEHOLDER_DOMAIN}"


def is_anonymised(user: User) -> bool:
    return user.email.endswith("@" + PLACEHOLDER_DOMAIN)


def sole_admin_organizations(user: User) -> list[Any]:
    """Organisations this person administers alone: they keep their data but lose their only admin."""
    admin_roles = OrganizationRole.objects.filter(user_id=user.pk, role=OrganizationRole.Role.ADMIN)
    orgs = [r.organization for r in admin_roles.select_related("organization")]
    return [
        org
        for org in orgs
        if not OrganizationRole.objects.filter(organization_id=org.pk, role=OrganizationRole.Role.ADMIN)
        .exclude(user_id=user.pk)
        .exists()
    ]


@transaction.atomic
def delete_account(*, actor: Actor, user: User, request: HttpRequest | None = None) -> Deletion:
    """The person deletes their own account (or a platform admin does it on a cancellation request)."""
    require(actor.is_authenticated and (actor.pk == user.pk or is_platform_admin(actor)))
    user = User.objects.select_for_update().get(pk=user.pk)
    reference = arco.reference_for(user)
    identifiers = [
        s for s in {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)} if s
    ]
    names = [n for n in {user.full_name, user.get_full_name()} if n.strip()]

    roles, _ = OrganizationRole.objects.filter(user_id=user.pk).delete()
    network_roles, _ = NetworkAdmin.objects.filter(user_id=user.pk).delete()
    _anonymise_audit(user, reference, identifiers + names)
    _end_sessions(user)
    EmailAddress.objects.filter(user_id=user.pk).delete()
    Authenticator.objects.filter(user_id=user.pk).delete()
    PrivacyConsent.objects.filter(user_id=user.pk).update(ip_address=None)
    ArcoRequest.objects.filter(user_id=user.pk).update(details="", reference=reference)
    _anonymise_user(user)

    arco.log_request(user=user, kind=ArcoRequest.Kind.CANCELLATION, details="delete_account", automatic=True)
    audit.record(
        actor if actor.pk != user.pk else user,
        "account.delete",
        user,
        data={"reference": reference, "roles_removed": roles, "network_roles_removed": network_roles},
    )
    if request is not None and request.user.is_authenticated and request.user.pk == user.pk:
        logout(request)
    return Deletion(reference, roles, network_roles)


def _anonymise_user(user: User) -> None:
    user.email = placeholder_email(user)
    user.full_name = user.first_name = user.last_name = ""
    user.set_unusable_password()  # also invalidates every session's auth hash
    user.is_active = user.is_staff = user.is_superuser = user.is_platform_admin = False
    user.email_opt_out, user.show_contact = True, False
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


def _end_sessions(user: User) -> None:
    for session in UserSession.objects.filter(user_id=user.pk):
        session.end()


def _scrub(value: Any, secrets_: list[str], reference: str) -> Any:
    """Replace every occurrence of the person's identifiers inside a JSON value."""
    if isinstance(value, str):
        for secret in secrets_:
            if secret.lower() in value.lower():
                value = (
                    reference if value.lower() == secret.lower() else _replace_ci(value, secret, reference)
                )
        return value
    if isinstance(value, list):
        return [_scrub(v, secrets_, reference) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, secrets_, reference) for k, v in value.items()}
    return value


def _replace_ci(text: str, old: str, new: str) -> str:
    lower, needle, out, start = text.lower(), old.lower(), [], 0
    while (i := lower.find(needle, start)) >= 0:
        out += [text[start:i], new]
        start = i + len(old)
    return "".join([*out, text[start:]])


def _anonymise_audit(user: User, reference: str, identifiers: list[str]) -> None:
    """Audit entries are append-only in the app; anonymising them is the one update the law requires.

    Entries by the person lose who and from where; entries about the person lose their label; any entry
    whose data mention the person's e-mail or name has those values replaced by the reference.
    """
    AuditEntry.objects.filter(actor_id=user.pk).update(actor_label=reference, ip_address=None, user_agent="")
    AuditEntry.objects.filter(target_type=User._meta.label_lower, target_id=str(user.pk)).update(
        target_label=reference
    )
    mentions = AuditEntry.objects.none()
    for identifier in identifiers:
        mentions |= AuditEntry.objects.filter(data__icontains=identifier)
    for entry in (audit_entries_about(user) | mentions).distinct().only("pk", "data"):
        cleaned = _scrub(entry.data, identifiers, reference)
        if cleaned != entry.data:
            AuditEntry.objects.filter(pk=entry.pk).update(data=cleaned)
    for identifier in identifiers:  # someone else's action about this person, labelled by name or e-mail
        AuditEntry.objects.filter(target_label__iexact=identifier).update(target_label=reference)
