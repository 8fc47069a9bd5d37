"""Pages where network admins run their network, and where organisations answer invitations or ask to
join. Thin: load-and-check through networks_admin.queries, parse a form, call a networks_admin.services function,
render. Every page works without JavaScript (plain forms and links)."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from td2035.core import redirects
from td2035.directory.filters import filters_to_query
from td2035.directory.models import Network, Organization
from td2035.directory.queries import DirectoryFilters
from td2035.directory.services import DirectoryError
from td2035.networks_admin import queries, roster
from td2035.networks_admin import services as network_admin
from td2035.networks_admin.forms import InviteForm, JoinRequestForm, SearchForm, VerifyForm
from td2035.registration.forms import VERIFIED_REFUSAL

View = Callable[..., HttpResponse]
TEMPLATES = "networks_admin/"


def sign_in_to_read(view: View) -> View:
    """A signed-out visitor who opens a page is sent to sign in; a signed-out POST is refused by the
    service (403), as for anyone else without the right."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "GET" and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def refused(request: HttpRequest, error: DirectoryError, back: str) -> HttpResponse:
    status = 409 if isinstance(error, network_admin.AlreadyDecided) else 400
    return render(request, "refused.html", {"error": str(error), "back": back}, status=status)


def admin_context(network: Network, tab: str, **extra: Any) -> dict[str, Any]:
    return {
        "network": network,
        "tab": tab,
        "pending_requests": queries.pending_join_requests(network).count(),
        **extra,
    }


# --- The network admin's pages. ---------------------------------------------------------------------


@require_GET
@sign_in_to_read
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    network = queries.get_network_for_admin(request.user, slug)
    context = admin_context(
        network,
        "dashboard",
        summary=queries.dashboard(network),
        directory_query=filters_to_query(DirectoryFilters(network=network.slug)),  # counts link to members
    )
    return render(request, TEMPLATES + "dashboard.html", context)


@require_http_methods(["GET", "POST"])
@sign_in_to_read
def invitations(request: HttpRequest, slug: str) -> HttpResponse:
    network = queries.get_network_for_admin(request.user, slug)
    search = SearchForm(request.GET)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    error, status = "", 200
    if request.method == "POST":
        form = InviteForm(request.POST)
        try:
            if not form.is_valid():
                raise DirectoryError(" ".join(str(e) for errors in form.errors.values() for e in errors))
            invitee = send_invitation(request, network, form.cleaned_data)
        except DirectoryError as exc:
            error, status = str(exc), 400
        else:
            messages.success(request, _("Invitación enviada a «%(name)s».") % {"name": invitee.name})
            url = reverse("networks_admin:invitations", args=[slug])
            return redirect(url + ("?" + urlencode({"q": q}) if q else ""))
    context = admin_context(
        network,
        "invitations",
        search=search,
        q=q,
        error=error,
        organizations=queries.organization_candidates(network, q),
        networks=queries.network_candidates(network, q),
        pending=list(queries.pending_invitations(network)),
        decided=queries.decided_invitations(network),
    )
    return render(request, TEMPLATES + "invitations.html", context, status=status)


def send_invitation(request: HttpRequest, network: Network, data: dict[str, Any]) -> Organization | Network:
    if data["organization"]:
        org = Organization.objects.filter(slug=data["organization"]).first()
        if org is None:
            raise DirectoryError(_("No existe esa organización. / No such organization."))
        network_admin.invite_organization(
            actor=request.user, network=network, organization=org, message=data["message"], request=request
        )
        return org
    child = Network.objects.filter(slug=data["network"]).first()
    if child is None:
        raise DirectoryError(_("No existe esa red. / No such network."))
    network_admin.invite_network(
        actor=request.user, network=network, child=child, message=data["message"], request=request
    )
    return child


@require_POST
def invitation_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = queries.get_network(slug)
    back = reverse("networks_admin:invitations", args=[slug])
    try:
        network_admin.cancel_invitation(
            actor=request.user, network=network, invitation_id=pk, request=request
        )
    except DirectoryError as exc:
        return refused(request, exc, back)
    messages.success(request, _("Invitación cancelada."))
    return redirect(back)


@require_GET
@sign_in_to_read
def join_requests(request: HttpRequest, slug: str) -> HttpResponse:
    network = queries.get_network_for_admin(request.user, slug)
    context = admin_context(
        network,
        "requests",
        requests=list(queries.pending_join_requests(network)),
        decided=queries.decided_join_requests(network),
    )
    return render(request, TEMPLATES + "requests.html", context)


@require_POST
def join_request_decide(request: HttpRequest, slug: str, pk: int, approve: bool) -> HttpResponse:
    network = queries.get_network(slug)
    back = reverse("networks_admin:requests", args=[slug])
    decide = network_admin.approve_join_request if approve else network_admin.decline_join_request
    try:
        join = decide(actor=request.user, network=network, request_id=pk, request=request)
    except DirectoryError as exc:
        return refused(request, exc, back)
    text = _("«%(org)s» ya es miembro de la red.") if approve else _("Solicitud de «%(org)s» rechazada.")
    messages.success(request, text % {"org": join.organization.name})
    return redirect(back)


@require_GET
@sign_in_to_read
def members(request: HttpRequest, slug: str) -> HttpResponse:
    network = queries.get_network_for_admin(request.user, slug)
    search = SearchForm(request.GET)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    context = admin_context(
        network,
        "members",
        search=search,
        q=q,
        member_page=queries.direct_members_page(network, page=request.GET.get("page"), q=q),
        sub_networks=queries.sub_networks(network),
    )
    return render(request, TEMPLATES + "members.html", context)


@require_http_methods(["GET", "POST"])
@sign_in_to_read
def member_remove(request: HttpRequest, slug: str, org_slug: str) -> HttpResponse:
    back = reverse("networks_admin:members", args=[slug])
    if request.method == "POST":
        network = queries.get_network(slug)
        org = get_object_or_404(Organization, slug=org_slug)
        network_admin.remove_member(actor=request.user, network=network, organization=org, request=request)
        messages.success(request, _("«%(org)s» ya no es miembro de la red.") % {"org": org.name})
        return redirect(back)
    network = queries.get_network_for_admin(request.user, slug)
    org = queries.get_member(network, org_slug)
    context = admin_context(network, "members", target=org, kind="organization", back=back)
    return render(request, TEMPLATES + "confirm_remove.html", context)


@require_http_methods(["GET", "POST"])
@sign_in_to_read
def sub_network_remove(request: HttpRequest, slug: str, child_slug: str) -> HttpResponse:
    back = reverse("networks_admin:members", args=[slug])
    if request.method == "POST":
        network = queries.get_network(slug)
        child = get_object_or_404(Network, slug=child_slug)
        network_admin.remove_sub_network(actor=request.user, network=network, child=child, request=request)
        messages.success(request, _("«%(net)s» ya no es una sub-red.") % {"net": child.name})
        return redirect(back)
    network = queries.get_network_for_admin(request.user, slug)
    child = queries.get_sub_network(network, child_slug)
    context = admin_context(network, "members", target=child, kind="network", back=back)
    return render(request, TEMPLATES + "confirm_remove.html", context)


@require_POST
def member_verify(request: HttpRequest, slug: str, org_slug: str) -> HttpResponse:
    network = queries.get_network(slug)
    org = get_object_or_404(Organization, slug=org_slug)
    form = VerifyForm({"verified": request.POST.get("verified", "1")})  # the button always sends it
    if not form.is_valid():
        return refused(
            request, DirectoryError(str(VERIFIED_REFUSAL)), reverse("networks_admin:members", args=[slug])
        )
    verified = form.cleaned_data["verified"]
    network_admin.verify_member(
        actor=request.user, network=network, organization=org, verified=verified, request=request
    )
    text = _("«%(org)s» está verificada.") if verified else _("Se retiró la verificación de «%(org)s».")
    messages.success(request, text % {"org": org.name})
    return redirects.redirect_next(request, reverse("networks_admin:members", args=[slug]))


@require_GET
@sign_in_to_read
def roster_export(request: HttpRequest, slug: str) -> HttpResponse:
    network = queries.get_network(slug)
    rows = network_admin.export_roster(actor=request.user, network=network, request=request)
    response = HttpResponse(roster.to_csv(rows), content_type="text/csv; charset=utf-8")
    filename = f"miembros-{network.slug}-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --- The invited side, and organisations that ask to join. -----------------------------------------


@require_GET
@sign_in_to_read
def inbox(request: HttpRequest) -> HttpResponse:
    return render(request, TEMPLATES + "inbox.html", {"inbox": queries.inbox(request.user)})


@require_GET
@sign_in_to_read
def invitation(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.get_invitation_for_invitee(request.user, pk)
    return render(request, TEMPLATES + "invitation.html", {"invitation": item})


@require_POST
def invitation_answer(request: HttpRequest, pk: int, accept: bool) -> HttpResponse:
    back = reverse("networks_admin:invitation", args=[pk])
    answer = network_admin.accept_invitation if accept else network_admin.decline_invitation
    try:
        item = answer(actor=request.user, invitation_id=pk, request=request)
    except DirectoryError as exc:
        return refused(request, exc, back)
    if accept:
        messages.success(
            request,
            _("«%(invitee)s» ya forma parte de «%(network)s».")
            % {"invitee": item.invitee.name, "network": item.network.name},
        )
        return redirect("directory:network", slug=item.network.slug)
    messages.success(request, _("Invitación rechazada."))
    return redirect("networks_admin:inbox")


@require_http_methods(["GET", "POST"])
@sign_in_to_read
def join(request: HttpRequest, slug: str) -> HttpResponse:
    network = queries.get_network(slug)
    organizations = queries.joinable_organizations(request.user, network)
    form = JoinRequestForm(request.POST or None, organizations=organizations)
    error, status = "", 200
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise DirectoryError(" ".join(str(e) for errors in form.errors.values() for e in errors))
            network_admin.request_to_join(
                actor=request.user,
                network=network,
                organization=form.cleaned_data["organization"],
                message=form.cleaned_data["message"],
                request=request,
            )
        except DirectoryError as exc:
            error, status = str(exc), 400
        else:
            messages.success(request, _("Solicitud enviada. La red te avisará por correo cuando decida."))
            return redirect("directory:network", slug=slug)
    context = {
        "network": network,
        "form": form,
        "organizations": organizations,
        "invitations": queries.pending_invitations_from(network, request.user),
        "error": error,
    }
    return render(request, TEMPLATES + "join.html", context, status=status)
