"""Market pages: browse with facets (counts equal the results of choosing them), the listing page, the
form, close, my listings; script in every field is shown escaped."""

import re
from dataclasses import replace
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from td2035.market import queries, services
from td2035.market.models import Listing, ListingStatus
from td2035.market.tests.helpers import future, need_fields, plant, publish_need, supplier
from td2035.tests.factories import CompanyFactory
from td2035.tests.people import make_user, member_of

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'


def count_on_page(html: str) -> int:
    found = re.search(r'id="result-count">\s*([\d,]+)', html)
    assert found, html[:500]
    return int(found.group(1).replace(",", ""))


def test_script_in_every_field_is_shown_escaped() -> None:
    org = CompanyFactory.create(name=f"Planta {SCRIPT}")
    user = member_of(org)
    need = publish_need(
        org,
        user,
        title=f"RFQ {SCRIPT}",
        description=f"Desc {SCRIPT}",
        unit=f"u{SCRIPT}"[:40],
        certifications=[],
    )
    services.update_listing(user, need, capabilities=f"Cap {SCRIPT}")
    collab = services.create_listing(
        user,
        org,
        publish=True,
        kind="collaboration",
        title=f"C {SCRIPT}",
        description=SCRIPT,
        partner_profile=f"Socio {SCRIPT}",
        collaboration_type="rd",
    )
    offer = services.create_listing(
        user, org, publish=True, kind="offer", title=f"O {SCRIPT}", description=SCRIPT, min_order=f"m{SCRIPT}"
    )
    client = Client()
    client.force_login(user)
    pages = [f"/mercado/{pk}/" for pk in (need.pk, collab.pk, offer.pk)]
    pages += ["/mercado/", "/mercado/?q=script", "/mercado/mis-publicaciones/", f"/mercado/{need.pk}/editar/"]
    pages += [f"/mercado/{need.pk}/cerrar/", f"/mercado/?organization={org.slug}"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert SCRIPT not in html, url
        assert "&lt;script&gt;" in html, url
    api = client.get(f"/api/v1/listings/{need.pk}").json()
    assert api["title"] == f"RFQ {SCRIPT}"  # JSON carries the text as it is; pages escape it


def test_browse_shows_facets_whose_counts_equal_the_results() -> None:
    org, seller = plant(), supplier()
    user, seller_user = member_of(org), member_of(seller, email="ventas@s.example")
    publish_need(org, user, title="Clips", scian="326199", municipality="014")
    publish_need(org, user, title="Bridas", scian="332710", municipality="006", certifications=["ISO 9001"])
    publish_need(
        org,
        user,
        title="Más clips",
        scian="326199",
        municipality="006",
        deadline=future(3),
        closes_at=future(1),
    )
    services.create_listing(
        seller_user,
        seller,
        publish=True,
        kind="offer",
        title="Capacidad de inyección",
        description="Inyectoras libres",
        scian="326192",
        municipality="011",
        certifications=["IATF 16949"],
    )
    services.create_listing(
        seller_user,
        seller,
        publish=True,
        kind="job",
        title="Prácticas de calidad",
        description="Dual",
        job_type="internship",
    )
    client = Client()
    html = client.get("/mercado/").content.decode()
    assert count_on_page(html) == 5
    options = re.findall(
        r'name="(\w+)" value="([^"]+)"[^>]*><label[^>]*>[^<]*<span class="count">\((\d+)\)', html
    )
    assert {name for name, _v, _n in options} >= {"kind", "sector", "municipality", "certification", "size"}
    for name, value, count in options:
        chosen = client.get(f"/mercado/?{name}={value}").content.decode()
        assert count_on_page(chosen) == int(count), (name, value)


FACET_VALUES = {
    "kind": ["need", "offer", "job"],
    "municipality": ["014", "006", "011"],
    "deadline": ["week", "month", "later", "none"],
    "size": ["micro", "small", "large", "medium"],
}


@pytest.fixture
def five_listings() -> Any:
    org, seller = plant(), supplier()
    user, seller_user = member_of(org), member_of(seller, email="v@s.example")
    publish_need(org, user, title="Clips", municipality="014", deadline=future(2), closes_at=future(1))
    publish_need(org, user, title="Bridas", municipality="006", deadline=future(20), closes_at=future(10))
    publish_need(org, user, title="Moldes", municipality="011", deadline=future(200))
    services.create_listing(
        seller_user,
        seller,
        publish=True,
        kind="offer",
        title="Inyección",
        description="d",
        municipality="014",
    )
    services.create_listing(seller_user, seller, publish=True, kind="job", title="Prácticas", description="d")


@given(
    st.fixed_dictionaries(
        {
            name: st.lists(st.sampled_from(values), unique=True, max_size=2)
            for name, values in FACET_VALUES.items()
        }
    )
)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_facet_counts_equal_the_totals_of_choosing_them(
    five_listings: Any, chosen: dict[str, list[str]]
) -> None:
    """Property: for any choice of filters, each facet value's count is the total the search gives when
    that facet is set to that value alone (the other choices kept). The listings are only read."""
    choice: dict[str, Any] = {name: tuple(values) for name, values in chosen.items()}
    filters = replace(queries.ListingFilters(), **choice)
    page = queries.search_listings(queries.AnonymousUser(), filters)
    for name in FACET_VALUES:
        for value, count in page.facets[name].items():
            only: dict[str, Any] = {name: (value,)}
            alone = replace(filters, **only)
            assert queries.search_listings(queries.AnonymousUser(), alone, with_facets=False).total == count


def test_text_search_folds_accents_and_plurals_like_the_directory() -> None:
    org = plant()
    user = member_of(org)
    publish_need(org, user, title="Inyección de plásticos técnicos", description="Piezas")
    publish_need(org, user, title="Maquinado", description="Bridas de acero", scian="332710")
    anonymous = queries.AnonymousUser()
    for words in ("inyeccion plastico", "INYECCIÓN", "plástica", "tecnico"):
        page = queries.search_listings(anonymous, queries.ListingFilters(q=words))
        assert [listing.title for listing in page.listings] == ["Inyección de plásticos técnicos"], words
    assert queries.search_listings(anonymous, queries.ListingFilters(q="brida")).total == 1
    assert queries.search_listings(anonymous, queries.ListingFilters(q="titanio")).total == 0


def test_htmx_answers_a_fragment_with_facets_out_of_band() -> None:
    publish_need(plant())
    response = Client().get("/mercado/?kind=need", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'hx-swap-oob="innerHTML"' in html and "listing-results" in html
    assert response["HX-Push-Url"] == "/mercado/?kind=need"


def test_a_member_publishes_through_the_form_and_closes_it_with_a_supplier() -> None:
    org, seller = plant(), supplier()
    user = member_of(org)
    client = Client()
    client.force_login(user)
    assert "Necesidad" in client.get("/mercado/publicar/").content.decode()
    form = client.get("/mercado/publicar/?kind=need").content.decode()
    assert 'name="quantity"' in form and 'name="lead_time_days"' not in form
    data = {
        "kind": "need",
        "organization": org.slug,
        "title": "Troquelado de soportes",
        "description": "Lámina galvanizada calibre 16.",
        "scian": "336370",
        "municipality": "011",
        "certifications": ["IATF 16949"],
        "quantity": "40000",
        "unit": "piezas",
        "deadline": future(45).isoformat(),
        "visibility": "public",
        "action": "publish",
    }
    bad = client.post("/mercado/publicar/", {**data, "quantity": "-4", "scian": "12"})
    assert bad.status_code == 400
    assert (
        "Debe ser mayor que cero" in bad.content.decode() and "no es una clase SCIAN" in bad.content.decode()
    )
    assert Listing.objects.count() == 0
    response = client.post("/mercado/publicar/", data)
    listing = Listing.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/mercado/{listing.pk}/"
    assert listing.status == ListingStatus.PUBLISHED and listing.municipality_id == "011"
    page = client.get(f"/mercado/{listing.pk}/").content.decode()
    assert "Troquelado de soportes" in page and "inquiry-button" not in page  # not to its own publisher
    closed = client.post(
        f"/mercado/{listing.pk}/cerrar/", {"awarded_to": f"http://x/organizaciones/{seller.slug}/"}
    )
    assert closed.status_code == 302
    listing.refresh_from_db()
    assert listing.status == ListingStatus.CLOSED and listing.awarded_to == seller
    assert "Troquelado de soportes" in client.get("/mercado/mis-publicaciones/").content.decode()


def test_save_as_draft_then_publish_from_the_listing_page() -> None:
    org = plant()
    user = member_of(org)
    client = Client()
    client.force_login(user)
    client.post(
        "/mercado/publicar/",
        {
            "kind": "job",
            "organization": org.slug,
            "title": "Prácticas",
            "description": "Calidad",
            "job_type": "internship",
            "positions": "2",
            "visibility": "public",
            "action": "draft",
        },
    )
    listing = Listing.objects.get()
    assert listing.status == ListingStatus.DRAFT
    client.post(f"/mercado/{listing.pk}/publicar/")
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED


def test_people_without_an_organisation_are_told_how_to_join() -> None:
    client = Client()
    client.force_login(make_user("suelta@example.com"))
    response = client.get("/mercado/publicar/")
    assert response.status_code == 403 and "Registrar mi organización" in response.content.decode()
    assert Client().get("/mercado/publicar/").status_code == 302  # sign in first


def test_signed_in_people_of_other_organisations_see_the_inquiry_button_when_it_exists() -> None:
    listing = publish_need(plant())
    client = Client()
    client.force_login(member_of(supplier(), email="v@s.example"))
    html = client.get(f"/mercado/{listing.pk}/").content.decode()
    from td2035.market.views import url_or_none

    expected = url_or_none("inquiries:start", listing.pk)
    assert (expected is not None) == ("inquiry-button" in html)
    anonymous = Client().get(f"/mercado/{listing.pk}/").content.decode()
    assert "inquiry-button" not in anonymous and "Entra para enviar una consulta" in anonymous


def test_need_fields_helper_is_valid() -> None:
    assert need_fields()["kind"] == "need"


def test_the_scian_field_suggests_classes_by_words_or_digits() -> None:
    client = Client()
    by_words = client.get("/mercado/actividades/?scian=inyección de plástico").content.decode()
    assert 'value="326' in by_words and "<option" in by_words
    by_digits = client.get("/mercado/actividades/?scian=3327").content.decode()
    assert 'value="332710"' in by_digits and 'value="326' not in by_digits
    assert client.get("/mercado/actividades/?scian=x").content.decode().strip() == ""


def test_the_profile_section_lists_only_open_listings_the_viewer_may_see() -> None:
    from django.test import RequestFactory

    from td2035.core.fragments import fragments
    from td2035.directory.signals import organization_sections

    org = plant()
    user = member_of(org)
    publish_need(org, user, title="Abierta para todos")
    services.create_listing(user, org, **need_fields(title="Borrador oculto"))
    request = RequestFactory().get("/")
    request.user = make_user("visita@example.com")
    html = "".join(fragments(organization_sections, request=request, organization=org))
    assert "Abierta para todos" in html and "Borrador oculto" not in html
