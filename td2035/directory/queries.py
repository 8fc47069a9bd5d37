"""Reads of the directory shared by pages, the API and other apps."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from td2035.directory import result_cache
from td2035.directory.models import (
    Certification,
    Network,
    NetworkLink,
    NetworkMembership,
    Organization,
    OrganizationKind,
    SizeChoices,
)
from td2035.reference.models import ScianCode, ScianLevel
from td2035.reference.queries import municipality_names, sector_choices
from td2035.search.documents import SORTS, OrganizationQuery
from td2035.search.queries import search_organizations


def get_network(slug: str) -> Network:
    """The network with this slug and its coordinating organisation; 404 if there is none."""
    network = Network.objects.select_related("organization").filter(slug=slug).first()
    if network is None:
        raise Http404("no such network")
    return network


def network_descendant_ids(network_id: int) -> set[int]:
    """Ids of every network nested below this one, at any depth (not including itself)."""
    edges: dict[int, list[int]] = {}
    for parent, child in NetworkLink.objects.values_list("parent_id", "child_id"):
        edges.setdefault(parent, []).append(child)
    found: set[int] = set()
    frontier = [network_id]
    while frontier:
        current = frontier.pop()
        for child in edges.get(current, []):
            if child not in found:
                found.add(child)
                frontier.append(child)
    found.discard(network_id)
    return found


def network_ancestor_ids(network_id: int) -> set[int]:
    """Ids of every network that contains this one, at any depth (not including itself)."""
    parents: dict[int, list[int]] = {}
    for parent, child in NetworkLink.objects.values_list("parent_id", "child_id"):
        parents.setdefault(child, []).append(parent)
    found: set[int] = set()
    frontier = [network_id]
    while frontier:
        for parent in parents.get(frontier.pop(), []):
            if parent not in found:
                found.add(parent)
                frontier.append(parent)
    found.discard(network_id)
    return found


def network_ancestor_map() -> dict[int, set[int]]:
    """For every nested network, the ids of all networks above it (one query; the link table is small)."""
    parents: dict[int, set[int]] = {}
    for parent, child in NetworkLink.objects.values_list("parent_id", "child_id"):
        parents.setdefault(child, set()).add(parent)
    closure: dict[int, set[int]] = {}

    def above(network_id: int, seen: frozenset[int] = frozenset()) -> set[int]:
        if network_id not in closure:
            found: set[int] = set()
            for parent in parents.get(network_id, ()):
                if parent not in seen:
                    found |= {parent, *above(parent, seen | {network_id})}
            closure[network_id] = found
        return closure[network_id]

    return {network_id: above(network_id) for network_id in parents}


def organization_network_ids(organization_id: int) -> list[int]:
    """Networks the organisation is a direct member of."""
    return list(
        NetworkMembership.objects.filter(organization_id=organization_id).values_list("network_id", flat=True)
    )


def network_with_descendants(network_id: int) -> tuple[int, ...]:
    return (network_id, *sorted(network_descendant_ids(network_id)))


def organizations_in_network(network: Network, *, recursive: bool) -> QuerySet[Organization]:
    ids = network_with_descendants(network.pk) if recursive else (network.pk,)
    return Organization.objects.filter(memberships__network_id__in=ids).distinct()


def public_organizations() -> QuerySet[Organization]:
    return Organization.objects.select_related("scian", "municipality")


def networks_with_counts() -> QuerySet[Network]:
    return Network.objects.annotate(member_count=Count("memberships", distinct=True)).select_related(
        "organization"
    )


# --- Directory search: one entry point for the page and the API -------------------------------------

MAX_PAGE_SIZE = 100
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class DirectoryFilters:
    """What a visitor can ask the directory. Unknown values are dropped by `clean_filters`."""

    q: str = ""
    kind: tuple[str, ...] = ()
    sector: tuple[str, ...] = ()
    subsector: tuple[str, ...] = ()
    size: tuple[str, ...] = ()
    municipality: tuple[str, ...] = ()
    network: str = ""  # network slug; includes its sub-networks
    certification: tuple[str, ...] = ()  # certification names
    verified: bool | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20


@dataclass
class DirectoryPage:
    filters: DirectoryFilters
    organizations: list[Organization]
    total: int
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)  # facet -> (value, label, n)
    total_is_estimate: bool = False

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.filters.page_size))


# What a result card (the page, the API item, the network admin's candidates) reads of an organisation.
SUMMARY_FIELDS = (
    "slug",
    "name",
    "legal_name",
    "kind",
    "size",
    "is_demo",
    "is_verified",
    "municipality__cve_mun",
    "municipality__name",
    "scian__code",
    "scian__title_es",
)


def search_directory(
    filters: DirectoryFilters, *, with_facets: bool = True, summaries_only: bool = False
) -> DirectoryPage:
    """One page of the directory. `summaries_only`: load only SUMMARY_FIELDS of the organisations and
    not their certifications (the directory page's cards need no more). Identical searches are answered
    from a short-lived cache that any database write invalidates (result_cache.py)."""
    return result_cache.cached(
        ("search_directory", filters, with_facets, summaries_only),
        lambda: _search_directory(filters, with_facets=with_facets, summaries_only=summaries_only),
    )


def _search_directory(filters: DirectoryFilters, *, with_facets: bool, summaries_only: bool) -> DirectoryPage:
    network = Network.objects.filter(slug=filters.network).only("pk").first() if filters.network else None
    cert_ids = tuple(
        Certification.objects.filter(name__in=filters.certification).values_list("pk", flat=True)
    )
    query = OrganizationQuery(
        text=filters.q[:MAX_QUERY_LENGTH],
        kinds=filters.kind,
        sectors=filters.sector,
        subsectors=filters.subsector,
        sizes=filters.size,
        municipalities=filters.municipality,
        network_ids=(network.pk,) if network else (),  # the index lists a member under every network above
        certification_ids=cert_ids,
        verified=filters.verified,
        sort=filters.sort if filters.sort in SORTS else "relevance",  # type: ignore[arg-type]
        page=filters.page,
        page_size=min(max(filters.page_size, 1), MAX_PAGE_SIZE),
        with_facets=with_facets,
    )
    if (filters.network and network is None) or (filters.certification and not cert_ids):
        return DirectoryPage(filters, [], 0, {})
    result = search_organizations(query)
    orgs = organizations_by_ids(result.ids, summaries_only=summaries_only)
    return DirectoryPage(filters, orgs, result.total, facet_labels(result.facets), result.total_is_estimate)


def organizations_by_ids(ids: list[int], *, summaries_only: bool = False) -> list[Organization]:
    """These organisations in this order (ids no longer in the database are skipped)."""
    if not ids:
        return []
    found = organization_summaries()
    found = found.only(*SUMMARY_FIELDS) if summaries_only else found.prefetch_related("certifications")
    by_id = found.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


@cache
def subsector_titles() -> dict[str, str]:
    """Reference data: loaded by migrations, never written at run time, so kept for the process."""
    return dict(ScianCode.objects.filter(level=ScianLevel.SUBSECTOR).values_list("code", "title_es"))


def facet_labels(facets: dict[str, dict[str, int]]) -> dict[str, list[tuple[str, str, int]]]:
    """Attach a human label to each facet value, most frequent first. Networks and certifications come
    from the index by id; they are shown (and filtered) by slug and by name."""
    labels: dict[str, dict[str, str]] = {
        "kind": {k: str(v) for k, v in OrganizationKind.choices},
        "size": {k: str(v) for k, v in SizeChoices.choices},
        "municipality": municipality_names(),
        "sector": dict(sector_choices()),
        "verified": {"1": str(_("Verificada")), "0": str(_("Sin verificar"))},
    }
    if "subsector" in facets:
        titles = subsector_titles()
        labels["subsector"] = {code: titles[code] for code in facets["subsector"] if code in titles}
    facets = dict(facets)
    if facets.get("network"):
        networks = Network.objects.filter(pk__in=_ids(facets["network"])).values_list("pk", "slug", "name")
        facets["network"], labels["network"] = _by_public_key(facets["network"], networks)
    if facets.get("certification"):
        certs = Certification.objects.filter(pk__in=_ids(facets["certification"])).values_list(
            "pk", "name", "name"
        )
        facets["certification"], labels["certification"] = _by_public_key(facets["certification"], certs)
    return {
        name: sorted(
            (
                (value, labels.get(name, {}).get(value, value), count)
                for value, count in values.items()
                if count
            ),
            key=lambda item: (-item[2], item[1]),
        )
        for name, values in facets.items()
    }


def _ids(counts: dict[str, int]) -> list[int]:
    return [int(i) for i in counts]


def _by_public_key(
    counts: dict[str, int], rows: Iterable[tuple[int, str, str]]
) -> tuple[dict[str, int], dict[str, str]]:
    """The index counts networks and certifications by id; pages and the API name them by slug or name.
    Returns the counts re-keyed that way and each key's label (ids no longer in the database drop out)."""
    keys = {str(pk): (key, label) for pk, key, label in rows}
    return {keys[k][0]: n for k, n in counts.items() if k in keys}, dict(keys.values())


# --- Reads for the API (organisation profile, networks, members with the network they came through) ---


def existing_subsector_codes(codes: list[str]) -> set[str]:
    if not codes:
        return set()
    return set(ScianCode.objects.filter(level="subsector", code__in=codes).values_list("code", flat=True))


def existing_certification_names(names: list[str]) -> set[str]:
    if not names:
        return set()
    return set(Certification.objects.filter(name__in=names).values_list("name", flat=True))


def organization_summaries() -> QuerySet[Organization]:
    """Organisations with what a list item shows, without the municipality boundary geometry."""
    return Organization.objects.select_related("scian", "municipality").defer("municipality__boundary")


def public_profile(slug: str) -> Organization | None:
    return (
        organization_summaries()
        .prefetch_related("certifications", "secondary_scian", "networks")
        .filter(slug=slug)
        .first()
    )


def networks_with_sub_networks() -> QuerySet[Network]:
    return networks_with_counts().prefetch_related(
        Prefetch("child_links", queryset=NetworkLink.objects.select_related("child").order_by("child__name")),
        Prefetch(
            "parent_links", queryset=NetworkLink.objects.select_related("parent").order_by("parent__name")
        ),
    )


def network_depths(network_id: int) -> dict[int, int]:
    """This network (depth 0) and every network nested below it, with its shortest depth."""
    edges: dict[int, list[int]] = {}
    for parent, child in NetworkLink.objects.values_list("parent_id", "child_id"):
        edges.setdefault(parent, []).append(child)
    depths, frontier = {network_id: 0}, [network_id]
    while frontier:
        following = []
        for current in frontier:
            for child in edges.get(current, []):
                if child not in depths:
                    depths[child] = depths[current] + 1
                    following.append(child)
        frontier = following
    return depths


def member_count(network: Network, *, recursive: bool) -> int:
    ids = list(network_depths(network.pk)) if recursive else [network.pk]
    return Organization.objects.filter(
        pk__in=NetworkMembership.objects.filter(network_id__in=ids).values("organization_id")
    ).count()


def network_members_page(
    network: Network, *, recursive: bool, page: int, page_size: int
) -> tuple[int, list[tuple[Organization, str]]]:
    """(member count, this page of members by name, each with the slug of the nearest network it is a
    direct member of). Recursive includes the members of every sub-network, each organisation once."""
    depths = network_depths(network.pk) if recursive else {network.pk: 0}
    memberships = NetworkMembership.objects.filter(network_id__in=list(depths))
    members = organization_summaries().filter(pk__in=memberships.values("organization_id"))
    total = members.count()
    start = (page - 1) * page_size
    if start >= total:
        return total, []
    orgs = list(members.order_by("name", "pk")[start : start + page_size])
    via: dict[int, int] = {}
    for org_id, net_id in memberships.filter(organization_id__in=[o.pk for o in orgs]).values_list(
        "organization_id", "network_id"
    ):
        if org_id not in via or (depths[net_id], net_id) < (depths[via[org_id]], via[org_id]):
            via[org_id] = net_id
    slugs = dict(Network.objects.filter(pk__in=set(via.values())).values_list("pk", "slug"))
    return total, [(org, slugs[via[org.pk]]) for org in orgs]
