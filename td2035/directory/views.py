"""Public pages of the directory. Thin: parse the query, call queries/stats, render."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from django_htmx.http import push_url

from td2035.core.fragments import fragments
from td2035.directory import graph, logos, maps, stats
from td2035.directory.facets import results_context
from td2035.directory.filters import filters_address, filters_to_query, parse_filters
from td2035.directory.models import Network, Organization, OrganizationKind, SizeChoices
from td2035.directory.queries import DirectoryFilters, get_network, public_organizations, search_directory
from td2035.directory.signals import network_corner, organization_corner, organization_sections
from td2035.reference.queries import scian_lineage, sector_choices

NETWORK_MEMBERS_PER_PAGE = 25


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "counts": stats.home_counts(),
        "founding": stats.founding_networks(),
    }
    return render(request, "directory/home.html", context)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    filters = parse_filters(request.GET)
    page = search_directory(filters, summaries_only=True)
    fragment = bool(request.htmx) and not request.htmx.history_restore_request  # type: ignore[attr-defined]
    template = "directory/fragment_results.html" if fragment else "directory/search.html"
    response = render(request, template, results_context(page))
    if fragment:
        push_url(response, filters_address(request.path, filters))  # the clean URL, not every field
    patch_vary_headers(response, ["HX-Request"])
    return response


def localized_description(org: Organization) -> str:
    english = (get_language() or "").startswith("en")
    first, second = (
        (org.description_en, org.description_es) if english else (org.description_es, org.description_en)
    )
    return first or second


@require_GET
def organization(request: HttpRequest, slug: str) -> HttpResponse:
    org = get_object_or_404(
        public_organizations().prefetch_related(
            "certifications",
            "secondary_scian",
            Prefetch("networks", queryset=Network.objects.order_by("name")),
        ),
        slug=slug,
    )
    boundary = org.municipality.boundary if org.municipality else None
    context = {
        "org": org,
        "description": localized_description(org),
        "public_rfc": org.rfc if len(org.rfc) == 12 else "",  # a person's RFC (13) is personal data
        "lineage": scian_lineage(org.scian_id) if org.scian_id else [],
        "location": maps.location_map(boundary, org.longitude, org.latitude),
        "coordinated_network": Network.objects.filter(organization=org).first(),
        "logo_url": logos.url(org),
        "corners": fragments(organization_corner, request=request, organization=org),
        "sections": fragments(organization_sections, request=request, organization=org),
    }
    return render(request, "directory/organization.html", context)


@require_GET
def networks(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/networks.html", {"forest": stats.network_forest()})


@require_GET
def network(request: HttpRequest, slug: str) -> HttpResponse:
    net = get_network(slug)
    members = (
        Organization.objects.filter(memberships__network=net)
        .select_related("scian", "municipality")
        .order_by("name", "pk")
    )
    paginator = Paginator(members, NETWORK_MEMBERS_PER_PAGE)
    member_page = paginator.get_page(request.GET.get("page"))
    counts = stats.network_breakdown(net)
    context = {
        "network": net,
        "description": (net.description_en or net.description_es)
        if (get_language() or "").startswith("en")
        else (net.description_es or net.description_en),
        "member_page": member_page,
        "children": stats.network_forest([net.pk])[0].children,
        "parents": Network.objects.filter(child_links__child=net).order_by("name"),
        "total_members": sum(n for _value, _label, n in counts["size"]),
        "by_sector": counts["sector"],
        "by_size": counts["size"],
        "by_municipality": counts["municipality"],
        "directory_query": filters_to_query(DirectoryFilters(network=net.slug)),
        "corners": fragments(network_corner, request=request, network=net),
    }
    return render(request, "directory/network.html", context)


@require_GET
def network_graph(request: HttpRequest) -> HttpResponse:
    nets = list(stats.networks_by_id().values())
    edges = stats.network_edges()
    counts = stats.network_totals()
    context = {
        "layout": graph.layout(nets, edges, counts),
        "forest": stats.with_totals(stats.network_forest(), counts),
    }
    return render(request, "directory/graph.html", context)


def map_filters(request: HttpRequest) -> DirectoryFilters:
    """The map takes the directory's kind, sector, size and network filters; the rest are ignored."""
    full = parse_filters(request.GET)
    return DirectoryFilters(kind=full.kind, sector=full.sector, size=full.size, network=full.network)


def municipality_counts(filters: DirectoryFilters) -> dict[str, int]:
    return stats.cached(("map", filters_to_query(filters)), lambda: maps.municipality_counts(filters))


@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    filters = map_filters(request)
    cells, legend = maps.choropleth(municipality_counts(filters))
    sample = maps.point_sample(filters)
    state = maps.state_map()
    query = filters_to_query(filters)
    context = {
        "filters": filters,
        "cells": cells,
        "cells_by_count": sorted(cells, key=lambda c: (-c.count, c.shape.name)),
        "legend": legend,
        "sample": sample,
        "points_path": maps.points_path(sample.points, state.projection),
        "projection": state.projection,
        "total": sum(c.count for c in cells),
        "query": query,
        "data_url": reverse("directory:map-data") + ("?" + query if query else ""),
        "kinds": OrganizationKind.choices,
        "sectors": sector_choices(),
        "sizes": SizeChoices.choices,
        "networks": Network.objects.order_by("name").only("slug", "name"),
        "point_cap": maps.POINT_CAP,
    }
    return render(request, "directory/map.html", context)


@require_GET
def map_data(request: HttpRequest) -> JsonResponse:
    filters = map_filters(request)
    cells, _legend = maps.choropleth(municipality_counts(filters))
    urls = {
        "directory": reverse("directory:search"),
        "organization": reverse("directory:organization", args=["__slug__"]),
    }
    data = maps.geojson(cells, maps.point_sample(filters), urls)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_GET
def logo_file(request: HttpRequest, name: str) -> FileResponse:
    return logos.logo_response(name)
