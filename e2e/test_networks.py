"""A visitor follows the network of networks: a company's profile, its networks, their sub-networks."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import visit
from e2e.ecosystem import Ecosystem

# The journeys share one ecosystem (see conftest.server); the marker makes pytest-django set up the test database.
pytestmark = pytest.mark.django_db


def test_profile_lists_its_networks_and_a_network_lists_members_and_sub_networks(
    page: Page, server: LiveServer, ecosystem: Ecosystem
) -> None:
    assert ecosystem.profile and ecosystem.cluster and ecosystem.coordination and ecosystem.chamber
    visit(page, server, f"/organizaciones/{ecosystem.profile.slug}/")
    expect(page.locator("h1")).to_have_text(ecosystem.profile.name)
    networks = page.locator("section[aria-labelledby=networks-title]")
    expect(networks.get_by_role("link")).to_have_text(
        sorted([ecosystem.chamber.name, ecosystem.cluster.name])
    )

    networks.get_by_role("link", name=ecosystem.cluster.name).click()
    page.wait_for_url(f"**/redes/{ecosystem.cluster.slug}/")
    expect(page.locator("h1")).to_have_text(ecosystem.cluster.name)
    assert page.title() == f"{ecosystem.cluster.name} · TD2035 Querétaro"
    members = page.locator("#members li:has(a[href^='/organizaciones/'])")
    expect(members).to_have_count(6)
    expect(page.locator("#members")).to_contain_text(ecosystem.profile.name)
    expect(page.locator("#members")).not_to_contain_text(ecosystem.plastics[6].name)
    parents = page.locator("section[aria-labelledby=parents-title]")
    expect(parents).to_contain_text(ecosystem.coordination.name)

    parents.get_by_role("link", name=ecosystem.coordination.name).click()
    page.wait_for_url(f"**/redes/{ecosystem.coordination.slug}/")
    subnetworks = page.locator("section[aria-labelledby=subnetworks-title]")
    expect(subnetworks.get_by_role("link")).to_have_text(
        sorted([ecosystem.chamber.name, ecosystem.cluster.name])
    )
    # One direct member (the cluster's own organisation); with sub-networks: the cluster's 6 companies,
    # the chamber's software company (its plastics member is already counted) and the cluster itself.
    expect(page.locator("#members li:has(a[href^='/organizaciones/'])")).to_have_count(1)
    expect(page.locator(".stats")).to_contain_text("8 organizaciones con sus sub-redes")
    by_municipality = page.locator("table", has_text="Miembros por municipio")
    expect(by_municipality.locator("tbody tr")).to_have_count(3)

    subnetworks.get_by_role("link", name=ecosystem.chamber.name).click()
    expect(page.locator("h1")).to_have_text(ecosystem.chamber.name)
    expect(page.locator("#members")).to_contain_text("Código Querétaro Labs")


def test_graph_draws_every_network_with_a_text_alternative(
    page: Page, server: LiveServer, ecosystem: Ecosystem
) -> None:
    assert ecosystem.coordination and ecosystem.cluster
    visit(page, server, "/redes/grafo/")
    graph = page.locator("#graph")
    expect(graph).to_be_visible()
    expect(graph.locator("a.node")).to_have_count(3)
    expect(graph.locator(".edges path")).to_have_count(2)
    box = graph.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100, box
    text = page.locator("section[aria-labelledby=graph-text]")
    nested = text.locator("li", has_text=ecosystem.coordination.name).locator("ul li")
    expect(nested).to_have_count(2)
    expect(nested.filter(has_text=ecosystem.cluster.name)).to_contain_text("6 miembros directos")

    graph.locator("a.node", has_text=ecosystem.cluster.name).click()
    page.wait_for_url(f"**/redes/{ecosystem.cluster.slug}/")
    expect(page.locator("h1")).to_have_text(ecosystem.cluster.name)
