"""Pages of a person's notifications: /avisos/."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from td2035.core import redirects
from td2035.core.http import signed_in_user
from td2035.notifications import services
from td2035.notifications.queries import notifications_of

PAGE_SIZE = 30


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("estado") == "sin-leer"
    page = Paginator(notifications_of(signed_in_user(request), unread_only=unread_only), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {"page": page, "unread_only": unread_only})


@login_required
@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link, marking it read on the way."""
    notification = services.mark_read(signed_in_user(request), pk)
    if notification is None:
        raise Http404("no such notification")
    return redirect(notification.url or reverse("notifications:list"))


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    if services.mark_read(signed_in_user(request), pk) is None:
        raise Http404("no such notification")
    return _back(request)


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(signed_in_user(request))
    return _back(request)


def _back(request: HttpRequest) -> HttpResponse:
    return redirects.redirect_next(request, reverse("notifications:list"))
