"""SQLite: an FTS5 index over the document table (external content, rowid = docno).

Text columns hold terms already folded and stemmed by text.py, so FTS5 only splits on spaces; `tags`
holds one token per facet value ("_m014", "_kcompany"), which turns facet filters into cheap doclist
intersections. prefix='2 3 4' gives typed prefixes their own doclists.
"""

import sqlite3
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction

from td2035.search.backends.base import FACET_COLUMNS, TOTAL, Backend, Row, document_values, facet_delta
from td2035.search.documents import OrganizationDocument
from td2035.search.plan import Plan

NAME_WEIGHT, BODY_WEIGHT = 10.0, 1.0
_COLUMNS = (
    "docno, org_id, name_sort, created_at, kind, sector, subsector, size, municipality, verified, "
    "networks, certifications, name_terms, body_terms, tags"
)
_ROW = (
    f"search_fts.rowid, -bm25(search_fts, {NAME_WEIGHT}, {BODY_WEIGHT}, 0.0), d.name_sort, d.created_at, "
    + ", ".join(f"d.{c}" for c in FACET_COLUMNS)
)
_CHUNK = 500


def _raw() -> sqlite3.Connection:
    connection.ensure_connection()
    return connection.connection  # type: ignore[return-value]


def _chunks(items: list[Any], size: int = _CHUNK) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def match_expression(plan: Plan, *, name_only: bool = False) -> str:
    """An FTS5 query built only from sanitised tokens, each quoted."""
    words = [f'"{t}"' for t in plan.terms]
    if plan.prefix:
        words.append(f'"{plan.prefix}"*')
    parts = []
    if words:
        column = "name_terms" if name_only else "name_terms body_terms"
        parts.append(f"{{{column}}} : ({' AND '.join(words)})")
    for _facet, tags in plan.filters:
        parts.append("(" + " OR ".join(f'"{t}"' for t in tags) + ")")
    return " AND ".join(parts)


class SqliteBackend(Backend):
    vendor = "sqlite"

    def upsert(self, docs: list[OrganizationDocument]) -> None:
        if not docs:
            return
        docs = list({d.id: d for d in docs}.values())
        values = [document_values(d) for d in docs]
        with transaction.atomic():
            cur = _raw().cursor()
            old = self._delete_existing(cur, [v["docno"] for v in values])
            cur.executemany(
                f"INSERT INTO search_document ({_COLUMNS}) VALUES ({', '.join('?' * 15)})",  # noqa: S608
                [
                    (
                        *(v[c] for c in _COLUMNS.split(", ")[:12]),
                        " ".join(v["name_terms"]),
                        " ".join(v["body_terms"]),
                        " ".join(v["tags"]),
                    )
                    for v in values
                ],
            )
            cur.execute(
                "INSERT INTO search_fts (rowid, name_terms, body_terms, tags) "
                "SELECT docno, name_terms, body_terms, tags FROM search_document WHERE docno IN "
                "(SELECT value FROM json_each(?))",
                [_json_ints(v["docno"] for v in values)],
            )
            self._count(cur, facet_delta(docs, old))

    def remove(self, org_ids: list[int]) -> None:
        from td2035.search.docno import docno

        with transaction.atomic():
            cur = _raw().cursor()
            old = self._delete_existing(cur, [docno(i) for i in org_ids])
            self._count(cur, facet_delta([], old))

    def clear(self) -> None:
        with transaction.atomic():
            cur = _raw().cursor()
            cur.execute("DELETE FROM search_document")
            cur.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
            cur.execute("DELETE FROM search_facet_count")

    def _delete_existing(self, cur: sqlite3.Cursor, docnos: list[int]) -> list[tuple[Any, ...]]:
        """Remove these documents from the FTS index and the table; return their facet columns."""
        old: list[tuple[Any, ...]] = []
        for chunk in _chunks(docnos):
            old += cur.execute(
                f"SELECT docno, name_terms, body_terms, tags, {', '.join(FACET_COLUMNS)} "  # noqa: S608
                "FROM search_document WHERE docno IN (SELECT value FROM json_each(?))",
                [_json_ints(chunk)],
            ).fetchall()
        if not old:
            return []
        cur.executemany(
            "INSERT INTO search_fts (search_fts, rowid, name_terms, body_terms, tags) "
            "VALUES ('delete', ?, ?, ?, ?)",
            [row[:4] for row in old],
        )
        cur.execute(
            "DELETE FROM search_document WHERE docno IN (SELECT value FROM json_each(?))",
            [_json_ints(row[0] for row in old)],
        )
        return [row[4:] for row in old]

    def _count(self, cur: sqlite3.Cursor, delta: dict[tuple[str, str], int]) -> None:
        cur.executemany(
            "INSERT INTO search_facet_count (facet, value, n) VALUES (?, ?, ?) "
            "ON CONFLICT (facet, value) DO UPDATE SET n = n + excluded.n",
            [(facet, value, n) for (facet, value), n in delta.items()],
        )
        cur.execute("DELETE FROM search_facet_count WHERE n <= 0")

    def matches(self, plan: Plan, *, limit: int | None, name_only: bool = False) -> list[Row]:
        sql = (
            f"SELECT {_ROW} FROM search_fts JOIN search_document d ON d.docno = search_fts.rowid "  # noqa: S608
            "WHERE search_fts MATCH ? ORDER BY search_fts.rowid"
        )
        params: list[Any] = [match_expression(plan, name_only=name_only)]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return _raw().execute(sql, params).fetchall()

    def everything(self, sort: str, offset: int, limit: int) -> list[int]:
        order = "created_at DESC, docno DESC" if sort == "newest" else "name_sort, docno"
        rows = _raw().execute(
            f"SELECT org_id FROM search_document ORDER BY {order} LIMIT ? OFFSET ?",  # noqa: S608
            [limit, offset],
        )
        return [r[0] for r in rows]

    def facet_counts(self) -> dict[tuple[str, str], int]:
        rows = _raw().execute("SELECT facet, value, n FROM search_facet_count")
        counts = {(f, v): n for f, v, n in rows}
        counts.setdefault((TOTAL, ""), 0)
        return counts


def _json_ints(values: Iterable[int]) -> str:
    return "[" + ",".join(str(int(v)) for v in values) + "]"
