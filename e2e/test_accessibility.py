"""axe-core on every public page of the directory: no serious or critical WCAG 2.1 AA violation."""

import json
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import PAGE_NAMES, axe_violations, main_pages, screenshot, visit
from e2e.ecosystem import Ecosystem


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_has_no_serious_accessibility_violation(
    page: Page, live_server: Any, ecosystem: Ecosystem, name: str
) -> None:
    visit(page, live_server, main_pages(ecosystem)[name])
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("main#main")).to_be_visible()
    screenshot(page, f"{name}-desktop")
    violations = axe_violations(page)
    assert violations == [], f"{name}:\n{json.dumps(violations, indent=2, ensure_ascii=False)}"
