"""Writes to the search index. Callers hand plain OrganizationDocuments; batches of thousands are the
expected unit (the DENUE importer sends 5,000 at a time), written with executemany, never row by row."""

from collections.abc import Iterable
from itertools import islice

from td2035.search.backends import get_backend
from td2035.search.documents import OrganizationDocument

BATCH = 5000


def index_organizations(docs: Iterable[OrganizationDocument]) -> int:
    """Insert or replace these documents in the index; returns how many were written."""
    backend = get_backend()
    written = 0
    iterator = iter(docs)
    while batch := list(islice(iterator, BATCH)):
        backend.upsert(batch)
        written += len(batch)
    return written


def remove_organizations(ids: Iterable[int]) -> None:
    """Drop these organisations from the index (unknown ids are ignored)."""
    backend = get_backend()
    iterator = iter(ids)
    while batch := list(islice(iterator, BATCH)):
        backend.remove([int(i) for i in batch])


def clear_index() -> None:
    get_backend().clear()


def optimize_index() -> None:
    """Compact the index after a large load (FTS5 segment merge; PostgreSQL VACUUM ANALYZE)."""
    get_backend().optimize()
