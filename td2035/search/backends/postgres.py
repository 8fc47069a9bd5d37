"""PostgreSQL: one row per document with two tsvectors, each with a GIN index: `tsv` (every word of
the name and body, and the facet tags) and `name_tsv` (the name's words and the tags). Ranking is done
by the engine on a bounded window of matches (queries.py), from name_terms, exactly as on SQLite.

The tsvectors are written as literals from the terms that core/text.py produced (the same folding and
stemming as SQLite), without positions. No text search configuration parses them: PostgreSQL's Spanish
snowball stemmer would disagree with the SQLite index ("fabricación" -> "fabric") and break prefix
matching as typed ("fabricaci" no longer finds it); unaccent is not needed because text is already
folded, so no extension (unaccent, pg_trgm) is needed and an ordinary database user can migrate.

PostgreSQL has no cheap way to read the matches of a GIN query in docno order (walking the primary
key tests every row's tsvector, a bitmap scan reads every match before sorting). So documents also
carry range tags: "_rL" on the documents of the first 1/2**L of the docno range (L = 1..8), and "the
first matches in docno order" is a bitmap scan ANDed with the smallest such range expected to hold
them (from the planner's estimate), widened if it held too few. A single tag keeps GIN's fast scan
(an OR of many tags made it read every posting list). Very common filters are tested on the rows
(base.split_filters). optimize_index() clusters the table on docno so that a range's rows sit together
and the leading ranges, read by every query, stay in shared buffers.
"""

import json
import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from django.db import connection, transaction

from td2035.search.backends.base import (
    ALL,
    FACET_COLUMNS,
    RANKING,
    TOTAL,
    Backend,
    Filters,
    Row,
    document_values,
    facet_delta,
    score_sql,
    select_list,
    selected_values,
    split_filters,
)
from td2035.search.docno import SPACE, docno
from td2035.search.documents import OrganizationDocument
from td2035.search.plan import Plan

LEVELS = 8  # leading docno ranges of 1/2 ... 1/256 of the documents
PREFIX_LENGTHS = (2, 3, 4)
MAX_EXPANSION = 64
TARGET = 1.5  # read the shards expected to hold this many times the matches wanted
_INSERT_COLUMNS = (
    "docno",
    "org_id",
    "name_sort",
    "created_at",
    "kind",
    "sector",
    "subsector",
    "size",
    "municipality",
    "verified",
    "networks",
    "certifications",
    "name_terms",
)
_CONTAINS = "(strpos(' ' || name_terms || ' ', %s) > 0)::int"
_LENGTH = "char_length(name_terms)"


def range_tags(number: int) -> list[str]:
    """ "_rL" for every level L whose leading range, the first 1/2**L of all docnos, holds this one."""
    return [f"_r{level}" for level in range(1, LEVELS + 1) if number < SPACE >> level]


def range_level(limit: int, expected: float) -> int:
    """The smallest leading range (level) expected to hold TARGET times `limit` matches; 0 = all."""
    share = TARGET * limit / max(expected, 1.0)
    return 0 if share >= 1 else min(LEVELS, int(math.log2(1 / share)))


def tsvector_literal(words: Sequence[str], tags: Sequence[str]) -> str:
    """The lexemes of a document: its words, "~pla" for every 2-4 letter start of a word (a typed
    prefix is then one lexeme of the GIN index, where 'pla':* would read and merge the posting lists
    of every word it starts), and its tags. The three kinds never collide."""
    unique = set(words)
    starts = {t[:n] for t in unique for n in PREFIX_LENGTHS if len(t) >= n}
    return "'" + "' '".join([*unique, *(f"~{p}" for p in starts), *tags]) + "'"


def tsquery_literal(plan: Plan, expansion: Sequence[str] | None = None) -> str:
    """`expansion`: the terms a prefix longer than 4 letters starts, or None for a native prefix query."""
    parts = [f"'{t}'" for t in plan.terms]
    if plan.prefix and len(plan.prefix) <= PREFIX_LENGTHS[-1]:
        parts.append(f"'~{plan.prefix}'")
    elif expansion:
        parts.append("(" + " | ".join(f"'{t}'" for t in expansion) + ")")
    elif plan.prefix:
        parts.append(f"'{plan.prefix}':*" if expansion is None else f"'{plan.prefix}'")
    parts += ["(" + " | ".join(f"'{t}'" for t in tags) + ")" for _facet, tags in plan.filters]
    return " & ".join(parts)


class PostgresBackend(Backend):
    vendor = "postgresql"

    def __init__(self) -> None:
        self._expansions: dict[str, list[str] | None] = {}
        self._counts: dict[tuple[str, str], int] | None = None

    def upsert(self, docs: list[OrganizationDocument]) -> None:
        if not docs:
            return
        values = sorted(
            (document_values(d) for d in {d.id: d for d in docs}.values()), key=lambda v: v["docno"]
        )
        rows: list[tuple[Any, ...]] = []
        vocabulary: set[str] = set()
        for v in values:
            tags = [*v["tags"], *range_tags(v["docno"])]
            words = [*v["name_terms"], *v["body_terms"]]
            vocabulary.update(words)
            rows.append(
                (
                    *(v[c] for c in _INSERT_COLUMNS[:-1]),
                    " ".join(v["name_terms"]),
                    tsvector_literal(words, tags),
                    tsvector_literal(v["name_terms"], tags),
                )
            )
        with transaction.atomic(), connection.cursor() as cur:
            old = self._delete(cur, [v["docno"] for v in values])
            columns = ", ".join((*_INSERT_COLUMNS, "tsv", "name_tsv"))
            with cur.cursor.copy(f"COPY search_document ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cur.execute(
                "INSERT INTO search_term (term) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
                [sorted(vocabulary)],
            )
            self._count(cur, facet_delta(docs, old))

    def remove(self, org_ids: list[int]) -> None:
        with transaction.atomic(), connection.cursor() as cur:
            old = self._delete(cur, [docno(i) for i in org_ids])
            self._count(cur, facet_delta([], old))

    def clear(self) -> None:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("TRUNCATE search_document, search_facet_count, search_term")

    def optimize(self) -> None:
        """Cluster on docno (a shard's rows then share pages) and refresh the planner's statistics.
        CLUSTER locks the table while it rewrites it: run it after bulk loads, not under traffic."""
        with connection.cursor() as cur:
            cur.execute("CLUSTER search_document USING search_document_pkey")
            if connection.in_atomic_block:  # VACUUM cannot run in a transaction
                cur.execute("ANALYZE search_document")
            else:
                cur.execute("VACUUM ANALYZE search_document")

    def _delete(self, cur: Any, docnos: list[int]) -> list[tuple[Any, ...]]:
        if not docnos:
            return []
        cur.execute(
            f"DELETE FROM search_document WHERE docno = ANY(%s) RETURNING {', '.join(FACET_COLUMNS)}",  # noqa: S608
            [docnos],
        )
        return list(cur.fetchall())

    def _count(self, cur: Any, delta: dict[tuple[str, str], int]) -> None:
        if not delta:
            return
        cur.executemany(
            "INSERT INTO search_facet_count (facet, value, n) VALUES (%s, %s, %s) "
            "ON CONFLICT (facet, value) DO UPDATE SET n = search_facet_count.n + excluded.n",
            [(facet, value, n) for (facet, value), n in delta.items()],
        )
        cur.execute("DELETE FROM search_facet_count WHERE n <= 0")

    def matches(
        self, plan: Plan, *, limit: int | None, name_only: bool = False, columns: str = ALL
    ) -> list[Row]:
        column = "name_tsv" if name_only else "tsv"
        in_index, on_row = split_filters(plan, self.facet_counts())
        query = self._tsquery(replace(plan, filters=in_index))
        condition, params = self._row_condition(on_row)
        if limit is None:
            return self._select(plan, column, query, condition, params, None, columns)
        level = range_level(limit, self._planner_rows(column, query, condition, params))
        while True:
            restricted = f"{query} & '_r{level}'" if level else query
            rows = self._select(plan, column, restricted, condition, params, limit, columns)
            if len(rows) >= limit or not level:
                return rows
            level = max(0, level - 2)

    def _row_condition(self, filters: Filters) -> tuple[str, list[Any]]:
        """SQL testing these filters on the row's own columns, and its parameters."""
        counts = self.facet_counts()
        conditions, params = ["true"], []
        for facet, tags in filters:
            values = selected_values(counts, facet, tags)
            if facet in ("network", "certification"):
                column = "networks" if facet == "network" else "certifications"
                conditions.append(f"string_to_array({column}, ' ') && %s::text[]")
            elif facet == "verified":
                conditions.append("verified = ANY(%s::smallint[])")
                values = [int(v) for v in values]  # type: ignore[misc]
            else:
                conditions.append(f"{facet} = ANY(%s::text[])")
            params.append(values)
        return " AND ".join(conditions), params

    def _tsquery(self, plan: Plan) -> str:
        return tsquery_literal(plan, self._expand(plan.prefix))

    def _expand(self, prefix: str) -> list[str] | None:
        """Terms starting with a prefix longer than the prefix tokens ([] if none; None if too many)."""
        if len(prefix) <= PREFIX_LENGTHS[-1]:
            return None
        if prefix not in self._expansions:
            upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            with connection.cursor() as cur:
                cur.execute(
                    "SELECT term FROM search_term WHERE term >= %s AND term < %s LIMIT %s",
                    [prefix, upper, MAX_EXPANSION + 1],
                )
                rows = cur.fetchall()
            self._expansions[prefix] = [r[0] for r in rows] if len(rows) <= MAX_EXPANSION else None
        return self._expansions[prefix]

    def _planner_rows(self, column: str, query: str, condition: str, params: list[Any]) -> float:
        with connection.cursor() as cur:
            cur.execute(
                f"EXPLAIN (FORMAT JSON) SELECT 1 FROM search_document "  # noqa: S608
                f"WHERE {column} @@ %s::tsquery AND {condition}",
                [query, *params],
            )
            plan = cur.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return float(plan[0]["Plan"]["Plan Rows"])

    def _select(
        self,
        plan: Plan,
        column: str,
        query: str,
        condition: str,
        condition_params: list[Any],
        limit: int | None,
        columns: str,
    ) -> list[Row]:
        """Matches in docno order through the GIN index (a bitmap scan: never a walk of the primary key
        testing every row, nor a sequential scan)."""
        score, score_params = score_sql(plan, _CONTAINS, _LENGTH)
        if columns not in (ALL, RANKING) or not plan.has_text:
            score, score_params = "0.0", []
        sql = (
            f"SELECT {select_list(columns, score)} FROM search_document "  # noqa: S608
            f"WHERE {column} @@ %s::tsquery AND {condition} ORDER BY docno"
        )
        params: list[Any] = [*score_params, query, *condition_params]
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        with transaction.atomic(), connection.cursor() as cur:
            # Until the end of the transaction (the request's, or a test's): plans only, never results.
            cur.execute("SET LOCAL enable_indexscan = off; SET LOCAL enable_seqscan = off")
            cur.execute(sql, params)
            return list(cur.fetchall())

    def sorted_matches(
        self, plan: Plan, *, offset: int, limit: int, estimate: int, documents: int
    ) -> list[Row]:
        """The planner walks the name or date index, testing each row, when matches are many, and
        sorts the matches found through GIN when they are few."""
        order = "created_at DESC, docno DESC" if plan.sort == "newest" else "name_sort, docno"
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT {select_list(RANKING, '0.0')} FROM search_document WHERE tsv @@ %s::tsquery "  # noqa: S608
                f"ORDER BY {order} LIMIT %s OFFSET %s",
                [self._tsquery(plan), limit, offset],
            )
            return list(cur.fetchall())

    def everything(self, sort: str, offset: int, limit: int) -> list[int]:
        order = "created_at DESC, docno DESC" if sort == "newest" else "name_sort, docno"
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT org_id FROM search_document ORDER BY {order} LIMIT %s OFFSET %s",  # noqa: S608
                [limit, offset],
            )
            return [r[0] for r in cur.fetchall()]

    def facet_counts(self) -> dict[tuple[str, str], int]:
        if self._counts is not None:  # read once per search (a backend lives for one)
            return self._counts
        with connection.cursor() as cur:
            cur.execute("SELECT facet, value, n FROM search_facet_count")
            counts = {(f, v): int(n) for f, v, n in cur.fetchall()}
        counts.setdefault((TOTAL, ""), 0)
        self._counts = counts
        return counts
