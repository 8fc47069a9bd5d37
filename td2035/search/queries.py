"""Reads from the search index: one entry point, the same contract on SQLite and PostgreSQL."""

from collections import Counter
from collections.abc import Iterable

from td2035.search.backends import get_backend
from td2035.search.backends.base import (
    CREATED,
    MULTI_VALUED,
    NAME,
    SCORE,
    SINGLE_VALUED,
    TOTAL,
    Backend,
    Row,
)
from td2035.search.docno import org_id
from td2035.search.documents import FACETS, OrganizationQuery, SearchResult
from td2035.search.plan import Plan, build_plan


def search_organizations(query: OrganizationQuery) -> SearchResult:
    """A page of organisation ids, best first, with the total and facet counts for the query.

    Facets are disjunctive: the counts of a facet ignore that facet's own filter (and only it), so
    that a visitor who picked one municipality still sees how many results the others would add.
    """
    plan = build_plan(query)
    backend = get_backend()
    if plan.is_everything:
        return _everything(backend, plan)
    rows = backend.matches(plan, limit=None)
    ordered = _ordered(rows, plan)
    ids = [org_id(r[0]) for r in ordered[plan.offset : plan.offset + plan.limit]]
    result = SearchResult(ids=ids, total=len(rows))
    if plan.with_facets:
        result.facets = _facets(backend, plan, rows)
    return result


def _everything(backend: Backend, plan: Plan) -> SearchResult:
    counts = backend.facet_counts()
    total = counts[(TOTAL, "")]
    ids = backend.everything(plan.sort, plan.offset, plan.limit) if plan.offset < total else []
    result = SearchResult(ids=ids, total=total)
    if plan.with_facets:
        result.facets = {facet: {} for facet in FACETS}
        for (facet, value), n in counts.items():
            if facet in result.facets:
                result.facets[facet][value] = n
    return result


def _ordered(rows: list[Row], plan: Plan) -> list[Row]:
    if plan.sort == "newest":
        return sorted(rows, key=lambda r: (-r[CREATED], -org_id(r[0])))
    if plan.sort == "relevance" and plan.has_text:
        return sorted(rows, key=lambda r: (-r[SCORE], r[NAME], r[0]))
    return sorted(rows, key=lambda r: (r[NAME], r[0]))


def _facets(backend: Backend, plan: Plan, rows: list[Row]) -> dict[str, dict[str, int]]:
    facets = _count(rows, FACETS)
    for facet in plan.active_facets():
        wider = plan.without(facet)
        if wider.is_everything:
            counts = backend.facet_counts()
            facets[facet] = {v: n for (f, v), n in counts.items() if f == facet}
        else:
            facets[facet] = _count(backend.matches(wider, limit=None), (facet,))[facet]
    return facets


def _count(rows: Iterable[Row], facets: Iterable[str]) -> dict[str, dict[str, int]]:
    result: dict[str, dict[str, int]] = {}
    for facet in facets:
        counter: Counter[str] = Counter()
        if facet in SINGLE_VALUED:
            column = SINGLE_VALUED[facet]
            counter.update(str(r[column]) for r in rows if r[column] != "")
        else:
            column = MULTI_VALUED[facet]
            for r in rows:
                counter.update(r[column].split())
        result[facet] = dict(counter)
    return result
