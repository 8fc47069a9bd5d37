"""What every kind of demo listing shares: the organisations, one random generator (the kinds are added
in a fixed order, so the demo is the same every time), publishing and closing dates, and saving."""

import datetime as dt
import random

from django.utils import timezone

from td2035.directory.models import Network, Organization, OrganizationKind
from td2035.market.models import Listing, ListingKind, ListingStatus
from td2035.market.services import search_text_of
from td2035.reference.models import Municipality

DEMO_SEED = 2035


def matches(org: Organization, prefixes: tuple[str, ...]) -> bool:
    """Whether the organisation is of one of these kinds or its activity starts with one of these codes."""
    code = org.scian_id or ""
    return any(org.kind == p or (p[0].isdigit() and code.startswith(p)) for p in prefixes)


class Builder:
    """The listings of the demo, added kind by kind and saved at once."""

    def __init__(self, today: dt.date) -> None:
        self.rng = random.Random(DEMO_SEED)
        self.today = today
        self.orgs = list(
            Organization.objects.filter(is_demo=True)
            .select_related("scian")
            .prefetch_related("certifications")
            .order_by("slug")
        )
        self.companies = [o for o in self.orgs if o.kind == OrganizationKind.COMPANY and o.scian_id]
        self.networks = {n.slug: n for n in Network.objects.filter(is_demo=True)}
        self.listings: list[Listing] = []
        self.networks_of: dict[int, list[Network]] = {}
        self.areas_of: dict[int, list[str]] = {}

    def moment(self, day: dt.date) -> dt.datetime:
        hour = self.rng.randint(8, 18)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, self.rng.choice((0, 15, 30, 45)))))

    def add(self, listing: Listing) -> Listing:
        listing.is_demo = True
        self.listings.append(listing)
        return listing

    def held(self, org: Organization) -> list[str]:
        return sorted(c.name for c in org.certifications.all())

    def publish(self, listing: Listing) -> None:
        published = self.today - dt.timedelta(days=self.rng.randint(1, 40))
        listing.status = ListingStatus.PUBLISHED
        listing.published_at = self.moment(published)
        listing.closes_at = self.moment(self.today + dt.timedelta(days=self.rng.randint(5, 75)))
        if listing.kind == ListingKind.NEED:
            listing.deadline = self.today + dt.timedelta(days=self.rng.randint(20, 150))
            latest = self.moment(listing.deadline - dt.timedelta(days=7))
            listing.closes_at = min(listing.closes_at, latest)

    def close(self, listing: Listing, years_ago: int) -> None:
        published = self.today - dt.timedelta(days=365 * years_ago + self.rng.randint(0, 300))
        listing.status = ListingStatus.CLOSED
        listing.published_at = self.moment(published)
        listing.closes_at = self.moment(published + dt.timedelta(days=30))
        listing.closed_at = self.moment(published + dt.timedelta(days=self.rng.randint(10, 45)))
        if listing.kind == ListingKind.NEED:
            listing.deadline = published + dt.timedelta(days=self.rng.randint(60, 150))

    def save(self) -> int:
        keys = {id(listing): listing for listing in self.listings}
        for listing in self.listings:
            listing.search_text = search_text_of(listing, listing.organization.name)
        created = Listing.objects.bulk_create(self.listings, batch_size=500)
        municipalities = {m.pk: m for m in Municipality.objects.only("cve_mun")}
        for listing in created:
            for network in self.networks_of.get(id(listing), []):
                listing.networks.add(network)
            if id(listing) in self.areas_of:
                listing.service_area.set([municipalities[code] for code in self.areas_of[id(listing)]])
        assert len(keys) == len(created)
        return len(created)
