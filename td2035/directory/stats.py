"""Counts and trees shown on the public pages (home, networks). Counts come from the search index, so
they agree with what the directory finds; trees come from the network links."""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from django.core.cache import caches
from django.db.models import Count, Max, QuerySet
from django.utils.translation import gettext as _

from td2035.directory.models import (
    Network,
    NetworkLink,
    NetworkMembership,
    Organization,
    OrganizationKind,
    SizeChoices,
)
from td2035.directory.queries import (
    DirectoryFilters,
    DirectoryPage,
    organizations_in_network,
    search_directory,
)
from td2035.reference.queries import municipality_names, sector_choices, sector_of

T = TypeVar("T")

TOTALS_CACHE_SECONDS = 600


@dataclass
class HomeCounts:
    organizations: int
    networks: int
    municipalities: int
    companies_by_size: list[tuple[str, str, int]]  # (size, label, count) in size order
    companies: int


def facet_summary(filters: DirectoryFilters) -> DirectoryPage:
    """Totals and facet counts for these filters, without a page of results worth showing."""
    return search_directory(replace(filters, page=1, page_size=1))


def count_organizations(filters: DirectoryFilters) -> int:
    return search_directory(replace(filters, page=1, page_size=1), with_facets=False).total


def home_counts() -> HomeCounts:
    everything = facet_summary(DirectoryFilters())  # no filter: the index's maintained, exact counts
    by_size = cached(("companies-by-size",), companies_by_size)
    return HomeCounts(
        organizations=everything.total,
        networks=Network.objects.count(),
        municipalities=len(everything.facets.get("municipality", [])),
        companies_by_size=[
            (value, str(label), by_size.get(value, 0)) for value, label in SizeChoices.choices
        ],
        companies=sum(by_size.values()),
    )


def companies_by_size() -> dict[str, int]:
    companies = Organization.objects.filter(kind=OrganizationKind.COMPANY)
    return dict(companies.values_list("size").annotate(n=Count("pk")).order_by())


def cached(key: tuple[object, ...], compute: Callable[[], T]) -> T:
    """compute(), kept until an organisation, network, link or membership is added or removed.

    For counts that the search index only estimates on very broad queries (it samples facets there).
    """
    full_key = "directory:" + ":".join(str(v) for v in (*key, *networks_version()))
    value: T | None = caches["local"].get(full_key)
    if value is None:
        value = compute()
        caches["local"].set(full_key, value, TOTALS_CACHE_SECONDS)
    return value


Breakdown = list[tuple[str, str, int]]  # (value, label, count), largest first


def breakdown_counts(members: QuerySet[Organization]) -> dict[str, dict[str, int]]:
    """Exact counts of these organisations by SCIAN sector, size and municipality ("" when unknown)."""
    sectors: Counter[str] = Counter()
    for code, n in members.values_list("scian_id").annotate(n=Count("pk")).order_by():
        sectors[sector_of(code) if code else ""] += n
    return {
        "sector": dict(sectors),
        "size": {v or "": n for v, n in members.values_list("size").annotate(n=Count("pk")).order_by()},
        "municipality": {
            v or "": n for v, n in members.values_list("municipality_id").annotate(n=Count("pk")).order_by()
        },
    }


def labelled(counts: dict[str, dict[str, int]]) -> dict[str, Breakdown]:
    unknown = str(_("No informado"))
    labels = {
        "sector": dict(sector_choices()),
        "size": {k: str(v) for k, v in SizeChoices.choices},
        "municipality": municipality_names(),
    }
    order = {size: i for i, size in enumerate(SizeChoices.values)}

    def ordered(name: str, rows: list[tuple[str, str, int]]) -> Breakdown:
        if name == "size":  # micro to large reads better than by count
            return sorted(rows, key=lambda r: (order.get(r[0], len(order)), r[1]))
        return sorted(rows, key=lambda r: (-r[2], r[1]))

    return {
        name: ordered(name, [(v, labels[name].get(v, v) if v else unknown, n) for v, n in values.items()])
        for name, values in counts.items()
    }


def network_breakdown(network: Network) -> dict[str, Breakdown]:
    """Members of the network and of its sub-networks at any depth, each counted once."""
    members = Organization.objects.filter(pk__in=organizations_in_network(network, recursive=True))
    return labelled(cached(("breakdown", network.pk), lambda: breakdown_counts(members)))


@dataclass
class NetworkNode:
    network: Network
    member_count: int  # direct members
    children: list["NetworkNode"] = field(default_factory=list)
    total: int | None = None  # members including sub-networks', when the page shows it


def with_totals(forest: list[NetworkNode], totals: dict[int, int]) -> list[NetworkNode]:
    for node in forest:
        node.total = totals.get(node.network.pk)
        with_totals(node.children, totals)
    return forest


def network_edges() -> dict[int, list[int]]:
    edges: dict[int, list[int]] = defaultdict(list)
    for parent, child in NetworkLink.objects.values_list("parent_id", "child_id").order_by("parent_id"):
        edges[parent].append(child)
    return edges


def networks_by_id() -> dict[int, Network]:
    """Every network with `member_count` (direct members), in one query."""
    qs = Network.objects.annotate(member_count=Count("memberships", distinct=True)).order_by("name")
    return {n.pk: n for n in qs}


def network_forest(root_ids: list[int] | None = None) -> list[NetworkNode]:
    """Networks as nested trees (a network with two parents appears under both). Without root_ids,
    the roots are the networks that belong to no other network."""
    nets = networks_by_id()
    edges = network_edges()
    if root_ids is None:
        children = {c for kids in edges.values() for c in kids}
        root_ids = [pk for pk in nets if pk not in children]

    def build(pk: int, path: frozenset[int]) -> NetworkNode:
        kids = sorted(
            (c for c in edges.get(pk, []) if c in nets and c not in path), key=lambda c: nets[c].name
        )
        node = NetworkNode(nets[pk], getattr(nets[pk], "member_count", 0))
        node.children = [build(c, path | {c}) for c in kids]
        return node

    return [build(pk, frozenset({pk})) for pk in root_ids if pk in nets]


def networks_version() -> tuple[int | None, ...]:
    """Changes whenever an organisation, a network, a nesting link or a membership is added or removed."""
    version: list[int | None] = []
    for model in (Organization, Network, NetworkLink, NetworkMembership):
        row = model.objects.aggregate(n=Count("pk"), last=Max("pk"))
        version += [row["n"], row["last"]]
    return tuple(version)


def network_totals() -> dict[int, int]:
    """Organisations in each network, its sub-networks' members included (each counted once).

    One search per network, so the result is cached until the networks or memberships change.
    """
    key = "directory:network-totals:" + ":".join(str(v) for v in networks_version())
    totals: dict[int, int] | None = caches["local"].get(key)
    if totals is None:
        totals = {
            pk: count_organizations(DirectoryFilters(network=slug))
            for pk, slug in Network.objects.values_list("pk", "slug")
        }
        caches["local"].set(key, totals, TOTALS_CACHE_SECONDS)
    return totals


def founding_networks() -> list[tuple[Network, int, int]]:
    """(network, organisations including sub-networks' members, number of sub-networks at any depth)."""
    edges = network_edges()
    totals = network_totals()
    return [
        (network, totals.get(network.pk, 0), len(descendants(network.pk, edges)))
        for network in Network.objects.filter(is_founding=True).order_by("name")
    ]


def descendants(pk: int, edges: dict[int, list[int]]) -> set[int]:
    found: set[int] = set()
    frontier = [pk]
    while frontier:
        for child in edges.get(frontier.pop(), []):
            if child not in found and child != pk:
                found.add(child)
                frontier.append(child)
    return found
