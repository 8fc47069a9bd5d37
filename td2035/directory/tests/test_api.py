"""The directory API: /api/v1/organizations and /api/v1/networks, their filters, paging and errors."""

from dataclasses import dataclass

import pytest
from django.test import Client

from td2035.core.text import fold
from td2035.directory.models import Network, Organization
from td2035.tests.factories import CompanyFactory, NetworkFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@dataclass
class Eco:
    coordination: Network
    cluster: Network  # member network of the coordination
    section: Network  # member network of the cluster
    chamber: Network
    injector: Organization  # in the section and in the chamber
    moulds: Organization  # in the cluster
    software: Organization  # in the coordination
    university: Organization  # in no network


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
        products="Autopartes\nCarcasas",
        capabilities="Inyección 50-500 t\nSobremoldeo",
        phone="442 123 4567",
        email="ventas@inyectados.example",
        website="https://inyectados.example",
        address="Av. Industrial 12, Parque Industrial",
        postal_code="76800",
        latitude=20.39,
        longitude=-99.98,
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
        certifications=["ISO 9001"],
    )
    software = CompanyFactory.create(
        name="Software Querétaro",
        scian_id="541510",
        municipality_id="014",
        employees=30,
        annual_sales_mxn=20_000_000,
        description_es="Desarrollo de software y servicios de nube.",
    )
    university = OrganizationFactory.create(
        name="Universidad Tecnológica Ejemplo", kind="university", scian_id="611312", municipality_id="014"
    )
    coordination = NetworkFactory.create(name="Coordinación TD2035", is_founding=True, members=[software])
    cluster = NetworkFactory.create(
        name="Clúster de Plásticos", is_founding=True, parent=coordination, members=[moulds]
    )
    section = NetworkFactory.create(name="Sección Inyección", parent=cluster, members=[injector])
    chamber = NetworkFactory.create(name="Cámara de la Industria", members=[injector])
    return Eco(coordination, cluster, section, chamber, injector, moulds, software, university)


def get(client: Client, path: str, params: dict | None = None):
    return client.get(f"/api/v1/{path}", params or {})


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["items"]]


def error_fields(response) -> list[str | None]:
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["detail"] and all(e["message"] for e in body["errors"])
    return [e["field"] for e in body["errors"]]


# --- /organizations ----------------------------------------------------------------------------------


def test_list_items_carry_the_summary_fields(client, eco):
    response = get(client, "organizations", {"q": "inyectados"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["page"] == 1 and body["page_size"] == 20
    assert body["items"] == [
        {
            "slug": eco.injector.slug,
            "name": "Plásticos Inyectados del Bajío",
            "legal_name": "Plásticos Inyectados del Bajío S.A. de C.V.",
            "kind": "company",
            "size": "medium",
            "municipality": {"cve_mun": "016", "name": "San Juan del Río"},
            "scian": {
                "code": "326192",
                "title": "Fabricación de autopartes de plástico con y sin reforzamiento",
            },
            "is_demo": True,
            "is_verified": True,
            "url": f"/organizaciones/{eco.injector.slug}/",
        }
    ]
    assert body["facets"] is None


def test_without_filters_every_organisation_is_listed(client, eco):
    body = get(client, "organizations", {"page_size": 100}).json()
    assert body["count"] == Organization.objects.count() == 8  # 4 organisations + 4 network organisations
    assert set(slugs_of(body)) == set(Organization.objects.values_list("slug", flat=True))


def slugs_of(body: dict) -> list[str]:
    return [item["slug"] for item in body["items"]]


def test_text_search_is_accent_blind_and_finds_words_in_descriptions(client, eco):
    assert slugs(get(client, "organizations", {"q": "plasticos inyectados"})) == [eco.injector.slug]
    assert eco.software.slug in slugs(get(client, "organizations", {"q": "SOFTWARE"}))
    assert slugs(get(client, "organizations", {"q": "nube"})) == [eco.software.slug]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "university"}, ["university"]),
        ({"kind": ["university", "company"], "municipality": "014"}, ["software", "university"]),
        ({"municipality": ["016", "011"]}, ["injector", "moulds"]),
        ({"size": "micro", "kind": "company"}, ["moulds"]),
        ({"size": ["medium", "small"]}, ["injector", "software"]),
        ({"sector": "31-33"}, ["injector", "moulds"]),
        ({"subsector": "326"}, ["injector"]),
        ({"sector": "54"}, ["software"]),
        ({"certification": "ISO 9001"}, ["injector", "moulds"]),
        ({"certification": "IATF 16949"}, ["injector"]),
        ({"verified": "true"}, ["injector"]),
        ({"network": "seccion-inyeccion"}, ["injector"]),
        ({"network": "cluster-de-plasticos"}, ["injector", "moulds"]),  # includes its sub-network
        ({"network": "coordinacion-td2035", "kind": "company"}, ["injector", "moulds", "software"]),
    ],
)
def test_filters_match_the_directory_page(client, eco, params, expected):
    response = get(client, "organizations", {"page_size": 100, **params})
    assert response.status_code == 200, response.content
    assert sorted(slugs(response)) == sorted(getattr(eco, name).slug for name in expected)
    assert response.json()["count"] == len(expected)


def test_sort_by_name_and_paging(client, eco):
    everyone = sorted(Organization.objects.values_list("name", "slug"), key=lambda row: fold(row[0]))
    first = get(client, "organizations", {"sort": "name", "page_size": 3}).json()
    second = get(client, "organizations", {"sort": "name", "page_size": 3, "page": 2}).json()
    assert first["count"] == second["count"] == len(everyone)
    assert slugs_of(first) + slugs_of(second) == [slug for _name, slug in everyone[:6]]


def test_facets_on_request(client, eco):
    body = get(client, "organizations", {"kind": "company", "facets": "true"}).json()
    municipalities = {f["value"]: f for f in body["facets"]["municipality"]}
    assert municipalities["016"] == {"value": "016", "label": "San Juan del Río", "count": 1}
    assert {f["value"]: f["count"] for f in body["facets"]["size"]} == {"medium": 1, "small": 1, "micro": 1}


def test_a_page_far_beyond_the_end_is_empty_not_an_error(client, eco):
    response = get(client, "organizations", {"page": 10**9, "page_size": 100})
    assert response.status_code == 200
    assert response.json()["items"] == [] and response.json()["count"] == 8


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "bakery"}, "kind"),
        ({"kind": ["company", "bakery"]}, "kind"),
        ({"size": "huge"}, "size"),
        ({"municipality": "099"}, "municipality"),
        ({"sector": "99"}, "sector"),
        ({"subsector": "999"}, "subsector"),
        ({"network": "no-such-network"}, "network"),
        ({"certification": "ISO 0000"}, "certification"),
        ({"verified": "maybe"}, "verified"),
        ({"sort": "random"}, "sort"),
        ({"page": 0}, "page"),
        ({"page": "two"}, "page"),
        ({"page": 10**12}, "page"),
        ({"page_size": 101}, "page_size"),
        ({"page_size": 0}, "page_size"),
        ({"q": "plástico " * 1200}, "q"),  # about 10 KB
    ],
)
def test_bad_filters_are_422_naming_the_field(client, eco, params, field):
    response = get(client, "organizations", params)
    assert response.status_code == 422
    assert error_fields(response) == [field]


@pytest.mark.parametrize(
    "q",
    [
        "<script>alert('x')</script>",
        "\"'; DROP TABLE directory_organization; --",
        'a*b (c) OR "d',
        "ñ",
        "%",
        "plás\x00ticos\x1b",
    ],
)
def test_markup_and_search_syntax_in_q_are_just_text(client, eco, q):
    response = get(client, "organizations", {"q": q})
    assert response.status_code == 200
    assert isinstance(response.json()["items"], list)


def test_list_query_count_does_not_grow_with_the_page(client, eco, django_assert_max_num_queries):
    CompanyFactory.create_batch(30, certifications=["ISO 9001"])
    with django_assert_max_num_queries(10):
        body = get(client, "organizations", {"page_size": 30, "facets": "true"}).json()
    assert len(body["items"]) == 30


# --- /organizations/{slug} ---------------------------------------------------------------------------


def test_profile_has_everything_public(client, eco):
    response = get(client, f"organizations/{eco.injector.slug}")
    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == eco.injector.slug and body["is_demo"] is True
    assert body["rfc"] == "ABC680524P73"
    assert body["size_source"] == "computed"
    assert body["certifications"] == ["IATF 16949", "ISO 9001"]
    assert sorted(n["slug"] for n in body["networks"]) == sorted([eco.section.slug, eco.chamber.slug])
    assert body["products"] == ["Autopartes", "Carcasas"]
    assert body["capabilities"] == ["Inyección 50-500 t", "Sobremoldeo"]
    assert body["description_es"] == "Moldeo por inyección de autopartes de plástico."
    assert body["location"] == {
        "address": "Av. Industrial 12, Parque Industrial",
        "postal_code": "76800",
        "latitude": 20.39,
        "longitude": -99.98,
    }
    assert body["contact"] == {
        "phone": "+524421234567",
        "email": "ventas@inyectados.example",
        "website": "https://inyectados.example",
    }
    assert body["source"] == {"kind": "self", "denue_id": None, "denue_clee": ""}


def test_profile_never_publishes_a_persons_rfc(client, eco):
    assert eco.moulds.rfc == "GODE561231GR8"
    assert get(client, f"organizations/{eco.moulds.slug}").json()["rfc"] == ""


def test_unknown_profile_is_a_json_404(client, eco):
    response = get(client, "organizations/no-such-company")
    assert response.status_code == 404
    assert error_fields(response) == [None]
    assert "no-such-company" in response.json()["detail"]


# --- /networks -----------------------------------------------------------------------------------------


def test_networks_list_with_counts_and_sub_networks(client, eco, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):  # 4 and the shared rate-limit counter (one upsert)
        response = get(client, "networks")
    networks = {n["slug"]: n for n in response.json()}
    assert set(networks) == {eco.coordination.slug, eco.cluster.slug, eco.section.slug, eco.chamber.slug}
    cluster = networks[eco.cluster.slug]
    assert cluster["is_founding"] is True
    assert cluster["member_count"] == 1
    assert cluster["sub_networks"] == [{"slug": eco.section.slug, "name": "Sección Inyección"}]
    assert cluster["organization"] == eco.cluster.organization.slug
    assert cluster["url"] == f"/redes/{eco.cluster.slug}/"
    assert networks[eco.chamber.slug]["is_founding"] is False


def test_network_detail_counts_members_of_sub_networks_once(client, eco):
    body = get(client, f"networks/{eco.coordination.slug}").json()
    assert body["member_count"] == 1
    assert body["member_count_recursive"] == 3
    assert body["parent_networks"] == []
    assert get(client, f"networks/{eco.section.slug}").json()["parent_networks"] == [
        {"slug": eco.cluster.slug, "name": "Clúster de Plásticos"}
    ]


def test_members_direct_and_recursive_with_the_network_they_come_through(client, eco):
    direct = get(client, f"networks/{eco.coordination.slug}/members").json()
    assert direct["count"] == 1
    assert [(m["slug"], m["via_network"]) for m in direct["items"]] == [
        (eco.software.slug, eco.coordination.slug)
    ]

    recursive = get(client, f"networks/{eco.coordination.slug}/members", {"recursive": "true"}).json()
    assert recursive["count"] == 3
    assert [(m["slug"], m["via_network"]) for m in recursive["items"]] == [  # by name
        (eco.moulds.slug, eco.cluster.slug),
        (eco.injector.slug, eco.section.slug),
        (eco.software.slug, eco.coordination.slug),
    ]
    assert recursive["items"][1]["municipality"] == {"cve_mun": "016", "name": "San Juan del Río"}


def test_members_paging(client, eco):
    path = f"networks/{eco.coordination.slug}/members"
    page = get(client, path, {"recursive": "true", "page_size": 2, "page": 2}).json()
    assert page["count"] == 3 and [m["slug"] for m in page["items"]] == [eco.software.slug]
    assert get(client, path, {"recursive": "true", "page": 10**9}).json()["items"] == []
    assert error_fields(get(client, path, {"page_size": 500})) == ["page_size"]
    assert error_fields(get(client, path, {"recursive": "sometimes"})) == ["recursive"]


@pytest.mark.parametrize("path", ["networks/nope", "networks/nope/members"])
def test_unknown_network_is_a_json_404(client, eco, path):
    response = get(client, path)
    assert response.status_code == 404
    assert "nope" in response.json()["detail"]


# --- The API as a whole ------------------------------------------------------------------------------


def test_openapi_document_lists_every_endpoint(client):
    response = get(client, "openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "/api/v1/organizations",
        "/api/v1/organizations/{slug}",
        "/api/v1/networks",
        "/api/v1/networks/{slug}",
        "/api/v1/networks/{slug}/members",
        "/api/v1/reference/sectors",
        "/api/v1/reference/municipalities",
        "/api/v1/reference/company-size",
    ]:
        assert "get" in paths[path], path
    assert not any("rest" in p for p in paths)


def test_docs_page_uses_no_cdn(client):
    response = get(client, "docs")
    assert response.status_code == 200
    assert b"cdn" not in response.content.lower()


def test_unknown_endpoint_is_a_json_404(client):
    response = get(client, "organisations")
    assert response.status_code == 404
    assert "organisations" in response.json()["detail"]


def test_too_many_parameters_is_a_json_400(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = client.get("/api/v1/organizations?" + "&".join(f"kind=company&x{i}=1" for i in range(20)))
    assert response.status_code == 400
    assert error_fields(response) == [None]


def test_a_wrong_method_is_a_json_405(client):
    response = client.delete("/api/v1/organizations")  # GET searches, POST registers (write API)
    assert response.status_code == 405
    assert sorted(response["Allow"].split(", ")) == ["GET", "POST"]
    assert error_fields(response) == [None]
