"""The directory's search filters in the address bar (filters.py): whatever a query string says, parsing
never fails and keeps only known values; every link the page writes reads back as the search it means."""

from dataclasses import replace
from typing import Any

import pytest
from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from td2035.directory.filters import (
    MAX_PAGE,
    MULTI_VALUED,
    chosen,
    clean_text,
    filters_address,
    filters_to_query,
    is_everything,
    page_url,
    parse_filters,
    removal_url,
    subsector_codes,
)
from td2035.directory.models import OrganizationKind, SizeChoices
from td2035.directory.queries import DirectoryFilters
from td2035.reference.queries import municipality_names, sector_choices
from td2035.search.documents import SORTS
from td2035.tests.factories import CertificationFactory, NetworkFactory

pytestmark = pytest.mark.django_db

FACETS = (*MULTI_VALUED, "network", "verified")


def parse_link(link: str) -> DirectoryFilters:
    """The filters a link of the directory page (a query string after "?") leads to."""
    assert link.startswith("?"), link
    return parse_filters(QueryDict(link[1:]))


def some(values: list[str]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(values), unique=True, max_size=4).map(tuple)


def valid_filters() -> st.SearchStrategy[DirectoryFilters]:
    """Filters as parse_filters returns them: known values only, words already cleaned. Call it once the
    networks and certifications it may name exist."""
    networks = [NetworkFactory.create(name=f"Red {n}").slug for n in ("Norte", "Sur")]
    certifications = [CertificationFactory.create(name=n).name for n in ("ISO 9001", "IATF 16949")]
    return st.builds(
        DirectoryFilters,
        q=st.text(max_size=60).map(clean_text),
        kind=some(list(OrganizationKind.values)),
        sector=some([code for code, _title in sector_choices()]),
        subsector=some(sorted(subsector_codes())[:12]),
        size=some(list(SizeChoices.values)),
        municipality=some(sorted(municipality_names())),
        network=st.sampled_from(["", *networks]),
        certification=some(certifications),
        verified=st.sampled_from([None, True, False]),
        sort=st.sampled_from(sorted(SORTS)),
        page=st.integers(1, MAX_PAGE),
    )


def test_filters_read_back_from_every_link_the_page_writes() -> None:
    @settings(max_examples=80, deadline=None)
    @given(filters=valid_filters(), number=st.integers(1, MAX_PAGE))
    def check(filters: DirectoryFilters, number: int) -> None:
        assert parse_filters(QueryDict(filters_to_query(filters))) == filters
        assert parse_link(page_url(filters, number)) == replace(filters, page=number)
        assert ("page=" in page_url(filters, number)) == (number != 1)  # page 1 is the bare address
        assert parse_link(removal_url(filters, "q")) == replace(filters, q="", page=1)
        for name in FACETS:
            for value in chosen(filters, name):
                without: Any = tuple(v for v in chosen(filters, name) if v != value)
                if name == "network":
                    without = ""
                elif name == "verified":
                    without = None
                assert parse_link(removal_url(filters, name, value)) == replace(
                    filters, page=1, **{name: without}
                )

    check()


def test_the_address_htmx_pushes_is_the_bare_path_when_nothing_is_asked() -> None:
    assert filters_address("/directorio/", DirectoryFilters()) == "/directorio/"
    assert filters_address("/directorio/", DirectoryFilters(sort="name", page=2)) == (
        "/directorio/?sort=name&page=2"
    )
    assert filters_address("/directorio/", DirectoryFilters(q="café & té", kind=("company",))) == (
        "/directorio/?q=caf%C3%A9+%26+t%C3%A9&kind=company"
    )


def test_everything_means_no_words_and_no_filter_whatever_the_page_and_sort() -> None:
    assert is_everything(DirectoryFilters(sort="newest", page=9))
    asked: list[dict[str, Any]] = [
        {"q": "moldes"},
        {"kind": ("company",)},
        {"network": "red"},
        {"verified": False},
    ]
    for one in asked:
        assert not is_everything(DirectoryFilters(**one))


def test_parse_filters_round_trips_through_the_query_string() -> None:
    filters = DirectoryFilters(
        q="inyección", kind=("company",), sector=("31-33",), size=("small", "micro"), verified=True, page=3
    )
    again = parse_filters(QueryDict(filters_to_query(filters)))
    assert again == filters


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            ["q", "kind", "sector", "subsector", "size", "municipality", "verified", "sort", "page"]
        ),
        st.text(max_size=40),
    )
)
def test_parse_filters_never_fails_and_keeps_only_known_values(params: dict[str, str]) -> None:
    query = QueryDict(mutable=True)
    for key, value in params.items():
        query[key] = value
    filters = parse_filters(query)
    assert set(filters.kind) <= {
        "company",
        "chamber",
        "cluster",
        "university",
        "government",
        "civil_society",
        "coordination",
    }
    assert set(filters.size) <= {"micro", "small", "medium", "large"}
    assert 1 <= filters.page <= MAX_PAGE
    assert filters.sort in {"relevance", "name", "newest"}
    assert "\x00" not in filters.q and len(filters.q) <= 200
