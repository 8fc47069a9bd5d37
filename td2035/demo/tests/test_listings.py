"""The demo listings: realistic mix, deals over several years, deterministic and idempotent."""

import datetime as dt

import pytest

from td2035.demo.listings import load_demo_listings, unload_demo_listings
from td2035.demo.organizations import load_demo
from td2035.market.models import Listing, ListingKind, ListingStatus

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)


def snapshot() -> list[tuple]:
    return sorted(
        Listing.objects.values_list(
            "organization__slug", "kind", "status", "title", "scian_id", "quantity", "awarded_to__slug"
        )
    )


def test_demo_listings_are_loaded_once_and_the_same_every_time() -> None:
    assert load_demo_listings(today=TODAY).message == "no demo organisations"
    load_demo()
    first = load_demo_listings(today=TODAY)
    assert 150 <= first.created <= 300
    assert load_demo_listings(today=TODAY).created == 0  # idempotent
    assert Listing.objects.count() == first.created
    before = snapshot()
    unload_demo_listings()
    assert Listing.objects.count() == 0
    load_demo_listings(today=TODAY)
    assert snapshot() == before  # deterministic

    listings = Listing.objects.select_related("organization", "awarded_to")
    assert all(listing.is_demo and listing.organization.is_demo for listing in listings)
    kinds = {kind for kind, _label in ListingKind.choices}
    assert {listing.kind for listing in listings} == kinds
    deals = [listing for listing in listings if listing.awarded_to_id]
    assert len(deals) >= 30
    assert all(
        d.kind == "need" and d.status == ListingStatus.CLOSED and d.awarded_to != d.organization
        for d in deals
    )
    assert len({d.closed_at.year for d in deals if d.closed_at}) >= 2  # several years
    assert all(listing.search_text.strip() for listing in listings)
    open_needs = [x for x in listings if x.kind == "need" and x.status == ListingStatus.PUBLISHED]
    assert len(open_needs) >= 40
    assert all(
        x.closes_at and x.closes_at.date() > TODAY and x.deadline and x.deadline > TODAY for x in open_needs
    )
    assert Listing.objects.filter(visibility="networks", networks__isnull=False).exists()
