"""Every write of inquiries: start a thread about a listing, reply in it, close it.

Participants are the people of the two organisations (roles.OrganizationRole). Each message notifies
the other side's people in-app and by e-mail (notifications.notify, queued on commit). Nobody's e-mail
address is shown unless its owner ticks "share my e-mail" on a message.
"""

from collections.abc import Sequence
from datetime import timedelta
from typing import IO

from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from td2035.accounts import audit
from td2035.accounts.models import User
from td2035.core import attachments as files
from td2035.core.cleaning import strip_unstorable
from td2035.core.errors import Refusal
from td2035.directory.models import Organization
from td2035.inquiries.models import Inquiry, InquiryAttachment, InquiryMessage, InquiryStatus
from td2035.inquiries.queries import participants, side_of
from td2035.market.models import Listing, ListingStatus
from td2035.market.queries import visible_listings
from td2035.notifications.services import notify
from td2035.roles.models import OrganizationRole

MAX_BODY = 5000
MAX_FILES = 3  # attachments per message
# A person writes at most this many messages an hour (all threads together): enough for a real
# conversation, too few to flood other organisations' inboxes.
MESSAGES_PER_HOUR = 30


class InquiryError(Refusal):
    """A refused inquiry or message; about the message's body unless another field is named."""

    default_field = "body"


def clean_body(body: str) -> str:
    body = strip_unstorable((body or "").replace("\r\n", "\n")).strip()  # no NUL nor lone surrogate
    if not body:
        raise InquiryError(_("Escribe tu mensaje. / Write your message."))
    if len(body) > MAX_BODY:
        raise InquiryError(
            _("El mensaje pasa de %(max)s caracteres. / The message is longer than %(max)s characters.")
            % {"max": MAX_BODY}
        )
    return body


def check_rate(user: User) -> None:
    since = timezone.now() - timedelta(hours=1)
    if InquiryMessage.objects.filter(author_id=user.pk, created_at__gte=since).count() >= MESSAGES_PER_HOUR:
        raise InquiryError(
            _(
                "Enviaste demasiados mensajes en la última hora; inténtalo más tarde. / "
                "Too many messages in the last hour; try again later."
            ),
            "rate",
        )


def check_files(uploads: Sequence[IO[bytes]]) -> list[files.CheckedFile]:
    if len(uploads) > MAX_FILES:
        raise InquiryError(
            _("Adjunta a lo más %(max)s archivos. / Attach at most %(max)s files.") % {"max": MAX_FILES},
            "attachments",
        )
    try:
        return [files.check(upload) for upload in uploads]
    except files.AttachmentError as exc:
        raise InquiryError(str(exc), "attachments") from exc


def asking_organizations(user: User, listing: Listing) -> list[Organization]:
    """The organisations this person may ask in the name of about this listing."""
    if not user.is_authenticated:
        return []
    return list(
        Organization.objects.filter(person_roles__user_id=user.pk)
        .exclude(pk=listing.organization_id)
        .order_by("name")
    )


def start_inquiry(
    user: User,
    listing: Listing,
    asking_org: Organization,
    body: str,
    *,
    attachments: Sequence[IO[bytes]] = (),
    share_email: bool = False,
    request: HttpRequest | None = None,
) -> Inquiry:
    """Ask the publisher about a published listing in the name of one of my other organisations.

    The thread of this listing and organisation is reused if there is one (and reopened if closed).
    """
    if not OrganizationRole.objects.filter(user_id=user.pk, organization_id=asking_org.pk).exists():
        raise Http404(_("No existe esa organización. / No such organisation."))
    if not visible_listings(user).filter(pk=listing.pk).exists():
        raise Http404(_("No existe esa publicación. / No such listing."))
    if asking_org.pk == listing.organization_id:
        raise InquiryError(
            _("No puedes consultar a tu propia organización. / You cannot ask your own organisation."),
            "organization",
        )
    if listing.status != ListingStatus.PUBLISHED:
        raise InquiryError(
            _("Esta publicación ya no recibe consultas. / This listing no longer takes inquiries."), "listing"
        )
    text = clean_body(body)
    checked = check_files(attachments)
    check_rate(user)
    with transaction.atomic():
        inquiry, created = _thread(user, listing, asking_org)
        if created:
            audit.record(user, "inquiry.started", inquiry, data={"listing": listing.pk}, request=request)
        _post(user, inquiry, "asker", text, checked, share_email, request)
    return inquiry


def _thread(user: User, listing: Listing, asking_org: Organization) -> tuple[Inquiry, bool]:
    existing = Inquiry.objects.select_for_update().filter(listing=listing, asking_organization=asking_org)
    inquiry = existing.first()
    if inquiry is not None:
        return inquiry, False
    try:
        with transaction.atomic():
            return (
                Inquiry.objects.create(
                    listing=listing,
                    asking_organization=asking_org,
                    publisher_organization_id=listing.organization_id,
                    created_by=user,
                ),
                True,
            )
    except IntegrityError:  # someone of the same organisation started it at the same moment
        return Inquiry.objects.get(listing=listing, asking_organization=asking_org), False


def reply(
    user: User,
    inquiry: Inquiry,
    body: str,
    *,
    attachments: Sequence[IO[bytes]] = (),
    share_email: bool = False,
    request: HttpRequest | None = None,
) -> InquiryMessage:
    """Write in a thread. The publisher's answer marks it answered; the asker's message reopens it."""
    side = side_of(user, inquiry)
    if not side:
        raise Http404(_("No existe esa consulta. / No such inquiry."))
    if inquiry.status == InquiryStatus.CLOSED:
        raise InquiryError(
            _(
                "La consulta está cerrada; para retomarla, consulta de nuevo desde la publicación. / "
                "The inquiry is closed."
            ),
            "status",
        )
    text = clean_body(body)
    checked = check_files(attachments)
    check_rate(user)
    with transaction.atomic():
        return _post(user, inquiry, side, text, checked, share_email, request)


def _post(
    user: User,
    inquiry: Inquiry,
    side: str,
    text: str,
    checked: list[files.CheckedFile],
    share_email: bool,
    request: HttpRequest | None,
) -> InquiryMessage:
    org_id = inquiry.asking_organization_id if side == "asker" else inquiry.publisher_organization_id
    message = InquiryMessage.objects.create(
        inquiry=inquiry, author=user, author_organization_id=org_id, body=text, share_email=share_email
    )
    for item in checked:
        InquiryAttachment.objects.create(
            message=message,
            file=item.as_file(),
            name=item.name,
            content_type=item.content_type,
            size=item.size,
        )
    inquiry.status = InquiryStatus.ANSWERED if side == "publisher" else InquiryStatus.OPEN
    inquiry.save(update_fields=["status", "updated_at"])
    _tell_other_side(inquiry, side, message, request)
    return message


def _tell_other_side(
    inquiry: Inquiry, side: str, message: InquiryMessage, request: HttpRequest | None
) -> None:
    other = "publisher" if side == "asker" else "asker"
    author_org = message.author_organization
    subject = _("%(org)s escribió sobre «%(listing)s»") % {
        "org": author_org.name,
        "listing": inquiry.listing.title,
    }
    # The notification carries no text of the thread: it is stored outside the thread's access checks
    # (the admin, e-mail relays), so a title and a link are all it says.
    notify(
        [u for u in participants(inquiry, side=other) if u.pk != message.author_id],
        subject=subject[:200],
        body=_(
            "Tienes un mensaje nuevo en una consulta privada. Por privacidad, el texto solo se muestra dentro de la consulta."
        ),
        url=reverse("inquiries:thread", args=[inquiry.pk]),
        kind="inquiry.message",
        request=request,
    )


def close_inquiry(user: User, inquiry: Inquiry, *, request: HttpRequest | None = None) -> Inquiry:
    """Either side may close the thread; the other side sees it in-app (no e-mail)."""
    side = side_of(user, inquiry)
    if not side:
        raise Http404(_("No existe esa consulta. / No such inquiry."))
    if inquiry.status == InquiryStatus.CLOSED:
        return inquiry
    with transaction.atomic():
        inquiry.status = InquiryStatus.CLOSED
        inquiry.save(update_fields=["status", "updated_at"])
        audit.record(user, "inquiry.closed", inquiry, request=request)
        org = inquiry.asking_organization if side == "asker" else inquiry.publisher_organization
        other = "publisher" if side == "asker" else "asker"
        notify(
            [u for u in participants(inquiry, side=other) if u.pk != user.pk],
            subject=(
                _("%(org)s cerró la consulta sobre «%(listing)s»")
                % {"org": org.name, "listing": inquiry.listing.title}
            )[:200],
            body="",
            url=reverse("inquiries:thread", args=[inquiry.pk]),
            send_email=False,
            kind="inquiry.closed",
            request=request,
        )
    return inquiry
