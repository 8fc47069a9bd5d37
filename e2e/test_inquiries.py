"""Inquiries in a browser: a supplier asks a plant about a published need (with a drawing attached), the
plant's member sees it in /consultas/ and in /avisos/, answers sharing their e-mail, the supplier reads
the answer, and the plant closes the thread. No e-mail is sent inside a request (the task queue sends
them; td2035/notifications/tests cover that). axe-core on /consultas/, the thread, /avisos/ and /mercado/cadena/; screenshots on desktop and
phone.

The people, the organisations and the listings are written by a module-scoped fixture outside the
tests' transactions, so that the live server sees them on PostgreSQL too; it removes them at the end.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import accessibility_check, screenshot, sign_in, visit
from td2035.accounts.models import AuditEntry, User
from td2035.directory import services
from td2035.directory.models import Organization
from td2035.inquiries.models import Inquiry, InquiryAttachment, InquiryStatus
from td2035.market.models import Listing, ListingKind, ListingStatus
from td2035.privacy.notices import ensure_privacy_notice
from td2035.roles.models import OrganizationRole
from td2035.search import services as search
from td2035.tests.people import person

pytestmark = pytest.mark.django_db

BUYER = "compras-e2e@planta-consultas.example"
SELLER = "ventas-e2e@maquinados-consultas.example"
EMAILS = [BUYER, SELLER]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    plant: Organization
    supplier: Organization
    need: Listing


@pytest.fixture(scope="module")
def world(server: LiveServer, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock():
        ensure_privacy_notice()
        cache.clear()  # login rate limits count per address, and every journey is 127.0.0.1
        buyer = person(BUYER, full_name="Regina Compras")
        seller = person(SELLER, full_name="Tomás Ventas")
        plant = services.create_organization(
            name="Planta de Ensamble Consultas", kind="company", scian_id="336390", municipality_id="011"
        )
        supplier = services.create_organization(
            name="Maquinados Consultas", kind="company", scian_id="332710", municipality_id="014"
        )
        logistics = services.create_organization(
            name="Logística Consultas", kind="company", scian_id="484121", municipality_id="014"
        )
        OrganizationRole.objects.create(user=buyer, organization=plant, role="member")
        OrganizationRole.objects.create(user=seller, organization=supplier, role="admin")
        common = {
            "kind": ListingKind.NEED,
            "description": "Según plano adjunto.",
            "published_at": timezone.now(),
        }
        need = Listing.objects.create(
            organization=plant,
            status=ListingStatus.PUBLISHED,
            title="Maquinado de 800 soportes de aluminio",
            scian_id="332710",
            municipality_id="011",
            **common,
        )
        deal = Listing.objects.create(
            organization=plant,
            status=ListingStatus.CLOSED,
            title="Transporte de piezas a Silao",
            scian_id="484121",
            awarded_to=logistics,
            closed_at=timezone.now(),
            **common,
        )
        yield World(plant, supplier, need)
        for attachment in InquiryAttachment.objects.filter(message__inquiry__listing=need):
            attachment.file.delete(save=False)
        Listing.objects.filter(pk__in=[need.pk, deal.pk]).delete()
        org_ids = [plant.pk, supplier.pk, logistics.pk]
        Organization.objects.filter(pk__in=org_ids).delete()
        search.remove_organizations(org_ids)
        AuditEntry.objects.filter(actor__email__in=EMAILS).delete()
        User.objects.filter(email__in=EMAILS).delete()


@pytest.fixture
def attachment_files(world: World, django_db_blocker: Any) -> Iterator[None]:
    """Delete the files the journey uploads while their rows are still there (on SQLite the rows go with
    the test's transaction, before the module's clean-up)."""
    yield
    with django_db_blocker.unblock():
        for attachment in InquiryAttachment.objects.filter(message__inquiry__listing=world.need):
            attachment.file.delete(save=False)


assert_accessible = accessibility_check("inquiries")


def new_page(browser: Browser, **options: Any) -> Page:
    options.setdefault("viewport", {"width": 1280, "height": 900})
    context = browser.new_context(locale="es-MX", **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def run_task_worker(django_db_blocker: Any) -> None:
    """Work the database queue. The worker closes "old" connections on each turn, and inside this test's
    transaction Django counts PostgreSQL's connection as old (autocommit is off): keep it open."""
    with (
        django_db_blocker.unblock(),
        mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None),
    ):
        call_command("db_worker", batch=True, queue_name="*", interval=0, verbosity=0)


@pytest.mark.usefixtures("attachment_files")
def test_a_supplier_asks_the_plant_answers_and_closes(
    page: Page, browser: Browser, server: LiveServer, world: World, django_db_blocker: Any
) -> None:
    mail.outbox.clear()
    # The supplier finds the need and asks, attaching a drawing.
    sign_in(page, server, SELLER, f"/mercado/{world.need.pk}/")
    page.locator("#inquiry-button").click()
    page.wait_for_url("**/consultas/nueva/**")
    page.get_by_role("textbox", name="Mensaje").fill("¿Aceptan aluminio 6061-T651 y entrega en dos lotes?")
    page.get_by_label("Adjuntos (opcional)").set_input_files(
        {"name": "plano.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Enviar consulta").click()
    page.wait_for_url("**/consultas/*/")
    expect(page.locator("#inquiry-status")).to_have_text("Abierta")
    expect(page.locator("#messages")).to_contain_text("6061-T651")
    expect(page.locator("#messages a[download]")).to_have_text("plano.pdf")
    with django_db_blocker.unblock():
        inquiry = Inquiry.objects.get(listing=world.need)
    thread_path = f"/consultas/{inquiry.pk}/"
    assert_accessible(page, "thread-supplier")
    assert mail.outbox == []  # e-mails are queued on commit for the task worker, never sent in the request

    # The plant's member sees it in the inbox and in the notifications, with the unread count.
    plant = new_page(browser)
    sign_in(plant, server, BUYER, "/consultas/")
    expect(plant.locator("#inquiries")).to_contain_text("Maquinado de 800 soportes de aluminio")
    expect(plant.locator("#inquiries")).to_contain_text("Maquinados Consultas")
    assert_accessible(plant, "inbox")
    expect(plant.locator("#notifications-link .badge")).to_contain_text("1")
    plant.locator("#notifications-link").click()
    plant.wait_for_url("**/avisos/")
    expect(plant.locator("#notifications")).to_contain_text("Maquinados Consultas escribió sobre")
    assert_accessible(plant, "notifications")
    plant.locator("#notifications a", has_text="Maquinados Consultas").click()
    plant.wait_for_url(f"**{thread_path}")
    expect(plant.locator("#notifications-link .badge")).to_have_count(0)  # read on the way
    expect(plant.locator("#messages")).not_to_contain_text(SELLER)  # not shared

    # The plant answers, sharing an e-mail address.
    plant.get_by_role("textbox", name="Mensaje").fill("Sí, en dos lotes. Le enviamos el plano revisado.")
    plant.get_by_label("Compartir mi correo electrónico con la otra organización en esta consulta").check()
    plant.get_by_role("button", name="Enviar mensaje").click()
    expect(plant.locator("#inquiry-status")).to_have_text("Respondida")
    assert_accessible(plant, "thread-plant")

    # The supplier sees the answer and the address the plant chose to share.
    page.reload()
    expect(page.locator("#messages")).to_contain_text("en dos lotes")
    expect(page.locator(f'#messages a[href="mailto:{BUYER}"]')).to_be_visible()
    expect(page.locator("#notifications-link .badge")).to_contain_text("1")

    # The plant closes the thread; the supplier can no longer reply there.
    plant.get_by_role("button", name="Cerrar la consulta").click()
    expect(plant.locator("#inquiry-status")).to_have_text("Cerrada")
    page.reload()
    expect(page.locator("#closed-notice")).to_be_visible()
    expect(page.locator("#reply-form")).to_have_count(0)
    with django_db_blocker.unblock():
        assert Inquiry.objects.get(pk=inquiry.pk).status == InquiryStatus.CLOSED
    plant.context.close()
    # On PostgreSQL the live server committed and queued the e-mails; work the queue so that nothing is
    # left for later tests (on SQLite the server shares this test's transaction: unit tests cover mail).
    run_task_worker(django_db_blocker)
    if connection.vendor == "postgresql":  # one e-mail per person, none with the thread's private text
        inquiry_mails = [m for m in mail.outbox if "/consultas/" in m.body]
        assert sorted(m.to[0] for m in inquiry_mails) == sorted([BUYER, SELLER])
        assert all(
            len(m.to) == 1 and "6061" not in m.body and "plano revisado" not in m.body for m in mail.outbox
        )


def test_supply_chain_page_is_accessible_with_a_chart_and_a_table(
    page: Page, server: LiveServer, world: World
) -> None:
    visit(page, server, "/mercado/cadena/?municipio=011")
    expect(page.locator("#what-is-counted")).to_be_visible()
    expect(page.locator("#supply-chain-chart")).to_be_visible()
    table = page.locator("#supply-chain-table")
    expect(table).to_contain_text("31-33 Industrias manufactureras")
    expect(table).to_contain_text("48-49 Transportes, correos y almacenamiento")
    assert_accessible(page, "supply-chain")
    with page.expect_download() as download:
        page.locator("#csv-link").click()
    assert download.value.suggested_filename == "cadena-de-suministro.csv"


def test_pages_fit_a_phone(browser: Browser, server: LiveServer, world: World) -> None:
    phone = new_page(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)

    def fits(name: str) -> None:
        screenshot(phone, f"inquiries-{name}-phone")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{name}: the page is {width}px wide"

    visit(phone, server, "/mercado/cadena/")
    fits("supply-chain")
    sign_in(phone, server, SELLER, f"/consultas/nueva/{world.need.pk}/")
    fits("start")
    phone.get_by_role("textbox", name="Mensaje").fill("¿Pueden cotizar también 200 piezas en acero?")
    phone.get_by_role("button", name="Enviar consulta").click()
    phone.wait_for_url("**/consultas/*/")
    expect(phone.locator("#messages")).to_contain_text("200 piezas")
    fits("thread")
    visit(phone, server, "/consultas/")
    expect(phone.locator("#inquiries")).to_contain_text("Maquinado de 800 soportes")
    fits("inbox")
    phone.context.close()
