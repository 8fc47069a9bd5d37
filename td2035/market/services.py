"""Every write of the market: listings (create, edit, publish, close, expire) and their attachments.

Only members of the publishing organisation (members and admins) write its listings. Bad values raise
django.core.exceptions.ValidationError with a dict {field: [bilingual message]}: forms show them next to
the field, the API answers 422 naming it. Nothing is written when anything is refused.
"""

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from td2035.accounts.actors import Actor, require
from td2035.accounts.audit import record
from td2035.core import attachments
from td2035.core.text import index_text
from td2035.directory.models import Organization
from td2035.market.models import (
    Listing,
    ListingAttachment,
    ListingKind,
    ListingStatus,
)
from td2035.market.signals import listing_published
from td2035.market.validation import (
    EDITABLE,
    MANY_TO_MANY,
    Refusals,
    blank_other_kinds,
    check_listing,
    clean_fields,
)
from td2035.roles.permissions import is_org_member

MAX_ATTACHMENT_BYTES = attachments.MAX_BYTES
MAX_ATTACHMENTS = 5


# --- Listings. ---------------------------------------------------------------------------------------


def search_text_of(listing: Listing, organization_name: str = "") -> str:
    scian_title = listing.scian.title_es if listing.scian_id and listing.scian else ""
    text = index_text(
        listing.title,
        listing.description,
        listing.capabilities,
        listing.partner_profile,
        listing.unit,
        " ".join(listing.certifications or []),
        scian_title,
        organization_name or listing.organization.name,
    )
    return f" {text} "


def _apply(listing: Listing, values: dict[str, Any]) -> dict[str, list[Any]]:
    m2m: dict[str, list[Any]] = {}
    for name, value in values.items():
        if name in MANY_TO_MANY:
            m2m[name] = value
        else:
            setattr(listing, name, value)
    listing._pending_networks = m2m.get("networks")  # type: ignore[attr-defined]
    return m2m


def _save(listing: Listing, m2m: dict[str, list[Any]]) -> None:
    listing.search_text = search_text_of(listing)
    listing.save()
    for name, values in m2m.items():
        getattr(listing, name).set(values)


def _on_publish(listing: Listing) -> None:
    listing_id = listing.pk
    transaction.on_commit(lambda: listing_published.send(sender=Listing, listing_id=listing_id))


def require_member(actor: Actor, organization_id: int) -> None:
    require(
        is_org_member(actor, organization_id),
        _(
            "Solo los miembros de la organización pueden hacer esto. / Only the organisation's members may do this."
        ),
    )


def create_listing(
    actor: Actor,
    organization: Organization,
    *,
    publish: bool = False,
    request: HttpRequest | None = None,
    **data: Any,
) -> Listing:
    """A new listing of the organisation, as a draft or published at once."""
    require_member(actor, organization.pk)
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown listing fields: {sorted(unknown)}")
    data.setdefault("title", "")
    data.setdefault("description", "")
    errors = Refusals()
    if "kind" not in data:
        errors.add("kind", _("Este campo es obligatorio. / This field is required."))
    values = clean_fields(data, errors)
    kind = values.get("kind", ListingKind.OFFER)
    blank_other_kinds(values, kind)
    listing = Listing(organization=organization, created_by=actor if actor.is_authenticated else None)
    m2m = _apply(listing, values)
    listing.is_demo = organization.is_demo
    if publish:
        listing.status = ListingStatus.PUBLISHED
        listing.published_at = timezone.now()
    check_listing(listing, errors, changed=set(values))
    errors.raise_any()
    with transaction.atomic():
        listing.organization = organization
        _save(listing, m2m)
        record(actor, "market.listing_created", listing, data={"status": listing.status}, request=request)
        if publish:
            _on_publish(listing)
    return listing


def update_listing(
    actor: Actor, listing: Listing, *, request: HttpRequest | None = None, **data: Any
) -> Listing:
    """Change the fields given. A closed or expired listing is no longer edited."""
    require_member(actor, listing.organization_id)
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown listing fields: {sorted(unknown)}")
    errors = Refusals()
    if listing.status in (ListingStatus.CLOSED, ListingStatus.EXPIRED):
        errors.add("status", _("La publicación ya está cerrada. / The listing is already closed."))
        errors.raise_any()
    values = clean_fields(data, errors)
    kind = values.get("kind", listing.kind)
    if "kind" in values:
        blank_other_kinds(values, kind)
    fresh = Listing.objects.get(pk=listing.pk)
    m2m = _apply(fresh, values)
    changed = {
        name for name in values if getattr(listing, name, None) != values[name] or name in MANY_TO_MANY
    }
    check_listing(fresh, errors, changed=changed)
    errors.raise_any()
    with transaction.atomic():
        _save(fresh, m2m)
        record(actor, "market.listing_updated", fresh, data={"fields": sorted(values)}, request=request)
    return fresh


def publish_listing(actor: Actor, listing: Listing, *, request: HttpRequest | None = None) -> Listing:
    require_member(actor, listing.organization_id)
    errors = Refusals()
    if listing.status != ListingStatus.DRAFT:
        errors.add("status", _("Solo se publican borradores. / Only drafts can be published."))
        errors.raise_any()
    now = timezone.now()
    if listing.closes_at is not None and listing.closes_at <= now:
        errors.add("closes_at", _("La fecha de cierre ya pasó. / The closing date is in the past."))
    if listing.deadline is not None and listing.deadline < timezone.localdate():
        errors.add("deadline", _("La fecha límite ya pasó. / The deadline is in the past."))
    errors.raise_any()
    with transaction.atomic():
        updated = Listing.objects.filter(pk=listing.pk, status=ListingStatus.DRAFT).update(
            status=ListingStatus.PUBLISHED, published_at=now, updated_at=now
        )
        if updated:
            listing.status, listing.published_at = ListingStatus.PUBLISHED, now
            record(actor, "market.listing_published", listing, request=request)
            _on_publish(listing)
    return listing


def close_listing(
    actor: Actor,
    listing: Listing,
    *,
    awarded_to: Organization | None = None,
    request: HttpRequest | None = None,
) -> Listing:
    """Close a published (or expired) listing; a need may name the supplier it was awarded to (a deal)."""
    require_member(actor, listing.organization_id)
    errors = Refusals()
    if listing.status not in (ListingStatus.PUBLISHED, ListingStatus.EXPIRED):
        errors.add(
            "status", _("Solo se cierran publicaciones publicadas. / Only published listings can be closed.")
        )
    if awarded_to is not None:
        if listing.kind != ListingKind.NEED:
            errors.add(
                "awarded_to",
                _("Solo una necesidad se adjudica a un proveedor. / Only a need is awarded to a supplier."),
            )
        elif awarded_to.pk == listing.organization_id:
            errors.add(
                "awarded_to",
                _("El proveedor no puede ser la misma organización. / The supplier cannot be the publisher."),
            )
    errors.raise_any()
    now = timezone.now()
    with transaction.atomic():
        listing.status = ListingStatus.CLOSED
        listing.closed_at = now
        listing.awarded_to = awarded_to
        listing.save(update_fields=["status", "closed_at", "awarded_to", "updated_at"])
        record(
            actor,
            "market.listing_closed",
            listing,
            data={"awarded_to": awarded_to.slug if awarded_to else None},
            request=request,
        )
    return listing


def expire_listings(now: dt.datetime | None = None) -> int:
    """Published listings whose closing date has passed become expired. Returns how many."""
    now = now or timezone.now()
    return Listing.objects.filter(status=ListingStatus.PUBLISHED, closes_at__lte=now).update(
        status=ListingStatus.EXPIRED, updated_at=now
    )


@task(queue_name="default")
def expire_listings_task() -> int:
    return expire_listings()


# --- Attachments. ------------------------------------------------------------------------------------


def add_attachment(
    actor: Actor, listing: Listing, upload: UploadedFile, *, request: HttpRequest | None = None
) -> ListingAttachment:
    require_member(actor, listing.organization_id)
    errors = Refusals()
    if listing.attachments.count() >= MAX_ATTACHMENTS:
        errors.add("file", _("Máximo %(n)s adjuntos. / At most %(n)s attachments.") % {"n": MAX_ATTACHMENTS})
    errors.raise_any()
    try:
        checked = attachments.check(upload)
    except attachments.AttachmentError as exc:
        errors.add("file", str(exc))
        errors.raise_any()
        raise
    with transaction.atomic():
        attachment = ListingAttachment(
            listing=listing,
            name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=actor if actor.is_authenticated else None,
        )
        attachment.file.save(checked.name, checked.as_file(), save=False)
        attachment.save()
        record(actor, "market.attachment_added", listing, data={"name": checked.name}, request=request)
    return attachment


def remove_attachment(
    actor: Actor, attachment: ListingAttachment, *, request: HttpRequest | None = None
) -> None:
    listing = attachment.listing
    require_member(actor, listing.organization_id)
    stored = attachment.file.name
    with transaction.atomic():
        attachment.delete()
        record(actor, "market.attachment_removed", listing, data={"name": attachment.name}, request=request)
    if stored:
        transaction.on_commit(lambda: attachment.file.storage.delete(stored))
