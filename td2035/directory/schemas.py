"""Input and output schemas of the directory API (/api/v1/organizations, /api/v1/networks)."""

import re
from datetime import datetime
from typing import Annotated, Any, Literal

from django.urls import reverse
from ninja import Field, Schema
from pydantic import field_validator

from td2035.core.api_fields import (
    MAX_SLUG,
    MunicipalityCode,
    ScianSector,
    ScianSubsector,
    text,
)
from td2035.directory.models import Network, Organization, OrganizationKind, SizeChoices
from td2035.directory.queries import (
    MAX_PAGE_SIZE,
    DirectoryFilters,
    DirectoryPage,
    existing_certification_names,
    existing_subsector_codes,
)
from td2035.reference.queries import municipality_names, sector_choices

MAX_PAGE = 1_000_000_000
MAX_Q_LENGTH = 500
MAX_VALUES = 30  # per list filter, as on the directory page
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]+")


def _unknown(field: str, values: list[str], known: set[str]) -> None:
    unknown = [v for v in values if v not in known]
    if unknown:
        shown = ", ".join(repr(v) for v in unknown[:5])
        raise ValueError(
            f"Valor desconocido: {shown}. / Unknown {field}: {shown}"
            + (f"; valid: {', '.join(sorted(known))}." if len(known) <= 30 else ".")
        )


class PageIn(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Página, desde 1 / page number, from 1")
    page_size: int = Field(
        20, ge=1, le=MAX_PAGE_SIZE, description=f"Resultados por página (≤ {MAX_PAGE_SIZE})"
    )


class OrganizationFiltersIn(PageIn):
    """Same filters as the directory page. List filters accept the parameter several times."""

    q: str = Field(
        "", max_length=MAX_Q_LENGTH, description="Texto libre / free text (accent-blind, prefixes)"
    )
    kind: list[OrganizationKind] = Field([], max_length=MAX_VALUES, description="Tipo de organización / kind")
    sector: list[ScianSector] = Field([], max_length=MAX_VALUES, description="Sector SCIAN, e.g. 31-33, 54")
    subsector: list[ScianSubsector] = Field(
        [], max_length=MAX_VALUES, description="Subsector SCIAN (3 dígitos), e.g. 326"
    )
    size: list[SizeChoices] = Field([], max_length=MAX_VALUES, description="micro, small, medium, large")
    municipality: list[MunicipalityCode] = Field(
        [], max_length=MAX_VALUES, description="Clave de municipio / cve_mun, 001 … 018"
    )
    network: Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]*$")] = Field(
        "", max_length=MAX_SLUG, description="Red (slug), incluye sus sub-redes / includes sub-networks"
    )
    certification: list[Annotated[str, text(60)]] = Field(
        [], max_length=MAX_VALUES, description="Certificación, e.g. ISO 9001"
    )
    verified: bool | None = None
    sort: Literal["relevance", "name", "newest"] = "relevance"
    facets: bool = Field(False, description="Incluir conteos por faceta / include facet counts")

    @field_validator("q")
    @classmethod
    def plain_text(cls, value: str) -> str:
        """Control characters (PostgreSQL refuses NUL) become spaces; the words stay as typed."""
        return " ".join(_CONTROL_CHARS.sub(" ", value).split())

    @field_validator("sector")
    @classmethod
    def known_sectors(cls, value: list[str]) -> list[str]:
        _unknown("sector", value, {code for code, _title in sector_choices()})
        return value

    @field_validator("subsector")
    @classmethod
    def known_subsectors(cls, value: list[str]) -> list[str]:
        _unknown("subsector", value, existing_subsector_codes(value))
        return value

    @field_validator("municipality")
    @classmethod
    def known_municipalities(cls, value: list[str]) -> list[str]:
        _unknown("municipality", value, set(municipality_names()))
        return value

    @field_validator("network")
    @classmethod
    def known_network(cls, value: str) -> str:
        if value and not Network.objects.filter(slug=value).exists():
            raise ValueError(f"Red desconocida {value!r}. / Unknown network {value!r}.")
        return value

    @field_validator("certification")
    @classmethod
    def known_certifications(cls, value: list[str]) -> list[str]:
        _unknown("certification", value, existing_certification_names(value))
        return value

    def to_filters(self) -> DirectoryFilters:
        return DirectoryFilters(
            q=self.q,
            kind=tuple(k.value for k in self.kind),
            sector=tuple(self.sector),
            subsector=tuple(self.subsector),
            size=tuple(s.value for s in self.size),
            municipality=tuple(self.municipality),
            network=self.network,
            certification=tuple(self.certification),
            verified=self.verified,
            sort=self.sort,
            page=self.page,
            page_size=self.page_size,
        )


class MembersIn(PageIn):
    recursive: bool = Field(
        False, description="Incluir miembros de sub-redes / include sub-networks' members"
    )


# --- Output ---------------------------------------------------------------------------------------


class MunicipalityRef(Schema):
    cve_mun: str
    name: str


class ScianRef(Schema):
    code: str
    title: str


class NetworkRef(Schema):
    slug: str
    name: str


def profile_path(slug: str) -> str:
    return reverse("directory:organization", kwargs={"slug": slug})


def network_path(slug: str) -> str:
    return reverse("directory:network", kwargs={"slug": slug})


class OrganizationItem(Schema):
    slug: str
    name: str
    legal_name: str
    kind: str
    size: str
    municipality: MunicipalityRef | None
    scian: ScianRef | None
    is_demo: bool
    is_verified: bool
    url: str = Field(description="Perfil público / public profile page")

    @classmethod
    def of(cls, org: Organization) -> "OrganizationItem":
        return cls(**item_fields(org))


def item_fields(org: Organization) -> dict[str, Any]:
    """The summary fields shared by every organisation answer (needs scian and municipality loaded)."""
    return {
        "slug": org.slug,
        "name": org.name,
        "legal_name": org.legal_name,
        "kind": org.kind,
        "size": org.size,
        "municipality": MunicipalityRef(cve_mun=org.municipality.cve_mun, name=org.municipality.name)
        if org.municipality
        else None,
        "scian": ScianRef(code=org.scian.code, title=org.scian.title_es) if org.scian else None,
        "is_demo": org.is_demo,
        "is_verified": org.is_verified,
        "url": profile_path(org.slug),
    }


class FacetValue(Schema):
    value: str
    label: str
    count: int


class OrganizationPage(Schema):
    count: int
    count_is_estimate: bool = False
    page: int
    page_size: int
    items: list[OrganizationItem]
    facets: dict[str, list[FacetValue]] | None = None

    @classmethod
    def of(cls, result: DirectoryPage, *, with_facets: bool) -> "OrganizationPage":
        return cls(
            count=result.total,
            count_is_estimate=result.total_is_estimate,
            page=result.filters.page,
            page_size=result.filters.page_size,
            items=[OrganizationItem.of(org) for org in result.organizations],
            facets={
                name: [FacetValue(value=v, label=label, count=n) for v, label, n in values]
                for name, values in result.facets.items()
            }
            if with_facets
            else None,
        )


class Location(Schema):
    address: str
    postal_code: str
    latitude: float | None
    longitude: float | None


class Contact(Schema):
    phone: str
    email: str
    website: str


class SourceOut(Schema):
    kind: str = Field(description="self, denue o demo")
    denue_id: str | None
    denue_clee: str


class OrganizationDetail(OrganizationItem):
    rfc: str = Field(description="Sólo de personas morales / companies only (persons' RFC is personal data)")
    size_source: str
    secondary_scian: list[ScianRef]
    description: str = Field(description="La descripción principal (= description_es) / main description")
    description_es: str
    description_en: str
    products: list[str]
    capabilities: list[str]
    certifications: list[str]
    networks: list[NetworkRef]
    year_founded: int | None
    location: Location
    contact: Contact
    source: SourceOut
    updated_at: datetime

    @classmethod
    def of(cls, org: Organization) -> "OrganizationDetail":
        return cls(
            **item_fields(org),
            rfc=org.rfc if len(org.rfc) == 12 else "",
            size_source=org.size_source,
            secondary_scian=[ScianRef(code=c.code, title=c.title_es) for c in org.secondary_scian.all()],
            description=org.description_es,
            description_es=org.description_es,
            description_en=org.description_en,
            products=org.product_list(),
            capabilities=org.capability_list(),
            certifications=[c.name for c in org.certifications.all()],
            networks=[NetworkRef(slug=n.slug, name=n.name) for n in org.networks.all()],
            year_founded=org.year_founded,
            location=Location(
                address=org.address,
                postal_code=org.postal_code,
                latitude=org.latitude,
                longitude=org.longitude,
            ),
            contact=Contact(phone=org.phone, email=org.email, website=org.website),
            source=SourceOut(kind=org.source, denue_id=org.denue_id, denue_clee=org.denue_clee),
            updated_at=org.updated_at,
        )


class NetworkItem(Schema):
    slug: str
    name: str
    is_founding: bool
    is_demo: bool
    member_count: int = Field(description="Miembros directos / direct members")
    sub_networks: list[NetworkRef]
    organization: str | None = Field(description="Slug de la organización que coordina la red")
    url: str

    @classmethod
    def of(cls, network: Network) -> "NetworkItem":
        return cls(**network_fields(network))


def network_fields(network: Network) -> dict[str, Any]:
    """Needs member_count annotated and child_links__child prefetched (networks_with_counts)."""
    return {
        "slug": network.slug,
        "name": network.name,
        "is_founding": network.is_founding,
        "is_demo": network.is_demo,
        "member_count": getattr(network, "member_count", 0),
        "sub_networks": [
            NetworkRef(slug=link.child.slug, name=link.child.name) for link in network.child_links.all()
        ],
        "organization": network.organization.slug if network.organization else None,
        "url": network_path(network.slug),
    }


class NetworkDetail(NetworkItem):
    description_es: str
    description_en: str
    parent_networks: list[NetworkRef]
    member_count_recursive: int = Field(description="Miembros propios y de todas sus sub-redes, sin repetir")

    @classmethod
    def of_with(cls, network: Network, *, member_count_recursive: int) -> "NetworkDetail":
        return cls(
            **network_fields(network),
            description_es=network.description_es,
            description_en=network.description_en,
            parent_networks=[
                NetworkRef(slug=link.parent.slug, name=link.parent.name)
                for link in network.parent_links.all()
            ],
            member_count_recursive=member_count_recursive,
        )


class MemberItem(OrganizationItem):
    via_network: str = Field(description="La red (slug) por la que es miembro / network it belongs through")


class MembersPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[MemberItem]
