"""The privacy notice (aviso de privacidad, LFPDPPP) and each person's consent to a version of it."""

from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import nh3
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from td2035.accounts import audit
from td2035.accounts.actors import Actor, is_platform_admin, require
from td2035.accounts.models import User
from td2035.core.cleaning import refuse_year, strip_unstorable
from td2035.core.client_address import client_ip
from td2035.privacy.models import PrivacyConsent, PrivacyNotice

NOTICE_DIR = Path(__file__).resolve().parent / "texts"
VERSION_CACHE_KEY = "privacy:notice-version"
VERSION_CACHE_SECONDS = 60
SESSION_KEY = "privacy_consent_version"
ALLOWED_TAGS = {"h2", "h3", "p", "ul", "ol", "li", "strong", "em", "a", "br", "abbr"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "abbr": {"title"}}

Part = Literal["short", "integral"]


def load_notice_v1(model: Any) -> None:
    """Store version 1 of the notice (from texts/v1_*.html) unless a notice exists. `model` is the
    PrivacyNotice class, or the historical one inside a migration."""
    if model.objects.exists():
        return
    texts = {
        f"{part}_text_{lang}": (NOTICE_DIR / f"v1_{part}_{lang}.html").read_text(encoding="utf-8").strip()
        for part in ("short", "integral")
        for lang in ("es", "en")
    }
    model.objects.create(version=1, published_at=timezone.now(), **texts)  # published when installed


def ensure_privacy_notice() -> None:
    """Version 1 arrives with a migration; this puts it back after a test database flush."""
    load_notice_v1(PrivacyNotice)
    caches["local"].delete(VERSION_CACHE_KEY)


def current_notice() -> PrivacyNotice | None:
    """The newest notice already published."""
    return PrivacyNotice.objects.filter(published_at__lte=timezone.now()).order_by("-version").first()


def current_notice_version() -> int:
    """Version of the current notice (0 when there is none), cached for a minute in each process: every
    signed-in request asks."""
    version = caches["local"].get(VERSION_CACHE_KEY)
    if version is None:
        notice = current_notice()
        version = notice.version if notice else 0
        caches["local"].set(VERSION_CACHE_KEY, version, VERSION_CACHE_SECONDS)
    return int(version)


def notice_html(notice: PrivacyNotice, part: Part) -> SafeString:
    """The notice in the visitor's language (Spanish when there is no translation), sanitised."""
    english = (get_language() or "").startswith("en")
    text = getattr(notice, f"{part}_text_en") if english else ""
    text = text or getattr(notice, f"{part}_text_es")
    text = text.replace("{privacy_email}", settings.PRIVACY_CONTACT_EMAIL).replace(
        "{controller_address}", settings.PRIVACY_CONTROLLER_ADDRESS
    )
    return mark_safe(nh3.clean(text, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES))  # noqa: S308


def notice_is_translated(notice: PrivacyNotice, part: Part) -> bool:
    return bool(getattr(notice, f"{part}_text_en"))


def latest_consent_version(user: User) -> int:
    found = PrivacyConsent.objects.filter(user_id=user.pk).aggregate(v=Max("version"))["v"]
    return int(found or 0)


def record_consent(
    *, user: User, notice: PrivacyNotice, request: HttpRequest | None = None
) -> PrivacyConsent:
    """The person accepts this version (once per version; accepting again keeps the first record)."""
    consent, _created = PrivacyConsent.objects.get_or_create(
        user=user,
        version=notice.version,
        defaults={"notice": notice, "ip_address": client_ip(request)},
    )
    if request is not None and getattr(request, "user", None) == user:
        remember_consent_version(request, user)
    return consent


def remember_consent_version(request: HttpRequest, user: User) -> None:
    """Keep the person's accepted version in the session, so the middleware need not ask the database."""
    request.session[SESSION_KEY] = latest_consent_version(user)


def remember_consent_at_sign_in(
    sender: object, *, request: HttpRequest, user: object, **kwargs: object
) -> None:
    """allauth's user_logged_in, sent right after each sign-in: from now on the consent middleware compares
    the remembered version with the current notice (0: never accepted)."""
    if isinstance(user, User):
        remember_consent_version(request, user)


def must_consent(request: HttpRequest) -> bool:
    """A signed-in person whose accepted version is older than the current notice must accept it.

    The session remembers the accepted version from the sign-in (remember_consent_at_sign_in). A session
    that did not start with a sign-in form (test clients, Django's admin login) is checked only when
    the person accepted some version before: then a newer notice is asked for too.
    """
    current = current_notice_version()
    if not current:
        return False
    accepted = request.session.get(SESSION_KEY)
    if accepted is None:
        accepted = latest_consent_version(request.user)  # type: ignore[arg-type]
        if not accepted:
            return False
        request.session[SESSION_KEY] = accepted
    return int(accepted) < current


@transaction.atomic
def publish_notice(
    *,
    actor: Actor,
    short_text_es: str,
    integral_text_es: str,
    short_text_en: str = "",
    integral_text_en: str = "",
    summary_of_changes: str = "",
    published_at: datetime | None = None,
    request: HttpRequest | None = None,
) -> PrivacyNotice:
    """A new version of the notice (platform admins). Everyone signed in is asked to accept it."""
    require(is_platform_admin(actor))
    refuse_year("published_at", published_at)
    last = PrivacyNotice.objects.aggregate(v=Max("version"))["v"] or 0
    notice = PrivacyNotice.objects.create(
        version=last + 1,
        short_text_es=strip_unstorable(short_text_es),
        integral_text_es=strip_unstorable(integral_text_es),
        short_text_en=strip_unstorable(short_text_en),
        integral_text_en=strip_unstorable(integral_text_en),
        summary_of_changes=strip_unstorable(summary_of_changes),
        published_at=published_at or timezone.now(),
    )
    audit.record(actor, "privacy.notice_publish", notice, data={"version": notice.version}, request=request)
    transaction.on_commit(lambda: caches["local"].delete(VERSION_CACHE_KEY))
    return notice
