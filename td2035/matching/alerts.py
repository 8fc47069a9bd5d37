"""Alerts about matches: who hears about a newly published listing, now or in the daily digest.

Runs in the worker only (tasks.py): `alert_for_listing` after `listing_published`, `send_digests` daily
(`manage.py send_match_digests`, from cron in production). A person hears at most once about a listing
(MatchAlert is unique per person and listing) and only about listings they may see.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from td2035.accounts.models import User
from td2035.core.cleaning import as_id
from td2035.core.errors import Refusal
from td2035.directory.models import Organization
from td2035.market.models import Listing, ListingKind, ListingStatus
from td2035.market.queries import visible_listings
from td2035.matching import services
from td2035.matching.models import (
    DEFAULT_ADMIN_FREQUENCY,
    DEFAULT_MEMBER_FREQUENCY,
    DEFAULT_THRESHOLD,
    AlertPreference,
    Frequency,
    MatchAlert,
    MatchDigest,
)
from td2035.notifications.services import notify
from td2035.roles.models import OrganizationRole

ALERT_CANDIDATES = 50  # matches looked at per new listing
KIND = "match"


class AlertSettingError(Refusal):
    """A refused alert preference."""


@dataclass(frozen=True)
class Setting:
    frequency: str
    threshold: int


def default_setting(role: str) -> Setting:
    frequency = DEFAULT_ADMIN_FREQUENCY if role == OrganizationRole.Role.ADMIN else DEFAULT_MEMBER_FREQUENCY
    return Setting(frequency, DEFAULT_THRESHOLD)


def settings_for(user: User) -> list[tuple[Organization, str, Setting]]:
    """(organisation, role, setting) for each organisation of this person, for the preferences page."""
    saved = {p.organization_id: p for p in AlertPreference.objects.filter(user=user)}
    found = []
    for role in (
        OrganizationRole.objects.filter(user=user)
        .select_related("organization")
        .order_by("organization__name")
    ):
        pref = saved.get(role.organization_id)
        setting = Setting(pref.frequency, pref.threshold) if pref else default_setting(role.role)
        found.append((role.organization, role.role, setting))
    return found


def save_setting(user: User, organization_id: int, frequency: str, threshold: int) -> AlertPreference:
    """Store a person's choice for one of their organisations (AlertSettingError for anything else)."""
    org_id = as_id(organization_id)  # a huge id overflows the lookup
    if org_id is None or not OrganizationRole.objects.filter(user=user, organization_id=org_id).exists():
        raise AlertSettingError(
            _("No perteneces a esa organización. / You do not belong to that organisation.")
        )
    whole = isinstance(threshold, int) and not isinstance(threshold, bool)
    if frequency not in Frequency.values or not whole or not 0 <= threshold <= 100:
        raise AlertSettingError(
            _(
                "Elige una frecuencia válida y una puntuación entre 0 y 100. / Choose a valid frequency "
                "and a score from 0 to 100."
            )
        )
    pref, _created = AlertPreference.objects.update_or_create(
        user=user, organization_id=org_id, defaults={"frequency": frequency, "threshold": threshold}
    )
    return pref


def recipients(organization_ids: Iterable[int]) -> dict[int, list[tuple[User, Setting]]]:
    """organisation id -> the people who want alerts for it, with their setting."""
    ids = list(organization_ids)
    saved = {
        (p.user_id, p.organization_id): p for p in AlertPreference.objects.filter(organization_id__in=ids)
    }
    found: dict[int, list[tuple[User, Setting]]] = {}
    roles = OrganizationRole.objects.filter(organization_id__in=ids, user__is_active=True).select_related(
        "user"
    )
    for role in roles:
        pref = saved.get((role.user_id, role.organization_id))
        setting = Setting(pref.frequency, pref.threshold) if pref else default_setting(role.role)
        if setting.frequency != Frequency.OFF:
            found.setdefault(role.organization_id, []).append((role.user, setting))
    return found


@dataclass(frozen=True)
class Matched:
    organization_id: int  # the organisation told
    listing: Listing  # what it is told about (the new listing)
    score: float
    explanation: str


def matched_organizations(listing: Listing) -> list[Matched]:
    """The organisations a new listing matches: suppliers for a need or a collaboration call; the
    publishers of the open needs an offer answers."""
    result = services.matches_for_listing(listing, limit=ALERT_CANDIDATES)
    found = [Matched(r.organization.pk, listing, r.match.score, r.explanation) for r in result.organizations]
    best: dict[int, Matched] = {}
    for r in result.needs:
        org_id = r.listing.organization_id
        if org_id not in best or r.match.score > best[org_id].score:
            best[org_id] = Matched(org_id, listing, r.match.score, r.explanation)
    return found + list(best.values())


def alert_for_listing(listing_id: int) -> int:
    """Alert the people of the organisations a newly published listing matches. Returns how many
    alerts were created (instant and daily)."""
    listing = Listing.objects.select_related("organization").filter(pk=listing_id).first()
    if listing is None or listing.status != ListingStatus.PUBLISHED or listing.kind == ListingKind.JOB:
        return 0
    matched = matched_organizations(listing)
    people = recipients(m.organization_id for m in matched)
    created = 0
    for m in matched:
        for user, setting in people.get(m.organization_id, ()):
            if m.score >= setting.threshold and _may_see(user, listing):
                created += _alert(user, m, setting.frequency)
    return created


def _may_see(user: User, listing: Listing) -> bool:
    return visible_listings(user).filter(pk=listing.pk).exists()


def _alert(user: User, m: Matched, frequency: str) -> int:
    try:
        with transaction.atomic():
            alert = MatchAlert.objects.create(
                user=user,
                listing=m.listing,
                organization_id=m.organization_id,
                score=m.score,
                explanation=m.explanation[:500],
                frequency=frequency,
            )
    except IntegrityError:  # already told about this listing
        return 0
    if frequency == Frequency.INSTANT:
        _send_instant(alert)
    return 1


def _send_instant(alert: MatchAlert) -> None:
    listing = alert.listing
    with translation.override("es-mx"):
        subject = _("Coincidencia: %(title)s") % {"title": listing.title}
        body = _(
            "%(publisher)s publicó «%(title)s», que coincide con %(org)s (%(score)s de 100): %(why)s."
        ) % {
            "publisher": listing.organization.name,
            "title": listing.title,
            "org": Organization.objects.only("name").get(pk=alert.organization_id).name,
            "score": round(alert.score),
            "why": alert.explanation,
        }
    notify(
        [alert.user], subject=subject, body=body, url=reverse("market:listing", args=[listing.pk]), kind=KIND
    )
    MatchAlert.objects.filter(pk=alert.pk).update(sent_at=timezone.now())


def send_digests(day: dt.date | None = None) -> int:
    """One digest per person with pending daily alerts, at most one a day. Returns digests sent."""
    day = day or timezone.localdate()
    pending = MatchAlert.objects.filter(frequency=Frequency.DAILY, sent_at__isnull=True)
    sent = 0
    for user_id in pending.values_list("user_id", flat=True).distinct().order_by("user_id"):
        with transaction.atomic():
            try:
                with transaction.atomic():
                    digest = MatchDigest.objects.create(user_id=user_id, day=day)
            except IntegrityError:
                continue  # already sent today; the rest waits for tomorrow
            items = list(
                pending.filter(user_id=user_id)
                .select_related("listing", "listing__organization", "user")
                .filter(Q(listing__status=ListingStatus.PUBLISHED))
                .order_by("-score", "id")
            )
            now = timezone.now()
            MatchAlert.objects.filter(
                user_id=user_id, frequency=Frequency.DAILY, sent_at__isnull=True
            ).update(sent_at=now)
            if not items:
                digest.delete()
                continue
            MatchDigest.objects.filter(pk=digest.pk).update(items=len(items))
            _send_digest(items)
            sent += 1
    return sent


def _send_digest(items: list[MatchAlert]) -> None:
    with translation.override("es-mx"):
        subject = ngettext(
            "%(count)d publicación nueva coincide con tu organización",
            "%(count)d publicaciones nuevas coinciden con tu organización",
            len(items),
        ) % {"count": len(items)}
        lines = [
            f"• {a.listing.title} — {a.listing.organization.name} ({round(a.score)}/100): {a.explanation}"
            for a in items
        ]
    notify([items[0].user], subject=subject, body="\n".join(lines), url=reverse("matching:alerts"), kind=KIND)
