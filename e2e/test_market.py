"""The market: a member of an automotive plant publishes an RFQ through the form and finds it in /mercado/
with its facets; with JavaScript off the filters still work. axe-core on the browse page, the listing
page and the form; screenshots on desktop and phone.

The people and organisations are written by a module-scoped fixture, outside the tests' transactions,
so that the live server sees them on PostgreSQL too; it removes them (and their listings) at the end.
"""

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import accessibility_check, screenshot, sign_in, visit
from td2035.accounts.models import AuditEntry, User
from td2035.directory import services
from td2035.directory.models import Certification, Organization
from td2035.market import services as market
from td2035.market.models import Listing
from td2035.privacy.notices import ensure_privacy_notice
from td2035.roles.models import OrganizationRole
from td2035.search import services as search
from td2035.tests.people import person

pytestmark = pytest.mark.django_db

BUYER = "compras-e2e@planta-norte.example"
SELLER = "ventas-e2e@plasticos-marques.example"
EMAILS = [BUYER, SELLER]
TITLE = "Clips de nylon para arnés (RFQ e2e)"


@dataclass
class World:
    plant: Organization
    supplier: Organization


@pytest.fixture(scope="module")
def world(server: LiveServer, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock():
        ensure_privacy_notice()
        cache.clear()
        users = {email: person(email, full_name=email.split("@")[0].title()) for email in EMAILS}
        Certification.objects.get_or_create(name="IATF 16949")
        plant = services.create_organization(
            name="Autopartes Planta Norte E2E",
            kind="company",
            scian_id="336390",
            municipality_id="011",
            employees=450,
            annual_sales_mxn=900_000_000,
        )
        supplier = services.create_organization(
            name="Plásticos Técnicos del Marqués E2E",
            kind="company",
            scian_id="326192",
            municipality_id="011",
            employees=14,
            annual_sales_mxn=20_000_000,
        )
        OrganizationRole.objects.create(user=users[BUYER], organization=plant, role="member")
        OrganizationRole.objects.create(user=users[SELLER], organization=supplier, role="admin")
        market.create_listing(
            users[SELLER],
            supplier,
            publish=True,
            kind="offer",
            title="Inyección de nylon con capacidad libre E2E",
            description="Inyectoras de 250 t, segundo turno libre.",
            scian="326192",
            municipality="011",
            certifications=["IATF 16949"],
        )
        yield World(plant, supplier)
        org_ids = [plant.pk, supplier.pk]
        Listing.objects.filter(organization_id__in=org_ids).delete()
        Organization.objects.filter(pk__in=org_ids).delete()
        search.remove_organizations(org_ids)
        AuditEntry.objects.filter(actor__in=users.values()).delete()
        User.objects.filter(email__in=EMAILS).delete()


assert_accessible = accessibility_check("market")


def test_a_plant_publishes_an_rfq_and_finds_it_in_the_market(
    page: Page, browser: Browser, server: LiveServer, world: World
) -> None:
    sign_in(page, server, BUYER, "/mercado/publicar/")
    expect(page.locator("h1")).to_have_text("¿Qué quieres publicar?")
    page.get_by_role("link", name="Necesidad (RFQ)").click()
    expect(page.locator("h1")).to_have_text("Publicar: Necesidad (RFQ)")
    page.get_by_label("Título").fill(TITLE)
    page.get_by_label("Descripción").fill("Nylon 6/6 para fijar arneses. <b>Cpk ≥ 1.33</b>")
    page.get_by_label("Clase SCIAN (6 dígitos)").fill("326199")
    page.get_by_label("Municipio").select_option("011")
    page.get_by_label("Cantidad").fill("120000")
    page.get_by_label("Unidad").fill("piezas")
    page.get_by_label("Fecha límite de entrega").fill(
        (timezone.localdate() + dt.timedelta(days=45)).isoformat()
    )
    page.get_by_label("IATF 16949").check()
    assert_accessible(page, "form")
    page.get_by_label("Cantidad").fill("-5")  # refused by the service, named next to the field
    page.locator("#publish-submit").click()
    expect(page.locator("#error-summary")).to_contain_text("Cantidad")
    page.get_by_label("Cantidad").fill("120000")
    page.locator("#publish-submit").click()
    page.wait_for_url(re.compile(r".*/mercado/\d+/$"))
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("#listing-status")).to_have_text("Publicada")
    expect(page.locator(".listing-description")).to_contain_text("<b>Cpk ≥ 1.33</b>")  # shown as text
    assert_accessible(page, "listing")

    visit(page, server, "/mercado/?q=clips+nylon")
    expect(page.locator("#listing-results")).to_contain_text(TITLE)
    need_option = page.locator('label[for^="f-kind-"]', has_text="Necesidad (RFQ)")
    expect(need_option).to_contain_text("(1)")
    page.get_by_label("Buscar en ofertas, necesidades, colaboraciones y empleos").fill("nylon")
    expect(page.locator("#result-count")).to_contain_text("2 publicaciones")  # htmx: the RFQ and the offer
    offers = page.locator("#facets").get_by_label(re.compile(r"^Oferta"))
    expect(offers).to_have_accessible_name(re.compile(r"\(1\)"))
    offers.check()
    expect(page.locator("#result-count")).to_contain_text("1 publicación")
    expect(page.locator("#listing-results")).to_contain_text("Inyección de nylon")
    assert "kind=offer" in page.url
    assert_accessible(page, "browse")

    phone = browser.new_context(locale="es-MX", viewport={"width": 390, "height": 844}, is_mobile=True)
    phone_page = phone.new_page()
    visit(phone_page, server, "/mercado/?q=nylon")
    expect(phone_page.locator("#listing-results")).to_contain_text(TITLE)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "market-browse-phone")
    phone_page.get_by_role("link", name=TITLE).click()
    expect(phone_page.locator("h1")).to_have_text(TITLE)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "market-listing-phone")
    phone.close()


def test_filters_work_without_javascript(no_js_page: Page, server: LiveServer, world: World) -> None:
    visit(no_js_page, server, "/mercado/?q=nylon")
    no_js_page.get_by_label(re.compile(r"^Oferta")).check()
    no_js_page.get_by_role("button", name="Aplicar filtros").click()
    expect(no_js_page.locator("#listing-results")).to_contain_text(
        "Inyección de nylon con capacidad libre E2E"
    )
    expect(no_js_page.locator("#result-count")).to_contain_text("1 publicación")
