"""Reads of the matching layer: candidate generation through the search index and the facts the engine
needs, loaded in a few queries whatever the size of the directory.

Why it scales to a million organisations: nothing here scores every organisation. A need asks the
directory's search index (the same bounded windows as the directory page) a handful of questions: its
most specific words within the related SCIAN subsectors, the related subsectors near the delivery
municipality and overall, and its title's words in any sector. That yields at most a few hundred
candidate ids, whose facts come in three queries; only those are ranked by the engine.
"""

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import caches
from django.db import connection, models
from django.db.models import Q, QuerySet

from td2035.core.text import stem, words
from td2035.directory.models import Certification, Organization
from td2035.market.models import Listing, ListingKind, ListingStatus, Visibility
from td2035.market.queries import viewer_network_ids
from td2035.matching.engine import (
    CorpusStats,
    NeedSpec,
    Point,
    SupplierCandidate,
    default_value_chain,
    query_terms,
)
from td2035.reference.models import Municipality
from td2035.search.documents import OrganizationQuery
from td2035.search.queries import (
    document_frequency,
    indexed_document_count,
    sample_organizations,
    search_organizations,
)

PER_QUERY = 60  # ids asked of each search (at most the search page limit, 100)
PER_SAMPLE = 50  # ids read of each subsector sample
TERM_QUERIES = 2  # the need's most specific words, each one asked within the related subsectors
MAX_NEEDS = 2000  # open needs ranked for one organisation (the newest)
MAX_OFFERS = 300
DF_WINDOW = 200  # matches read to estimate how many documents hold a word (±7 % above this)
DF_TERMS = 16  # words of a need whose document frequency is looked up
DF_CACHE_SECONDS = 6 * 3600
DF_CACHE_MIN_DOCUMENTS = 10_000  # smaller directories are counted afresh every time (it is cheap)


# --- Needs and suppliers as the engine sees them ------------------------------------------------------


def municipality_points() -> dict[str, Point]:
    rows = Municipality.objects.values_list("cve_mun", "latitude", "longitude")
    return {cve: (lat, lon) for cve, lat, lon in rows}


def listing_text(listing: Listing) -> str:
    return "\n".join(
        filter(None, (listing.title, listing.description, listing.capabilities, listing.partner_profile))
    )


def need_spec(listing: Listing, points: dict[str, Point] | None = None) -> NeedSpec:
    """A need (or a collaboration call) as the engine sees it. Its place: the delivery municipality, else
    the publisher's own point or municipality."""
    points = municipality_points() if points is None else points
    org = listing.organization
    point: Point | None = points.get(listing.municipality_id or "")
    if point is None:
        point = _org_point(org.latitude, org.longitude, org.municipality_id, points)
    return NeedSpec(
        text=listing_text(listing),
        scian=listing.scian_id or "",
        buyer_scian=org.scian_id or "",
        certifications=tuple(str(c) for c in listing.certifications or ()),
        point=point,
        municipality=listing.municipality_id or org.municipality_id or "",
        id=listing.pk,
    )


def _org_point(
    lat: float | None, lon: float | None, cve: str | None, points: dict[str, Point]
) -> Point | None:
    if lat is not None and lon is not None:
        return (lat, lon)
    return points.get(cve or "")


COMPLETENESS_FIELDS = (
    "description_es",
    "products",
    "capabilities",
    "scian_id",
    "municipality_id",
    "website",
    "phone",
    "year_founded",
    "logo",
)
_FACT_FIELDS = (
    "id",
    "name",
    "description_es",
    "capabilities",
    "products",
    "scian_id",
    "latitude",
    "longitude",
    "municipality_id",
    "is_verified",
    "size",
    "website",
    "phone",
    "year_founded",
    "logo",
)


def supplier_candidates(
    ids: Sequence[int], points: dict[str, Point] | None = None
) -> list[SupplierCandidate]:
    """The engine's view of these organisations, in two queries (facts; activities and certifications)."""
    if not ids:
        return []
    points = municipality_points() if points is None else points
    rows, secondary, certs = _facts(list(ids))
    found = {}
    for row in rows:
        pk = row["id"]
        filled = sum(1 for f in COMPLETENESS_FIELDS if row[f]) + (1 if certs.get(pk) else 0)
        found[pk] = SupplierCandidate(
            id=pk,
            name=row["name"],
            description=row["description_es"],
            capabilities=row["capabilities"],
            products=row["products"],
            scian=tuple(c for c in (row["scian_id"], *sorted(secondary.get(pk, ()))) if c),
            certifications=tuple(sorted(certs.get(pk, ()))),
            point=_org_point(row["latitude"], row["longitude"], row["municipality_id"], points),
            municipality=row["municipality_id"] or "",
            verified=row["is_verified"],
            completeness=filled / (len(COMPLETENESS_FIELDS) + 1),
            size=row["size"] or "",
        )
    return [found[i] for i in ids if i in found]


def _facts(ids: list[int]) -> tuple[list[dict[str, Any]], dict[int, list[str]], dict[int, list[str]]]:
    """Organisation columns, secondary activities and certification names of these ids, in two
    plain SQL queries that take the ids as one parameter (building a 300-value IN list through the
    ORM costs more than running the query)."""
    org = Organization._meta.db_table
    scian_through = Organization.secondary_scian.through._meta.db_table
    cert_through = Organization.certifications.through._meta.db_table
    cert = Certification._meta.db_table
    columns = ", ".join(f"o.{_column(f)}" for f in _FACT_FIELDS)
    param: object
    if connection.vendor == "postgresql":
        among, param = "= ANY(%s)", list(ids)
    else:
        among, param = "IN (SELECT value FROM json_each(%s))", json.dumps(ids)
    with connection.cursor() as cur:
        cur.execute(f"SELECT {columns} FROM {org} o WHERE o.id {among}", [param])  # noqa: S608
        rows = [dict(zip(_FACT_FIELDS, r, strict=True)) for r in cur.fetchall()]
        cur.execute(
            f"SELECT organization_id, 's', sciancode_id FROM {scian_through} WHERE organization_id {among} "  # noqa: S608
            f"UNION ALL SELECT t.organization_id, 'c', c.name FROM {cert_through} t "
            f"JOIN {cert} c ON c.id = t.certification_id WHERE t.organization_id {among}",
            [param, param],
        )
        secondary: dict[int, list[str]] = defaultdict(list)
        certs: dict[int, list[str]] = defaultdict(list)
        for org_id, which, value in cur.fetchall():
            (secondary if which == "s" else certs)[org_id].append(value)
    return rows, secondary, certs


def _column(name: str) -> str:
    field = Organization._meta.get_field(name.removesuffix("_id"))
    assert isinstance(field, models.Field)
    return str(field.column)


def offer_candidate(offer: Listing, org: SupplierCandidate) -> SupplierCandidate:
    """An offer as a supplier: its own words, class and certifications on top of its publisher's facts."""
    return SupplierCandidate(
        id=offer.pk,
        name=offer.title,
        description=offer.description,
        capabilities=offer.capabilities,
        products="",
        scian=tuple(dict.fromkeys(c for c in (offer.scian_id, *org.scian) if c)),
        certifications=tuple(
            dict.fromkeys((*(str(c) for c in offer.certifications or ()), *org.certifications))
        ),
        point=org.point,
        municipality=org.municipality,
        verified=org.verified,
        completeness=org.completeness,
        size=org.size,
    )


# --- Candidate generation --------------------------------------------------------------------------------


def related_subsectors(need: NeedSpec) -> tuple[str, ...]:
    """The subsector of what is sought, and (when the need names no other goods) the subsectors its
    buyer's sector usually buys from (data/value_chain.csv)."""
    found = []
    if need.scian:
        found.append(need.scian[:3])
    buyer = need.buyer_scian if not need.scian or need.scian == need.buyer_scian else ""
    if buyer:
        found += [
            s[:3] for b, s in sorted(default_value_chain().links) if buyer.startswith(b) and len(s) >= 3
        ]
    return tuple(dict.fromkeys(found))


def specific_terms(listing_title: str, text: str, limit: int = TERM_QUERIES) -> list[str]:
    """The words to ask the index (as written, folded: the index stems them itself): the title's
    first, then the rest of the text, longest first (long words are the specific ones: "troquelado"
    says more than "pieza")."""
    title = _distinct_words(listing_title)
    rest = [w for w in _distinct_words(text) if stem(w) not in {stem(t) for t in title}]
    ordered = sorted(title, key=len, reverse=True) + sorted(rest, key=len, reverse=True)
    return [w for w in ordered if len(w) > 2 and not w.isdigit()][:limit]


def _distinct_words(text: str) -> list[str]:
    """Folded words, stop words removed, one per stem, in order."""
    return list({stem(w): w for w in reversed(words(text))}.values())[::-1]


@dataclass(frozen=True)
class CandidateRequest:
    need: NeedSpec
    title: str
    exclude: frozenset[int] = frozenset()
    network_ids: tuple[int, ...] = ()  # the need is shown only to these networks' members


def candidate_ids(request: CandidateRequest) -> list[int]:
    """A few hundred organisation ids worth ranking for a need, from bounded searches of the index:
    the need's most specific words within the related subsectors and its title's words anywhere (both
    ranked by the directory's search), plus a sample of the related subsectors near the delivery point
    and overall (read straight from the index in docno order: a fair random sample, and far cheaper
    than a sorted browse of a subsector of 50,000)."""
    need = request.need
    subsectors = related_subsectors(need)
    asked = specific_terms(request.title, need.text)

    def ask(text: str = "", within: tuple[str, ...] = (), near: tuple[str, ...] = ()) -> OrganizationQuery:
        return OrganizationQuery(
            text=text,
            subsectors=within,
            municipalities=near,
            network_ids=request.network_ids,
            page_size=PER_QUERY,
            with_facets=False,
        )

    asks: list[OrganizationQuery] = []
    samples: list[OrganizationQuery] = []
    if subsectors:
        asks += [ask(w + " ", subsectors) for w in asked]
        if need.municipality:
            samples.append(ask(within=subsectors, near=(need.municipality,)))
        samples.append(ask(within=subsectors))
    title_words = " ".join(_distinct_words(request.title)[:3])
    if title_words:
        asks.append(ask(title_words + " "))
    elif not subsectors:
        asks += [ask(w + " ") for w in asked]
    seen: dict[int, None] = {}
    found = [search_organizations(q).ids for q in asks] + [_sample(q) for q in samples]
    for ids in found:
        for pk in ids:
            if pk not in request.exclude:
                seen.setdefault(pk, None)
    return list(seen)


def _sample(query: OrganizationQuery) -> list[int]:
    return sample_organizations(query, PER_SAMPLE)


def open_offer_listings(
    need: NeedSpec, exclude_org: int, network_ids: Iterable[int] = ()
) -> QuerySet[Listing]:
    """Open offers in the need's related subsectors (or naming its title's words), newest first."""
    subsectors = related_subsectors(need)
    match = Q()
    for s in subsectors:
        match |= Q(scian__code__startswith=s)
    for word in query_terms(need.text)[:TERM_QUERIES]:
        match |= Q(search_text__contains=word)
    offers = Listing.objects.filter(kind=ListingKind.OFFER, status=ListingStatus.PUBLISHED).exclude(
        organization_id=exclude_org
    )
    offers = offers.filter(visible_to_networks(tuple(network_ids)))
    return offers.filter(match).select_related("organization").order_by("-published_at", "-id")[:MAX_OFFERS]


def visible_to_networks(network_ids: tuple[int, ...]) -> Q:
    """Listings that members of these networks may see: public ones, or shown to one of them."""
    seen = Q(visibility=Visibility.PUBLIC)
    if network_ids:
        seen |= Q(visibility=Visibility.NETWORKS, networks__in=network_ids)
    return seen


def open_need_listings(organization_id: int) -> list[Listing]:
    """Open needs and collaboration calls this organisation may see (not its own), newest first."""
    networks = tuple(viewer_network_ids([organization_id]))
    needs = (
        Listing.objects.filter(
            kind__in=(ListingKind.NEED, ListingKind.COLLABORATION), status=ListingStatus.PUBLISHED
        )
        .exclude(organization_id=organization_id)
        .filter(pk__in=Listing.objects.filter(visible_to_networks(networks)).values("pk"))
        .select_related("organization")
        .order_by("-published_at", "-id")
    )
    return list(needs[:MAX_NEEDS])


def organizations_by_id(ids: Iterable[int]) -> dict[int, Organization]:
    return {
        o.pk: o
        for o in Organization.objects.filter(pk__in=list(ids)).only(
            "id", "slug", "name", "size", "municipality_id", "is_verified", "is_demo"
        )
    }


# --- Corpus statistics for IDF -------------------------------------------------------------------------


def corpus_stats(query: Sequence[str]) -> CorpusStats | None:
    """How many documents of the whole directory hold each of the need's (stemmed) words, from the
    search index: exact up to DF_WINDOW, estimated from the docno sample above it (docno.py). Cached
    for a few hours on large directories, where a word's frequency hardly moves. avgdl is left to the
    engine (0: the candidates' own)."""
    total = indexed_document_count()
    if total <= 0:
        return None
    df = {t: _document_frequency(t, total) for t in list(dict.fromkeys(query))[:DF_TERMS]}
    return CorpusStats(total, df, 0.0)


def _document_frequency(term: str, total: int) -> int:
    key = f"matching:df:{total // 1000}:{term}"
    if total >= DF_CACHE_MIN_DOCUMENTS:
        cached = caches["local"].get(key)
        if cached is not None:
            return int(cached)
    found = document_frequency(term, window=DF_WINDOW, total=total)
    if total >= DF_CACHE_MIN_DOCUMENTS:
        caches["local"].set(key, found, DF_CACHE_SECONDS)
    return found
