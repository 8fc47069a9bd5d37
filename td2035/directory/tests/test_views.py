"""Public pages of the directory: home, search (with htmx), profile, networks, graph and map."""

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from td2035.directory import graph, maps
from td2035.directory.filters import MAX_PAGE
from td2035.directory.models import Network, Organization
from td2035.directory.queries import DirectoryFilters
from td2035.tests.factories import CompanyFactory, NetworkFactory, OrganizationFactory, add_member

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\s(on[a-z]+|style)\s*=", re.I)


@dataclass
class Eco:
    coordination: Network
    cluster: Network  # member network of the coordination
    section: Network  # member network of the cluster (depth 2)
    injector: Organization  # in the section
    moulds: Organization  # in the cluster
    software: Organization  # in the coordination


@pytest.fixture
def eco() -> Eco:
    injector = CompanyFactory.create(
        name="Plásticos Inyectados del Bajío",
        legal_name="Plásticos Inyectados del Bajío S.A. de C.V.",
        rfc="ABC680524P73",
        scian_id="326192",
        municipality_id="016",
        employees=80,
        annual_sales_mxn=60_000_000,
        description_es="Moldeo por inyección de autopartes de plástico.",
        description_en="Injection moulding of plastic car parts.",
        products="Autopartes\nCarcasas",
        capabilities="Inyección 50-500 t\nSobremoldeo",
        phone="442 123 4567",
        email="ventas@inyectados.example",
        website="https://inyectados.example",
        address="Av. Industrial 12",
        postal_code="76800",
        latitude=20.39,
        longitude=-99.98,
        year_founded=1998,
        certifications=["IATF 16949", "ISO 9001"],
        is_verified=True,
        is_demo=True,
    )
    moulds = CompanyFactory.create(
        name="Moldes y Troqueles Marqués",
        rfc="GODE561231GR8",  # a person's RFC: personal data, never published
        scian_id="333510",
        municipality_id="011",
        employees=8,
        annual_sales_mxn=3_000_000,
        latitude=20.63,
        longitude=-100.27,
    )
    software = CompanyFactory.create(
        name="Software Querétaro", scian_id="541510", municipality_id="014", employees=300
    )
    coordination = NetworkFactory.create(name="Coordinación TD2035", is_founding=True, members=[software])
    cluster = NetworkFactory.create(
        name="Querétaro Plastics Cluster", is_founding=True, parent=coordination, members=[moulds]
    )
    section = NetworkFactory.create(name="Sección Inyección", parent=cluster, members=[injector])
    return Eco(coordination, cluster, section, injector, moulds, software)


def assert_csp_safe(html: str) -> None:
    """The Content-Security-Policy forbids inline scripts, handlers and style attributes."""
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html)
    assert not INLINE_HANDLER.search(html), INLINE_HANDLER.search(html)


# --- Layout -----------------------------------------------------------------------------------------


def test_home_shows_counts_founding_networks_and_layout(client: Client, eco: Eco) -> None:
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es-mx">' in html
    assert 'class="skip-link" href="#main"' in html and 'id="main"' in html
    assert re.search(r'<form id="language-form"[^>]*action="/i18n/setlang/"[^>]*method="post"', html)
    assert "csrfmiddlewaretoken" in html
    counts = response.context["counts"]
    # 3 companies + one organisation running each of the 3 networks
    assert counts.organizations == 6
    assert counts.networks == 3
    assert counts.municipalities == 3  # 016, 011, 014
    assert {v: n for v, _label, n in counts.companies_by_size}["micro"] == 1
    founding = {net.slug: total for net, total, _subs in response.context["founding"]}
    assert founding == {eco.coordination.slug: 3, eco.cluster.slug: 2}  # sub-networks' members count
    assert "Sección Inyección" not in [n.name for n, _t, _s in response.context["founding"]]
    assert 'action="/directorio/"' in html
    assert_csp_safe(html)


def test_demo_banner_follows_the_setting(client: Client) -> None:
    with override_settings(DEMO_BANNER=True):
        assert "demo-banner" in client.get("/").content.decode()
    with override_settings(DEMO_BANNER=False):
        assert "demo-banner" not in client.get("/").content.decode()


def test_pages_are_in_english_when_asked(client: Client, eco: Eco) -> None:
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Founding networks" in html and "Redes fundadoras" not in html
    profile = client.get(f"/organizaciones/{eco.injector.slug}/").content.decode()
    assert "Injection moulding of plastic car parts." in profile  # description_en when English
    assert "Moldeo por inyección" not in profile


def test_every_page_answers_without_inline_script_or_style(client: Client, eco: Eco) -> None:
    for path in [
        "/",
        "/directorio/?q=plasticos",
        f"/organizaciones/{eco.injector.slug}/",
        "/redes/",
        f"/redes/{eco.cluster.slug}/",
        "/redes/grafo/",
        "/mapa/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_csp_safe(response.content.decode())


# --- Directory search -------------------------------------------------------------------------------


def test_search_finds_accent_blind_and_shows_cards(client: Client, eco: Eco) -> None:
    response = client.get("/directorio/", {"q": "plasticos"})
    html = response.content.decode()
    assert response.status_code == 200
    names = [o.name for o in response.context["page"].organizations]
    assert names == ["Plásticos Inyectados del Bajío", "Querétaro Plastics Cluster"]  # plural-tolerant too
    assert 'id="search-form"' in html and 'id="results"' in html and 'id="facets"' in html
    assert "Plásticos Inyectados del Bajío" in html
    assert "badge-verified" in html and "badge-demo" in html
    assert "San Juan del Río" in html  # municipality on the card
    assert "2 organizaciones" in html


def test_facets_show_counts_and_filter(client: Client, eco: Eco) -> None:
    response = client.get("/directorio/", {"kind": "company"})
    groups = {g.name: g for g in response.context["facets"]}
    municipality = {o.value: o.count for o in groups["municipality"].options}
    assert municipality == {"016": 1, "011": 1, "014": 1}
    kind = {o.value: (o.count, o.checked) for o in groups["kind"].options}
    assert kind["company"] == (3, True)
    html = response.content.decode()
    assert 'id="f-kind-company"' in html and "checked" in html
    assert response.context["page"].total == 3

    filtered = client.get("/directorio/", {"kind": "company", "municipality": "016"})
    assert [o.pk for o in filtered.context["page"].organizations] == [eco.injector.pk]


def test_network_filter_includes_sub_networks(client: Client, eco: Eco) -> None:
    response = client.get("/directorio/", {"network": eco.cluster.slug, "kind": "company"})
    found = {o.pk for o in response.context["page"].organizations}
    assert found == {eco.moulds.pk, eco.injector.pk}


def test_subsectors_appear_once_a_sector_is_chosen(client: Client, eco: Eco) -> None:
    without = {g.name for g in client.get("/directorio/").context["facets"]}
    assert "sector" in without and "subsector" not in without
    response = client.get("/directorio/", {"sector": "31-33"})
    groups = {g.name: g for g in response.context["facets"]}
    assert {o.value for o in groups["subsector"].options} >= {"326", "333"}


def test_unknown_filter_values_are_dropped(client: Client, eco: Eco) -> None:
    response = client.get(
        "/directorio/",
        {
            "kind": ["company", "spaceship"],
            "size": "huge",
            "municipality": "999",
            "network": "nope",
            "sort": "x",
        },
    )
    filters = response.context["filters"]
    assert response.status_code == 200
    assert filters.kind == ("company",) and filters.size == () and filters.municipality == ()
    assert filters.network == "" and filters.sort == "relevance"
    assert response.context["page"].total == 3


def test_page_beyond_the_end_says_so(client: Client, eco: Eco) -> None:
    response = client.get("/directorio/", {"page": "7"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="beyond-end"' in html and "La página 7 no existe" in html
    huge = client.get("/directorio/", {"page": "1" + "0" * 9})
    assert huge.status_code == 200 and huge.context["filters"].page == MAX_PAGE
    assert 'id="beyond-end"' in huge.content.decode()


def test_pagination_links_keep_the_filters(client: Client) -> None:
    for i in range(25):
        OrganizationFactory.create(name=f"Empresa de Logística {i:02d}", municipality_id="011")
    response = client.get("/directorio/", {"q": "logistica", "municipality": "011"})
    pages = response.context["pages"]
    assert response.context["page"].total == 25
    assert [link.number for link in pages.links] == [1, 2]
    assert pages.next_url == "?q=logistica&municipality=011&page=2"
    second = client.get("/directorio/" + pages.next_url)
    assert len(second.context["page"].organizations) == 5
    assert second.context["pages"].previous_url == "?q=logistica&municipality=011"


@pytest.mark.parametrize(
    "q",
    [
        "<script>alert('x')</script>",
        '"><img src=x onerror=alert(1)>',
        "a" * 10_000,
        "plásticos\x00\x01 inyección",
        "%%%___***",
    ],
)
def test_hostile_queries_never_fail(client: Client, eco: Eco, q: str) -> None:
    response = client.get("/directorio/", {"q": q, "certification": q, "network": q, "page": q})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html and "<img src=x" not in html
    assert len(response.context["filters"].q) <= 200


def test_htmx_request_gets_the_fragment_with_out_of_band_facets(client: Client, eco: Eco) -> None:
    response = client.get(
        "/directorio/", {"q": "plasticos", "network": "", "verified": ""}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<header" not in html
    assert 'id="facets" hx-swap-oob="innerHTML"' in html
    assert 'id="result-status" hx-swap-oob="innerHTML"' in html
    assert response["HX-Push-Url"] == "/directorio/?q=plasticos"  # clean, shareable
    assert "HX-Request" in response["Vary"]
    full = client.get("/directorio/", {"q": "plasticos"})
    assert "<html" in full.content.decode()


def test_search_form_works_without_javascript(client: Client) -> None:
    html = client.get("/directorio/").content.decode()
    form = re.search(r'<form id="search-form"[^>]*>', html)
    assert form and 'method="get"' in form.group(0) and 'action="/directorio/"' in form.group(0)
    assert '<button type="submit"' in html
    assert 'hx-get="/directorio/"' in html and 'hx-target="#results"' in html


def test_directory_page_query_count_does_not_grow_with_results(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    network = NetworkFactory.create(name="Clúster Metalmecánico")
    params = {"q": "maquinados", "network": network.slug, "certification": "ISO 9001"}

    def page_queries(orgs: int) -> int:
        new = [
            CompanyFactory.create(name=f"Maquinados {i}", certifications=["ISO 9001"], municipality_id="014")
            for i in range(orgs)
        ]
        add_member(network, *new)
        client.get("/directorio/", params)  # warm the per-process caches of reference data
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/directorio/", params)
        assert len(response.context["page"].organizations) == min(20, response.context["page"].total)
        return len(queries)

    few = page_queries(2)
    many = page_queries(30)
    assert few == many, "one query per result would be an N+1"
    # A fixed budget: the page's own reads plus the search engine's (on PostgreSQL, a few per facet).
    with django_assert_max_num_queries(40):
        client.get("/directorio/", params)


# --- Profile ----------------------------------------------------------------------------------------


def test_profile_shows_every_public_field(client: Client, eco: Eco) -> None:
    response = client.get(f"/organizaciones/{eco.injector.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "Plásticos Inyectados del Bajío S.A. de C.V.",
        "ABC680524P73",
        "326192",
        "31-33",
        "Mediana",
        "Calculado con empleados y ventas",
        "San Juan del Río",
        "Av. Industrial 12",
        "+524421234567",
        "ventas@inyectados.example",
        "https://inyectados.example",
        "Moldeo por inyección de autopartes de plástico.",
        "Autopartes",
        "Sobremoldeo",
        "IATF 16949",
        "1998",
        "Registro propio",
        "Sección Inyección",
        "badge-verified",
        "notice-demo",
    ]:
        assert text in html, text
    assert [c.code for c in response.context["lineage"]] == ["31-33", "326", "3261", "32619", "326192"]
    assert 'id="location-map"' in html and 'class="pin"' in html


def test_profile_hides_a_persons_rfc(client: Client, eco: Eco) -> None:
    html = client.get(f"/organizaciones/{eco.moulds.slug}/").content.decode()
    assert "GODE561231GR8" not in html


def test_profile_description_falls_back_to_spanish(client: Client, eco: Eco) -> None:
    client.cookies["django_language"] = "en"
    org = OrganizationFactory.create(
        name="Solo Español", description_es="Sólo en español.", description_en=""
    )
    assert "Sólo en español." in client.get(f"/organizaciones/{org.slug}/").content.decode()


def test_unknown_profile_is_404(client: Client) -> None:
    assert client.get("/organizaciones/no-existe/").status_code == 404


# --- Networks and graph -----------------------------------------------------------------------------


def test_network_page_lists_members_sub_networks_parents_and_breakdowns(client: Client, eco: Eco) -> None:
    response = client.get(f"/redes/{eco.cluster.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert [o.pk for o in response.context["member_page"].object_list] == [eco.moulds.pk]
    assert [n.network.pk for n in response.context["children"]] == [eco.section.pk]
    assert [p.pk for p in response.context["parents"]] == [eco.coordination.pk]
    assert response.context["total_members"] == 2  # moulds, and the injector through the section
    sizes = {value: n for value, _label, n in response.context["by_size"]}
    assert sizes["medium"] == 1 and sizes["micro"] == 1
    municipalities = {value for value, _label, _n in response.context["by_municipality"]}
    assert {"011", "016"} <= municipalities
    assert "incluyen a los miembros de todas sus sub-redes" in html


def test_networks_page_nests_sub_networks_at_any_depth(client: Client, eco: Eco) -> None:
    html = client.get("/redes/").content.decode()
    coordination = html.index("Coordinación TD2035")
    cluster = html.index("Querétaro Plastics Cluster", coordination)
    section = html.index("Sección Inyección", cluster)
    assert coordination < cluster < section
    assert html.count('<ul class="tree">') >= 3


def test_unknown_network_is_404(client: Client) -> None:
    assert client.get("/redes/no-existe/").status_code == 404


def test_graph_draws_every_network_and_link_with_a_text_alternative(client: Client, eco: Eco) -> None:
    response = client.get("/redes/grafo/")
    html = response.content.decode()
    layout = response.context["layout"]
    assert response.status_code == 200
    assert 'id="graph"' in html
    assert len(layout.nodes) == 3 and len(layout.edges) == 2
    assert html.count('class="edge"') == 2
    assert "La red de redes en texto" in html and "Sección Inyección" in html
    sizes = {n.network.pk: n.count for n in layout.nodes}
    assert sizes[eco.coordination.pk] == 3  # every member organisation below it, each counted once


def test_graph_layout_is_layered_and_deterministic(eco: Eco) -> None:
    from td2035.directory import stats

    nets = list(stats.networks_by_id().values())
    counts = {n.pk: 1 for n in nets}
    first = graph.layout(nets, stats.network_edges(), counts)
    second = graph.layout(list(reversed(nets)), stats.network_edges(), counts)
    assert [(n.network.pk, n.x, n.y) for n in first.nodes] == [(n.network.pk, n.x, n.y) for n in second.nodes]
    depth = {n.network.pk: n.depth for n in first.nodes}
    assert depth == {eco.coordination.pk: 0, eco.cluster.pk: 1, eco.section.pk: 2}
    assert len({n.y for n in first.nodes}) == 3  # one row each
    for edge in first.edges:
        assert edge.child.x > edge.parent.x


# --- Map --------------------------------------------------------------------------------------------


def test_map_page_draws_every_municipality_as_a_link(client: Client, eco: Eco) -> None:
    response = client.get("/mapa/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="map"' in html and "<svg" in html
    assert html.count('<path class="muni c') == 18
    assert 'href="/directorio/?municipality=016"' in html
    assert "San Juan del Río: 1 organización" in html
    assert 'id="map-table"' in html
    assert 'id="points-path"' in html
    assert "leaflet.js" in html and "tile" not in html.lower()


def test_map_filters_change_the_counts(client: Client, eco: Eco) -> None:
    response = client.get("/mapa/", {"network": eco.cluster.slug, "kind": "company"})
    counts = {c.shape.cve_mun: c.count for c in response.context["cells"]}
    assert counts["016"] == 1 and counts["011"] == 1 and counts["014"] == 0
    html = response.content.decode()
    assert f"/directorio/?kind=company&amp;network={eco.cluster.slug}&amp;municipality=016" in html


def test_map_data_is_geojson_with_municipalities_and_points(client: Client, eco: Eco) -> None:
    response = client.get("/mapa/datos.geojson", {"kind": "company"})
    data = response.json()
    assert response.status_code == 200
    assert data["type"] == "FeatureCollection"
    areas = [f for f in data["features"] if f["properties"]["kind"] == "municipality"]
    points = [f for f in data["features"] if f["properties"]["kind"] == "organization"]
    assert len(areas) == 18 and all(a["geometry"]["type"] in {"Polygon", "MultiPolygon"} for a in areas)
    assert {p["properties"]["name"] for p in points} == {eco.injector.name, eco.moulds.name}
    assert data["points_total"] == 2 and data["points_shown"] == 2


def test_points_are_sampled_under_the_cap(eco: Eco) -> None:
    for i in range(9):
        CompanyFactory.create(name=f"Punto {i}", latitude=20.6 + i / 100, longitude=-100.4)
    sample = maps.point_sample(DirectoryFilters(), cap=4)
    assert sample.total == 11 and 1 <= len(sample.points) <= 4 and sample.is_sample
    assert maps.point_sample(DirectoryFilters(), cap=4).points == sample.points  # stable


def test_projection_keeps_points_inside_the_drawing() -> None:
    state = maps.state_map()
    projection = state.projection
    assert len(state.shapes) == 18
    x, y = projection.project(-100.39, 20.59)  # Querétaro city
    assert 0 <= x <= projection.width and 0 <= y <= projection.height
    assert maps.class_breaks([0, 0, 1, 5, 10, 100]) == [1, 5, 10, 100]
    assert maps.css_class(0, [1, 5]) == "c0" and maps.css_class(3, [1, 5]) == "c2"


def test_too_many_parameters_is_a_400_page(client: Client) -> None:
    query = "&".join(f"kind=x{i}" for i in range(1_200))
    response = client.get(f"/directorio/?{query}")
    assert response.status_code == 400
    assert "No pudimos entender la solicitud" in response.content.decode()


def test_not_found_page_offers_a_search(client: Client) -> None:
    response = client.get("/no-existe/")
    assert response.status_code == 404
    assert 'action="/directorio/"' in response.content.decode()


def test_cached_network_totals_follow_new_members(eco: Eco) -> None:
    from td2035.directory import stats

    before = stats.network_totals()
    assert before[eco.cluster.pk] == 2
    newcomer = CompanyFactory.create(name="Recién Llegada")
    add_member(eco.section, newcomer)
    after = stats.network_totals()
    assert after[eco.cluster.pk] == 3 and after[eco.coordination.pk] == before[eco.coordination.pk] + 1


def test_breakdowns_and_map_counts_are_exact_and_name_unknown_values(client: Client, eco: Eco) -> None:
    nowhere = OrganizationFactory.create(name="Sin Municipio", municipality_id=None, scian_id=None)
    add_member(eco.section, nowhere)
    response = client.get(f"/redes/{eco.cluster.slug}/")
    municipalities = {label: n for _v, label, n in response.context["by_municipality"]}
    assert municipalities == {"San Juan del Río": 1, "El Marqués": 1, "No informado": 1}
    assert [v for v, _label, _n in response.context["by_size"]][:2] == ["micro", "medium"]
    assert response.context["total_members"] == 3
    assert maps.municipality_counts(DirectoryFilters(network=eco.cluster.slug)) == {"016": 1, "011": 1}


def test_very_broad_searches_page_only_as_far_as_the_engine_ranks() -> None:
    from td2035.directory.facets import last_page, page_links
    from td2035.directory.queries import DirectoryPage

    broad = DirectoryPage(DirectoryFilters(q="servicios", page=7), [], total=50_000, total_is_estimate=True)
    assert last_page(broad) == 50  # the first 1,000 results, 20 a page
    assert page_links(broad).links[-1].number == 50
    everything = DirectoryPage(DirectoryFilters(), [], total=50_000)
    assert last_page(everything) == 2_500  # no text and no filter: every page can be read
    from td2035.search.queries import WINDOW

    narrow = DirectoryPage(DirectoryFilters(q="plasticos"), [], total=WINDOW - 10)
    assert last_page(narrow) == -(-(WINDOW - 10) // 20)  # answered exactly, every page reachable
