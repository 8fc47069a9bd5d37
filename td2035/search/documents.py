"""What the search app indexes and how it is asked. Other apps hand it plain data, never models."""

from dataclasses import dataclass, field
from typing import Literal

Sort = Literal["relevance", "name", "newest"]
SORTS: tuple[Sort, ...] = ("relevance", "name", "newest")
FACETS = ("kind", "sector", "subsector", "size", "municipality", "network", "certification", "verified")


@dataclass(frozen=True)
class OrganizationDocument:
    """One organisation as the search index sees it. Facet values are plain strings."""

    id: int
    name: str  # trade name and legal name; weighted highest
    body: str = ""  # descriptions, products, capabilities, SCIAN titles
    kind: str = ""
    sector: str = ""  # SCIAN sector code, e.g. "31-33"
    subsector: str = ""  # SCIAN subsector code, e.g. "326"
    size: str = ""
    municipality: str = ""  # cve_mun
    network_ids: tuple[int, ...] = ()  # networks it belongs to, directly or through a sub-network
    certification_ids: tuple[int, ...] = ()
    is_verified: bool = False
    created_at: float = 0.0  # unix time, for "newest" sorting


@dataclass(frozen=True)
class OrganizationQuery:
    text: str = ""
    kinds: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    subsectors: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    network_ids: tuple[int, ...] = ()
    certification_ids: tuple[int, ...] = ()
    verified: bool | None = None
    sort: Sort = "relevance"
    page: int = 1
    page_size: int = 20
    with_facets: bool = True


@dataclass
class SearchResult:
    ids: list[int]  # this page, best first
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)  # facet -> value -> count
    total_is_estimate: bool = False  # broad queries (> queries.WINDOW matches): estimated, ±5-8 %
    facets_are_estimates: bool = False  # very broad queries: facet counts scaled from a sample
