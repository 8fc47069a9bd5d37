"""Digital maturity: a member takes the assessment step by step, sees the result (chart, table, peers,
roadmap), follows a roadmap link, prints, re-takes and sees the history. axe-core on every new page;
screenshots on desktop and phone; one step without JavaScript.

People, organisations and the peer assessments are written by a module fixture outside the tests'
transactions (so the live server sees them on PostgreSQL too) and removed at the end.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import accessibility_check, screenshot, sign_in
from td2035.accounts.models import AuditEntry, User
from td2035.directory import services as directory
from td2035.directory.models import Organization
from td2035.maturity import services
from td2035.maturity.models import Assessment
from td2035.privacy.notices import ensure_privacy_notice
from td2035.roles.models import OrganizationRole
from td2035.search import services as search
from td2035.tests.people import person

pytestmark = pytest.mark.django_db

MEMBER = "socia-e2e@carpinteria.example"
PEER_ADMIN = "admin-e2e@pares.example"
ORG_NAME = "Carpintería Hermanos Ruiz E2E"


@pytest.fixture(scope="module")
def org(server: LiveServer, django_db_blocker: Any) -> Iterator[Organization]:
    with django_db_blocker.unblock():
        ensure_privacy_notice()
        cache.clear()
        member = person(MEMBER, full_name="Ana Ruiz")
        peer_admin = person(PEER_ADMIN, full_name="Admin Pares")
        org = directory.create_organization(
            name=ORG_NAME, kind="company", scian_id="337120", municipality_id="014", employees=8
        )
        OrganizationRole.objects.create(user=member, organization=org, role=OrganizationRole.Role.MEMBER)
        peers = []
        for i in range(6):
            peer = directory.create_organization(
                name=f"Par E2E {i}", kind="company", scian_id="337120", municipality_id="014", employees=8
            )
            OrganizationRole.objects.create(
                user=peer_admin, organization=peer, role=OrganizationRole.Role.ADMIN
            )
            options = ["needs-identified", "financial-resources", "ict-infrastructure", "ict-specialists"][
                : i % 4 + 1
            ]
            services.submit_assessment(
                peer_admin, peer, "eu-dma-sme", {"Q2": options, "Q3": ["company-website"]}
            )
            peers.append(peer)
        yield org
        ids = [org.pk, *(p.pk for p in peers)]
        users = User.objects.filter(email__in=[MEMBER, PEER_ADMIN])
        AuditEntry.objects.filter(actor__in=users).delete()
        Organization.objects.filter(pk__in=ids).delete()
        search.remove_organizations(ids)
        users.delete()


assert_accessible = accessibility_check("maturity")


def next_step(page: Page) -> None:
    page.get_by_role("button", name="Guardar y seguir").click()
    page.wait_for_load_state()


def test_take_the_assessment_see_the_result_follow_the_roadmap_and_retake(
    page: Page, server: LiveServer, org: Organization
) -> None:
    sign_in(page, server, MEMBER, "/madurez/")
    page.wait_for_url("**/madurez/")
    assert_accessible(page, "landing")
    page.get_by_role("button", name="Empezar la evaluación").click()

    page.wait_for_url("**/paso/1/")
    expect(page.locator(".step-count")).to_have_text("Paso 1 de 6")
    page.locator("summary").click()
    expect(page.locator(".maturity-profile")).to_contain_text("337120")  # from the profile, not asked
    page.get_by_label("Ya identificamos qué necesitamos digitalizar", exact=False).check()
    page.get_by_label("La dirección está lista", exact=False).check()
    page.locator("#Q1-operations-already-invested").check()
    page.locator("#Q1-marketing-sales-planning-to-invest").check()
    assert_accessible(page, "step-1")
    next_step(page)

    page.wait_for_url("**/paso/2/")
    page.get_by_label("Sitio web de la empresa").check()
    page.locator("#Q4-cad-cam-4").check()
    assert_accessible(page, "step-2")
    page.get_by_role("button", name="Guardar y volver").click()
    page.wait_for_url("**/paso/1/")
    expect(page.get_by_label("La dirección está lista", exact=False)).to_be_checked()  # progress kept
    next_step(page)
    page.wait_for_url("**/paso/2/")
    expect(page.locator("#Q4-cad-cam-4")).to_be_checked()
    next_step(page)
    page.wait_for_url("**/paso/3/")
    next_step(page)

    page.wait_for_url("**/paso/4/")
    page.get_by_label("Los datos no se registran en forma digital").check()
    page.get_by_label(
        "Los datos importantes se guardan en forma digital", exact=False
    ).check()  # JS unticks the other
    expect(page.get_by_label("Los datos no se registran en forma digital")).not_to_be_checked()
    page.get_by_label("Hay un respaldo completo", exact=False).check()
    next_step(page)
    page.wait_for_url("**/paso/5/")
    page.locator("#Q9-business-intelligence-3").check()
    next_step(page)
    page.wait_for_url("**/paso/6/")
    page.locator("#Q11-equipment-recycling-yes").check()
    assert_accessible(page, "step-6")
    page.get_by_role("button", name="Terminar y ver el resultado").click()

    page.wait_for_url("**/evaluacion/*/")
    first = Assessment.objects.get(organization=org)
    assert first.status == "completed"
    expect(page.locator("#overall-score")).to_have_text(f"{first.overall:.0f}")
    expect(page.locator("svg.bar-chart rect.bar")).to_have_count(6)
    expect(page.locator("#dimension-table tbody tr")).to_have_count(6)
    expect(page.locator("#peer-table")).to_contain_text("Todo Querétaro")
    expect(page.locator("#peer-table")).to_contain_text("7")  # six peers and itself: figures shown
    assert_accessible(page, "result")
    result_url = page.url

    page.get_by_role("link", name="Versión para imprimir o guardar en PDF").click()
    page.wait_for_url("**/imprimir/")
    expect(page.locator(".site-nav")).to_have_count(0)
    assert_accessible(page, "print")
    page.emulate_media(media="print")
    screenshot(page, "maturity-print-media")
    page.emulate_media(media="screen")

    page.goto(result_url)
    link = page.locator(".roadmap-links a[href^='/directorio/'], .roadmap-links a[href^='/redes/']").first
    href = link.get_attribute("href")
    assert href
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith(href)
    expect(page.locator("h1")).to_have_count(1)

    page.goto(result_url)
    page.get_by_role("button", name="Evaluar de nuevo").click()
    page.wait_for_url("**/paso/1/")
    page.get_by_label("Ya identificamos qué necesitamos digitalizar", exact=False).check()
    page.get_by_label("Tenemos dinero identificado", exact=False).check()
    page.get_by_label("La dirección está lista", exact=False).check()
    for _ in range(5):
        next_step(page)
    page.get_by_role("button", name="Terminar y ver el resultado").click()
    page.wait_for_url("**/evaluacion/*/")
    expect(page.locator("#history-table tbody tr")).to_have_count(2)
    assert_accessible(page, "result-history")
    page.get_by_role("navigation", name="Ruta de navegación").get_by_role("link", name=ORG_NAME).click()
    page.wait_for_url(f"**/madurez/{org.slug}/")
    expect(page.locator("#history-table tbody tr")).to_have_count(2)
    assert_accessible(page, "organization")
    assert Assessment.objects.filter(organization=org, status="completed").count() == 2
    assert Assessment.objects.get(pk=first.pk).is_latest is False


def test_phone_and_no_javascript(
    phone_page: Page, no_js_page: Page, server: LiveServer, org: Organization
) -> None:
    sign_in(phone_page, server, MEMBER, f"/madurez/{org.slug}/")
    phone_page.wait_for_url(f"**/madurez/{org.slug}/")
    phone_page.locator("#start-button").click()
    phone_page.wait_for_url("**/paso/1/")
    next_step(phone_page)
    phone_page.wait_for_url("**/paso/2/")
    pages = [("phone-step", phone_page.url)]
    for _ in range(4):
        next_step(phone_page)
    phone_page.get_by_role("button", name="Terminar y ver el resultado").click()
    phone_page.wait_for_url("**/evaluacion/*/")
    pages.append(("phone-result", phone_page.url))
    for name, url in pages:
        phone_page.goto(url)
        screenshot(phone_page, f"maturity-{name}")
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 392, f"{name} is {width}px wide"

    sign_in(no_js_page, server, MEMBER, f"/madurez/{org.slug}/")
    no_js_page.wait_for_url(f"**/madurez/{org.slug}/")
    no_js_page.locator("#start-button").click()  # a form post: no JavaScript needed
    no_js_page.wait_for_url("**/paso/1/")
    no_js_page.goto(no_js_page.url.replace("/paso/1/", "/paso/3/"))
    no_js_page.get_by_label("Tiene un plan de capacitación para el personal").check()
    no_js_page.get_by_role("button", name="Guardar y continuar después").click()
    no_js_page.wait_for_url(f"**/madurez/{org.slug}/")
    expect(no_js_page.locator(".messages")).to_contain_text("Guardamos tus respuestas")
    draft = Assessment.objects.get(organization=org, status="draft")
    assert draft.answers.get("Q5") == ["training-plan"]
