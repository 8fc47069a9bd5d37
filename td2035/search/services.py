"""Writes to the search index. Filled in by the search engine work (FTS5 / PostgreSQL)."""

from collections.abc import Iterable

from td2035.search.documents import OrganizationDocument


def index_organizations(docs: Iterable[OrganizationDocument]) -> None:
    """Insert or replace these documents in the index."""
    for _doc in docs:
        pass
