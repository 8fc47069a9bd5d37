"""What the directory search page shows for one page of results: the result cards, the facet groups with
counts, the active filters with links that remove them, and the page links. Plain data for the
templates (directory/_*.html); the addresses of the links come from filters.py."""

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from td2035.directory.filters import (
    MULTI_VALUED,
    SORT_LABELS,
    chosen,
    filters_url,
    is_everything,
    page_url,
    removal_url,
)
from td2035.directory.models import Organization, OrganizationKind, SizeChoices
from td2035.directory.queries import DirectoryPage
from td2035.reference.queries import municipality_names, sector_choices
from td2035.search.queries import MAX_BROAD_RESULTS, WINDOW

VISIBLE_OPTIONS = 8
MAX_OPTIONS = 40  # the most frequent values, plus any chosen value beyond them

FACET_LEGENDS: dict[str, Promise] = {
    "kind": _("Tipo de organización"),
    "sector": _("Sector (SCIAN)"),
    "subsector": _("Subsector (SCIAN)"),
    "size": _("Tamaño"),
    "municipality": _("Municipio"),
    "network": _("Red (incluye sus sub-redes)"),
    "certification": _("Certificación"),
    "verified": _("Verificación"),
}


class ByKey:
    """What the page's template loops read, readable by key too. Django's templates try `item[name]`
    first; on a plain object that raises and catches a TypeError before `item.name` is tried. A page
    makes about 500 such lookups (cards, facet options, groups, links): this saves about 0.3 ms a page,
    some 5% of it."""

    def __getitem__(self, name: str) -> Any:
        return getattr(self, name)


@dataclass
class Option(ByKey):
    value: str
    label: str
    count: int
    checked: bool
    id: str

    @property
    def count_display(self) -> str:
        return f"{self.count:,}"  # es-MX and English both group thousands with commas


@dataclass
class FacetGroup(ByKey):
    name: str
    legend: str
    input_type: str  # checkbox or radio
    all_options: list[Option]
    visible: int = VISIBLE_OPTIONS  # the rest fold into a <details>

    @property
    def options(self) -> list[Option]:
        return self.all_options[: self.visible]

    @property
    def more(self) -> list[Option]:
        return self.all_options[self.visible :]

    @property
    def more_open(self) -> bool:
        return any(o.checked for o in self.more)

    @property
    def any_checked(self) -> bool:
        return any(o.checked for o in self.all_options)


def static_labels(name: str) -> dict[str, str]:
    if name == "kind":
        return {k: str(v) for k, v in OrganizationKind.choices}
    if name == "size":
        return {k: str(v) for k, v in SizeChoices.choices}
    if name == "sector":
        return dict(sector_choices())
    if name == "municipality":
        return municipality_names()
    return {}


def facet_groups(page: DirectoryPage) -> list[FacetGroup]:
    filters = page.filters
    groups = []
    for name in (
        "kind",
        "sector",
        "subsector",
        "size",
        "municipality",
        "network",
        "certification",
        "verified",
    ):
        if name == "subsector" and not (filters.sector or filters.subsector):
            continue  # subsectors appear once a sector is chosen
        found = page.facets.get(name, [])
        if name == "size":
            found = sorted(
                found, key=lambda f: SizeChoices.values.index(f[0]) if f[0] in SizeChoices.values else 9
            )
        picked = chosen(filters, name)
        labels = static_labels(name)
        seen = {value for value, _label, _count in found}
        entries = list(found) + [(v, labels.get(v, v), 0) for v in picked if v not in seen]
        options = [
            Option(v, str(label), n, v in picked, option_id(name, v, i))
            for i, (v, label, n) in enumerate(entries)
        ]
        if not options:
            continue
        groups.append(
            FacetGroup(
                name=name,
                legend=str(FACET_LEGENDS[name]),
                input_type="checkbox" if name in MULTI_VALUED else "radio",
                all_options=options[:MAX_OPTIONS] + [o for o in options[MAX_OPTIONS:] if o.checked],
            )
        )
    return groups


def option_id(name: str, value: str, index: int) -> str:
    """Stable across requests (htmx keeps the focus on a swapped checkbox by its id)."""
    return f"f-{name}-{_slug(value) or index}"


@lru_cache(maxsize=4096)
def _slug(value: str) -> str:
    """Facet values are few (codes, slugs, names) and every page shows some forty of them."""
    return slugify(value)


@dataclass
class ActiveFilter(ByKey):
    label: str
    remove_url: str


def active_filters(page: DirectoryPage) -> list[ActiveFilter]:
    filters = page.filters
    labels = {name: {v: str(label) for v, label, _n in page.facets.get(name, [])} for name in FACET_LEGENDS}
    result = []
    if filters.q:
        result.append(ActiveFilter(f"«{filters.q}»", removal_url(filters, "q")))
    for name in FACET_LEGENDS:
        for value in chosen(filters, name):
            label = labels[name].get(value) or static_labels(name).get(value, value)
            result.append(ActiveFilter(f"{FACET_LEGENDS[name]}: {label}", removal_url(filters, name, value)))
    return result


@dataclass
class PageLink(ByKey):
    number: int | None  # None is a gap (…)
    url: str = ""
    current: bool = False


@dataclass
class Pages:
    links: list[PageLink]
    previous_url: str = ""
    next_url: str = ""


def page_numbers(current: int, last: int, around: int = 2) -> list[int | None]:
    wanted = sorted({1, last, *range(max(1, current - around), min(last, current + around) + 1)})
    out: list[int | None] = []
    previous = 0
    for number in wanted:
        if previous and number - previous > 1:
            out.append(None)
        out.append(number)
        previous = number
    return out


def last_page(page: DirectoryPage) -> int:
    """The last page a visitor can reach. The search engine answers very broad queries (more than
    WINDOW matches) from a sample and lets visitors page through the first MAX_BROAD_RESULTS only."""
    filters = page.filters
    if page.total > WINDOW and not is_everything(filters):
        return min(page.page_count, max(1, MAX_BROAD_RESULTS // filters.page_size))
    return page.page_count


def page_links(page: DirectoryPage) -> Pages:
    filters = page.filters
    last = last_page(page)
    current = filters.page

    if last <= 1:
        return Pages([])
    links = [
        PageLink(n, page_url(filters, n), n == current) if n else PageLink(None)
        for n in page_numbers(min(current, last), last)
    ]
    return Pages(
        links,
        previous_url=page_url(filters, min(current, last + 1) - 1) if current > 1 else "",
        next_url=page_url(filters, current + 1) if current < last else "",
    )


@dataclass
class Card(ByKey):
    """What a result card shows (directory/_results.html), labels already translated."""

    url: str
    name: str
    kind: str
    size: str
    municipality: str
    activity: str
    is_verified: bool
    is_demo: bool


def result_cards(orgs: list[Organization]) -> list[Card]:
    kinds = {k: str(v) for k, v in OrganizationKind.choices}  # translated once a page, not once a card
    sizes = {k: str(v) for k, v in SizeChoices.choices}
    prefix = reverse("directory:organization", args=["x"])[:-2]  # ".../organizaciones/"
    return [
        Card(
            url=f"{prefix}{org.slug}/",
            name=org.name,
            kind=kinds.get(org.kind, org.kind),
            size=sizes.get(org.size, org.size) if org.size else "",
            municipality=org.municipality.name if org.municipality else "",
            activity=org.scian.title_es if org.scian else "",
            is_verified=org.is_verified,
            is_demo=org.is_demo,
        )
        for org in orgs
    ]


def results_context(page: DirectoryPage) -> dict[str, Any]:
    """What the search page and its htmx fragment read (directory/search.html, fragment_results.html)."""
    filters = page.filters
    last = last_page(page)
    return {
        "filters": filters,
        "page": page,
        "cards": result_cards(page.organizations),
        "facets": facet_groups(page),
        "active": active_filters(page),
        "pages": page_links(page),
        "last_page": last,
        "capped": last < page.page_count,
        "beyond_end": filters.page > last,
        "last_page_url": filters_url(filters, page=str(last)),
        "sort_labels": SORT_LABELS,
    }
