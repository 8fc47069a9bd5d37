"""Turn an OrganizationQuery into a backend-neutral plan: sanitised terms and facet filters as tags.

Every value that reaches SQL text is built here from `[0-9a-zñ_]` only, so quotes, `*`, `NEAR`,
parentheses, HTML or NUL bytes in the input can never change the meaning of a full-text expression.
"""

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from td2035.core.text import STOPWORDS, fold, stem
from td2035.search.documents import FACETS, OrganizationDocument, OrganizationQuery, Sort

MAX_TEXT = 500  # characters of the query that are looked at
MAX_TERMS = 8
MIN_PREFIX = 2  # a one-letter prefix would match nearly everything; it is matched as a whole word

_WORD = re.compile(r"[0-9a-zñ]+")
_UNSAFE = re.compile(r"[^0-9a-z]")

# One letter per facet; a tag is "_" + letter + value, a token no text word can produce.
TAG_LETTERS = {
    "kind": "k",
    "sector": "s",
    "subsector": "u",
    "size": "z",
    "municipality": "m",
    "network": "n",
    "certification": "c",
    "verified": "v",
}
assert set(TAG_LETTERS) == set(FACETS)


@lru_cache(maxsize=8192)
def tag(facet: str, value: str) -> str:
    return f"_{TAG_LETTERS[facet]}{_UNSAFE.sub('_', fold(value))}"


def document_facets(doc: OrganizationDocument) -> dict[str, tuple[str, ...]]:
    """The facet values of a document, as the strings SearchResult.facets uses."""
    return {
        "kind": (doc.kind,) if doc.kind else (),
        "sector": (doc.sector,) if doc.sector else (),
        "subsector": (doc.subsector,) if doc.subsector else (),
        "size": (doc.size,) if doc.size else (),
        "municipality": (doc.municipality,) if doc.municipality else (),
        "network": tuple(str(i) for i in dict.fromkeys(doc.network_ids)),
        "certification": tuple(str(i) for i in dict.fromkeys(doc.certification_ids)),
        "verified": ("1" if doc.is_verified else "0",),
    }


def document_tags(doc: OrganizationDocument) -> list[str]:
    return [tag(facet, value) for facet, values in document_facets(doc).items() for value in values]


@dataclass(frozen=True)
class Plan:
    terms: tuple[str, ...]  # whole stemmed terms, all required
    prefix: str  # the last word as typed (stemmed), matched as a prefix; "" if none
    filters: tuple[tuple[str, tuple[str, ...]], ...]  # (facet, tags): AND between facets, OR within
    sort: Sort
    offset: int
    limit: int
    with_facets: bool

    @property
    def has_text(self) -> bool:
        return bool(self.terms or self.prefix)

    @property
    def is_everything(self) -> bool:
        return not self.has_text and not self.filters

    def without(self, facet: str) -> "Plan":
        return replace(self, filters=tuple(f for f in self.filters if f[0] != facet))

    def active_facets(self) -> tuple[str, ...]:
        return tuple(f for f, _tags in self.filters)

    def cache_key(self) -> str:
        return repr((self.terms, self.prefix, self.filters))


def text_terms(text: str) -> tuple[tuple[str, ...], str]:
    """(whole terms, prefix) of a query as typed. The last word is a prefix unless followed by a space;
    it is kept even when it is a stop word ("con" may be the start of "construcción")."""
    folded = fold(text[:MAX_TEXT])
    words = _WORD.findall(folded)
    if not words:
        return (), ""
    typing = not folded[-1].isspace() and _WORD.fullmatch(folded[-1]) is not None
    head = words[:-1] if typing else words
    terms = list(dict.fromkeys(stem(w) for w in head if w not in STOPWORDS))
    prefix = ""
    if typing:
        last = words[-1]
        if len(last) < MIN_PREFIX:
            if last not in STOPWORDS:
                terms.append(last)
        else:
            prefix = last if last in STOPWORDS else stem(last)
    terms = terms[:MAX_TERMS]
    if prefix in terms:
        terms.remove(prefix)
    return tuple(terms), prefix


def _int(value: object, default: int) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        return default


def build_plan(query: OrganizationQuery) -> Plan:
    terms, prefix = text_terms(query.text if isinstance(query.text, str) else "")
    wanted: dict[str, tuple[str, ...]] = {
        "kind": query.kinds,
        "sector": query.sectors,
        "subsector": query.subsectors,
        "size": query.sizes,
        "municipality": query.municipalities,
        "network": tuple(str(i) for i in query.network_ids),
        "certification": tuple(str(i) for i in query.certification_ids),
        "verified": () if query.verified is None else ("1" if query.verified else "0",),
    }
    filters = tuple(
        (facet, tuple(dict.fromkeys(tag(facet, str(v)) for v in values[:200] if str(v))))
        for facet, values in wanted.items()
        if any(str(v) for v in values)
    )
    page_size = min(max(_int(query.page_size, 20), 1), 100)
    page = min(max(_int(query.page, 1), 1), 10**9)
    return Plan(
        terms=terms,
        prefix=prefix,
        filters=filters,
        sort=query.sort if query.sort in ("relevance", "name", "newest") else "relevance",
        offset=(page - 1) * page_size,
        limit=page_size,
        with_facets=query.with_facets,
    )
