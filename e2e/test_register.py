"""Register an organisation, invite a colleague who joins; claim a DENUE-imported company that a network
admin verifies. axe-core on every page of the way.

The people, the DENUE company and its network are written by a module-scoped fixture, outside the tests'
transactions, so that the live server sees them on PostgreSQL too; it removes them, and whatever the
journeys created, at the end. Uploaded logos go to a temporary MEDIA_ROOT.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.db.models import Q
from django.test.utils import override_settings
from PIL import Image
from playwright.sync_api import Browser, FilePayload, Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import accessibility_check, sign_in, visit
from td2035.accounts.models import AuditEntry, User
from td2035.directory import services
from td2035.directory.models import Network, Organization, Source
from td2035.privacy.notices import ensure_privacy_notice
from td2035.registration.models import Claim
from td2035.roles.models import NetworkAdmin, OrganizationRole
from td2035.search import services as search
from td2035.tests.people import PASSWORD, person

pytestmark = pytest.mark.django_db

OWNER = "duena-e2e@tortilleria.example"
COLLEAGUE = "colega-e2e@tortilleria.example"
CLAIMANT = "gerente-e2e@tallerhernandez.example"
NETWORK_ADMIN = "admin-e2e@camara.example"
EMAILS = [OWNER, COLLEAGUE, CLAIMANT, NETWORK_ADMIN]
NEW_ORG = "Tortillería La Esperanza Norte"


@dataclass
class World:
    denue: Organization  # imported from DENUE, a member of `network`, nobody speaks for it yet
    network: Network


@pytest.fixture(scope="module")
def world(
    server: LiveServer, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    with django_db_blocker.unblock():
        ensure_privacy_notice()
        cache.clear()  # login rate limits count per address, and every journey is 127.0.0.1
        for email in EMAILS:
            person(email, full_name=email.split("@")[0].replace("-e2e", "").title())
        denue = services.create_organization(
            name="TALLER MECANICO HERNANDEZ",
            kind="company",
            source=Source.DENUE,
            denue_id="e2e-9021",
            scian_id="811111",
            municipality_id="006",
        )
        chamber = services.create_organization(
            name="Cámara de Talleres de Corregidora", kind="chamber", municipality_id="006", scian_id="813110"
        )
        network = services.create_network(name="Cámara de Talleres de Corregidora", organization=chamber)
        services.add_member(network, denue)
        NetworkAdmin.objects.create(user=User.objects.get(email=NETWORK_ADMIN), network=network)
        yield World(denue, network)
        users = User.objects.filter(email__in=EMAILS)
        orgs = Organization.objects.filter(
            Q(pk__in=[denue.pk, chamber.pk]) | Q(person_roles__user__in=users) | Q(name=NEW_ORG)
        ).distinct()
        org_ids = list(orgs.values_list("pk", flat=True))
        Network.objects.filter(pk=network.pk).delete()
        Organization.objects.filter(pk__in=org_ids).delete()
        search.remove_organizations(org_ids)
        AuditEntry.objects.filter(actor__in=users).delete()
        users.delete()
    media.disable()


assert_accessible = accessibility_check("register")


def new_page(browser: Browser) -> Page:
    context = browser.new_context(locale="es-MX", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def png() -> bytes:
    out = BytesIO()
    Image.new("RGB", (600, 300), (10, 79, 138)).save(out, format="PNG")
    return out.getvalue()


def test_register_an_organisation_and_a_colleague_joins(
    page: Page, browser: Browser, server: LiveServer, world: World
) -> None:
    sign_in(page, server, OWNER, "/organizaciones/registrar/")
    page.wait_for_url("**/organizaciones/registrar/")
    assert_accessible(page, "step-1")

    page.get_by_label("Empresa", exact=True).check()
    page.get_by_label("Nombre comercial").fill(NEW_ORG)
    page.get_by_label("RFC").fill("abc680524p73")
    page.get_by_role("button", name="Continuar").click()

    page.wait_for_url("**/organizaciones/registrar/?paso=2")
    page.get_by_label("Busca la actividad principal (SCIAN 2018)").fill("tortillas")  # htmx, live
    option = page.get_by_label(re.compile(r"311830"))
    expect(option).to_be_visible()
    assert page.url.endswith("paso=2")  # the list changed in place
    option.check()
    page.get_by_label("Municipio").select_option(label="Querétaro")
    assert_accessible(page, "step-2")
    page.locator("#register-activity").get_by_role("button", name="Continuar").click()

    page.wait_for_url("**/organizaciones/registrar/?paso=3")
    page.get_by_label("Personas que trabajan en la organización").fill("6")
    page.get_by_label("Ventas anuales en pesos (MXN)").fill("$2,000,000")
    page.get_by_role("button", name="Calcular tamaño").click()
    expect(page.locator("#size-result")).to_contain_text("Micro")
    assert_accessible(page, "step-3")
    page.get_by_role("button", name="Continuar").click()

    page.wait_for_url("**/organizaciones/registrar/?paso=4")
    expect(page.locator("#review")).to_contain_text(NEW_ORG)
    expect(page.locator("#review")).to_contain_text("311830")
    assert_accessible(page, "step-4")
    page.get_by_label("Declaro que trabajo en esta organización y puedo representarla.").check()
    page.get_by_role("button", name="Registrar la organización").click()

    page.wait_for_url("**/editar/")
    expect(page.locator(".messages")).to_contain_text("sin verificar")
    assert_accessible(page, "edit")
    page.locator("#id_logo").set_input_files(FilePayload(name="logo.png", mimeType="image/png", buffer=png()))
    page.get_by_role("button", name="Subir logotipo").click()
    expect(page.locator("img.org-logo")).to_be_visible()

    page.get_by_role("link", name="Personas e invitaciones").click()
    page.wait_for_url("**/personas/")
    assert_accessible(page, "people")
    page.get_by_label("Correo electrónico de tu colega").fill(COLLEAGUE)
    page.get_by_role("button", name="Enviar invitación").click()
    expect(page.locator(".messages")).to_contain_text(COLLEAGUE)
    expect(page.locator("#pending-invitations")).to_contain_text(COLLEAGUE)

    message = next(m for m in reversed(mail.outbox) if COLLEAGUE in m.to)
    match = re.search(r"https?://[^/\s]+(/invitaciones/[A-Za-z0-9_-]+/)", str(message.body))
    assert match, message.body
    link = match.group(1)

    colleague = new_page(browser)
    try:
        visit(colleague, server, link)
        expect(colleague.locator("h1")).to_contain_text(NEW_ORG)
        assert_accessible(colleague, "invitation")
        colleague.get_by_role("link", name="Iniciar sesión").click()
        colleague.get_by_label("Correo electrónico").fill(COLLEAGUE)
        colleague.get_by_label("Contraseña").fill(PASSWORD)
        colleague.get_by_role("main").get_by_role("button", name="Entrar").click()
        colleague.wait_for_url(f"**{link}")
        colleague.get_by_role("button", name="Aceptar la invitación").click()
        colleague.wait_for_url("**/cuenta/organizaciones/")
        expect(colleague.locator("#my-organizations")).to_contain_text(NEW_ORG)
        assert_accessible(colleague, "my-organizations")
        used = colleague.goto(f"{server.url}{link}")  # the link works once
        assert used is not None and used.status == 410
        expect(colleague.locator("#invitation-problem")).to_contain_text("ya se usó")
    finally:
        colleague.context.close()

    org = Organization.objects.get(name=NEW_ORG)
    assert not org.is_verified and org.logo
    roles = dict(OrganizationRole.objects.filter(organization=org).values_list("user__email", "role"))
    assert roles == {OWNER: "admin", COLLEAGUE: "member"}


def test_claim_a_denue_company_and_the_network_admin_verifies_it(
    page: Page, browser: Browser, server: LiveServer, world: World
) -> None:
    sign_in(page, server, CLAIMANT, "/organizaciones/registrar/")
    page.get_by_label("Empresa", exact=True).check()
    page.get_by_label("Nombre comercial").fill("Taller Mecánico Hernández")
    page.get_by_label("RFC").fill("GODE561231GR8")
    page.get_by_role("button", name="Continuar").click()
    page.get_by_label("Busca la actividad principal (SCIAN 2018)").fill("811111")
    page.get_by_role("button", name="Buscar").click()  # the search works as a plain form too
    page.get_by_label(re.compile(r"811111")).check()
    page.get_by_label("Municipio").select_option(label="Corregidora")
    page.locator("#register-activity").get_by_role("button", name="Continuar").click()

    page.wait_for_url("**paso=duplicados")
    expect(page.locator("#duplicates")).to_contain_text("TALLER MECANICO HERNANDEZ")
    expect(page.locator("#duplicates")).to_contain_text("DENUE (INEGI)")
    assert_accessible(page, "duplicates")
    page.get_by_role("link", name=re.compile("Es la mía")).click()

    page.wait_for_url(f"**/organizaciones/{world.denue.slug}/reclamar/")
    assert_accessible(page, "claim")
    page.get_by_label("Mensaje para quien verifica").fill("Soy el gerente; mi correo es de la empresa.")
    page.get_by_label("Declaro que trabajo en esta organización y puedo representarla.").check()
    page.get_by_role("button", name="Enviar solicitud").click()
    page.wait_for_url("**/cuenta/organizaciones/")
    expect(page.locator("#my-claims")).to_contain_text("Pendiente")
    assert Claim.objects.get(organization=world.denue).status == "pending"

    admin = new_page(browser)
    try:
        sign_in(admin, server, NETWORK_ADMIN, "/organizaciones/verificacion/")
        admin.wait_for_url("**/organizaciones/verificacion/")
        claims = admin.locator("#claims")
        expect(claims).to_contain_text(CLAIMANT)
        assert_accessible(admin, "verification")
        claims.get_by_role("button", name=re.compile("Aprobar y verificar")).click()
        expect(admin.locator(".messages")).to_contain_text("quedó verificada")
    finally:
        admin.context.close()

    visit(page, server, f"/organizaciones/{world.denue.slug}/")
    expect(page.locator(".profile-header .badge-verified")).to_have_text("Verificada")
    expect(page.get_by_role("link", name="Editar perfil")).to_be_visible()  # the claimant runs it now
    assert_accessible(page, "verified-profile")
