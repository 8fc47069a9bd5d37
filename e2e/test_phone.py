"""A micro-business owner on a phone (390 px wide): pages fit the screen and the search works."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import PAGE_NAMES, main_pages, screenshot, visit
from e2e.ecosystem import Ecosystem

# The journeys share one ecosystem (see conftest.server); the marker makes pytest-django set up the test database.
pytestmark = pytest.mark.django_db

OVERFLOW_JS = "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"


def horizontal_overflow(page: Page) -> int:
    scroll_width, client_width = page.evaluate(OVERFLOW_JS)
    return int(scroll_width) - int(client_width)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_fits_a_phone_screen(
    phone_page: Page, server: LiveServer, ecosystem: Ecosystem, name: str
) -> None:
    visit(phone_page, server, main_pages(ecosystem)[name])
    screenshot(phone_page, f"{name}-phone")
    assert phone_page.viewport_size and phone_page.viewport_size["width"] == 390
    assert horizontal_overflow(phone_page) <= 0, f"{name} scrolls sideways on a phone"
    expect(phone_page.locator("h1")).to_be_in_viewport()


def test_search_from_home_on_a_phone(phone_page: Page, server: LiveServer, ecosystem: Ecosystem) -> None:
    visit(phone_page, server, "/")
    box = phone_page.locator("input[name=q]").first
    expect(box).to_be_visible()
    box.tap()
    box.fill("plasticos")
    box.press("Enter")
    phone_page.wait_for_url("**/directorio/?*q=plasticos*")
    results = phone_page.locator("#results a[href*='/organizaciones/']", has_text="Plásticos")
    expect(results.first).to_be_visible()
    assert results.count() >= 19
    assert horizontal_overflow(phone_page) <= 0
    # A result is reachable with a thumb and opens its profile.
    name = results.first.inner_text()
    results.first.tap()
    expect(phone_page.locator("h1")).to_have_text(name)
