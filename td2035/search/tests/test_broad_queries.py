"""Queries with more matches than the window: estimated totals and facets, bounded ranking, exact
sorts. The windows are shrunk so that a few dozen documents make a query "broad"."""

import pytest

from td2035.search import queries
from td2035.search.documents import OrganizationDocument, OrganizationQuery
from td2035.search.queries import search_organizations
from td2035.search.services import index_organizations

pytestmark = pytest.mark.django_db

MUNICIPALITIES = ("014", "006", "011", "016")


@pytest.fixture
def broad(monkeypatch: pytest.MonkeyPatch) -> list[OrganizationDocument]:
    monkeypatch.setattr(queries, "WINDOW", 8)
    monkeypatch.setattr(queries, "NAME_WINDOW", 10)
    monkeypatch.setattr(queries, "FACET_WINDOW", 5)
    docs = [
        OrganizationDocument(
            id=i,
            name=f"Servicios Industriales {i:03d}" if i % 10 == 0 else f"Taller {i:03d}",
            body="Servicios de maquinado y plásticos" if i % 2 else "Servicios de mantenimiento",
            kind="company",
            size="micro" if i % 3 else "small",
            municipality=MUNICIPALITIES[i % 4],
            network_ids=(5,) if i % 5 == 0 else (),
            created_at=float(i),
        )
        for i in range(1, 61)
    ]
    index_organizations(docs)
    return docs


def test_total_and_facets_are_estimated(broad: list[OrganizationDocument]) -> None:
    result = search_organizations(OrganizationQuery(text="servicios"))
    assert result.total_is_estimate and result.facets_are_estimates
    assert 8 < result.total <= 60
    assert set(result.facets["municipality"]) <= set(MUNICIPALITIES)
    assert all(n > 0 for n in result.facets["size"].values())
    assert len(result.ids) == 20


def test_name_matches_rank_first(broad: list[OrganizationDocument]) -> None:
    result = search_organizations(OrganizationQuery(text="servicios"))
    assert result.ids[:6] == [10, 20, 30, 40, 50, 60]  # the six names with the word, shortest tie by name


def test_name_and_newest_sorts_are_exact(broad: list[OrganizationDocument]) -> None:
    def page(sort: str, page: int, size: int) -> list[int]:
        query = OrganizationQuery(text="servicios", sort=sort, page=page, page_size=size)  # type: ignore[arg-type]
        return search_organizations(query).ids

    by_name = sorted(broad, key=lambda d: d.name.lower())
    assert page("name", 1, 20) == [d.id for d in by_name[:20]]
    assert page("name", 3, 5) == [d.id for d in by_name[10:15]]
    assert page("newest", 1, 10) == list(range(60, 50, -1))
    plastics = [d.id for d in by_name if "plásticos" in d.body]
    query = OrganizationQuery(text="plasticos", sort="name", page_size=5)
    assert search_organizations(query).ids == plastics[:5]


def test_one_facet_alone_has_an_exact_total(broad: list[OrganizationDocument]) -> None:
    result = search_organizations(OrganizationQuery(municipalities=("014", "006")))
    assert result.total == 30 and not result.total_is_estimate
    assert result.ids == sorted(result.ids, key=lambda i: f"{broad[i - 1].name.lower()}")


def test_broad_disjunctive_facets(broad: list[OrganizationDocument]) -> None:
    result = search_organizations(OrganizationQuery(text="servicios", municipalities=("014",)))
    assert set(result.facets["municipality"]) <= set(MUNICIPALITIES)
    assert set(result.facets["municipality"]) - {"014"}  # its own filter lifted: other municipalities
    assert result.facets_are_estimates
    assert result.total <= 60


def test_deep_pages_of_a_broad_query_are_empty(broad: list[OrganizationDocument]) -> None:
    query = OrganizationQuery(text="servicios", page=queries.MAX_BROAD_RESULTS // 20 + 1)
    result = search_organizations(query)
    assert result.ids == [] and result.total > 0
