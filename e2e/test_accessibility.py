"""axe-core on every public page of the directory: no serious or critical WCAG 2.1 AA violation."""

import json

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import PAGE_NAMES, axe_violations, main_pages, screenshot, visit
from e2e.ecosystem import Ecosystem

# The journeys share one ecosystem (see conftest.server); the marker makes pytest-django set up the test database.
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_has_no_serious_accessibility_violation(
    page: Page, server: LiveServer, ecosystem: Ecosystem, name: str
) -> None:
    visit(page, server, main_pages(ecosystem)[name])
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("main#main")).to_be_visible()
    title = page.title()
    assert title.endswith(" · TD2035 Querétaro") and "<" not in title and len(title) < 120, title
    screenshot(page, f"{name}-desktop")
    violations = axe_violations(page)
    assert violations == [], f"{name}:\n{json.dumps(violations, indent=2, ensure_ascii=False)}"
