"""Searching the directory as a plant buyer would: live results with htmx, facets, a profile; and the
same search with JavaScript off (plain GET form, facets and pagination as links and checkboxes)."""

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import visit
from e2e.ecosystem import PLASTICS_COUNT, Ecosystem

# The journeys share one ecosystem (see conftest.server); the marker makes pytest-django set up the test database.
pytestmark = pytest.mark.django_db

SAN_JUAN = "San Juan del Río"


def result_cards(page: Page) -> Any:
    return page.locator("#results .org-card")


def plastics_on(cards: Any) -> int:
    return sum(name.startswith("Plásticos") for name in cards.locator("h3").all_inner_texts())


def test_live_search_with_a_facet_then_open_a_profile(
    page: Page, server: LiveServer, ecosystem: Ecosystem
) -> None:
    visit(page, server, "/directorio/")
    page.evaluate("window.sameDocument = true")  # lost if the browser loads a new page

    page.locator("#q").press_sequentially("plasticos", delay=30)
    # htmx pushes the address of the results it shows: wait for those of the whole word.
    page.wait_for_url(re.compile(r"[?&]q=plasticos(&|$)"))
    status = page.locator("#result-status")
    expect(status).to_contain_text("página 1 de 2")
    cards = result_cards(page)
    expect(cards).to_have_count(20)
    assert plastics_on(cards) >= 19  # one more organisation may match: "Querétaro Plastics Cluster"
    assert page.evaluate("window.sameDocument") is True, "the results should arrive without a reload"

    facet = page.locator("#facets").get_by_label(re.compile(SAN_JUAN))
    in_san_juan = len(ecosystem.plastics_in("016"))
    expect(facet).to_have_accessible_name(re.compile(rf"\({in_san_juan}\)"))
    facet.check()
    expect(status).to_contain_text(f"{in_san_juan} organizaciones")
    expect(cards).to_have_count(in_san_juan)
    for card in cards.all():
        expect(card).to_contain_text(SAN_JUAN)
    expect(page.locator("#facets").get_by_label(re.compile(SAN_JUAN))).to_be_checked()
    assert page.evaluate("window.sameDocument") is True
    assert "municipality=016" in page.url

    first = cards.first.get_by_role("link")
    name = first.inner_text().strip()
    first.click()
    page.wait_for_url("**/organizaciones/**")
    expect(page.locator("h1")).to_have_text(name)
    org = next(o for o in ecosystem.plastics if o.name == name)
    assert org.scian is not None
    activity = page.locator("section[aria-labelledby=activity-title]")
    expect(activity).to_contain_text(org.scian.code)
    expect(activity).to_contain_text(org.scian.title_es)
    expect(page.locator(".profile-side")).to_contain_text(SAN_JUAN)


def test_search_with_javascript_off(no_js_page: Page, server: LiveServer, ecosystem: Ecosystem) -> None:
    page = no_js_page
    visit(page, server, "/directorio/")
    page.locator("#q").fill("plasticos")
    page.locator("#q").press("Enter")
    page.wait_for_url(re.compile(r"/directorio/\?(.*&)?q=plasticos"))

    status = page.locator("#result-status")
    expect(status).to_contain_text("página 1 de 2")
    cards = result_cards(page)
    expect(cards).to_have_count(20)
    first_page = {card.get_by_role("link").inner_text() for card in cards.all()}
    assert plastics_on(cards) >= 19
    facets = page.locator("#facets")
    expect(facets.get_by_label(re.compile(SAN_JUAN))).to_have_accessible_name(
        re.compile(rf"\({len(ecosystem.plastics_in('016'))}\)")
    )

    page.locator("#results a[rel=next]").click()
    page.wait_for_url(re.compile(r"[?&]page=2"))
    expect(status).to_contain_text("página 2 de 2")
    second_page = {card.get_by_role("link").inner_text() for card in cards.all()}
    assert second_page and not (first_page & second_page)
    plastics_found = {n for n in first_page | second_page if n.startswith("Plásticos")}
    assert len(plastics_found) == PLASTICS_COUNT

    facets.get_by_label(re.compile(SAN_JUAN)).check()
    page.get_by_role("button", name="Aplicar filtros").click()
    page.wait_for_url(re.compile(r"[?&]municipality=016"))
    assert "page=2" not in page.url, "a new filter starts again at page 1"
    expect(cards).to_have_count(len(ecosystem.plastics_in("016")))
    expect(page.locator("#results .active-filters")).to_contain_text(SAN_JUAN)
