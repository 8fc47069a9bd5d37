"""Reads from the search index. Filled in by the search engine work (FTS5 / PostgreSQL)."""

from td2035.search.documents import OrganizationQuery, SearchResult


def search_organizations(query: OrganizationQuery) -> SearchResult:
    raise NotImplementedError("the search engine is being written")
