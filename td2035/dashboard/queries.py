"""Organisation figures of the dashboard, read through the directory's queries (exact counts from the
tables, not the search index's estimates: the dashboard precomputes them, see snapshots.py)."""

from collections import Counter
from typing import Any

from django.db.models import Count, Q, QuerySet

from td2035.directory.models import Network, NetworkMembership, Organization, OrganizationKind
from td2035.directory.queries import network_with_descendants
from td2035.directory.stats import breakdown_counts

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
    """Totals and breakdowns by kind, size, SCIAN sector and municipality; verified and MSME counts."""
    totals = qs.aggregate(
        total=Count("pk"),
        verified=Count("pk", filter=Q(is_verified=True)),
        msme=Count("pk", filter=Q(kind=OrganizationKind.COMPANY, size__in=MSME_SIZES)),
    )
    kinds = dict(qs.values_list("kind").annotate(n=Count("pk")).order_by())
    companies = qs.filter(kind=OrganizationKind.COMPANY)
    breakdown = breakdown_counts(companies)
    msme_by_municipality = dict(
        companies.filter(size__in=MSME_SIZES)
        .values_list("municipality_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    sectors: Counter[str] = Counter(breakdown["sector"])
    return {
        "total": totals["total"],
        "verified": totals["verified"],
        "msme": totals["msme"],
        "kind": kinds,
        "size": breakdown["size"],
        "sector": dict(sectors),
        "municipality": dict(qs.values_list("municipality_id").annotate(n=Count("pk")).order_by()),
        "msme_by_municipality": {k or "": v for k, v in msme_by_municipality.items()},
    }


def networks() -> list[Network]:
    return list(Network.objects.order_by("name").only("pk", "slug", "name"))


def network_member_counts(network_list: list[Network]) -> dict[int, int]:
    """Members of each network, sub-networks' members included, each organisation once."""
    return {net.pk: Organization.objects.filter(pk__in=member_ids(net.pk)).count() for net in network_list}
