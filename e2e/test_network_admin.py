"""A network admin runs a network: signs in, invites an organisation found in the directory, its admin
accepts (from the invitation the network page points to), and the admin exports the roster. An organisation asks to join with
JavaScript off and the admin approves. axe-core on every page of the way.

The people, the network and the organisations are written by a module-scoped fixture, outside the tests'
transactions, so that the live server sees them on PostgreSQL too; it removes them at the end.
"""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import accessibility_check, sign_in, visit
from td2035.accounts.models import AuditEntry, User
from td2035.directory import services
from td2035.directory.models import Network, NetworkMembership, Organization
from td2035.privacy.notices import ensure_privacy_notice
from td2035.roles.models import NetworkAdmin, OrganizationRole
from td2035.search import services as search
from td2035.tests.people import person

pytestmark = pytest.mark.django_db

NETWORK_ADMIN = "staff-e2e@cluster-automotriz.example"
OWNER = "dueno-e2e@forjas.example"
NEIGHBOUR = "duena-e2e@tornillos.example"
EMAILS = [NETWORK_ADMIN, OWNER, NEIGHBOUR]


@dataclass
class World:
    network: Network
    forge: Organization  # invited by the network; OWNER runs it
    screws: Organization  # asks to join; NEIGHBOUR runs it
    member: Organization  # a member from the start


@pytest.fixture(scope="module")
def world(server: LiveServer, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock():
        ensure_privacy_notice()
        cache.clear()  # login rate limits count per address, and every journey is 127.0.0.1
        users = {
            email: person(email, full_name=email.split("@")[0].replace("-e2e", "").title())
            for email in EMAILS
        }
        cluster_org = services.create_organization(
            name="Clúster Automotriz del Marqués", kind="cluster", municipality_id="011", scian_id="813110"
        )
        network = services.create_network(name="Clúster Automotriz del Marqués", organization=cluster_org)
        forge = services.create_organization(
            name="Forjas Industriales del Marqués",
            legal_name="Forjas Industriales del Marqués S.A. de C.V.",
            rfc="ABC680524P73",
            kind="company",
            scian_id="332110",
            municipality_id="011",
            employees=40,
            annual_sales_mxn=30_000_000,
        )
        screws = services.create_organization(
            name="Tornillería Colón", kind="company", scian_id="332720", municipality_id="005"
        )
        member = services.create_organization(
            name="Arneses Eléctricos de Querétaro", kind="company", scian_id="336320", municipality_id="014"
        )
        services.add_member(network, member)
        NetworkAdmin.objects.create(user=users[NETWORK_ADMIN], network=network)
        OrganizationRole.objects.create(user=users[OWNER], organization=forge, role="admin")
        OrganizationRole.objects.create(user=users[NEIGHBOUR], organization=screws, role="admin")
        yield World(network, forge, screws, member)
        org_ids = [cluster_org.pk, forge.pk, screws.pk, member.pk]
        Network.objects.filter(pk=network.pk).delete()
        Organization.objects.filter(pk__in=org_ids).delete()
        search.remove_organizations(org_ids)
        AuditEntry.objects.filter(actor__in=users.values()).delete()
        User.objects.filter(email__in=EMAILS).delete()


assert_accessible = accessibility_check("network-admin")


def new_page(browser: Browser, *, javascript: bool = True) -> Page:
    context = browser.new_context(
        locale="es-MX", viewport={"width": 1280, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_an_admin_invites_the_organisation_accepts_and_the_admin_exports_the_roster(
    page: Page, browser: Browser, server: LiveServer, world: World
) -> None:
    slug = world.network.slug
    sign_in(page, server, NETWORK_ADMIN, f"/redes/{slug}/administrar/")
    expect(page.locator("h1")).to_have_text(f"Administrar «{world.network.name}»")
    expect(page.locator("#network-stats")).to_contain_text("1 miembros directos")
    assert_accessible(page, "dashboard")

    page.locator(".admin-tabs").get_by_role("link", name="Invitar").click()
    page.wait_for_url(f"**/redes/{slug}/administrar/invitaciones/")
    page.get_by_label("Nombre de una organización o de una red").fill("forjas marques")
    page.get_by_role("button", name="Buscar", exact=True).click()
    candidates = page.locator("#organization-candidates")
    expect(candidates).to_contain_text(world.forge.name)
    assert_accessible(page, "invitations")
    candidates.locator("li", has_text=world.forge.name).locator("summary").click()
    page.get_by_label(f"Mensaje para {world.forge.name} (opcional)").fill("Nos gustaría contar con ustedes.")
    candidates.get_by_role("button", name=f"Invitar ({world.forge.name})").click()
    expect(page.locator(".messages")).to_contain_text(f"Invitación enviada a «{world.forge.name}»")
    expect(page.locator("#pending-invitations")).to_contain_text(world.forge.name)
    # (The e-mail leaves after commit, which a journey on SQLite never reaches: the tests check the mails.)

    owner = new_page(browser)
    try:
        sign_in(owner, server, OWNER, f"/redes/{slug}/")
        owner.get_by_role("link", name="Responder la invitación").click()
        owner.wait_for_url(re.compile(r".*/redes/invitaciones/\d+/$"))
        expect(owner.locator("h1")).to_contain_text(world.forge.name)
        expect(owner.locator(".prose")).to_contain_text("Nos gustaría contar con ustedes.")
        assert_accessible(owner, "invitation")
        visit(owner, server, "/redes/invitaciones/")
        expect(owner.locator("#invitations")).to_contain_text(world.network.name)
        assert_accessible(owner, "inbox")
        owner.locator("#invitations").get_by_role("link").first.click()
        owner.get_by_role("button", name="Aceptar la invitación").click()
        owner.wait_for_url(f"**/redes/{slug}/")
        expect(owner.locator(".messages")).to_contain_text("ya forma parte")
        expect(owner.locator("#members")).to_contain_text(world.forge.name)
    finally:
        owner.context.close()
    assert NetworkMembership.objects.filter(network=world.network, organization=world.forge).exists()

    visit(page, server, f"/redes/{slug}/administrar/miembros/")
    expect(page.locator("#members")).to_contain_text(world.forge.name)
    assert_accessible(page, "members")
    page.get_by_role("link", name=f"Quitar de la red ({world.member.name})").click()
    assert_accessible(page, "confirm-remove")
    page.get_by_role("link", name="No, volver").click()

    with page.expect_download() as download_info:
        page.locator(".admin-tabs").get_by_role("link", name="Exportar miembros (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"miembros-{slug}-")
    text = download.path().read_text(encoding="utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header[:3] == ["Organización", "Razón social", "RFC"]
    forge_row = next(r for r in rows if r[0] == world.forge.name)
    assert forge_row[2] == "ABC680524P73" and forge_row[5] == "El Marqués" and forge_row[6] == "332110"
    assert sorted(r[0] for r in rows) == sorted([world.forge.name, world.member.name])
    assert AuditEntry.objects.filter(action="network.roster_exported", actor__email=NETWORK_ADMIN).exists()


def test_an_organisation_asks_to_join_without_javascript_and_the_admin_approves(
    browser: Browser, server: LiveServer, world: World
) -> None:
    slug = world.network.slug
    neighbour = new_page(browser, javascript=False)
    try:
        sign_in(neighbour, server, NEIGHBOUR, f"/redes/{slug}/")
        neighbour.get_by_role("link", name="Solicitar unirse").click()
        neighbour.wait_for_url(f"**/redes/{slug}/unirse/")
        neighbour.get_by_label("Organización que solicita unirse").select_option(label=world.screws.name)
        neighbour.get_by_label("Mensaje para la red (opcional)").fill(
            "Fabricamos tornillería para autopartes."
        )
        neighbour.get_by_role("button", name="Enviar la solicitud").click()
        neighbour.wait_for_url(f"**/redes/{slug}/")
        expect(neighbour.locator(".messages")).to_contain_text("Solicitud enviada")
        expect(neighbour.get_by_role("link", name="Solicitar unirse")).to_have_count(0)
    finally:
        neighbour.context.close()

    admin = new_page(browser)
    try:
        sign_in(admin, server, NETWORK_ADMIN, f"/redes/{slug}/administrar/solicitudes/")
        requests = admin.locator("#join-requests")
        expect(requests).to_contain_text("Fabricamos tornillería para autopartes.")
        assert_accessible(admin, "requests")
        requests.get_by_role("button", name=f"Aprobar ({world.screws.name})").click()
        expect(admin.locator(".messages")).to_contain_text(f"«{world.screws.name}» ya es miembro")
    finally:
        admin.context.close()
    assert NetworkMembership.objects.filter(network=world.network, organization=world.screws).exists()


def test_the_join_page_is_accessible(page: Page, server: LiveServer, world: World) -> None:
    sign_in(page, server, NEIGHBOUR, "/redes/")
    visit(page, server, f"/redes/{world.network.slug}/unirse/")
    expect(page.locator("h1")).to_contain_text("Solicitar unirse")
    assert_accessible(page, "join")
