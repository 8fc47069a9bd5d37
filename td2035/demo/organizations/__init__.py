"""The Querétaro demo ecosystem: the seven founding networks and some 700 fictional organisations.

`plan.build_plan` turns the curated data in demo/data/ (read by catalog.py) into unsaved organisations
and networks with a fixed random seed, so every machine gets the same demo. `load_demo` writes a plan in
one transaction with bulk inserts, nests the networks through the directory services (which refuse
cycles) and indexes everything for search. Every record is marked `is_demo`; `unload_demo` removes
exactly those.

The founding networks are real bodies: their profiles carry no invented contact data. Every other
organisation is fictional; any likeness of a name to a real business is unintended.
"""

from dataclasses import dataclass

from django.db import transaction

from td2035.demo.organizations.catalog import certification_descriptions, expected_counts
from td2035.demo.organizations.places import municipality_areas
from td2035.demo.organizations.plan import DemoNetwork, DemoOrganization, DemoPlan, build_plan
from td2035.directory import documents, services
from td2035.directory.models import Certification, Network, NetworkMembership, Organization
from td2035.search import services as search


@dataclass(frozen=True)
class LoadResult:
    loaded: bool
    organizations: int
    networks: int
    memberships: int
    message: str


def demo_counts() -> tuple[int, int]:
    return Organization.objects.filter(is_demo=True).count(), Network.objects.filter(is_demo=True).count()


@transaction.atomic
def load_demo(*, reset: bool = False) -> LoadResult:
    """Load the demo unless it is already there; with `reset`, remove the demo data first."""
    if reset:
        unload_demo()
    orgs, networks = demo_counts()
    expected = expected_counts()
    if (orgs, networks) == expected:
        return LoadResult(False, orgs, networks, 0, "already loaded")
    if orgs or networks:
        return LoadResult(
            False,
            orgs,
            networks,
            0,
            f"incomplete or older demo data ({orgs} of {expected[0]} organisations, {networks} of "
            f"{expected[1]} networks): run with --reset to reload it",
        )
    plan = _plan_avoiding_stored_slugs()
    ids = _store_organizations(plan.organizations)
    network_ids = _store_networks(plan.networks, ids)
    memberships = _store_memberships(plan.organizations, ids, network_ids)
    demo_orgs = Organization.objects.filter(is_demo=True).order_by("pk").iterator(chunk_size=2000)
    search.index_organizations(documents.for_queryset(demo_orgs))
    return LoadResult(True, len(ids), len(network_ids), memberships, "loaded")


@transaction.atomic
def unload_demo() -> tuple[int, int]:
    """Delete every demo organisation and network (memberships and links go with them) and drop the
    organisations from the search index. Returns (organisations, networks) deleted."""
    ids = list(Organization.objects.filter(is_demo=True).values_list("pk", flat=True))
    networks, _detail = Network.objects.filter(is_demo=True).delete()
    Organization.objects.filter(pk__in=ids).delete()
    search.remove_organizations(ids)
    return len(ids), networks


def _plan_avoiding_stored_slugs() -> DemoPlan:
    """The plan, re-drawn with other slugs while any of its slugs is already used by a stored organisation."""
    areas, taken = municipality_areas(), set[str]()
    while True:
        plan = build_plan(areas, taken_slugs=taken)
        slugs = [item.org.slug for item in plan.organizations]
        clashes = set(Organization.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        if not clashes:
            return plan
        taken |= clashes


def _store_organizations(items: list[DemoOrganization]) -> dict[str, int]:
    certs = {
        name: Certification.objects.get_or_create(name=name, defaults={"description": text})[0].pk
        for name, text in certification_descriptions().items()
    }
    Organization.objects.bulk_create([item.org for item in items], batch_size=500)
    ids = dict(
        Organization.objects.filter(is_demo=True, slug__in=[i.org.slug for i in items]).values_list(
            "slug", "pk"
        )
    )
    cert_through = Organization.certifications.through
    cert_through.objects.bulk_create(
        [
            cert_through(organization_id=ids[item.org.slug], certification_id=certs[name])
            for item in items
            for name in item.certifications
        ],
        batch_size=1000,
    )
    scian_through = Organization.secondary_scian.through
    scian_through.objects.bulk_create(
        [
            scian_through(organization_id=ids[item.org.slug], sciancode_id=code)
            for item in items
            for code in item.secondary_scian
        ],
        batch_size=1000,
    )
    return ids


def _store_networks(plan: list[DemoNetwork], org_ids: dict[str, int]) -> dict[str, int]:
    orgs = Organization.objects.in_bulk([org_ids[n.organization_slug] for n in plan if n.organization_slug])
    created: dict[str, Network] = {}
    for spec in plan:
        slug = spec.slug if not Network.objects.filter(slug=spec.slug).exists() else ""
        created[spec.slug] = services.create_network(
            name=spec.name,
            organization=orgs[org_ids[spec.organization_slug]] if spec.organization_slug else None,
            slug=slug or services.unique_slug(spec.name, Network),
            description_es=spec.description_es,
            description_en=spec.description_en,
            is_founding=spec.is_founding,
            is_demo=True,
        )
    for spec in plan:
        for parent in spec.parents:
            services.link_networks(created[parent], created[spec.slug])
    return {slug: network.pk for slug, network in created.items()}


def _store_memberships(
    items: list[DemoOrganization], org_ids: dict[str, int], network_ids: dict[str, int]
) -> int:
    rows = [
        NetworkMembership(
            network_id=network_ids[slug], organization_id=org_ids[item.org.slug], joined_on=joined
        )
        for item in items
        for slug, joined in item.memberships
    ]
    NetworkMembership.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
