"""The engine against a brute-force reading of the same documents, with windows shrunk so that both
the exact and the sampled paths are exercised: whatever the words, prefixes and filters, sorting by
name returns exactly the matching documents in order, and the exact total whenever it says so."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from td2035.core.text import fold, stem, terms
from td2035.search import queries
from td2035.search.backends.base import name_sort_key
from td2035.search.docno import docno
from td2035.search.documents import OrganizationDocument, OrganizationQuery
from td2035.search.queries import search_organizations
from td2035.search.services import clear_index, index_organizations

pytestmark = pytest.mark.django_db

WORDS = ["plásticos", "servicios", "moldes", "aeroespacial", "logística", "querétaro", "café", "planta"]
MUNICIPALITIES = ["014", "006", "011"]

documents = st.lists(
    st.builds(
        lambda words, body, mun, size: (" ".join(words), " ".join(body), mun, size),
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
        st.lists(st.sampled_from(WORDS), max_size=4),
        st.sampled_from(MUNICIPALITIES),
        st.sampled_from(["micro", "small"]),
    ),
    min_size=1,
    max_size=40,
)


def brute_force(docs: list[OrganizationDocument], text: str, municipalities: tuple[str, ...]) -> list[int]:
    words = fold(text).split()
    whole = {stem(w) for w in words[:-1]}
    prefix = stem(words[-1]) if words else ""
    found = []
    for doc in docs:
        indexed = set(terms(f"{doc.name} {doc.body}"))
        if not whole <= indexed or (prefix and not any(t.startswith(prefix) for t in indexed)):
            continue
        if municipalities and doc.municipality not in municipalities:
            continue
        found.append(doc)
    found.sort(key=lambda d: (name_sort_key(d.name), docno(d.id)))  # ties: by docno, as the engine
    return [d.id for d in found]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=documents,
    text=st.sampled_from(["", "pla", "pl", "plasticos", "servicios mol", "aeroespacial", "que", "caf"]),
    municipalities=st.sampled_from([(), ("014",), ("006", "011")]),
    window=st.sampled_from([3, 8, 1000]),
)
def test_name_order_matches_brute_force(
    monkeypatch: pytest.MonkeyPatch,
    rows: list[tuple[str, str, str, str]],
    text: str,
    municipalities: tuple[str, ...],
    window: int,
) -> None:
    monkeypatch.setattr(queries, "WINDOW", window)
    monkeypatch.setattr(queries, "NAME_WINDOW", window)
    monkeypatch.setattr(queries, "FACET_WINDOW", window)
    docs = [
        OrganizationDocument(id=i, name=name, body=body, kind="company", municipality=mun, size=size)
        for i, (name, body, mun, size) in enumerate(rows, start=1)
    ]
    clear_index()
    index_organizations(docs)
    expected = brute_force(docs, text, municipalities)
    result = search_organizations(
        OrganizationQuery(text=text, municipalities=municipalities, sort="name", page_size=100)
    )
    assert result.ids == expected
    if not result.total_is_estimate:
        assert result.total == len(expected)
    relevance = search_organizations(
        OrganizationQuery(text=text, municipalities=municipalities, page_size=100)
    )
    assert set(relevance.ids) <= set(expected)
    if len(expected) <= window:
        assert sorted(relevance.ids) == sorted(expected)
