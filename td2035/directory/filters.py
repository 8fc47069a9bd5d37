"""The directory's search filters in the address bar: parsed from a GET query string into
`DirectoryFilters`, and written back into the query strings of the page's links (facet chips, page
links, the address htmx pushes). Unknown values are dropped, never an error: a stale bookmark or a
hand-edited URL still gets a page of results."""

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from td2035.directory.models import Certification, Network, OrganizationKind, SizeChoices
from td2035.directory.queries import MAX_QUERY_LENGTH, DirectoryFilters
from td2035.reference.models import ScianCode, ScianLevel
from td2035.reference.queries import municipality_names, sector_choices
from td2035.search.documents import SORTS

MAX_PAGE = 10_000
MAX_VALUES_PER_FILTER = 30
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]+")
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,120}$")

SORT_LABELS = {
    "relevance": _("Relevancia"),
    "name": _("Nombre (A-Z)"),
    "newest": _("Más recientes"),
}
MULTI_VALUED = ("kind", "sector", "subsector", "size", "municipality", "certification")  # the rest: one value


@cache
def subsector_codes() -> frozenset[str]:
    return frozenset(ScianCode.objects.filter(level=ScianLevel.SUBSECTOR).values_list("code", flat=True))


def clean_text(value: str, max_length: int = MAX_QUERY_LENGTH) -> str:
    """Search words as typed, without control characters (PostgreSQL refuses NUL), at most max_length."""
    return " ".join(_CONTROL_CHARS.sub(" ", value or "").split())[:max_length].strip()


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    """Keeps the known values in the order given, drops the others."""

    def __init__(self, *, allowed: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)
        self.allowed = frozenset(allowed)

    def clean(self, value: Any) -> list[str]:
        values = [str(v) for v in self.to_python(value)]
        return [v for v in dict.fromkeys(values) if v in self.allowed][:MAX_VALUES_PER_FILTER]


class LenientCharField(forms.CharField):
    """Never invalid: control characters (NUL included) become spaces and long text is cut."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)

    def clean(self, value: Any) -> str:
        return clean_text(str(value or ""))


class DirectoryForm(forms.Form):
    q = LenientCharField(label=_("Buscar"))
    kind = LenientMultipleChoiceField(allowed=OrganizationKind.values, label=_("Tipo"))
    sector = LenientMultipleChoiceField(label=_("Sector SCIAN"))
    subsector = LenientMultipleChoiceField(label=_("Subsector SCIAN"))
    size = LenientMultipleChoiceField(allowed=SizeChoices.values, label=_("Tamaño"))
    municipality = LenientMultipleChoiceField(label=_("Municipio"))
    network = LenientCharField(label=_("Red"))
    certification = LenientMultipleChoiceField(label=_("Certificación"))
    verified = LenientCharField(label=_("Verificación"))
    sort = LenientCharField(label=_("Ordenar por"))
    page = LenientCharField()

    def __init__(self, data: QueryDict, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        fields = self.fields
        fields["sector"].allowed = frozenset(code for code, _title in sector_choices())  # type: ignore[attr-defined]
        fields["subsector"].allowed = subsector_codes()  # type: ignore[attr-defined]
        fields["municipality"].allowed = frozenset(municipality_names())  # type: ignore[attr-defined]
        wanted = [clean_text(v, 60) for v in data.getlist("certification")][:MAX_VALUES_PER_FILTER]
        fields["certification"].allowed = frozenset(  # type: ignore[attr-defined]
            Certification.objects.filter(name__in=wanted).values_list("name", flat=True) if wanted else ()
        )

    def clean_network(self) -> str:
        slug = (self.cleaned_data.get("network") or "").strip()
        if not _SLUG.match(slug) or not Network.objects.filter(slug=slug).exists():
            return ""
        return slug

    def clean_verified(self) -> str:
        value = self.cleaned_data.get("verified") or ""
        return value if value in {"1", "0"} else ""

    def clean_sort(self) -> str:
        value = self.cleaned_data.get("sort") or ""
        return value if value in SORTS else "relevance"

    def clean_page(self) -> int:
        value = (self.cleaned_data.get("page") or "").strip()
        if not (value.isascii() and value.isdigit()):
            return 1
        return MAX_PAGE if len(value) > 6 else min(max(int(value), 1), MAX_PAGE)

    def to_filters(self, *, page_size: int = 20) -> DirectoryFilters:
        """The filters to search with; call after is_valid() (which is always true for this form)."""
        data = self.cleaned_data
        verified = {"1": True, "0": False}.get(data["verified"])
        return DirectoryFilters(
            q=data["q"],
            kind=tuple(data["kind"]),
            sector=tuple(data["sector"]),
            subsector=tuple(data["subsector"]),
            size=tuple(data["size"]),
            municipality=tuple(data["municipality"]),
            network=data["network"],
            certification=tuple(data["certification"]),
            verified=verified,
            sort=data["sort"],
            page=data["page"],
            page_size=page_size,
        )


def parse_filters(query: QueryDict, *, page_size: int = 20) -> DirectoryFilters:
    """The filters a query string asks for, its unknown values dropped."""
    form = DirectoryForm(query)
    form.is_valid()
    return form.to_filters(page_size=page_size)


def filters_to_query(filters: DirectoryFilters, **changes: Any) -> str:
    """The query string for these filters (empty values left out), e.g. for pagination links."""
    values: dict[str, Any] = {
        "q": filters.q,
        "kind": filters.kind,
        "sector": filters.sector,
        "subsector": filters.subsector,
        "size": filters.size,
        "municipality": filters.municipality,
        "network": filters.network,
        "certification": filters.certification,
        "verified": "" if filters.verified is None else str(int(filters.verified)),
        "sort": "" if filters.sort == "relevance" else filters.sort,
        "page": "" if filters.page == 1 else str(filters.page),
    }
    values.update(changes)
    query = QueryDict(mutable=True)
    for key, value in values.items():
        items = value if isinstance(value, list | tuple) else [value]
        for item in items:
            if item not in ("", None):
                query.appendlist(key, str(item))
    return query.urlencode()


def filters_url(filters: DirectoryFilters, **changes: Any) -> str:
    """A link to these filters (with `changes`) from the directory page itself: "?" and the query."""
    return "?" + filters_to_query(filters, **changes)


def filters_address(path: str, filters: DirectoryFilters) -> str:
    """The shareable address of a search: `path`, with a query string only if something is asked."""
    query = filters_to_query(filters)
    return path + ("?" + query if query else "")


def page_url(filters: DirectoryFilters, number: int) -> str:
    """Another page of the same results; page 1 is the address without a page."""
    return filters_url(filters, page="" if number == 1 else str(number))


def chosen(filters: DirectoryFilters, name: str) -> tuple[str, ...]:
    """The values chosen for one facet, as they are written in the query string."""
    if name == "network":
        return (filters.network,) if filters.network else ()
    if name == "verified":
        return () if filters.verified is None else (str(int(filters.verified)),)
    return tuple(getattr(filters, name))


def removal_url(filters: DirectoryFilters, name: str, value: str = "") -> str:
    """The same search without the words (name "q") or without one chosen value, from page 1."""
    if name == "q":
        return filters_url(filters, q="", page="")
    if name in MULTI_VALUED:
        rest = [v for v in getattr(filters, name) if v != value]
        return filters_url(filters, page="", **{name: rest})
    return filters_url(filters, page="", **{name: ""})


def is_everything(filters: DirectoryFilters) -> bool:
    """No words and no filter: the whole directory."""
    return not (
        filters.q
        or filters.kind
        or filters.sector
        or filters.subsector
        or filters.size
        or filters.municipality
        or filters.network
        or filters.certification
        or filters.verified is not None
    )
