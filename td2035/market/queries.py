"""Reads of the market shared by pages, the API and other apps (matching, inquiries, dashboard)."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from td2035.accounts.actors import is_platform_admin
from td2035.accounts.models import User
from td2035.core.cleaning import strip_unstorable
from td2035.core.text import terms
from td2035.directory.models import SizeChoices
from td2035.directory.queries import network_ancestor_ids, organization_network_ids
from td2035.market.models import Listing, ListingKind, ListingStatus, Visibility
from td2035.reference.queries import municipality_names, sector_choices, sector_of
from td2035.roles.models import OrganizationRole

Viewer = User | AnonymousUser

LIVE = (ListingStatus.PUBLISHED, ListingStatus.CLOSED, ListingStatus.EXPIRED)


def member_organization_ids(user: Viewer) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(OrganizationRole.objects.filter(user_id=user.pk).values_list("organization_id", flat=True))


def viewer_network_ids(organization_ids: list[int]) -> set[int]:
    """Networks whose listings these organisations may see: their own and every network above them
    (a listing shown to a network is shown to its sub-networks too)."""
    found: set[int] = set()
    for organization_id in organization_ids:
        for network_id in organization_network_ids(organization_id):
            found |= {network_id, *network_ancestor_ids(network_id)}
    return found


def visible_listings(user: Viewer) -> QuerySet[Listing]:
    """Every listing this person may see: published/closed/expired public ones, those shown to a network
    their organisation belongs to, and every listing (drafts included) of their own organisations."""
    listings = Listing.objects.all()
    if is_platform_admin(user):
        return listings
    own = member_organization_ids(user)
    seen = Q(status__in=LIVE) & Q(visibility=Visibility.PUBLIC)
    networks = viewer_network_ids(own)
    if networks:
        in_networks = Listing.objects.filter(
            status__in=LIVE, visibility=Visibility.NETWORKS, networks__in=networks
        ).values("pk")
        seen |= Q(pk__in=in_networks)
    if own:
        seen |= Q(organization_id__in=own)
    return listings.filter(seen)


def get_visible_listing(user: Viewer, pk: int) -> Listing:
    """The listing if this person may see it; 404 otherwise (never reveals that it exists)."""
    listing = (
        visible_listings(user)
        .select_related("organization", "scian", "municipality", "awarded_to")
        .filter(pk=pk)
        .first()
    )
    if listing is None:
        raise Http404(_("No existe esa publicación. / No such listing."))
    return listing


def open_needs() -> QuerySet[Listing]:
    """Published, public needs still open (what matching ranks suppliers for and alerts about). A listing
    whose closing date passed counts as closed even before `expire_listings` marks it."""
    return _still_open(
        Listing.objects.filter(
            kind=ListingKind.NEED, status=ListingStatus.PUBLISHED, visibility=Visibility.PUBLIC
        )
    )


def open_offers() -> QuerySet[Listing]:
    return _still_open(
        Listing.objects.filter(
            kind=ListingKind.OFFER, status=ListingStatus.PUBLISHED, visibility=Visibility.PUBLIC
        )
    )


def _still_open(listings: QuerySet[Listing]) -> QuerySet[Listing]:
    return listings.filter(Q(closes_at__isnull=True) | Q(closes_at__gt=timezone.now()))


# --- Browse and search: one entry point for the page and the API -------------------------------------

MAX_PAGE_SIZE = 100
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
FACETS = ("kind", "sector", "municipality", "certification", "size", "deadline")
DEADLINE_BUCKETS = ("week", "month", "later", "none")
SORTS = ("relevance", "newest", "deadline")
BROWSE_STATUSES = (ListingStatus.PUBLISHED, ListingStatus.CLOSED, ListingStatus.EXPIRED)


@dataclass(frozen=True)
class ListingFilters:
    """What a visitor can ask the market. Unknown values are dropped by `parse_filters`."""

    q: str = ""
    kind: tuple[str, ...] = ()
    sector: tuple[str, ...] = ()  # SCIAN sector codes ("31-33", "54", ...)
    municipality: tuple[str, ...] = ()  # cve_mun
    certification: tuple[str, ...] = ()  # names
    size: tuple[str, ...] = ()  # size of the publisher
    deadline: tuple[str, ...] = ()  # DEADLINE_BUCKETS
    status: str = ListingStatus.PUBLISHED
    organization: str = ""  # publisher slug
    sort: str = ""  # "" = relevance with words, newest without
    page: int = 1
    page_size: int = 20

    @property
    def effective_sort(self) -> str:
        if self.sort in SORTS and not (self.sort == "relevance" and not self.q):
            return self.sort
        return "relevance" if self.q else "newest"


@dataclass
class ListingPage:
    """Shaped like the directory's result: ids of this page, the total and facet counts."""

    filters: ListingFilters
    ids: list[int]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    listings: list[Listing] = field(default_factory=list)

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.filters.page_size))


def _values(data: Any, name: str, allowed: Iterable[str] | None = None, limit: int = 40) -> tuple[str, ...]:
    raw = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
    if isinstance(raw, str):
        raw = [raw]
    cleaned = [strip_unstorable(v).strip()[:80] for v in raw if str(v).strip()]
    if allowed is not None:
        allowed = set(allowed)
        cleaned = [v for v in cleaned if v in allowed]
    return tuple(dict.fromkeys(cleaned))[:limit]


def _int(value: Any, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(str(value)), low), high)
    except (TypeError, ValueError):
        return default


def parse_filters(data: Any) -> ListingFilters:
    """Filters from a query string (QueryDict) or a plain dict; unknown values are dropped."""
    status = str(data.get("status") or ListingStatus.PUBLISHED)
    sort = str(data.get("sort") or "")
    return ListingFilters(
        q=strip_unstorable(data.get("q") or "").strip()[:MAX_QUERY_LENGTH],
        kind=_values(data, "kind", ListingKind.values),
        sector=_values(data, "sector", [code for code, _title in sector_choices()]),
        municipality=_values(data, "municipality", municipality_names()),
        certification=_values(data, "certification"),
        size=_values(data, "size", SizeChoices.values),
        deadline=_values(data, "deadline", DEADLINE_BUCKETS),
        status=status if status in BROWSE_STATUSES else ListingStatus.PUBLISHED,
        organization=strip_unstorable(data.get("organization") or "").strip()[:120],
        sort=sort if sort in SORTS else "",
        page=_int(data.get("page"), 1, 1, 10_000),
        page_size=_int(data.get("page_size"), 20, 1, MAX_PAGE_SIZE),
    )


def deadline_bucket(deadline: dt.date | None, closes_at: dt.datetime | None, today: dt.date) -> str:
    """This week, this month, later, or none: by the delivery deadline, else by the closing date."""
    day = deadline or (timezone.localtime(closes_at).date() if closes_at else None)
    if day is None:
        return "none"
    if day <= today + dt.timedelta(days=7):
        return "week"
    if day <= today + dt.timedelta(days=31):
        return "month"
    return "later"


@dataclass
class _Row:
    pk: int
    published_at: dt.datetime | None
    values: dict[str, tuple[str, ...]]
    day: dt.date | None
    score: float


def _score(text: str, words: list[str]) -> float:
    """Occurrences of each term as a word prefix (the same matching as the filter), rarer terms first."""
    return sum(text.count(" " + word) for word in words)


def search_listings(user: Viewer, filters: ListingFilters, *, with_facets: bool = True) -> ListingPage:
    """One page of the listings this person may see. Words match like the directory's search (accents,
    case and plurals folded by core.text); facets count, for each value, the results the page would
    show with that value chosen instead (the other facets' choices kept)."""
    words = list(dict.fromkeys(terms(filters.q)))[:MAX_TERMS]
    rows_qs = visible_listings(user).filter(status=filters.status)
    if filters.organization:
        rows_qs = rows_qs.filter(organization__slug=filters.organization)
    for word in words:
        rows_qs = rows_qs.filter(search_text__contains=" " + word)
    today = timezone.localdate()
    rows: list[_Row] = []
    fields = (
        "pk",
        "kind",
        "scian_id",
        "municipality_id",
        "certifications",
        "organization__size",
        "deadline",
        "closes_at",
        "published_at",
        "search_text",
    )
    for pk, kind, scian, mun, certs, size, deadline, closes_at, published_at, text in rows_qs.values_list(
        *fields
    ):
        values = {
            "kind": (kind,),
            "sector": (sector_of(scian),) if scian else (),
            "municipality": (mun,) if mun else (),
            "certification": tuple(certs or ()),
            "size": (size,) if size else (),
            "deadline": (deadline_bucket(deadline, closes_at, today),),
        }
        day = deadline or (timezone.localtime(closes_at).date() if closes_at else None)
        rows.append(_Row(pk, published_at, values, day, _score(text, words) if words else 0.0))
    chosen = {name: set(getattr(filters, name)) for name in FACETS}

    def passes(row: _Row, skip: str = "") -> bool:
        return all(
            not wanted or bool(wanted & set(row.values[name]))
            for name, wanted in chosen.items()
            if name != skip
        )

    matching = [row for row in rows if passes(row)]
    facets: dict[str, dict[str, int]] = {}
    if with_facets:
        for name in FACETS:
            counts: dict[str, int] = {}
            for row in rows:
                if passes(row, skip=name):
                    for value in row.values[name]:
                        counts[value] = counts.get(value, 0) + 1
            facets[name] = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    _sort(matching, filters.effective_sort)
    start = (filters.page - 1) * filters.page_size
    ids = [row.pk for row in matching[start : start + filters.page_size]]
    return ListingPage(filters, ids, len(matching), facets, listings_by_ids(ids))


def _sort(rows: list[_Row], sort: str) -> None:
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    rows.sort(key=lambda r: (r.published_at or epoch, r.pk), reverse=True)  # newest first
    if sort == "deadline":
        rows.sort(key=lambda r: (r.day is None, r.day or dt.date.max))
    elif sort == "relevance":
        rows.sort(key=lambda r: -r.score)


def listings_by_ids(ids: list[int]) -> list[Listing]:
    found = {
        listing.pk: listing
        for listing in Listing.objects.filter(pk__in=ids)
        .select_related("organization", "scian", "municipality", "awarded_to")
        .defer("municipality__boundary", "search_text")
    }
    return [found[pk] for pk in ids if pk in found]


def facet_labels(name: str) -> dict[str, str]:
    """Labels of a facet's values, for pages and the API."""
    if name == "kind":
        return {k: str(v) for k, v in ListingKind.choices}
    if name == "sector":
        return dict(sector_choices())
    if name == "municipality":
        return municipality_names()
    if name == "size":
        return {k: str(v) for k, v in SizeChoices.choices}
    if name == "deadline":
        return {k: str(v) for k, v in DEADLINE_LABELS.items()}
    return {}


DEADLINE_LABELS = {
    "week": gettext_lazy("Esta semana (o vencida)"),
    "month": gettext_lazy("Este mes"),
    "later": gettext_lazy("Más adelante"),
    "none": gettext_lazy("Sin fecha"),
}


def organization_listings(organization_ids: list[int]) -> QuerySet[Listing]:
    """Every listing of these organisations, drafts included (the "my listings" page)."""
    return (
        Listing.objects.filter(organization_id__in=organization_ids)
        .select_related("organization", "awarded_to")
        .order_by("status", "-updated_at")
    )
