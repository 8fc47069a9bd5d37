"""Spanish first, English second: the language switch changes the page and the choice follows the visitor."""

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import visit
from e2e.ecosystem import Ecosystem

# The journeys share one ecosystem (see conftest.server); the marker makes pytest-django set up the test database.
pytestmark = pytest.mark.django_db

HOME_ES = "TD2035: la red de redes de Querétaro"
HOME_EN = "TD2035: Querétaro's network of networks"
DIRECTORY_ES = "Directorio del ecosistema"
DIRECTORY_EN = "Ecosystem directory"


def switch_language(page: Page, code: str) -> None:
    form = page.locator("#language-form")
    form.get_by_label("Idioma").or_(form.get_by_label("Language")).select_option(code)
    form.get_by_role("button").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", code)


def test_switch_to_english_and_back(page: Page, server: LiveServer, ecosystem: Ecosystem) -> None:
    visit(page, server, "/")
    expect(page.locator("html")).to_have_attribute("lang", "es-mx")
    expect(page.locator("h1")).to_have_text(HOME_ES)

    switch_language(page, "en")
    assert page.url == f"{server.url}/", "the switch returns to the page the visitor was on"
    expect(page.locator("h1")).to_have_text(HOME_EN)
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()

    # The choice persists: another page, opened by its address, is in English too.
    visit(page, server, "/directorio/?q=plasticos")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text(DIRECTORY_EN)
    expect(page.locator("#language-select")).to_have_value("en")
    expect(page.locator("#result-status")).to_contain_text(re.compile(r"\d+ organi[sz]ations · page 1 of 2"))

    switch_language(page, "es-mx")
    assert "/directorio/?q=plasticos" in page.url
    expect(page.locator("h1")).to_have_text(DIRECTORY_ES)
    visit(page, server, "/")
    expect(page.locator("h1")).to_have_text(HOME_ES)
