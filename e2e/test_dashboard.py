"""The TD2035 dashboard in a browser: the public page with its charts, a filter, a CSV download, and the
network view as a network admin. axe-core on each page; screenshots on desktop and phone.

The data (a network of 12 companies assessed every quarter since Q2 2021, a target) are written by a
module-scoped fixture outside the tests' transactions, so that the live server sees them on PostgreSQL
too; it removes them at the end.
"""

import csv
import datetime as dt
import io
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
from td2035.dashboard.models import Snapshot, Target
from td2035.dashboard.tests.helpers import assess
from td2035.directory import services
from td2035.directory.models import Network, Organization
from td2035.maturity.models import Assessment
from td2035.privacy.notices import ensure_privacy_notice
from td2035.roles.models import NetworkAdmin
from td2035.tests.people import person

pytestmark = pytest.mark.django_db

ADMIN = "red-e2e@tablero.example"
COORDINATION = "coordinacion-e2e@tablero.example"


@dataclass
class World:
    network: Network
    org_ids: list[int]


@pytest.fixture(scope="module")
def world(server: LiveServer, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock():
        ensure_privacy_notice()
        cache.clear()
        user = person(ADMIN, full_name="Red Tablero")
        coordination = person(COORDINATION, full_name="Coordinación Tablero", is_platform_admin=True)
        network = services.create_network(name="Red Digital del Tablero e2e")
        NetworkAdmin.objects.create(user=user, network=network)
        orgs = []
        start = timezone.make_aware(dt.datetime(2021, 5, 15))
        for i in range(12):
            org = services.create_organization(
                name=f"Manufacturas Tablero {i}",
                kind="company",
                municipality_id="014" if i < 8 else "011",
                scian_id="332710",
                size="micro" if i < 6 else "small" if i < 10 else "medium",
            )
            services.add_member(network, org)
            orgs.append(org)
        quarter = 0
        while start + dt.timedelta(days=91 * quarter) < timezone.now():
            org = orgs[quarter % len(orgs)]
            assess(
                org,
                min(95.0, 25 + 2.2 * quarter + (quarter % 4) * 3),
                at=start + dt.timedelta(days=91 * quarter),
            )
            quarter += 1
        for org in orgs:
            if not Assessment.objects.filter(organization=org).exists():
                assess(org, 55.0)
        Target.objects.create(metric="msme_advanced_share", value=60, year=2035, note="e2e")
        Snapshot.objects.all().delete()
        yield World(network, [o.pk for o in orgs])
        Snapshot.objects.all().delete()
        Target.objects.filter(note="e2e").delete()
        Organization.objects.filter(pk__in=[o.pk for o in orgs]).delete()
        Network.objects.filter(pk=network.pk).delete()
        AuditEntry.objects.filter(actor__in=[user, coordination]).delete()
        Target.objects.filter(note="e2e-set").delete()
        User.objects.filter(email__in=[ADMIN, COORDINATION]).delete()


assert_accessible = accessibility_check("dashboard")


def test_the_public_dashboard_filters_and_downloads(page: Page, server: LiveServer, world: World) -> None:
    visit(page, server, "/tablero/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tablero TD2035")
    expect(page.get_by_role("img", name="Madurez digital media por dimensión (0–100)")).to_be_visible()
    expect(page.locator(".chart-trend").first).to_be_visible()
    expect(page.locator(".outlook").first).to_contain_text("2035")
    assert_accessible(page, "public")

    page.get_by_label("Red (con sus sub-redes)", exact=True).select_option(label=world.network.name)
    page.get_by_role("button", name="Filtrar").click()
    page.wait_for_url("**red=*")
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.network.name)
    assert_accessible(page, "filtered")

    page.locator("#f-madurez-por-tamano summary").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Descargar «Madurez digital por tamaño» (CSV)").click()
    raw = open(info.value.path(), "rb").read()  # noqa: SIM115
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "Tamaño"
    sizes = {row[1]: row for row in rows[1:]}
    assert sizes["micro"][2] == "6"  # 6 micro companies in the network, all assessed
    assert sizes["small"][2:] == [""] * (len(rows[0]) - 2)  # 4 small ones: suppressed
    assert sizes["medium"][2:] == [""] * (len(rows[0]) - 2)  # and 2 medium ones


def test_the_dashboard_on_a_phone(phone_page: Page, server: LiveServer, world: World) -> None:
    visit(phone_page, server, "/tablero/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, width
    screenshot(phone_page, "dashboard-phone")


def test_the_network_view_for_its_admin(browser: Browser, server: LiveServer, world: World) -> None:
    context = browser.new_context(locale="es-MX", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    path = f"/tablero/red/{world.network.slug}/"
    response = page.goto(f"{server.url}{path}")
    assert response is not None and response.status in (302, 403)
    sign_in(page, server, ADMIN, path)
    expect(page.get_by_role("heading", name="En qué debería capacitar la red")).to_be_visible()
    expect(page.locator(".priorities > li")).to_have_count(3)
    roadmap = page.locator(".priorities > li > a").first
    expect(roadmap).to_contain_text("Ruta de madurez")
    assert (roadmap.get_attribute("href") or "").startswith("/madurez/")
    expect(page.locator(".priorities ul li").first).to_be_visible()  # a concrete next step
    assert_accessible(page, "network")
    context.close()


def test_a_platform_admin_sets_a_target(browser: Browser, server: LiveServer, world: World) -> None:
    context = browser.new_context(locale="es-MX", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, server, COORDINATION, "/tablero/metas/")
    page.get_by_label("Indicador").select_option("mean_overall")
    page.get_by_label("Meta (0–100)").fill("70")
    page.get_by_label("Nota").fill("e2e-set")
    page.get_by_role("button", name="Guardar meta").click()
    expect(page.get_by_role("cell", name="e2e-set")).to_be_visible()
    assert_accessible(page, "targets")
    visit(page, server, "/tablero/")
    expect(page.locator(".chart-target-label")).to_have_count(2)
    context.close()
