"""The map draws from the bundled boundaries and the app's own files: no tile server, no third party."""

import json
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import visit
from e2e.ecosystem import Ecosystem

# The journeys share one ecosystem (see conftest.server); the marker makes pytest-django set up the test database.
pytestmark = pytest.mark.django_db

MUNICIPALITIES = 18


def test_map_draws_the_18_municipalities_without_leaving_the_server(
    page: Page, server: LiveServer, ecosystem: Ecosystem
) -> None:
    requests: list[str] = []

    def record(request: Request) -> None:
        requests.append(request.url)

    page.on("request", record)
    visit(page, server, "/mapa/")
    leaflet = page.locator("#map-leaflet")
    shapes = leaflet.locator(".leaflet-overlay-pane path.muni")
    expect(shapes).to_have_count(MUNICIPALITIES)
    points = leaflet.locator("path.point")
    expect(points).to_have_count(len(ecosystem.plastics))  # the companies with coordinates
    expect(leaflet.locator(".leaflet-tile")).to_have_count(0)  # the municipalities are the base map
    box = leaflet.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 300, box
    legend = page.locator(".legend li")
    expect(legend.first).to_be_visible()
    assert legend.count() >= 3
    expect(page.locator("#map-table tbody tr")).to_have_count(MUNICIPALITIES)
    expect(page.locator("#map-table tfoot")).to_contain_text(str(len(ecosystem.plastics) + 4))

    # A municipality opens its popup with a link to the directory filtered by it.
    shapes.first.click(force=True)
    popup = leaflet.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Amealco de Bonfil")
    expect(popup.get_by_role("link")).to_have_attribute("href", "/directorio/?municipality=001")

    host = urlsplit(server.url).netloc
    page.wait_for_load_state("networkidle")
    assert any(urlsplit(u).path == "/mapa/datos.geojson" for u in requests), requests
    outside = [u for u in requests if urlsplit(u).scheme in {"http", "https"} and urlsplit(u).netloc != host]
    assert outside == [], json.dumps(outside, indent=2)
    assert not [u for u in requests if urlsplit(u).scheme not in {"http", "https", "data"}], requests


def test_map_without_javascript_is_the_server_drawn_svg(
    no_js_page: Page, server: LiveServer, ecosystem: Ecosystem
) -> None:
    visit(no_js_page, server, "/mapa/")
    shapes = no_js_page.locator("#map svg.state-map path.muni")
    expect(shapes).to_have_count(MUNICIPALITIES)
    expect(no_js_page.locator("#map-leaflet")).to_have_count(0)
    san_juan = no_js_page.locator("#map svg.state-map a", has_text="San Juan del Río")
    expect(san_juan).to_have_attribute("href", "/directorio/?municipality=016")
    expect(no_js_page.locator(".legend li").first).to_be_visible()
