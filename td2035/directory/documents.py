"""Turn organisations into the plain documents the search app indexes."""

from collections import defaultdict
from collections.abc import Iterable, Iterator

from td2035.directory.models import NetworkMembership, Organization
from td2035.directory.queries import network_ancestor_map
from td2035.reference.queries import sector_of
from td2035.search.documents import OrganizationDocument


def for_ids(ids: Iterable[int]) -> list[OrganizationDocument]:
    return list(for_queryset(Organization.objects.filter(pk__in=list(ids))))


def for_queryset(orgs: Iterable[Organization], batch_size: int = 2000) -> Iterator[OrganizationDocument]:
    batch: list[Organization] = []
    for org in orgs:
        batch.append(org)
        if len(batch) >= batch_size:
            yield from _documents(batch)
            batch = []
    yield from _documents(batch)


def _documents(orgs: list[Organization]) -> Iterator[OrganizationDocument]:
    if not orgs:
        return
    ids = [o.pk for o in orgs]
    networks: dict[int, list[int]] = defaultdict(list)
    for org_id, net_id in NetworkMembership.objects.filter(organization_id__in=ids).values_list(
        "organization_id", "network_id"
    ):
        networks[org_id].append(net_id)
    ancestors = network_ancestor_map()
    for org_id, direct in networks.items():
        networks[org_id] = sorted({*direct, *(a for n in direct for a in ancestors.get(n, ()))})
    certs: dict[int, list[int]] = defaultdict(list)
    through = Organization.certifications.through
    for org_id, cert_id in through.objects.filter(organization_id__in=ids).values_list(
        "organization_id", "certification_id"
    ):
        certs[org_id].append(cert_id)
    scian_titles = _scian_titles({o.scian_id for o in orgs if o.scian_id})
    for org in orgs:
        yield document(
            org, tuple(networks[org.pk]), tuple(certs[org.pk]), scian_titles.get(org.scian_id or "", "")
        )


def document(
    org: Organization, network_ids: tuple[int, ...], certification_ids: tuple[int, ...], scian_title: str
) -> OrganizationDocument:
    code = org.scian_id or ""
    return OrganizationDocument(
        id=org.pk,
        name=f"{org.name} {org.legal_name}".strip(),
        body=" ".join([org.description_es, org.description_en, org.products, org.capabilities, scian_title]),
        kind=org.kind,
        sector=sector_of(code) if code else "",
        subsector=code[:3],
        size=org.size,
        municipality=org.municipality_id or "",
        network_ids=network_ids,
        certification_ids=certification_ids,
        is_verified=org.is_verified,
        created_at=org.created_at.timestamp() if org.created_at else 0.0,
    )


def _scian_titles(codes: set[str]) -> dict[str, str]:
    from td2035.reference.models import ScianCode

    return dict(ScianCode.objects.filter(code__in=codes).values_list("code", "title_es"))
