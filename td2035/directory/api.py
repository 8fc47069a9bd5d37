"""Directory API: organisations (search with the page's filters, profiles) and networks (nested)."""

from django.http import Http404, HttpRequest
from ninja import Query, Router

from td2035.core.api_errors import answers
from td2035.core.api_fields import path_text
from td2035.directory.models import Network
from td2035.directory.queries import (
    member_count,
    network_members_page,
    networks_with_sub_networks,
    public_profile,
    search_directory,
)
from td2035.directory.schemas import (
    MemberItem,
    MembersIn,
    MembersPage,
    NetworkDetail,
    NetworkItem,
    OrganizationDetail,
    OrganizationFiltersIn,
    OrganizationPage,
    item_fields,
)

router = Router()


@router.get(
    "/organizations",
    response=answers(OrganizationPage),
    summary="Buscar organizaciones / search organisations",
)
def organization_list(request: HttpRequest, params: Query[OrganizationFiltersIn]) -> OrganizationPage:
    result = search_directory(params.to_filters(), with_facets=params.facets)
    return OrganizationPage.of(result, with_facets=params.facets)


@router.get(
    "/organizations/{slug}",
    response=answers(OrganizationDetail, 404, 422, with_input=False),
    summary="Perfil público / public profile",
)
def organization_detail(request: HttpRequest, slug: str = path_text()) -> OrganizationDetail:
    org = public_profile(slug)
    if org is None:
        raise Http404(f"Organización desconocida. / No organization {slug!r}.")
    return OrganizationDetail.of(org)


@router.get("/networks", response=answers(list[NetworkItem], with_input=False), summary="Redes / networks")
def network_list(request: HttpRequest) -> list[NetworkItem]:
    return [NetworkItem.of(n) for n in networks_with_sub_networks()]


def get_network(slug: str) -> Network:
    network = networks_with_sub_networks().filter(slug=slug).first()
    if network is None:
        raise Http404(f"Red desconocida. / No network {slug!r}.")
    return network


@router.get(
    "/networks/{slug}", response=answers(NetworkDetail, 404, 422, with_input=False), summary="Red / network"
)
def network_detail(request: HttpRequest, slug: str = path_text()) -> NetworkDetail:
    network = get_network(slug)
    return NetworkDetail.of_with(network, member_count_recursive=member_count(network, recursive=True))


@router.get(
    "/networks/{slug}/members",
    response=answers(MembersPage, 404),
    summary="Miembros de una red / network members (recursive: with sub-networks')",
)
def network_members(request: HttpRequest, params: Query[MembersIn], slug: str = path_text()) -> MembersPage:
    network = get_network(slug)
    total, members = network_members_page(
        network, recursive=params.recursive, page=params.page, page_size=params.page_size
    )
    return MembersPage(
        count=total,
        page=params.page,
        page_size=params.page_size,
        items=[MemberItem(**item_fields(org), via_network=via) for org, via in members],
    )
