"""SQLite: an FTS5 index over the document table (external content, rowid = docno).

Text columns hold terms already folded and stemmed by core/text.py, so FTS5 only splits on spaces; `tags`
holds one token per facet value ("_m014", "_kcompany"), which turns facet filters into cheap doclist
intersections. prefix='2 3 4' gives typed prefixes of 2-4 letters their own doclists. The index keeps
no positions (detail=column) and no column sizes: ranking is done by the engine on a bounded window
of matches (queries.py), so FTS5's bm25() -- whose first call reads every match of every word to count
documents -- is never called.
"""

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from django.db import connection, transaction

from td2035.search.backends.base import (
    ALL,
    CREATED,
    FACET_COLUMNS,
    NAME,
    RANKING,
    TOTAL,
    Backend,
    Row,
    document_values,
    facet_delta,
    score_sql,
    select_list,
    split_filters,
)
from td2035.search.documents import OrganizationDocument
from td2035.search.plan import Plan

_COLUMNS = (
    "docno, org_id, name_sort, created_at, kind, sector, subsector, size, municipality, verified, "
    "networks, certifications, name_terms, body_terms, tags"
)
_CONTAINS = "(instr(' ' || d.name_terms || ' ', ?) > 0)"
_LENGTH = "length(d.name_terms)"
_CHUNK = 500
INDEXED_PREFIX = 4  # prefix='2 3 4'
MAX_EXPANSION = 64


def _raw() -> sqlite3.Connection:
    connection.ensure_connection()
    return connection.connection  # type: ignore[return-value]


def _chunks(items: list[Any], size: int = _CHUNK) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def match_expression(plan: Plan, *, name_only: bool = False, expansion: Sequence[str] | None = None) -> str:
    """An FTS5 query built only from sanitised tokens, each quoted. `expansion`: the indexed terms
    that start with the plan's prefix, to use instead of a prefix query."""
    words = [f'"{t}"' for t in plan.terms]
    if expansion:
        words.append("(" + " OR ".join(f'"{t}"' for t in expansion) + ")")
    elif plan.prefix:
        words.append(f'"{plan.prefix}"*' if expansion is None else f'"{plan.prefix}"')
    parts = []
    if words and name_only:  # search_name_fts: words cannot match its other column, tags ("_...")
        parts.append(f"({' AND '.join(words)})")
    elif words:
        parts.append(f"{{name_terms body_terms}} : ({' AND '.join(words)})")
    for _facet, tags in plan.filters:
        parts.append("(" + " OR ".join(f'"{t}"' for t in tags) + ")")
    return " AND ".join(parts)


class SqliteBackend(Backend):
    """Two things FTS5 does slowly are kept out of its queries:

    * a prefix longer than its prefix index (2-4 letters) is answered by merging the whole doclists of
      every term that starts with it before the first match comes out (50 ms for "servici*" at a
      million documents). Such prefixes are expanded into the few terms they start (search_term), an
      OR that streams;
    * AND with a very common tag ("_zmicro", 72 % of documents) seeks through its long doclist for
      each candidate (about 12 µs each). Such filters are tested on the joined row instead (its `tags`
      column; base.split_filters), the selective ones stay in FTS5.
    """

    vendor = "sqlite"

    def __init__(self) -> None:
        self._expansions: dict[str, list[str] | None] = {}
        self._counts: dict[tuple[str, str], int] | None = None

    def _query(self, plan: Plan, *, name_only: bool = False) -> tuple[str, str, list[str]]:
        """(FTS5 expression, SQL condition on the row `d`, its parameters) for a plan."""
        in_fts, on_row = split_filters(plan, self.facet_counts())
        expression = match_expression(
            replace(plan, filters=in_fts), name_only=name_only, expansion=self._expand(plan.prefix)
        )
        conditions = ["1"]
        params: list[str] = []
        for _facet, tags in on_row:
            conditions.append("(" + " OR ".join(["instr(' ' || d.tags || ' ', ?) > 0"] * len(tags)) + ")")
            params += [f" {t} " for t in tags]
        return expression, " AND ".join(conditions), params

    def _expand(self, prefix: str) -> list[str] | None:
        """Terms starting with a long prefix ([] if none), or None to let FTS5 do the prefix query."""
        if len(prefix) <= INDEXED_PREFIX:
            return None
        if prefix not in self._expansions:
            upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            rows = (
                _raw()
                .execute(
                    "SELECT term FROM search_term WHERE term >= ? AND term < ? LIMIT ?",
                    [prefix, upper, MAX_EXPANSION + 1],
                )
                .fetchall()
            )
            self._expansions[prefix] = [r[0] for r in rows] if len(rows) <= MAX_EXPANSION else None
        return self._expansions[prefix]

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
            new = [_json_ints(v["docno"] for v in values)]
            cur.execute(
                "INSERT INTO search_fts (rowid, name_terms, body_terms, tags) "
                "SELECT docno, name_terms, body_terms, tags FROM search_document WHERE docno IN "
                "(SELECT value FROM json_each(?))",
                new,
            )
            cur.execute(
                "INSERT INTO search_name_fts (rowid, name_terms, tags) "
                "SELECT docno, name_terms, tags FROM search_document WHERE docno IN "
                "(SELECT value FROM json_each(?))",
                new,
            )
            vocabulary = {t for v in values for t in (*v["name_terms"], *v["body_terms"])}
            cur.executemany("INSERT OR IGNORE INTO search_term (term) VALUES (?)", [(t,) for t in vocabulary])
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
            cur.execute("INSERT INTO search_name_fts (search_name_fts) VALUES ('delete-all')")
            cur.execute("DELETE FROM search_facet_count")
            cur.execute("DELETE FROM search_term")

    def optimize(self) -> None:
        with transaction.atomic():
            _raw().execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
            _raw().execute("INSERT INTO search_name_fts (search_name_fts) VALUES ('optimize')")
        _raw().execute("ANALYZE")
        if not connection.in_atomic_block:  # later reads come from the memory-mapped file, not the WAL
            _raw().execute("PRAGMA wal_checkpoint(TRUNCATE)")

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
        cur.executemany(
            "INSERT INTO search_name_fts (search_name_fts, rowid, name_terms, tags) "
            "VALUES ('delete', ?, ?, ?)",
            [(row[0], row[1], row[3]) for row in old],
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

    def matches(
        self, plan: Plan, *, limit: int | None, name_only: bool = False, columns: str = ALL
    ) -> list[Row]:
        table = "search_name_fts" if name_only else "search_fts"
        score, score_params = score_sql(plan, _CONTAINS, _LENGTH)
        if columns not in (ALL, RANKING) or not plan.has_text:
            score, score_params = "0.0", []
        expression, condition, params = self._query(plan, name_only=name_only)
        sql = (
            f"SELECT {select_list(columns, score, 'd.')} FROM {table} "  # noqa: S608
            f"JOIN search_document d ON d.docno = {table}.rowid WHERE {table} MATCH ? AND {condition} "
            f"ORDER BY {table}.rowid"
        )
        all_params: list[Any] = [*score_params, expression, *params]
        if limit is not None:
            sql += " LIMIT ?"
            all_params.append(limit)
        return _raw().execute(sql, all_params).fetchall()

    def sorted_matches(
        self, plan: Plan, *, offset: int, limit: int, estimate: int, documents: int
    ) -> list[Row]:
        """Either read every match and sort (few matches) or walk the sort index testing each document
        with instr() on its stored terms (many matches: the page fills after (offset+limit)/share
        rows). The cheaper of the two by expected rows read."""
        walk_rows = (offset + limit) * documents / max(estimate, 1)
        if estimate <= walk_rows:
            return _sort_page(self.matches(plan, limit=None, columns=RANKING), plan.sort, offset, limit)
        conditions, params = _instr_conditions(plan)
        order = "d.created_at DESC, d.docno DESC" if plan.sort == "newest" else "d.name_sort, d.docno"
        sql = (
            f"SELECT {select_list(RANKING, '0.0', 'd.')} FROM search_document d "  # noqa: S608
            f"WHERE {' AND '.join(conditions)} ORDER BY {order} LIMIT ? OFFSET ?"
        )
        return _raw().execute(sql, [*params, limit, offset]).fetchall()

    def everything(self, sort: str, offset: int, limit: int) -> list[int]:
        order = "created_at DESC, docno DESC" if sort == "newest" else "name_sort, docno"
        rows = _raw().execute(
            f"SELECT org_id FROM search_document ORDER BY {order} LIMIT ? OFFSET ?",  # noqa: S608
            [limit, offset],
        )
        return [r[0] for r in rows]

    def facet_counts(self) -> dict[tuple[str, str], int]:
        if self._counts is not None:  # read once per search (a backend lives for one)
            return self._counts
        rows = _raw().execute("SELECT facet, value, n FROM search_facet_count")
        counts = {(f, v): n for f, v, n in rows}
        counts.setdefault((TOTAL, ""), 0)
        self._counts = counts
        return counts


def _instr_conditions(plan: Plan) -> tuple[list[str], list[str]]:
    """The plan as instr() tests on the stored, space-separated terms and tags: the same matches as
    the FTS5 expression, since both see the same tokens."""
    conditions: list[str] = []
    params: list[str] = []
    text = "(' ' || d.name_terms || ' ' || d.body_terms || ' ')"
    for term in plan.terms:
        conditions.append(f"instr({text}, ?) > 0")
        params.append(f" {term} ")
    if plan.prefix:
        conditions.append(f"instr({text}, ?) > 0")
        params.append(f" {plan.prefix}")
    for _facet, tags in plan.filters:
        conditions.append("(" + " OR ".join(["instr(' ' || d.tags || ' ', ?) > 0"] * len(tags)) + ")")
        params += [f" {t} " for t in tags]
    return conditions or ["1"], params


def _sort_page(rows: list[Row], sort: str, offset: int, limit: int) -> list[Row]:
    if sort == "newest":
        rows.sort(key=lambda r: (-r[CREATED], -r[0]))
    else:
        rows.sort(key=lambda r: (r[NAME], r[0]))
    return rows[offset : offset + limit]


def _json_ints(values: Iterable[int]) -> str:
    return "[" + ",".join(str(int(v)) for v in values) + "]"
