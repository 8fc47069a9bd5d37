"""Personal API tokens: created and revoked by their owner, shown once, stored as a SHA-256 hash.

A token is `secrets.token_urlsafe(32)` (43 characters, 256 bits); its first 8 characters are kept in
clear so that people can tell their tokens apart. Creation and revocation go to the audit log.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from td2035.accounts import audit
from td2035.accounts.actors import Actor, is_platform_admin, require
from td2035.accounts.models import ApiToken, User
from td2035.core.cleaning import strip_unstorable
from td2035.core.errors import Refusal

Scope = ApiToken.Scope
TOKEN_BYTES = 32
PREFIX_LENGTH = 8
MAX_TOKEN_LENGTH = 200  # longer "tokens" are refused before hashing
MAX_ACTIVE_TOKENS = 20  # per person
EXPIRY_DAYS = (30, 90, 365)  # choices offered in account settings
DEFAULT_EXPIRY_DAYS = 90
MAX_EXPIRY_DAYS = 3650
LAST_USED_PRECISION = timedelta(minutes=1)  # last_used_at is written at most once a minute


class TokenError(Refusal):
    """A refused token operation."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _clean_name(name: str) -> str:
    name = " ".join(strip_unstorable(name).split())
    if not name:
        raise TokenError(_("Ponle un nombre al token. / Give the token a name."), "name")
    if len(name) > 100:
        raise TokenError(_("El nombre es demasiado largo (máximo 100). / Name too long."), "name")
    return name


def _clean_scope(scope: str) -> str:
    if scope not in Scope.values:
        raise TokenError(_("Alcance desconocido: lectura o escritura. / Scope: read or write."), "scope")
    return scope


def _expiry(days: int | None) -> datetime | None:
    if days is None:
        return None
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_EXPIRY_DAYS:
        raise TokenError(
            _("La vigencia debe estar entre 1 y %(max)d días. / Expiry: 1 to %(max)d days.")
            % {"max": MAX_EXPIRY_DAYS},
            "days",
        )
    return timezone.now() + timedelta(days=days)


@transaction.atomic
def create_token(
    *,
    actor: Actor,
    name: str,
    scope: str = Scope.READ,
    days: int | None = DEFAULT_EXPIRY_DAYS,
    request: HttpRequest | None = None,
    via: str = "web",
) -> tuple[ApiToken, str]:
    """A new token for `actor`; returns it with its secret, which is never stored nor shown again."""
    require(actor.is_authenticated and actor.is_active)
    assert isinstance(actor, User)
    name, scope, expires_at = _clean_name(name), _clean_scope(scope), _expiry(days)
    User.objects.select_for_update().filter(pk=actor.pk).values_list("pk", flat=True).first()
    if active_tokens(actor).count() >= MAX_ACTIVE_TOKENS:
        raise TokenError(
            _("Tienes demasiados tokens activos (máximo %(n)d); revoca alguno. / Too many active tokens.")
            % {"n": MAX_ACTIVE_TOKENS}
        )
    secret = secrets.token_urlsafe(TOKEN_BYTES)
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        token_hash=hash_token(secret),
        scope=scope,
        expires_at=expires_at,
    )
    data = {
        "name": name,
        "prefix": token.prefix,
        "scope": scope,
        "expires_at": expires_at.isoformat() if expires_at else None,
        "via": via,
    }
    audit.record(actor, "api_token.created", token, data=data, request=request)
    return token, secret


@transaction.atomic
def revoke_token(*, actor: Actor, token_id: int, request: HttpRequest | None = None) -> ApiToken:
    """Its owner (or a platform admin) revokes a token; revoking twice changes nothing."""
    require(actor.is_authenticated)
    token = ApiToken.objects.select_for_update().select_related("user").filter(pk=token_id).first()
    if token is None or not (token.user_id == actor.pk or is_platform_admin(actor)):
        raise TokenError(_("No existe ese token. / No such token."))  # another's token: as if absent
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        data = {"prefix": token.prefix, "owner": token.user.email}
        audit.record(actor, "api_token.revoked", token, data=data, request=request)
    return token


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "-pk")


def active_tokens(user: User) -> QuerySet[ApiToken]:
    now = timezone.now()
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).exclude(expires_at__lte=now)


# --- Checking a token that a request presents. -------------------------------------------------------


@dataclass(frozen=True)
class TokenCheck:
    token: ApiToken | None
    problem: str = ""  # "", "invalid", "revoked" or "expired"

    @property
    def ok(self) -> bool:
        return self.token is not None and not self.problem


PROBLEM_MESSAGES = {
    "invalid": "invalid token / token no válido",
    "revoked": "token revoked / token revocado",
    "expired": "token expired / token vencido",
}


def check_token(secret: str) -> TokenCheck:
    """Which token `secret` is, and whether it may be used."""
    if not secret or len(secret) > MAX_TOKEN_LENGTH:
        return TokenCheck(None, "invalid")
    token = ApiToken.objects.select_related("user").filter(token_hash=hash_token(secret)).first()
    if token is None or not token.user.is_active:
        return TokenCheck(None, "invalid")
    if token.revoked_at is not None:
        return TokenCheck(token, "revoked")
    if token.expires_at is not None and token.expires_at <= timezone.now():
        return TokenCheck(token, "expired")
    return TokenCheck(token)


def mark_used(token: ApiToken) -> None:
    """Remember when a token was last used, without a write on every request."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
