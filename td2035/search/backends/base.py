"""What both backends share: the document row layout, facet bookkeeping and the interface."""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from td2035.core.text import fold, terms
from td2035.search.docno import docno
from td2035.search.documents import OrganizationDocument
from td2035.search.plan import Plan, document_facets, document_tags, tag

# A match as backends return it:
# (docno, -score, name_sort, created_at, kind, sector, subsector, size, municipality, verified,
#  networks, certifications). The score is negated so that sorting rows ascending on (1, 2, 0) is the
#  relevance order; networks/certifications are ids joined by spaces.
Row = tuple[Any, ...]
NEG_SCORE, NAME, CREATED = 1, 2, 3
FACET_COLUMNS = (
    "kind",
    "sector",
    "subsector",
    "size",
    "municipality",
    "verified",
    "networks",
    "certifications",
)
SINGLE_VALUED = {"kind": 4, "sector": 5, "subsector": 6, "size": 7, "municipality": 8, "verified": 9}
MULTI_VALUED = {"network": 10, "certification": 11}
TOTAL = "_total"  # the row of the facet-count table that holds the number of documents

# What a query reads of each row: everything, what ranking and sorting need, or one facet's column.
ALL, RANKING = "all", "ranking"


_FACET_COLUMN = {"network": "networks", "certification": "certifications"}


def select_list(columns: str, score: str, prefix: str = "") -> str:
    """The SELECT list of a Row. Columns not needed are constants (cheap), so the layout never changes;
    `columns` is ALL, RANKING (score, name and date) or the name of the one facet to read."""
    keys = f"{prefix}docno, {score}, {prefix}name_sort, {prefix}created_at, "
    if columns == ALL:
        return keys + ", ".join(prefix + c for c in FACET_COLUMNS)
    if columns == RANKING:
        return keys + ", ".join(["''"] * len(FACET_COLUMNS))
    wanted = _FACET_COLUMN.get(columns, columns)
    return f"{prefix}docno, 0.0, '', 0.0, " + ", ".join(
        prefix + c if c == wanted else "''" for c in FACET_COLUMNS
    )


def score_sql(plan: Plan, contains: str, length: str) -> tuple[str, list[str]]:
    """SQL for the negated relevance of a matching row, and its parameters.

    Each query word found whole in the name scores 10, the typed prefix 8 (10 if whole), damped by
    the name's length as D = 1 / (1 + (len + 2) / 60); each word found only in the body scores 1.
    Written as K + sum(hit_i * (points_i * D - 1)) with K the number of words, so each needle appears
    once. `contains` is the backend's SQL for "the padded name contains the parameter" as 0/1, and
    `length` the SQL for the length of the stored name terms.
    """
    words = len(plan.terms) + (1 if plan.prefix else 0)
    if not words:
        return "0.0", []
    damp = f"(1.0 / (1.0 + ({length} + 2) / 60.0))"
    parts = [f"{contains} * (10.0 * {damp} - 1.0)" for _t in plan.terms]
    params = [f" {t} " for t in plan.terms]
    if plan.prefix:
        parts += [f"{contains} * (8.0 * {damp} - 1.0)", f"{contains} * (2.0 * {damp})"]
        params += [f" {plan.prefix}", f" {plan.prefix} "]
    return f"-({words}.0 + {' + '.join(parts)})", params


MAX_NAME_TERMS = 64
MAX_BODY_TERMS = 2000  # keeps a pasted catalogue from bloating the index


def name_sort_key(name: str) -> str:
    return " ".join(fold(name).split())[:120]


def document_values(doc: OrganizationDocument) -> dict[str, Any]:
    """Column values of a document, backend-neutral."""
    return {
        "docno": docno(doc.id),
        "org_id": doc.id,
        "name_sort": name_sort_key(doc.name),
        "created_at": float(doc.created_at or 0.0),
        "kind": doc.kind,
        "sector": doc.sector,
        "subsector": doc.subsector,
        "size": doc.size,
        "municipality": doc.municipality,
        "verified": 1 if doc.is_verified else 0,
        "networks": " ".join(str(i) for i in dict.fromkeys(doc.network_ids)),
        "certifications": " ".join(str(i) for i in dict.fromkeys(doc.certification_ids)),
        "name_terms": terms(doc.name)[:MAX_NAME_TERMS],
        "body_terms": terms(doc.body)[:MAX_BODY_TERMS],
        "tags": document_tags(doc),
    }


def facet_delta(
    added: Iterable[OrganizationDocument], removed: Iterable[Sequence[Any]]
) -> Counter[tuple[str, str]]:
    """Changes to the per-value document counts. `removed` rows are
    (kind, sector, subsector, size, municipality, verified, networks, certifications)."""
    delta: Counter[tuple[str, str]] = Counter()
    for doc in added:
        delta[(TOTAL, "")] += 1
        for facet, values in document_facets(doc).items():
            for value in values:
                delta[(facet, value)] += 1
    for row in removed:
        delta[(TOTAL, "")] -= 1
        for facet, value in row_facets(row):
            delta[(facet, value)] -= 1
    return Counter({key: n for key, n in delta.items() if n})


def row_facets(row: Sequence[Any]) -> Iterable[tuple[str, str]]:
    """(facet, value) pairs of a stored row laid out as FACET_COLUMNS."""
    kind, sector, subsector, size, municipality, verified, networks, certifications = row
    for facet, value in (
        ("kind", kind),
        ("sector", sector),
        ("subsector", subsector),
        ("size", size),
        ("municipality", municipality),
    ):
        if value:
            yield facet, value
    yield "verified", "1" if verified else "0"
    for value in (networks or "").split():
        yield "network", value
    for value in (certifications or "").split():
        yield "certification", value


@dataclass
class Window:
    """The first matches of a query in docno order.

    exact: `rows` are all the matches (at most `size`). Otherwise `rows` are the first `size` matches
    in docno order, and `count` (size + 1) matches were seen among the documents whose docno is at
    most `last`, which is what the total is estimated from.
    """

    rows: list[Row]
    exact: bool
    count: int
    last: int


Filters = tuple[tuple[str, tuple[str, ...]], ...]
ROW_FILTER_SHARE = 0.25


def selected_values(counts: dict[tuple[str, str], int], facet: str, tags: Sequence[str]) -> list[str]:
    """The stored values of a facet that these tags select (values no document holds are left out)."""
    wanted = set(tags)
    return [v for (f, v) in counts if f == facet and tag(f, v) in wanted]


def split_filters(plan: Plan, counts: dict[tuple[str, str], int]) -> tuple[Filters, Filters]:
    """(filters for the full-text index, filters to test on each matching row).

    Intersecting a full-text doclist or posting list with a tag that most documents carry ("_zmicro",
    72 %) costs more than testing the rows the other conditions already found, so filters held by more
    than ROW_FILTER_SHARE of the documents go to the rows. The index always keeps one condition."""
    if not plan.filters:
        return (), ()
    total = max(counts.get((TOTAL, ""), 0), 1)
    shares = [
        sum(counts[(f, v)] for v in selected_values(counts, f, tags)) / total for f, tags in plan.filters
    ]
    in_index = [f for f, share in zip(plan.filters, shares, strict=True) if share <= ROW_FILTER_SHARE]
    if not in_index and not plan.has_text:
        in_index = [plan.filters[shares.index(min(shares))]]
    return tuple(in_index), tuple(f for f in plan.filters if f not in in_index)


class Backend:
    """The index primitives the query engine (queries.py) composes."""

    vendor = ""

    def upsert(self, docs: list[OrganizationDocument]) -> None:
        raise NotImplementedError

    def remove(self, org_ids: list[int]) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def optimize(self) -> None:
        raise NotImplementedError

    def window(self, plan: Plan, size: int, columns: str = ALL) -> Window:
        rows = self.matches(plan, limit=size + 1, columns=columns)
        return Window(rows[:size], len(rows) <= size, len(rows), rows[-1][0] if rows else 0)

    def matches(
        self, plan: Plan, *, limit: int | None, name_only: bool = False, columns: str = ALL
    ) -> list[Row]:
        """Rows matching the plan's text and filters, in docno order (a fair sample), at most `limit`.
        With name_only, every word must match the name. `columns`: see select_list."""
        raise NotImplementedError

    def sorted_matches(
        self, plan: Plan, *, offset: int, limit: int, estimate: int, documents: int
    ) -> list[Row]:
        """One page of the matches in name or newest order, for match sets too large to sort in Python.
        `estimate` (matches) and `documents` (index size) let the backend pick its strategy."""
        raise NotImplementedError

    def everything(self, sort: str, offset: int, limit: int) -> list[int]:
        """Org ids of one page of all documents, sorted by name or newest (no text, no filter)."""
        raise NotImplementedError

    def facet_counts(self) -> dict[tuple[str, str], int]:
        """The maintained per-value document counts over the whole index, TOTAL included."""
        raise NotImplementedError
