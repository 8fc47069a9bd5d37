"""Pages of the market: browse and search, a listing, create/edit/publish/close, attachments, my listings.
Thin: reads come from market.queries, writes go through market.services."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import push_url

from td2035.core import attachments
from td2035.directory.models import Organization
from td2035.market import queries, services
from td2035.market.forms import AttachmentForm, CloseForm, ListingForm, initial_of
from td2035.market.models import Listing, ListingKind, ListingStatus
from td2035.reference.queries import search_scian
from td2035.roles.models import OrganizationRole
from td2035.roles.permissions import is_org_member

SORT_LABELS = {
    "relevance": gettext_lazy("Relevancia"),
    "newest": gettext_lazy("Más recientes"),
    "deadline": gettext_lazy("Fecha límite"),
}
STATUS_LABELS = {
    ListingStatus.PUBLISHED: gettext_lazy("Abiertas"),
    ListingStatus.CLOSED: gettext_lazy("Cerradas"),
    ListingStatus.EXPIRED: gettext_lazy("Vencidas"),
}
FACET_LEGENDS = {
    "kind": gettext_lazy("Tipo de publicación"),
    "sector": gettext_lazy("Sector (SCIAN)"),
    "municipality": gettext_lazy("Municipio"),
    "certification": gettext_lazy("Certificación"),
    "size": gettext_lazy("Tamaño de quien publica"),
    "deadline": gettext_lazy("Fecha límite"),
}
KIND_HELP: dict[str, Any] = {
    ListingKind.OFFER: gettext_lazy("Un producto, servicio o capacidad de producción que ofreces."),
    ListingKind.NEED: gettext_lazy(
        "Lo que tu organización necesita comprar: una solicitud de cotización (RFQ)."
    ),
    ListingKind.COLLABORATION: gettext_lazy("Investigación y desarrollo, coinversión o subcontratación."),
    ListingKind.JOB: gettext_lazy("Empleo, prácticas profesionales o lugares de educación dual."),
}


def url_or_none(name: str, *args: Any) -> str | None:
    """Pages of other apps (inquiries, matching) are linked only once they exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# --- Browse ------------------------------------------------------------------------------------------


@dataclass
class Option:
    value: str
    label: str
    count: int
    checked: bool
    id: str


@dataclass
class FacetGroup:
    name: str
    legend: str
    options: list[Option]


def facet_groups(page: queries.ListingPage) -> list[FacetGroup]:
    groups = []
    for name in queries.FACETS:
        counts = dict(page.facets.get(name, {}))
        chosen = getattr(page.filters, name)
        for value in chosen:
            counts.setdefault(value, 0)
        labels = queries.facet_labels(name)
        options = [
            Option(value, labels.get(value, value), count, value in chosen, f"f-{name}-{index}")
            for index, (value, count) in enumerate(counts.items())
        ]
        if options:
            groups.append(FacetGroup(name, str(FACET_LEGENDS[name]), options))
    return groups


def filters_query(filters: queries.ListingFilters, **override: Any) -> str:
    pairs: list[tuple[str, str]] = []
    if filters.q:
        pairs.append(("q", filters.q))
    for name in queries.FACETS:
        pairs += [(name, value) for value in getattr(filters, name)]
    if filters.status != ListingStatus.PUBLISHED:
        pairs.append(("status", filters.status))
    if filters.organization:
        pairs.append(("organization", filters.organization))
    if filters.sort:
        pairs.append(("sort", filters.sort))
    page = override.get("page", filters.page)
    if int(page) > 1:
        pairs.append(("page", str(page)))
    return urlencode(pairs)


def active_filters(filters: queries.ListingFilters) -> list[tuple[str, str]]:
    """(label, link that removes it) of each chosen facet value."""
    active = []
    for name in queries.FACETS:
        labels = queries.facet_labels(name)
        for value in getattr(filters, name):
            rest = tuple(v for v in getattr(filters, name) if v != value)
            without = queries.ListingFilters(**{**filters.__dict__, name: rest, "page": 1})
            active.append((labels.get(value, value), "?" + filters_query(without)))
    return active


@require_GET
def browse(request: HttpRequest) -> HttpResponse:
    filters = queries.parse_filters(request.GET)
    page = queries.search_listings(request.user, filters)
    pages = [
        (number, "?" + filters_query(filters, page=number), number == filters.page)
        for number in range(1, page.page_count + 1)
        if abs(number - filters.page) <= 2 or number in (1, page.page_count)
    ]
    context = {
        "filters": filters,
        "page": page,
        "facets": facet_groups(page),
        "active": active_filters(filters),
        "pages": pages if page.page_count > 1 else [],
        "previous_url": "?" + filters_query(filters, page=filters.page - 1) if filters.page > 1 else "",
        "next_url": "?" + filters_query(filters, page=filters.page + 1)
        if filters.page < page.page_count
        else "",
        "sort_labels": SORT_LABELS,
        "sort": filters.effective_sort,
        "status_labels": STATUS_LABELS,
        "can_publish": bool(_my_organizations(request)),
    }
    fragment = bool(getattr(request, "htmx", False)) and not request.htmx.history_restore_request  # type: ignore[attr-defined]
    template = "market/fragment_results.html" if fragment else "market/browse.html"
    response = render(request, template, context)
    if fragment:
        query = filters_query(filters)
        push_url(response, request.path + ("?" + query if query else ""))
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- One listing -------------------------------------------------------------------------------------


@require_GET
def listing(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.get_visible_listing(request.user, pk)
    member = is_org_member(request.user, item.organization_id)
    inquiry_url = None
    if request.user.is_authenticated and not member and item.status == ListingStatus.PUBLISHED:
        inquiry_url = url_or_none("inquiries:start", item.pk)
    context = {
        "listing": item,
        "member": member,
        "attachments": list(item.attachments.all()),
        "networks": list(item.networks.all()) if item.visibility == "networks" else [],
        "service_area": list(item.service_area.all()) if item.kind == ListingKind.OFFER else [],
        "capabilities": [line for line in item.capabilities.splitlines() if line.strip()],
        "inquiry_url": inquiry_url,
        "matches_url": url_or_none("matching:listing-matches", item.pk) if member else None,
        "can_attach": member and item.status in (ListingStatus.DRAFT, ListingStatus.PUBLISHED),
    }
    response = render(request, "market/listing.html", context)
    if item.status == ListingStatus.DRAFT or item.visibility != "public":
        response["Cache-Control"] = "private, no-store"
    return response


# --- Writing -----------------------------------------------------------------------------------------


@require_GET
def scian_options(request: HttpRequest) -> HttpResponse:
    """Suggestions for the form's SCIAN field while someone types words or digits (htmx fills a datalist;
    without JavaScript the field takes the 6-digit code)."""
    query = " ".join(str(request.GET.get("scian", ""))[:100].split())
    options = search_scian(query, limit=20) if len(query) >= 2 else []
    return render(request, "market/fragment_scian_options.html", {"options": options})


def _my_organizations(request: HttpRequest) -> list[Organization]:
    if not request.user.is_authenticated:
        return []
    roles = OrganizationRole.objects.filter(user_id=request.user.pk).select_related("organization")
    return sorted((role.organization for role in roles), key=lambda org: org.name)


def _member_listing(request: HttpRequest, pk: int) -> Listing:
    """A listing the person may change: another organisation's is a 404, like one that does not exist."""
    item = get_object_or_404(Listing.objects.select_related("organization"), pk=pk)
    if not is_org_member(request.user, item.organization_id):
        raise Http404(_("No existe esa publicación. / No such listing."))
    return item


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    organizations = _my_organizations(request)
    if not organizations:
        return render(request, "market/no_organization.html", status=403)
    kind = request.POST.get("kind") or request.GET.get("kind") or ""
    if kind not in ListingKind.values:
        choices = [(value, label, KIND_HELP[value]) for value, label in ListingKind.choices]
        return render(request, "market/choose_kind.html", {"choices": choices})
    slug = request.POST.get("organization") or request.GET.get("organization") or organizations[0].slug
    organization = next((org for org in organizations if org.slug == slug), None)
    if organization is None:
        raise PermissionDenied(
            _("Solo publicas a nombre de tus organizaciones. / Only for your organisations.")
        )
    form = ListingForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        publish = request.POST.get("action") == "publish"
        try:
            item = services.create_listing(
                request.user, organization, publish=publish, request=request, **form.service_data()
            )
        except ValidationError as exc:
            form.show_refusals(exc)
        else:
            messages.success(
                request,
                _("Publicación publicada.")
                if publish
                else _("Borrador guardado. Publícalo cuando esté listo."),
            )
            return redirect("market:listing", item.pk)
    context = {
        "form": form,
        "kind": kind,
        "kind_label": ListingKind(kind).label,
        "organizations": organizations,
        "organization": organization,
        "editing": None,
    }
    return render(request, "market/form.html", context, status=400 if form.errors else 200)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _member_listing(request, pk)
    if item.status not in (ListingStatus.DRAFT, ListingStatus.PUBLISHED):
        messages.error(request, _("La publicación ya está cerrada. / The listing is already closed."))
        return redirect("market:listing", item.pk)
    form = ListingForm(request.POST or None, kind=item.kind, initial=initial_of(item))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_listing(request.user, item, request=request, **form.service_data())
            if request.POST.get("action") == "publish" and item.status == ListingStatus.DRAFT:
                services.publish_listing(request.user, Listing.objects.get(pk=item.pk), request=request)
        except ValidationError as exc:
            form.show_refusals(exc)
        else:
            messages.success(request, _("Cambios guardados."))
            return redirect("market:listing", item.pk)
    context = {
        "form": form,
        "kind": item.kind,
        "kind_label": ListingKind(item.kind).label,
        "organization": item.organization,
        "organizations": [item.organization],
        "editing": item,
    }
    return render(request, "market/form.html", context, status=400 if form.errors else 200)


def _refused(request: HttpRequest, exc: ValidationError) -> None:
    for field_messages in exc.message_dict.values():
        for message in field_messages:
            messages.error(request, message)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    item = _member_listing(request, pk)
    try:
        services.publish_listing(request.user, item, request=request)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Publicación publicada."))
    return redirect("market:listing", item.pk)


def _awarded_organization(value: str) -> Organization | None:
    slug = value.strip().rstrip("/").rsplit("/", 1)[-1]
    return Organization.objects.filter(slug=slug).first() if slug else None


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, pk: int) -> HttpResponse:
    item = _member_listing(request, pk)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        given = form.cleaned_data["awarded_to"]
        supplier = _awarded_organization(given) if given else None
        if given and supplier is None:
            form.add_error(
                "awarded_to", _("No encontramos esa organización en el directorio. / Organisation not found.")
            )
        else:
            try:
                services.close_listing(request.user, item, awarded_to=supplier, request=request)
            except ValidationError as exc:
                for field, field_messages in exc.message_dict.items():
                    for message in field_messages:
                        form.add_error("awarded_to" if field == "awarded_to" else None, message)
            else:
                messages.success(request, _("Publicación cerrada."))
                return redirect("market:listing", item.pk)
    context = {"form": form, "listing": item}
    return render(request, "market/close.html", context, status=400 if form.errors else 200)


# --- Attachments -------------------------------------------------------------------------------------


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = _member_listing(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Elige un archivo. / Choose a file."))
        return redirect("market:listing", item.pk)
    try:
        services.add_attachment(request.user, item, form.cleaned_data["file"], request=request)
    except ValidationError as exc:
        _refused(request, exc)
        return redirect(reverse("market:listing", args=[item.pk]) + "#attachments")
    messages.success(request, _("Adjunto agregado."))
    return redirect(reverse("market:listing", args=[item.pk]) + "#attachments")


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    item = _member_listing(request, pk)
    attachment = get_object_or_404(item.attachments, pk=attachment_pk)
    services.remove_attachment(request.user, attachment, request=request)
    messages.success(request, _("Adjunto eliminado."))
    return redirect(reverse("market:listing", args=[item.pk]) + "#attachments")


@require_GET
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Only people who may see the listing get its files; always as a download, never rendered inline."""
    item = queries.get_visible_listing(request.user, pk)
    found = get_object_or_404(item.attachments, pk=attachment_pk)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("El archivo ya no existe. / The file is gone.")) from exc
    return attachments.download_response(handle, found.name, found.content_type)


# --- My organisation's listings ----------------------------------------------------------------------


@login_required
@never_cache
@require_GET
def mine(request: HttpRequest) -> HttpResponse | HttpResponseRedirect:
    organizations = _my_organizations(request)
    listings = list(queries.organization_listings([org.pk for org in organizations]))
    return render(request, "market/mine.html", {"organizations": organizations, "listings": listings})
