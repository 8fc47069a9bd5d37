"""The matching journey in a browser: a plant's member publishes an RFQ through the market form; nothing
is computed in that request; the task worker finds the matching supplier and alerts its admin, who sees
the alert in /avisos/, opens the RFQ and starts an inquiry; the plant answers, looks at its ranked
matches (with their explanations) and closes the RFQ awarding it to that supplier. axe-core on the
matches pages and the alert settings; a phone-width check.

The worker runs where the live server can see its writes: in this process on SQLite (the live server
shares the test's connection) and as a separate `manage.py db_worker` process on PostgreSQL (the live
server only sees committed rows); the fixture removes what it committed.
"""

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import accessibility_check, screenshot, sign_in, visit
from td2035.accounts.models import AuditEntry, User
from td2035.directory import services
from td2035.directory.models import Certification, Organization
from td2035.inquiries.models import Inquiry
from td2035.market.models import Listing, ListingStatus
from td2035.matching.models import MatchAlert
from td2035.notifications.models import Notification
from td2035.privacy.notices import ensure_privacy_notice
from td2035.roles.models import OrganizationRole
from td2035.search import services as search
from td2035.tests.people import person

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
BUYER = "compras-e2e@planta-coincidencias.example"
SUPPLIER_ADMIN = "direccion-e2e@inyectora-coincidencias.example"
EMAILS = [BUYER, SUPPLIER_ADMIN]
TITLE = "Clips de nylon inyectado para arneses"


@dataclass
class World:
    plant: Organization
    supplier: Organization
    unrelated: Organization


@pytest.fixture(scope="module")
def world(server: LiveServer, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock():
        ensure_privacy_notice()
        cache.clear()
        users = {email: person(email, full_name=email.split("@")[0].title()) for email in EMAILS}
        Certification.objects.get_or_create(name="IATF 16949")
        plant = services.create_organization(
            name="Arneses Planta Coincidencias", kind="company", scian_id="336390", municipality_id="011"
        )
        supplier = services.create_organization(
            name="Inyectora Coincidencias del Marqués",
            kind="company",
            scian_id="326199",
            municipality_id="011",
            description_es="Inyección de nylon y plásticos técnicos para autopartes.",
            products="Clips de nylon\nCarcasas de plástico inyectado",
            certifications=["IATF 16949"],
        )
        unrelated = services.create_organization(
            name="Despacho Contable Coincidencias", kind="company", scian_id="541211", municipality_id="014"
        )
        OrganizationRole.objects.create(user=users[BUYER], organization=plant, role="member")
        OrganizationRole.objects.create(user=users[SUPPLIER_ADMIN], organization=supplier, role="admin")
        yield World(plant, supplier, unrelated)
        org_ids = [plant.pk, supplier.pk, unrelated.pk]
        Inquiry.objects.filter(listing__organization_id__in=org_ids).delete()
        MatchAlert.objects.filter(user__in=users.values()).delete()
        Notification.objects.filter(user__in=users.values()).delete()
        Listing.objects.filter(organization_id__in=org_ids).delete()
        Organization.objects.filter(pk__in=org_ids).delete()
        search.remove_organizations(org_ids)
        AuditEntry.objects.filter(actor__in=users.values()).delete()
        User.objects.filter(email__in=EMAILS).delete()


assert_accessible = accessibility_check("matching")


def new_page(browser: Browser, **options: Any) -> Page:
    options.setdefault("viewport", {"width": 1280, "height": 900})
    page = browser.new_context(locale="es-MX", **options).new_page()
    page.set_default_timeout(15_000)
    return page


def run_worker(django_db_blocker: Any) -> None:
    """Work every queue once, where the live server sees the result (see the module's docstring)."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        env = {**os.environ, "DATABASE_URL": url}
        command = [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--queue-name",
            "*",
            "--no-startup-delay",
        ]
        subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=120)  # noqa: S603
        return
    with (
        django_db_blocker.unblock(),
        mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None),
    ):
        call_command("db_worker", batch=True, queue_name="*", interval=0, verbosity=0)


def test_rfq_alert_inquiry_answer_and_close(
    page: Page,
    browser: Browser,
    server: LiveServer,
    world: World,
    django_db_blocker: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # The plant publishes an RFQ through the market form.
    sign_in(page, server, BUYER, "/mercado/publicar/")
    page.get_by_role("link", name="Necesidad (RFQ)").click()
    page.get_by_label("Título").fill(TITLE)
    page.get_by_label("Descripción").fill("Clips de nylon 6/6 inyectado para fijar arneses, 50 000 al mes.")
    page.get_by_label("Clase SCIAN (6 dígitos)").fill("326199")
    page.get_by_label("Municipio").select_option("011")
    page.get_by_label("Cantidad").fill("50000")
    page.get_by_label("Unidad").fill("piezas")
    page.get_by_label("Fecha límite de entrega").fill(
        (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    )
    page.get_by_label("IATF 16949").check()
    # On SQLite the live server shares this test's transaction, so its on-commit work is run here.
    with django_capture_on_commit_callbacks(execute=True):
        page.locator("#publish-submit").click()
        page.wait_for_url("**/mercado/*/")
    expect(page.locator("#listing-status")).to_have_text("Publicada")
    with django_db_blocker.unblock():
        listing = Listing.objects.get(organization=world.plant, title=TITLE)
        # nothing was computed or sent in the request: the alert waits for the worker
        assert not MatchAlert.objects.filter(listing=listing).exists()
        assert not Notification.objects.filter(user__email=SUPPLIER_ADMIN).exists()
    run_worker(django_db_blocker)

    # The supplier's admin sees the alert in /avisos/, opens the RFQ and asks a question.
    supplier = new_page(browser)
    sign_in(supplier, server, SUPPLIER_ADMIN, "/avisos/")
    alert = supplier.locator("#notifications li", has_text=TITLE)
    expect(alert).to_contain_text("misma clase SCIAN 326199")
    expect(alert).to_contain_text("certificación IATF 16949")
    alert.get_by_role("link").first.click()
    supplier.wait_for_url(f"**/mercado/{listing.pk}/")
    supplier.locator("#inquiry-button").click()
    supplier.wait_for_url("**/consultas/nueva/**")
    supplier.get_by_role("textbox", name="Mensaje").fill(
        "Tenemos IATF 16949 y capacidad libre. ¿Color natural?"
    )
    supplier.get_by_role("button", name="Enviar consulta").click()
    supplier.wait_for_url("**/consultas/*/")
    thread_path = supplier.url.split(server.url, 1)[1]

    # Its open needs page and alert settings are there for it too.
    visit(supplier, server, f"/coincidencias/organizacion/{world.supplier.slug}/")
    expect(supplier.locator("#matched-needs")).to_contain_text(TITLE)
    assert_accessible(supplier, "organization-matches")
    visit(supplier, server, "/coincidencias/avisos/")
    expect(supplier.locator("#recent-alerts")).to_contain_text(TITLE)
    assert_accessible(supplier, "alerts")

    # The plant answers the inquiry.
    visit(page, server, thread_path)
    page.get_by_role("textbox", name="Mensaje").fill("Sí, natural. Envíen cotización por lote de 50 000.")
    page.get_by_role("button", name="Enviar mensaje").click()
    expect(page.locator("#inquiry-status")).to_have_text("Respondida")

    # The plant sees its ranked matches with their reasons, then closes the RFQ with that supplier.
    visit(page, server, f"/mercado/{listing.pk}/")
    page.locator("#matches-link").click()
    page.wait_for_url(f"**/coincidencias/anuncio/{listing.pk}/")
    first = page.locator("#matched-organizations li").first
    expect(first).to_contain_text(world.supplier.name)
    expect(first).to_contain_text("de 100")
    expect(page.locator("#matched-organizations")).not_to_contain_text(world.unrelated.name)
    assert_accessible(page, "listing-matches")
    visit(page, server, f"/mercado/{listing.pk}/")
    page.locator("#close-link").click()
    page.get_by_label("Proveedor elegido (opcional)").fill(world.supplier.slug)
    page.locator("#close-submit").click()
    page.wait_for_url(f"**/mercado/{listing.pk}/")
    expect(page.locator("#listing-status")).to_have_text("Cerrada")
    with django_db_blocker.unblock():
        closed = Listing.objects.get(pk=listing.pk)
        assert closed.status == ListingStatus.CLOSED and closed.awarded_to_id == world.supplier.pk
    supplier.context.close()
    run_worker(django_db_blocker)  # leave no queued work behind


def test_matches_page_fits_a_phone(browser: Browser, server: LiveServer, world: World) -> None:
    phone = new_page(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in(phone, server, SUPPLIER_ADMIN, f"/coincidencias/organizacion/{world.supplier.slug}/")
    screenshot(phone, "matching-organization-matches-phone")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    visit(phone, server, "/coincidencias/avisos/")
    screenshot(phone, "matching-alerts-phone")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.context.close()


def test_outsiders_get_no_matches(page: Page, server: LiveServer, world: World) -> None:
    sign_in(page, server, SUPPLIER_ADMIN, "/avisos/")
    response = page.goto(f"{server.url}/coincidencias/organizacion/{world.plant.slug}/")
    assert response is not None and response.status == 403
