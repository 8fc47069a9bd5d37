"""Supply-chain view /mercado/cadena/: what is counted, scopes, privacy, chart, table and CSV."""

import csv
import io
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone

from td2035.directory.models import Organization
from td2035.market.models import Listing, ListingKind, ListingStatus, Visibility
from td2035.market.supply_chain import MAX_NODES, OTHER, chart, supply_chain
from td2035.reference.models import ScianCode, ScianLevel
from td2035.reference.queries import sector_of
from td2035.tests.factories import CompanyFactory, NetworkFactory
from td2035.tests.people import member_of

pytestmark = pytest.mark.django_db

URL = "/mercado/cadena/"


def need(org: Organization, scian: str, *, status: str = ListingStatus.PUBLISHED, **fields: Any) -> Listing:
    return Listing.objects.create(
        organization=org,
        kind=ListingKind.NEED,
        status=status,
        title=fields.pop("title", "Necesidad"),
        description="…",
        scian_id=scian,
        published_at=timezone.now(),
        **fields,
    )


@pytest.fixture
def plant() -> Organization:
    return CompanyFactory.create(name="Planta Automotriz", scian_id="336390", municipality_id="006")  # 31-33


@pytest.fixture
def software() -> Organization:
    return CompanyFactory.create(name="Software Querétaro", scian_id="541510", municipality_id="014")  # 54


@pytest.fixture
def trucker() -> Organization:
    return CompanyFactory.create(
        name="Transportes del Bajío", scian_id="484121", municipality_id="014"
    )  # 48-49


def edges(**kwargs: Any) -> dict[tuple[str, str], tuple[int, int]]:
    chain = supply_chain(AnonymousUser(), **kwargs)
    return {(e.buyer, e.supplier): (e.deals, e.demand) for e in chain.edges}


def test_closed_deals_link_the_buyers_sector_to_the_awarded_suppliers(
    plant: Organization, software: Organization, trucker: Organization
) -> None:
    need(plant, "541510", status=ListingStatus.CLOSED, awarded_to=software)
    need(plant, "484121", status=ListingStatus.CLOSED, awarded_to=trucker)
    need(plant, "484121", status=ListingStatus.CLOSED, awarded_to=trucker)
    need(plant, "484121", status=ListingStatus.CLOSED)  # closed without a supplier: no deal
    assert edges() == {("31-33", "48-49"): (2, 0), ("31-33", "54"): (1, 0)}


def test_open_needs_link_the_buyer_to_the_sector_it_asks_for(
    plant: Organization, software: Organization
) -> None:
    need(plant, "541510")
    need(software, "336390")
    need(plant, "484121", status=ListingStatus.DRAFT)  # drafts, expired needs and offers do not count
    need(plant, "484121", status=ListingStatus.EXPIRED)
    Listing.objects.create(
        organization=plant,
        kind=ListingKind.OFFER,
        status=ListingStatus.PUBLISHED,
        title="o",
        description="",
        scian_id="484121",
    )
    need(plant, None)  # type: ignore[arg-type]  # no SCIAN class: not counted
    assert edges() == {("31-33", "54"): (0, 1), ("54", "31-33"): (0, 1)}


def test_subsector_level(plant: Organization, software: Organization) -> None:
    need(plant, "541510", status=ListingStatus.CLOSED, awarded_to=software)
    need(plant, "541330")
    assert edges(level="subsector") == {("336", "541"): (1, 1)}


def test_network_scope_includes_sub_networks_and_either_side(
    plant: Organization, software: Organization, trucker: Organization
) -> None:
    parent = NetworkFactory.create(name="Red Estatal")
    NetworkFactory.create(name="Clúster TI", members=[software], parent=parent)
    need(plant, "541510", status=ListingStatus.CLOSED, awarded_to=software)  # supplier in the sub-network
    need(plant, "484121", status=ListingStatus.CLOSED, awarded_to=trucker)  # nobody in it
    need(software, "484121")  # buyer in it
    assert edges(network_slug=parent.slug) == {("31-33", "54"): (1, 0), ("54", "48-49"): (0, 1)}


def test_municipality_scope(plant: Organization, software: Organization, trucker: Organization) -> None:
    need(plant, "484121", status=ListingStatus.CLOSED, awarded_to=trucker)  # trucker is in 014
    need(plant, "541510")  # plant is in 006
    assert edges(municipality="014") == {("31-33", "48-49"): (1, 0)}
    assert edges(municipality="006") == {("31-33", "48-49"): (1, 0), ("31-33", "54"): (0, 1)}


def test_listings_shown_only_to_a_network_stay_out_for_others(
    plant: Organization, software: Organization
) -> None:
    network = NetworkFactory.create(members=[plant])
    private = need(plant, "541510", visibility=Visibility.NETWORKS)
    private.networks.set([network])
    assert edges() == {}
    client = Client()
    client.force_login(member_of(plant, email="compras@planta.example"))
    assert "31-33" in client.get(URL).content.decode()


def test_page_shows_what_is_counted_a_chart_and_a_table(plant: Organization, software: Organization) -> None:
    need(plant, "541510", status=ListingStatus.CLOSED, awarded_to=software)
    need(plant, "541510")
    response = Client().get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="what-is-counted"' in html
    assert '<svg id="supply-chain-chart"' in html and "<path d=" in html
    assert 'id="supply-chain-table"' in html
    assert "Industrias manufactureras" in html and "Servicios profesionales" in html


def test_csv_has_the_same_rows(plant: Organization, software: Organization) -> None:
    need(plant, "541510", status=ListingStatus.CLOSED, awarded_to=software)
    need(plant, "541510")
    response = Client().get(URL + "?nivel=sector&formato=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["comprador_scian", "comprador", "proveedor_scian", "proveedor", "tratos_cerrados"]
    assert rows[1][0] == "31-33" and rows[1][2] == "54" and rows[1][4:] == ["1", "1", "2"]


@pytest.mark.parametrize("query", ["?red=no-existe", "?municipio=999", "?nivel=clase", "?municipio=%00"])
def test_bad_choices_are_400_not_500(query: str) -> None:
    response = Client().get(URL + query)
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()


def test_empty_market_says_so() -> None:
    html = Client().get(URL).content.decode()
    assert 'id="no-chain"' in html and "<svg id" not in html


def test_the_chart_groups_small_sectors_and_its_bands_add_up(plant: Organization) -> None:
    by_sector: dict[str, str] = {}
    for code in ScianCode.objects.filter(level=ScianLevel.CLASE).values_list("code", flat=True):
        by_sector.setdefault(sector_of(code), code)
    classes = sorted(by_sector.values())[:18]
    assert len(classes) == 18
    for n, code in enumerate(classes):
        for _ in range(n + 1):
            need(plant, code)
    drawn = chart(supply_chain(AnonymousUser()))
    assert drawn is not None
    right = drawn["right"]
    assert len(right) == MAX_NODES and right[-1].code == OTHER
    assert sum(node.weight for node in right) == sum(range(1, len(classes) + 1))
    assert drawn["left"][0].weight == sum(node.weight for node in right)
    assert all(node.y + node.height <= drawn["height"] for node in right)


def test_names_are_escaped_in_the_page(plant: Organization) -> None:
    network = NetworkFactory.create(name="<script>alert(1)</script> Red", members=[plant])
    need(plant, "541510")
    html = Client().get(URL + f"?red={network.slug}").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Red" in html
    assert "<script>alert(1)</script>" not in html


def test_page_queries_do_not_grow_with_listings(
    plant: Organization, software: Organization, django_assert_max_num_queries: Any
) -> None:
    for _ in range(20):
        need(plant, "541510", status=ListingStatus.CLOSED, awarded_to=software)
        need(software, "336390")
    with django_assert_max_num_queries(10):
        assert Client().get(URL).status_code == 200
