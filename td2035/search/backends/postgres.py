"""PostgreSQL: one row per document with a tsvector and a GIN index.

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

from td2035.search.backends.base import FACET_COLUMNS, TOTAL, Backend, Row, document_values, facet_delta
from td2035.search.docno import docno
from td2035.search.documents import OrganizationDocument
from td2035.search.plan import Plan

# ts_rank weights for {D, C, B, A}: tags (D) count for nothing, the name (A) ten times the body (B).
RANK_WEIGHTS = "{0, 0, 0.1, 1}"
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
)


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


def rank_query(plan: Plan) -> str:
    """Ranking looks at words only, any of them (ts_rank's OR form adds up each word's weight)."""
    words = [f"'{t}'" for t in plan.terms] + ([f"'{plan.prefix}':*"] if plan.prefix else [])
    return " | ".join(words)


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
                        *(v[c] for c in _INSERT_COLUMNS),
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

    def matches(self, plan: Plan, *, limit: int | None, name_only: bool = False) -> list[Row]:
        rank = f"ts_rank('{RANK_WEIGHTS}', tsv, %s::tsquery, 1)" if plan.has_text else "0.0"
        params: list[Any] = [rank_query(plan)] if plan.has_text else []
        sql = (
            f"SELECT docno, {rank}, name_sort, created_at, {', '.join(FACET_COLUMNS)} "  # noqa: S608
            "FROM search_document WHERE tsv @@ %s::tsquery ORDER BY docno"
        )
        params.append(tsquery_literal(plan, name_only=name_only))
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        with connection.cursor() as cur:
            cur.execute(sql, params)
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
