"""Reads from the search index: one entry point, the same contract and the same ranking on SQLite and
PostgreSQL.

How a query is answered, and why it stays fast on a million organisations:

* **Window.** The backend reads at most WINDOW+1 matches in docno order, straight from the full-text
  index, scoring only those (no bm25/ts_rank over every match). Docnos scramble the organisation ids
  (docno.py), so the first matches in docno order are a fair random sample of all the matches.
* **Narrow queries (≤ WINDOW matches)** are answered exactly: every match was read; it is sorted,
  counted and its facets tallied in Python.
* **Broad queries (> WINDOW matches, e.g. "servicios" or "pla" as typed)**:
  - total: the window ends at docno d after WINDOW+1 matches, i.e. after a share d/SPACE of all
    documents, so total ≈ (WINDOW+1)·SPACE/d (standard error 1/√WINDOW ≈ 4.5 %; at 1M documents the
    bench's common words came within 8 %), flagged `total_is_estimate` (exact when
    the only condition is one single-valued facet: the maintained counts say it);
  - facets: the window's counts scaled to the total, flagged `facets_are_estimates` (about ±15 % for
    a value held by a tenth of the matches); values too rare to appear in the window are missing
    (filtering on them still works, exactly). The counts of a facet whose own filter is lifted come
    from a window of FACET_WINDOW, exact below that;
  - relevance: a second, small index of names gives up to NAME_WINDOW matches whose *name* contains
    every word. When they all fit, the top of the ranking is exact (name matches outrank body
    matches); otherwise it is the best of that many random name matches, then of the window. At most
    MAX_BROAD_RESULTS results (50 pages) can be paged through;
  - name/newest sorts are exact: the backend walks its sort index (sorted_matches).
* **No text, no filter** reads counts maintained on every write (search_facet_count) and one page of
  the name or date index.

Facets are disjunctive: the counts of a facet ignore that facet's own filter (and only it), so that a
visitor who picked one municipality still sees how many results the others would add.

Relevance (backends.base.score_sql, computed by the database on the rows read): each query word found
in the name counts 10 (8 when only a typed prefix of a name word) damped by the name's length, each
word found only in the body counts 1; ties by name.
"""

from collections import Counter
from collections.abc import Iterable
from operator import itemgetter

from td2035.search.backends import get_backend
from td2035.search.backends.base import (
    CREATED,
    MULTI_VALUED,
    NAME,
    NEG_SCORE,
    RANKING,
    SINGLE_VALUED,
    TOTAL,
    Backend,
    Row,
    Window,
)
from td2035.search.docno import SPACE, org_id
from td2035.search.documents import FACETS, OrganizationQuery, SearchResult
from td2035.search.plan import Plan, build_plan, tag

WINDOW = 500  # matches read in docno order: up to this many, answers are exact; beyond, a sample
FACET_WINDOW = 300  # the same for the counts of a facet whose own filter is lifted
NAME_WINDOW = 300  # name matches read to rank a broad query
MAX_BROAD_RESULTS = 1000


def search_organizations(query: OrganizationQuery) -> SearchResult:
    """A page of organisation ids, best first, with the total and facet counts for the query."""
    return _Search(build_plan(query), get_backend()).run()


class _Search:
    def __init__(self, plan: Plan, backend: Backend) -> None:
        self.plan = plan
        self.backend = backend
        self.facets_are_estimates = False

    @property
    def counts(self) -> dict[tuple[str, str], int]:
        return self.backend.facet_counts()

    def run(self) -> SearchResult:
        plan = self.plan
        if plan.is_everything:
            return self._everything()
        window = self.backend.window(plan, WINDOW)
        if window.exact:
            rows = window.rows
            page = _ordered(rows, plan)[plan.offset : plan.offset + plan.limit]
            result = SearchResult(ids=_ids(page), total=len(rows))
            if plan.with_facets:
                result.facets = self._facets(_count(rows, FACETS), 1.0)
                result.facets_are_estimates = self.facets_are_estimates
            return result
        total, exact = self._estimate(plan, window)
        sample = window.rows
        result = SearchResult(ids=_ids(self._broad_page(sample, total)), total=total)
        result.total_is_estimate = not exact
        if plan.with_facets:
            result.facets = self._facets(_count(sample, FACETS), total / len(sample))
            result.facets_are_estimates = True
        return result

    def _everything(self) -> SearchResult:
        total = self.counts[(TOTAL, "")]
        plan = self.plan
        ids = self.backend.everything(plan.sort, plan.offset, plan.limit) if plan.offset < total else []
        result = SearchResult(ids=ids, total=total)
        if plan.with_facets:
            result.facets = {facet: self._maintained(facet) for facet in FACETS}
        return result

    def _maintained(self, facet: str) -> dict[str, int]:
        return {value: n for (f, value), n in self.counts.items() if f == facet}

    def _estimate(self, plan: Plan, window: Window) -> tuple[int, bool]:
        """(total, exact?) of a query with more matches than the window."""
        documents = self.counts[(TOTAL, "")]
        if not plan.has_text and len(plan.filters) == 1 and plan.filters[0][0] in SINGLE_VALUED:
            facet = plan.filters[0][0]  # one single-valued facet: the maintained counts are exact
            wanted = set(_tags_values(plan, facet, self._maintained(facet)))
            return sum(self._maintained(facet)[v] for v in wanted), True
        estimate = window.count * SPACE // (window.last + 1)
        return max(window.count, min(estimate, documents)), False

    def _broad_page(self, sample: list[Row], total: int) -> list[Row]:
        plan = self.plan
        if plan.offset + plan.limit > MAX_BROAD_RESULTS:
            return []
        if plan.sort in ("name", "newest") or not plan.has_text:
            return self.backend.sorted_matches(
                plan,
                offset=plan.offset,
                limit=plan.limit,
                estimate=total,
                documents=self.counts[(TOTAL, "")],
            )
        named = self.backend.matches(plan, limit=NAME_WINDOW, name_only=True, columns=RANKING)
        seen = {r[0] for r in named}
        candidates = named + [r for r in sample if r[0] not in seen]
        needed = plan.offset + plan.limit
        if len(candidates) < needed:  # a deep page: rank more matches than the sample
            more = self.backend.matches(plan, limit=needed + len(named), columns=RANKING)
            candidates = named + [r for r in more if r[0] not in seen]
        return _ordered(candidates, plan)[plan.offset : plan.offset + plan.limit]

    def _facets(self, counts: dict[str, dict[str, int]], scale: float) -> dict[str, dict[str, int]]:
        """Facet counts for the query, each facet with its own filter lifted."""
        facets = {f: _scaled(values, scale) for f, values in counts.items()}
        for facet in self.plan.active_facets():
            wider = self.plan.without(facet)
            if wider.is_everything:
                facets[facet] = self._maintained(facet)
                continue
            window = self.backend.window(wider, FACET_WINDOW, columns=facet)
            tally = _count(window.rows, (facet,))[facet]
            if window.exact:
                facets[facet] = tally
            else:
                wider_total, _exact = self._estimate(wider, window)
                facets[facet] = _scaled(tally, wider_total / len(window.rows))
                self.facets_are_estimates = True
        return facets


def _tags_values(plan: Plan, facet: str, values: Iterable[str]) -> Iterable[str]:
    """The stored values of a facet selected by the plan's tags for it."""
    tags = dict(plan.filters)[facet]
    return [v for v in values if tag(facet, v) in tags]


def _ids(rows: list[Row]) -> list[int]:
    return [org_id(r[0]) for r in rows]


def _scaled(values: dict[str, int], scale: float) -> dict[str, int]:
    if scale == 1.0:
        return values
    return {v: max(1, round(n * scale)) for v, n in values.items()}


_RELEVANCE = itemgetter(NEG_SCORE, NAME, 0)
_BY_NAME = itemgetter(NAME, 0)


def _ordered(rows: list[Row], plan: Plan) -> list[Row]:
    if plan.sort == "newest":
        return sorted(rows, key=lambda r: (-r[CREATED], -r[0]))
    return sorted(rows, key=_RELEVANCE if plan.sort == "relevance" and plan.has_text else _BY_NAME)


def _count(rows: list[Row], facets: Iterable[str]) -> dict[str, dict[str, int]]:
    result: dict[str, dict[str, int]] = {}
    for facet in facets:
        if facet in SINGLE_VALUED:
            counter = Counter(map(itemgetter(SINGLE_VALUED[facet]), rows))
            counter.pop("", None)
            result[facet] = {str(v): n for v, n in counter.items()}
        else:
            column = MULTI_VALUED[facet]
            counter = Counter()
            for value in filter(None, map(itemgetter(column), rows)):
                counter.update(value.split())
            result[facet] = dict(counter)
    return result


# --- Reads for other apps' ranking (matching): samples and word statistics of the index ---------------


def sample_organizations(query: OrganizationQuery, limit: int) -> list[int]:
    """Up to `limit` ids matching a query, in docno order (a scrambled, stable sample; see docno.py),
    without ranking, totals or facets: the cheap way to draw candidates from a filter."""
    rows = get_backend().matches(build_plan(query), limit=limit, columns="verified")
    return [org_id(row[0]) for row in rows]


def indexed_document_count() -> int:
    return get_backend().facet_counts().get((TOTAL, ""), 0)


def document_frequency(term: str, *, window: int, total: int) -> int:
    """How many indexed organisations hold one (folded, stemmed) term: exact up to `window` matches,
    estimated from the docno position of the window's last match above it."""
    plan = Plan(terms=(term,), prefix="", filters=(), sort="relevance", offset=0, limit=1, with_facets=False)
    found = get_backend().window(plan, window, columns="verified")
    return len(found.rows) if found.exact else min(total, found.count * SPACE // (found.last + 1))
