"""Who sees which listing: public ones everyone; network-only ones the members of those networks and of
their sub-networks; drafts only the publisher's people. Pages and API answer 404 for the rest."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import Client
from django.utils import timezone

from td2035.directory import services as directory_services
from td2035.market import queries, services
from td2035.market.models import Listing
from td2035.market.tests.helpers import need_fields, plant, publish_need
from td2035.tests.factories import CompanyFactory, NetworkFactory, add_member
from td2035.tests.people import make_user, member_of, platform_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict:
    org = plant()
    cluster = NetworkFactory.create(name="Clúster Automotriz")
    tier2 = NetworkFactory.create(name="Proveedores Tier 2", parent=cluster)
    above = NetworkFactory.create(name="Red Estatal")
    in_sub = CompanyFactory.create(name="Troqueles del Sub-red")
    in_cluster = CompanyFactory.create(name="Inyección del Clúster")
    in_above = CompanyFactory.create(name="Empresa de la red de arriba")
    add_member(tier2, in_sub)
    add_member(cluster, in_cluster)
    add_member(above, in_above)
    directory_services.link_networks(above, cluster)
    user = member_of(org)
    public = publish_need(org, user, title="Pública")
    private = publish_need(org, user, title="Solo clúster", visibility="networks", networks=[cluster.slug])
    draft = services.create_listing(user, org, **need_fields(title="Borrador"))
    return {
        "org": org,
        "publisher": user,
        "public": public,
        "private": private,
        "draft": draft,
        "sub": member_of(in_sub, email="sub@example.com"),
        "cluster": member_of(in_cluster, email="cluster@example.com"),
        "above": member_of(in_above, email="above@example.com"),
        "nobody": make_user("nadie@example.com"),
    }


def titles(user: object) -> set[str]:
    return set(queries.visible_listings(user).values_list("title", flat=True))  # type: ignore[arg-type]


def test_who_sees_what(world: dict) -> None:
    assert titles(AnonymousUser()) == {"Pública"}
    assert titles(world["nobody"]) == {"Pública"}
    assert titles(world["cluster"]) == {"Pública", "Solo clúster"}
    assert titles(world["sub"]) == {"Pública", "Solo clúster"}  # a network includes its sub-networks
    assert titles(world["above"]) == {"Pública"}  # but not the networks above it
    assert titles(world["publisher"]) == {"Pública", "Solo clúster", "Borrador"}
    assert titles(platform_admin()) == {"Pública", "Solo clúster", "Borrador"}


def test_get_visible_listing_is_404_for_hidden_ones(world: dict) -> None:
    with pytest.raises(Http404):
        queries.get_visible_listing(world["nobody"], world["private"].pk)
    with pytest.raises(Http404):
        queries.get_visible_listing(world["cluster"], world["draft"].pk)
    assert queries.get_visible_listing(world["sub"], world["private"].pk).pk == world["private"].pk


def test_pages_and_api_hide_them_too(world: dict) -> None:
    client = Client()
    for key in ("private", "draft"):
        assert client.get(f"/mercado/{world[key].pk}/").status_code == 404
        assert client.get(f"/api/v1/listings/{world[key].pk}").status_code == 404
    browse = client.get("/mercado/?status=published").content.decode()
    assert "Pública" in browse and "Solo clúster" not in browse and "Borrador" not in browse
    client.force_login(world["sub"])
    assert client.get(f"/mercado/{world['private'].pk}/").status_code == 200
    assert "Solo clúster" in client.get("/mercado/").content.decode()
    assert client.get(f"/mercado/{world['draft'].pk}/").status_code == 404


def test_another_organisations_listing_cannot_be_edited_published_or_closed(world: dict) -> None:
    client = Client()
    client.force_login(world["cluster"])
    draft, public = world["draft"], world["public"]
    assert client.get(f"/mercado/{public.pk}/editar/").status_code == 404
    assert client.post(f"/mercado/{public.pk}/editar/", {"title": "Mía"}).status_code == 404
    assert client.post(f"/mercado/{draft.pk}/publicar/").status_code == 404
    assert client.post(f"/mercado/{public.pk}/cerrar/", {}).status_code == 404
    public.refresh_from_db()
    draft.refresh_from_db()
    assert public.title == "Pública" and public.status == "published" and draft.status == "draft"


def test_open_needs_and_offers_are_public_and_published(world: dict) -> None:
    assert {listing.title for listing in queries.open_needs()} == {"Pública"}
    assert list(queries.open_offers()) == []


def test_a_listing_past_its_closing_date_is_no_longer_open(world: dict) -> None:
    Listing.objects.filter(pk=world["public"].pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    assert list(queries.open_needs()) == []
