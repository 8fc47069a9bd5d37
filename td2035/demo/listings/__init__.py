"""Demo listings between the demo organisations: offers, needs (RFQs), collaboration calls, jobs.

Deterministic (a fixed seed over organisations ordered by slug) and idempotent: nothing happens when
demo listings exist. Every listing of a demo organisation is `is_demo`. Needs of earlier years were
closed with an awarded supplier (deals), so the supply-chain view has flows to draw. All names are the
demo's fictional organisations; the texts are typical of Querétaro's production chain.

One module per kind of listing, each with its texts and what it adds: needs.py, offers.py,
collaborations.py, jobs.py; builder.py holds what they share (one random generator, in that order).
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from td2035.demo.listings.builder import Builder
from td2035.demo.listings.collaborations import add_collaborations
from td2035.demo.listings.jobs import add_jobs
from td2035.demo.listings.needs import add_needs
from td2035.demo.listings.offers import add_offers
from td2035.directory.models import Organization
from td2035.market.models import Listing


@dataclass
class DemoResult:
    created: int
    message: str = ""

    def __str__(self) -> str:
        return self.message or f"{self.created} created"


def load_demo_listings(*, today: dt.date | None = None) -> DemoResult:
    """Write the demo listings once. Needs the demo organisations (demo.organizations.load_demo) first."""
    if Listing.objects.filter(is_demo=True).exists():
        return DemoResult(0, "already loaded")
    if not Organization.objects.filter(is_demo=True).exists():
        return DemoResult(0, "no demo organisations")
    builder = Builder(today or timezone.localdate())
    add_needs(builder)
    add_offers(builder)
    add_collaborations(builder)
    add_jobs(builder)
    with transaction.atomic():
        return DemoResult(builder.save())


def unload_demo_listings() -> int:
    deleted, _by_model = Listing.objects.filter(is_demo=True).delete()
    return deleted
