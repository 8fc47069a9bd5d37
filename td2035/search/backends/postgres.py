"""PostgreSQL: one row per document with a tsvector and a GIN index. Ranking is done by the engine
(queries.py) from name_terms, the same way as on SQLite.

The tsvector is written as a literal from the terms that text.py produced (the same folding and
stemming as SQLite), name terms with weight A, body terms with weight B, facet tags without position.
No text search configuration parses it: PostgreSQL's Spanish snowball stemmer would disagree with the
SQLite index ("fabricación" -> "fabric") and break prefix matching as typed ("fabricaci" no longer
finds it); unaccent is not needed because text is already folded. Both are installed by the
migration for ad-hoc use.
"""

from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction

from td2035.search.backends.base import (
    FACET_COLUMNS,
    TOTAL,
    Backend,
    Row,
    document_values,
    facet_delta,
    score_sql,
)
from td2035.search.docno import docno
from td2035.search.documents import OrganizationDocument
from td2035.search.plan import Plan

MAX_POSITION = 16383
MAX_POSITIONS_PER_LEXEME = 256
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
_REST = "name_sort, created_at, " + ", ".join(FACET_COLUMNS)
_CONTAINS = "(strpos(' ' || name_terms || ' ', %s) > 0)::int"
_LENGTH = "char_length(name_terms)"


def tsvector_literal(name_terms: Sequence[str], body_terms: Sequence[str], tags: Sequence[str]) -> str:
    positions: dict[str, list[str]] = {}
    for pos, term in enumerate(name_terms, start=1):
        positions.setdefault(term, []).append(f"{min(pos, MAX_POSITION)}A")
    start = len(name_terms) + 1
    for pos, term in enumerate(body_terms, start=start):
        positions.setdefault(term, []).append(f"{min(pos, MAX_POSITION)}B")
    parts = [f"'{t}':{','.join(p[:MAX_POSITIONS_PER_LEXEME])}" for t, p in positions.items()]
    parts += [f"'{t}'" for t in dict.fromkeys(tags) if t not in positions]
    return " ".join(parts)


def tsquery_literal(plan: Plan, *, name_only: bool = False, with_filters: bool = True) -> str:
    weight = "A" if name_only else ""
    words = [f"'{t}'{':' + weight if weight else ''}" for t in plan.terms]
    if plan.prefix:
        words.append(f"'{plan.prefix}':*{weight}")
    parts = list(words)
    if with_filters:
        parts += ["(" + " | ".join(f"'{t}'" for t in tags) + ")" for _facet, tags in plan.filters]
    return " & ".join(parts)


class PostgresBackend(Backend):
    vendor = "postgresql"

    def upsert(self, docs: list[OrganizationDocument]) -> None:
        if not docs:
            return
        docs = list({d.id: d for d in docs}.values())
        values = [document_values(d) for d in docs]
        with transaction.atomic(), connection.cursor() as cur:
            old = self._delete(cur, [v["docno"] for v in values])
            cur.executemany(
                f"INSERT INTO search_document ({', '.join(_INSERT_COLUMNS)}, tsv) "  # noqa: S608
                f"VALUES ({', '.join(['%s'] * len(_INSERT_COLUMNS))}, %s::tsvector)",
                [
                    (
                        *(v[c] for c in _INSERT_COLUMNS[:-1]),
                        " ".join(v["name_terms"]),
                        tsvector_literal(v["name_terms"], v["body_terms"], v["tags"]),
                    )
                    for v in values
                ],
            )
            self._count(cur, facet_delta(docs, old))

    def remove(self, org_ids: list[int]) -> None:
        with transaction.atomic(), connection.cursor() as cur:
            old = self._delete(cur, [docno(i) for i in org_ids])
            self._count(cur, facet_delta([], old))

    def clear(self) -> None:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("TRUNCATE search_document, search_facet_count")

    def optimize(self) -> None:
        if connection.in_atomic_block:  # VACUUM cannot run in a transaction
            with connection.cursor() as cur:
                cur.execute("ANALYZE search_document")
            return
        with connection.cursor() as cur:
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

    def probe(self, plan: Plan, limit: int) -> tuple[int, int]:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT count(*), max(docno) FROM (SELECT docno FROM search_document "
                "WHERE tsv @@ %s::tsquery ORDER BY docno LIMIT %s) AS probe",
                [tsquery_literal(plan), limit],
            )
            count, last = cur.fetchone()
        return count, last or 0

    def matches(
        self, plan: Plan, *, limit: int | None, name_only: bool = False, ranking_only: bool = False
    ) -> list[Row]:
        score, text_params = score_sql(plan, _CONTAINS, _LENGTH)
        params: list[Any] = list(text_params)
        columns = "name_sort, created_at" if ranking_only else _REST
        sql = (
            f"SELECT docno, {score}, {columns} FROM search_document "  # noqa: S608
            "WHERE tsv @@ %s::tsquery ORDER BY docno"
        )
        params.append(tsquery_literal(plan, name_only=name_only))
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return list(cur.fetchall())

    def sorted_matches(
        self, plan: Plan, *, offset: int, limit: int, estimate: int, documents: int
    ) -> list[Row]:
        order = "created_at DESC, docno DESC" if plan.sort == "newest" else "name_sort, docno"
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT docno, 0.0, {_REST} FROM search_document WHERE tsv @@ %s::tsquery "  # noqa: S608
                f"ORDER BY {order} LIMIT %s OFFSET %s",
                [tsquery_literal(plan), limit, offset],
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
        with connection.cursor() as cur:
            cur.execute("SELECT facet, value, n FROM search_facet_count")
            counts = {(f, v): int(n) for f, v, n in cur.fetchall()}
        counts.setdefault((TOTAL, ""), 0)
        return counts
