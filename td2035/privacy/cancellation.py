"""Cancellation (ARCO): delete an account by anonymising the person.

The row stays (so the organisations' history, the audit log and the ARCO log keep pointing at something),
but nothing in it identifies the person any more: the e-mail becomes a unique placeholder, the name is
cleared, the password becomes unusable, roles, e-mail addresses, second factors and sessions are removed,
and the audit log keeps every action without the person's e-mail, name, IP address or browser. What
the person asked for and could still be granted goes too (privacy.registry's erasers: their pending
claims are rejected, invitations to their addresses revoked). Organisation data stays with the
organisation.
"""

import json
import re
import secrets
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.auth import logout
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest

from td2035.accounts import audit
from td2035.accounts.actors import Actor, is_platform_admin, require
from td2035.accounts.models import AuditEntry, User
from td2035.privacy import arco, registry
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
    placeholder = placeholder_email(user)
    registry.erase_personal_data(user, identifiers, placeholder)  # pending claims, invitations, ...

    roles, _ = OrganizationRole.objects.filter(user_id=user.pk).delete()
    network_roles, _ = NetworkAdmin.objects.filter(user_id=user.pk).delete()
    _anonymise_audit(user, reference, identifiers, names)
    _end_sessions(user)
    EmailAddress.objects.filter(user_id=user.pk).delete()
    Authenticator.objects.filter(user_id=user.pk).delete()
    PrivacyConsent.objects.filter(user_id=user.pk).update(ip_address=None)
    ArcoRequest.objects.filter(user_id=user.pk).update(details="", reference=reference)
    _anonymise_user(user, placeholder)

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


def _anonymise_user(user: User, placeholder: str) -> None:
    user.email = placeholder
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


MIN_NAME_LENGTH = 3  # a shorter name ("a", "@", "Li") is not looked for: it is part of too many words


def _searched_names(names: list[str]) -> list[str]:
    return [n.strip() for n in names if len(n.strip()) >= MIN_NAME_LENGTH]


def _same(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


@dataclass(frozen=True)
class _Scrubber:
    """Replaces the person's identifiers in an audit entry's data by the reference.

    `inside=True` (entries by or about the person): wherever an e-mail address or the name appears in a
    text, as a whole word. Otherwise (everyone else's entries) only a value that *is* one of them: other
    people's text is never rewritten.
    """

    emails: list[str]
    names: list[str]
    reference: str
    inside: bool

    def patterns(self) -> list[re.Pattern[str]]:
        emails = [rf"(?<![\w.%+-]){re.escape(e)}(?!\.?[\w-])" for e in self.emails]
        names = [rf"(?<!\w){re.escape(n)}(?!\w)" for n in self.names]
        return [re.compile(p, re.IGNORECASE) for p in emails + names]

    def text(self, value: str) -> str:
        if any(_same(value, s) for s in (*self.emails, *self.names)):
            return self.reference
        if self.inside:
            for pattern in self.patterns():
                value = pattern.sub(self.reference, value)
        return value

    def __call__(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self(v) for v in value]
        if isinstance(value, dict):
            return {k: self(v) for k, v in value.items()}
        return value


def _mentioning(identifiers: list[str]) -> Q:
    """Entries whose data may hold one of `identifiers` (a coarse filter; _Scrubber decides). The JSON
    text may hold a name with its accents escaped (SQLite), so both spellings are looked for."""
    condition = Q(pk__in=[])
    for identifier in identifiers:
        for spelling in {identifier, json.dumps(identifier)[1:-1]}:
            condition |= Q(data__icontains=spelling)
    return condition


def _anonymise_audit(user: User, reference: str, emails: list[str], names: list[str]) -> None:
    """Audit entries are append-only in the app; anonymising them is the one update the law requires.

    Entries by the person lose who and from where; entries about the person lose their label; in both,
    the person's e-mail addresses and name are replaced by the reference wherever they appear in the
    data. In everyone else's entries only a value or a label that is one of the person's e-mail
    addresses (or their whole name, in the data) is replaced: an invitation sent to them, a claim of
    theirs that someone decided.
    """
    names = _searched_names(names)
    about = audit_entries_about(user)
    AuditEntry.objects.filter(actor_id=user.pk).update(actor_label=reference, ip_address=None, user_agent="")
    AuditEntry.objects.filter(target_type=User._meta.label_lower, target_id=str(user.pk)).update(
        target_label=reference
    )
    inside = _Scrubber(emails, names, reference, inside=True)
    outside = _Scrubber(emails, names, reference, inside=False)
    others = AuditEntry.objects.filter(_mentioning(emails + names)).exclude(pk__in=about.values("pk"))
    for scrub, entries in ((inside, about), (outside, others)):
        for entry in entries.only("pk", "data"):
            cleaned = scrub(entry.data)
            if cleaned != entry.data:
                AuditEntry.objects.filter(pk=entry.pk).update(data=cleaned)
    for email in emails:  # someone else's action whose target is labelled by the person's e-mail
        AuditEntry.objects.filter(target_label__iexact=email).update(target_label=reference)
