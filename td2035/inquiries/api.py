"""Inquiries API: private threads about listings, for their participants only (Bearer token).

Anyone who is not a person of one of the thread's two organisations gets 404, as on the pages.
"""

import math
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError, ValidationError
from pydantic import ConfigDict

from td2035.accounts.api_auth import read_auth, token_user, write_auth
from td2035.core.api_errors import answers
from td2035.core.api_fields import Slug, StrictBool, text
from td2035.core.http import absolute_url
from td2035.directory.models import Organization
from td2035.inquiries import services
from td2035.inquiries.models import Inquiry, InquiryMessage, InquiryStatus
from td2035.inquiries.queries import get_inquiry_for_participant, inquiries_for, thread_messages
from td2035.market.queries import get_visible_listing

router = Router()

MAX_ITEMS = 100


class MessageIn(Schema):
    model_config = ConfigDict(extra="forbid")

    body: str = text(services.MAX_BODY, required=True)
    share_email: StrictBool = Field(
        False, description="Mostrar mi correo a la otra organización / show my e-mail"
    )


class InquiryIn(MessageIn):
    organization: Slug = Field(description="Slug de mi organización que consulta / asking org")


class OrganizationRef(Schema):
    slug: str
    name: str


class MessageOut(Schema):
    id: int
    organization: OrganizationRef
    author_name: str
    author_email: str | None = Field(None, description="Solo si su autor lo compartió / only if shared")
    body: str
    attachments: list[str]
    created_at: datetime

    @classmethod
    def of(cls, message: InquiryMessage) -> "MessageOut":
        author = message.author
        return cls(
            id=message.pk,
            organization=_org(message.author_organization),
            author_name=(author.full_name if author else ""),
            author_email=(author.email if author and message.share_email else None),
            body=message.body,
            attachments=[a.name for a in message.attachments.all()],
            created_at=message.created_at,
        )


class InquiryItem(Schema):
    id: int
    listing: int
    listing_title: str
    asking_organization: OrganizationRef
    publisher_organization: OrganizationRef
    status: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def fields_of(cls, inquiry: Inquiry) -> dict[str, Any]:
        return {
            "id": inquiry.pk,
            "listing": inquiry.listing_id,
            "listing_title": inquiry.listing.title,
            "asking_organization": _org(inquiry.asking_organization),
            "publisher_organization": _org(inquiry.publisher_organization),
            "status": inquiry.status,
            "created_at": inquiry.created_at,
            "updated_at": inquiry.updated_at,
        }


class InquiryDetail(InquiryItem):
    messages: list[MessageOut]


class InquiriesIn(Schema):
    status: InquiryStatus | None = Field(None, description="open, answered, closed")
    limit: int = Field(50, ge=1, le=MAX_ITEMS)
    offset: int = Field(0, ge=0, le=1_000_000)


class InquiryPage(Schema):
    count: int
    items: list[InquiryItem]


def _org(org: Organization) -> OrganizationRef:
    return OrganizationRef(slug=org.slug, name=org.name)


def _detail(inquiry: Inquiry) -> InquiryDetail:
    return InquiryDetail(
        **InquiryItem.fields_of(inquiry), messages=[MessageOut.of(m) for m in thread_messages(inquiry)]
    )


class TooManyMessages(HttpError):
    """429 with the seconds until the person may write again (the Retry-After header)."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(429, message)
        self.retry_after = retry_after


def seconds_until_next_message(user_id: int) -> int:
    """When the oldest of the last MESSAGES_PER_HOUR messages leaves the hour window."""
    now = timezone.now()
    recent = InquiryMessage.objects.filter(author_id=user_id, created_at__gte=now - timedelta(hours=1))
    newest_first = recent.order_by("-created_at").values_list("created_at", flat=True)
    limiting = newest_first[services.MESSAGES_PER_HOUR - 1 : services.MESSAGES_PER_HOUR].first()
    if limiting is None:
        return 1
    return max(1, math.ceil((limiting + timedelta(hours=1) - now).total_seconds()))


@contextmanager
def refusals(user_id: int) -> Iterator[None]:
    """A refusal of the service: 429 when writing too fast, 409 for a closed thread or listing, 422 naming
    the field otherwise."""
    try:
        yield
    except services.InquiryError as exc:
        if exc.field == "rate":
            raise TooManyMessages(str(exc), seconds_until_next_message(user_id)) from exc
        if exc.field in {"status", "listing"}:
            raise HttpError(409, str(exc)) from exc
        raise ValidationError([{"loc": ("body", "payload", exc.field), "msg": str(exc)}]) from exc


@router.get(
    "/inquiries",
    auth=read_auth,
    response=answers(InquiryPage, 401),
    summary="Mis consultas / inquiries of my organisations (token)",
)
def inquiry_list(request: HttpRequest, params: Query[InquiriesIn]) -> InquiryPage:
    threads = inquiries_for(token_user(request), status=params.status or "")
    page = threads[params.offset : params.offset + params.limit]
    return InquiryPage(count=threads.count(), items=[InquiryItem(**InquiryItem.fields_of(t)) for t in page])


@router.get(
    "/inquiries/{inquiry_id}",
    auth=read_auth,
    response=answers(InquiryDetail, 401, 404, 422, with_input=False),
    summary="Una consulta con sus mensajes / a thread (participants only)",
)
def inquiry_detail(request: HttpRequest, inquiry_id: int) -> InquiryDetail:
    return _detail(get_inquiry_for_participant(token_user(request), inquiry_id))


@router.post(
    "/listings/{listing_id}/inquiries",
    auth=write_auth,
    response=answers({201: InquiryDetail}, 401, 403, 404, 409),
    summary="Consultar sobre una publicación / ask a listing's publisher (write token)",
)
def inquiry_create(
    request: HttpRequest, listing_id: int, payload: InquiryIn, response: HttpResponse
) -> tuple[int, InquiryDetail]:
    """Opens the thread of this listing and organisation, or appends to it (reopening it if closed)."""
    actor = token_user(request)
    listing = get_visible_listing(actor, listing_id)
    org = Organization.objects.filter(slug=payload.organization, person_roles__user_id=actor.pk).first()
    if org is None:
        raise Http404(
            f"No formas parte de esa organización. / You do not belong to {payload.organization!r}."
        )
    with refusals(actor.pk):
        inquiry = services.start_inquiry(
            actor, listing, org, payload.body, share_email=payload.share_email, request=request
        )
    response["Location"] = absolute_url(f"/api/v1/inquiries/{inquiry.pk}", request)
    return 201, _detail(inquiry)


@router.post(
    "/inquiries/{inquiry_id}/messages",
    auth=write_auth,
    response=answers({201: MessageOut}, 401, 403, 404, 409),
    summary="Escribir en una consulta / write in a thread (participants, write token)",
)
def inquiry_message(request: HttpRequest, inquiry_id: int, payload: MessageIn) -> tuple[int, MessageOut]:
    actor = token_user(request)
    inquiry = get_inquiry_for_participant(actor, inquiry_id)
    with refusals(actor.pk):
        message = services.reply(
            actor, inquiry, payload.body, share_email=payload.share_email, request=request
        )
    return 201, MessageOut.of(message)


@router.post(
    "/inquiries/{inquiry_id}/close",
    auth=write_auth,
    response=answers(InquiryDetail, 401, 403, 404, 422, with_input=False),
    summary="Cerrar una consulta / close a thread (participants, write token)",
)
def inquiry_close(request: HttpRequest, inquiry_id: int) -> InquiryDetail:
    actor = token_user(request)
    inquiry = services.close_inquiry(actor, get_inquiry_for_participant(actor, inquiry_id), request=request)
    return _detail(inquiry)
