"""Pages of inquiries: inbox /consultas/, start /consultas/nueva/<listing>/, thread /consultas/<pk>/.

Only the people of the two organisations see a thread; anyone else gets 404.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from td2035.accounts.models import User
from td2035.core import attachments
from td2035.core.http import signed_in_user
from td2035.inquiries import services
from td2035.inquiries.forms import MessageForm, StartForm
from td2035.inquiries.models import Inquiry, InquiryStatus
from td2035.inquiries.queries import (
    get_attachment_for_participant,
    get_inquiry_for_participant,
    inquiries_for,
    side_of,
    thread_messages,
)
from td2035.market.queries import get_visible_listing

PAGE_SIZE = 25


def listing_url(listing_id: int) -> str:
    """The listing's page, if the market app serves one."""
    try:
        return reverse("market:listing", args=[listing_id])
    except NoReverseMatch:
        return ""


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("estado", "")
    status = status if status in InquiryStatus.values else ""
    page = Paginator(inquiries_for(signed_in_user(request), status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "inquiries/inbox.html",
        {"page": page, "status": status, "statuses": InquiryStatus.choices},
    )


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, listing_pk: int) -> HttpResponse:
    user = signed_in_user(request)
    listing = get_visible_listing(user, listing_pk)
    organizations = services.asking_organizations(user, listing)
    context: dict[str, Any] = {"listing": listing, "listing_url": listing_url(listing.pk)}
    if not organizations:
        return render(request, "inquiries/start.html", context | {"no_organization": True}, status=403)
    form = StartForm(request.POST or None, request.FILES or None, organizations=organizations)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                inquiry = services.start_inquiry(
                    user,
                    listing,
                    form.cleaned_data["organization"],
                    form.cleaned_data["body"],
                    attachments=form.cleaned_data["attachments"],
                    share_email=form.cleaned_data["share_email"],
                    request=request,
                )
            except services.InquiryError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, _("Enviamos tu consulta a la organización que publica."))
                return redirect("inquiries:thread", inquiry.pk)
        status = 400
    existing = inquiries_for(user).filter(listing=listing, asking_organization__in=organizations)
    return render(
        request, "inquiries/start.html", context | {"form": form, "existing": list(existing)}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    inquiry = get_inquiry_for_participant(user, pk)
    form = MessageForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.reply(
                    user,
                    inquiry,
                    form.cleaned_data["body"],
                    attachments=form.cleaned_data["attachments"],
                    share_email=form.cleaned_data["share_email"],
                    request=request,
                )
            except services.InquiryError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, _("Enviamos tu mensaje."))
                return redirect("inquiries:thread", inquiry.pk)
        status = 400
    return render(request, "inquiries/thread.html", _thread_context(user, inquiry, form), status=status)


def _thread_context(user: User, inquiry: Inquiry, form: MessageForm) -> dict[str, Any]:
    side = side_of(user, inquiry)
    my_org = inquiry.asking_organization if side == "asker" else inquiry.publisher_organization
    other_org = inquiry.publisher_organization if side == "asker" else inquiry.asking_organization
    return {
        "inquiry": inquiry,
        "thread_messages": thread_messages(inquiry),
        "form": form,
        "side": side,
        "my_org": my_org,
        "other_org": other_org,
        "listing_url": listing_url(inquiry.listing_id),
        "is_closed": inquiry.status == InquiryStatus.CLOSED,
    }


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = get_inquiry_for_participant(signed_in_user(request), pk)
    services.close_inquiry(signed_in_user(request), inquiry, request=request)
    messages.success(request, _("Cerraste la consulta."))
    return redirect("inquiries:thread", inquiry.pk)


@login_required
@require_GET
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponseBase:
    item = get_attachment_for_participant(signed_in_user(request), pk, attachment_pk)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("No existe ese adjunto. / No such attachment.")) from None
    return attachments.download_response(handle, item.name, item.content_type)
