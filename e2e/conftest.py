"""Browser journeys in Debian's Chromium, driven by Playwright against pytest-django's live server."""

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections
from playwright.sync_api import Browser, Page, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from e2e.ecosystem import Ecosystem, build_ecosystem, remove_ecosystem
from td2035.reference.services import ensure_reference_data

# Playwright's sync API runs an event loop in this thread; Django must still allow ORM calls here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
AXE_JS = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "e2e" in item.nodeid.split("/")[0]:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A desktop page; the test fails if the page logs a Content-Security-Policy violation or JS error."""
    context = browser.new_context(locale="es-MX", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"JS error: {error}"))
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    yield page
    context.close()
    assert not problems, problems


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        locale="es-MX", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def no_js_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="es-MX", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """Run axe-core (from the pinned npm package) in the page; return violations of these impacts."""
    # evaluate() runs outside the page's Content-Security-Policy, which rightly forbids inline scripts.
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(scope="session", autouse=True)
def _no_db_connection_across_playwright_start(django_db_blocker: Any) -> None:
    """Playwright's sync API runs an asyncio loop in this thread, and from then on Django keeps the thread's
    database connections in that loop's context. A connection opened before (by the unit tests of the same
    run) would never be closed, and PostgreSQL would refuse to drop the test database at the end. So close
    them before the browser starts (this runs first: autouse) and after the journeys (in `server`)."""
    with django_db_blocker.unblock():
        connections.close_all()


@pytest.fixture(scope="package")
def server(django_db_setup: None, django_db_blocker: Any) -> Iterator[LiveServer]:
    """One live server for every journey, with the database open to it and to the tests.

    pytest-django's `live_server` makes each test transactional: a flush and a reload of the reference
    data after every test (about 3 s each on PostgreSQL). The journeys only read, so they share one server
    and one ecosystem instead. Tests without a database fixture run last (pytest-django orders them so),
    and the ecosystem is removed when the e2e package is done.
    """
    with django_db_blocker.unblock():
        # Never the development database: the test modules carry the django_db marker for this.
        name = str(connection.settings_dict["NAME"])
        test_name = (connection.settings_dict.get("TEST") or {}).get("NAME")
        is_test_db = name == test_name or name.startswith("test_") or "memory" in name
        assert is_test_db, f"not a test database: {name}"
        ensure_reference_data()  # an earlier transactional test may have flushed it
        live = LiveServer(os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost:0"))
        live._live_server_modified_settings.enable()
        yield live
        live._live_server_modified_settings.disable()
        live.stop()
        connections.close_all()  # see _no_db_connection_across_playwright_start


@pytest.fixture(scope="package")
def ecosystem(server: LiveServer, django_db_blocker: Any) -> Iterator[Ecosystem]:
    """A small Querétaro ecosystem (plastics companies, a cluster inside the Coordination...)."""
    with django_db_blocker.unblock():
        eco = build_ecosystem()
        yield eco
        remove_ecosystem(eco)


def visit(page: Page, server: LiveServer, path: str) -> None:
    """Open a page of the live server as a visitor would and insist that it answered 200."""
    response = page.goto(f"{server.url}{path}")
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"


def main_pages(eco: Ecosystem) -> dict[str, str]:
    """The public pages of the directory, by a short name used for screenshots."""
    assert eco.profile and eco.cluster
    return {
        "home": "/",
        "directory": "/directorio/?q=pl%C3%A1sticos",
        "profile": f"/organizaciones/{eco.profile.slug}/",
        "networks": "/redes/",
        "network": f"/redes/{eco.cluster.slug}/",
        "graph": "/redes/grafo/",
        "map": "/mapa/",
        "company-size": "/referencia/tamano-de-empresa/",
    }


PAGE_NAMES = ["home", "directory", "profile", "networks", "network", "graph", "map", "company-size"]


def sign_in(page: Page, server: LiveServer, email: str, next_path: str = "", password: str = "") -> None:
    """Sign in through the login form as a person would; then wait for `next_path` when given."""
    from td2035.tests.people import PASSWORD

    visit(page, server, "/cuenta/login/" + (f"?next={next_path}" if next_path else ""))
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(password or PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Entrar").click()
    if next_path:
        page.wait_for_url(f"**{next_path}")
    else:
        page.wait_for_load_state()


def accessibility_check(prefix: str) -> Callable[[Page, str], None]:
    """`assert_accessible(page, name)` for one journey file: one h1, the site's title pattern, no serious
    or critical axe-core violation, and a screenshot named `<prefix>-<name>` to look at."""

    def assert_accessible(page: Page, name: str) -> None:
        expect(page.locator("h1")).to_have_count(1)
        assert page.title().endswith(" · TD2035 Querétaro"), page.title()
        screenshot(page, f"{prefix}-{name}")
        violations = axe_violations(page)
        assert violations == [], f"{name}:\n{json.dumps(violations, indent=2, ensure_ascii=False)}"

    return assert_accessible
