"""Reads of inquiries. Every read that returns a thread checks that the person takes part in it."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from td2035.accounts.actors import Actor
from td2035.accounts.models import User
from td2035.inquiries.models import Inquiry, InquiryAttachment, InquiryMessage, InquiryStatus
from td2035.roles.models import OrganizationRole


def my_organization_ids(user: Actor) -> list[int]:
    """Organisations the person speaks for. Platform staff see no thread they are not part of."""
    if not user.is_authenticated:
        return []
    return list(OrganizationRole.objects.filter(user_id=user.pk).values_list("organization_id", flat=True))


def inquiries_for(user: Actor, *, status: str = "") -> QuerySet[Inquiry]:
    """Threads of the person's organisations, on either side, most recent first."""
    ids = my_organization_ids(user)
    threads = Inquiry.objects.filter(
        Q(asking_organization_id__in=ids) | Q(publisher_organization_id__in=ids)
    ).select_related("listing", "asking_organization", "publisher_organization")
    if status in InquiryStatus.values:
        threads = threads.filter(status=status)
    return threads


def get_inquiry_for_participant(user: Actor, pk: int) -> Inquiry:
    """The thread if the person takes part in it; 404 otherwise (never reveals that it exists)."""
    inquiry = inquiries_for(user).filter(pk=pk).first()
    if inquiry is None:
        raise Http404(_("No existe esa consulta. / No such inquiry."))
    return inquiry


def side_of(user: Actor, inquiry: Inquiry) -> str:
    """ "asker", "publisher" or "" for someone who takes no part. A person in both organisations speaks
    for the asking one."""
    ids = set(my_organization_ids(user))
    if inquiry.asking_organization_id in ids:
        return "asker"
    if inquiry.publisher_organization_id in ids:
        return "publisher"
    return ""


def participants(inquiry: Inquiry, *, side: str) -> list[User]:
    org_id = inquiry.asking_organization_id if side == "asker" else inquiry.publisher_organization_id
    return list(User.objects.filter(organization_roles__organization_id=org_id, is_active=True).distinct())


def thread_messages(inquiry: Inquiry) -> QuerySet:
    return inquiry.messages.select_related("author", "author_organization").prefetch_related("attachments")


def get_attachment_for_participant(user: Actor, inquiry_pk: int, attachment_pk: int) -> InquiryAttachment:
    inquiry = get_inquiry_for_participant(user, inquiry_pk)
    attachment = InquiryAttachment.objects.filter(pk=attachment_pk, message__inquiry=inquiry).first()
    if attachment is None:
        raise Http404(_("No existe ese adjunto. / No such attachment."))
    return attachment


def unanswered_count(user: Actor) -> int:
    """Open threads about my organisations' listings (waiting for us to answer)."""
    return (
        inquiries_for(user)
        .filter(status=InquiryStatus.OPEN, publisher_organization_id__in=my_organization_ids(user))
        .count()
    )


def personal_data(user: User) -> list[dict[str, Any]]:
    """Messages the person wrote in inquiries, for their ARCO access download (apps.py registers it with
    privacy.registry). Other people's messages are not theirs to download."""
    messages = (
        InquiryMessage.objects.filter(author_id=user.pk)
        .select_related("inquiry__listing", "author_organization")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )
    return [
        {
            "inquiry": m.inquiry_id,
            "listing": m.inquiry.listing.title,
            "organization": m.author_organization.name,
            "body": m.body,
            "shared_email": m.share_email,
            "attachments": [a.name for a in m.attachments.all()],
            "created_at": m.created_at.isoformat(),
        }
        for m in messages
    ]
