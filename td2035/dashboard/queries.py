"""Organisation figures of the dashboard, read through the directory's queries (exact counts from the
tables, not the search index's estimates: the dashboard precomputes them, see snapshots.py)."""

from collections import Counter
from typing import Any

from django.db.models import Count, QuerySet

from td2035.directory.models import Network, NetworkMembership, Organization, OrganizationKind
from td2035.directory.queries import network_with_descendants
from td2035.reference.queries import sector_of

MSME_SIZES = ("micro", "small", "medium")


def organizations(
    *, network_id: int | None = None, municipality: str | None = None
) -> QuerySet[Organization]:
    """Organisations on the platform, optionally members of a network (sub-networks included) and in a
    municipality."""
    qs = Organization.objects.all()
    if network_id is not None:
        qs = qs.filter(pk__in=member_ids(network_id))
    if municipality:
        qs = qs.filter(municipality_id=municipality)
    return qs


def member_ids(network_id: int) -> QuerySet[Any]:
    """Ids of the organisations in the network or any network below it (a subquery, each id once)."""
    ids = network_with_descendants(network_id)
    return NetworkMembership.objects.filter(network_id__in=ids).values("organization_id")


def organization_figures(qs: QuerySet[Organization]) -> dict[str, Any]:
    """Totals and breakdowns by kind, size (companies), SCIAN sector (companies) and municipality;
    verified and MSME counts. One grouped query (a few thousand combinations even at a million
    organisations), summed up in Python: much cheaper than one query per breakdown."""
    kinds: Counter[str] = Counter()
    sizes: Counter[str] = Counter()
    sectors: Counter[str] = Counter()
    municipalities: Counter[str] = Counter()
    msme_by_municipality: Counter[str] = Counter()
    total = verified = msme = 0
    rows = (
        qs.values_list("kind", "size", "scian_id", "municipality_id", "is_verified")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for kind, size, scian, municipality, is_verified, n in rows:
        total += n
        verified += n if is_verified else 0
        kinds[kind] += n
        municipalities[municipality or ""] += n
        if kind == OrganizationKind.COMPANY:
            sizes[size or ""] += n
            sectors[sector_of(scian) if scian else ""] += n
            if size in MSME_SIZES:
                msme += n
                msme_by_municipality[municipality or ""] += n
    return {
        "total": total,
        "verified": verified,
        "msme": msme,
        "kind": dict(kinds),
        "size": dict(sizes),
        "sector": dict(sectors),
        "municipality": dict(municipalities),
        "msme_by_municipality": dict(msme_by_municipality),
    }


def networks() -> list[Network]:
    return list(Network.objects.order_by("name").only("pk", "slug", "name"))


def network_member_counts(network_list: list[Network]) -> dict[int, int]:
    """Members of each network, sub-networks' members included, each organisation once."""
    return {net.pk: Organization.objects.filter(pk__in=member_ids(net.pk)).count() for net in network_list}
