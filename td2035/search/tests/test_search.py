"""The search contract, run as is on SQLite and on PostgreSQL (DATABASE_URL=postgres://...)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from td2035.search.documents import OrganizationDocument, OrganizationQuery
from td2035.search.queries import search_organizations
from td2035.search.services import index_organizations, remove_organizations

pytestmark = pytest.mark.django_db


def doc(id: int, name: str, body: str = "", **facets: object) -> OrganizationDocument:
    defaults: dict[str, object] = {"kind": "company", "municipality": "014", "created_at": float(id)}
    defaults.update(facets)
    return OrganizationDocument(id=id, name=name, body=body, **defaults)  # type: ignore[arg-type]


def ids(text: str = "", **kwargs: object) -> list[int]:
    return search_organizations(OrganizationQuery(text=text, **kwargs)).ids  # type: ignore[arg-type]


@pytest.fixture
def catalogue() -> None:
    index_organizations(
        [
            doc(
                1, "Plásticos del Bajío", "Inyección de piezas", sector="31-33", subsector="326", size="small"
            ),
            doc(
                2,
                "Servicios Logísticos Querétaro",
                "Transporte de carga y plásticos",
                sector="48-49",
                subsector="484",
                size="medium",
                municipality="006",
                network_ids=(7,),
            ),
            doc(
                3,
                "Aeroestructuras Marqués",
                "Maquinado aeroespacial AS9100",
                sector="31-33",
                subsector="336",
                size="large",
                municipality="011",
                certification_ids=(3,),
                is_verified=True,
                network_ids=(7, 8),
            ),
            doc(
                4,
                "Universidad Tecnológica",
                "Formación en plástico y moldes",
                kind="university",
                sector="61",
                subsector="611",
                size="large",
            ),
            doc(
                5,
                "Café Ñandú",
                "Cafetería de especialidad",
                sector="72",
                subsector="722",
                size="micro",
                municipality="016",
            ),
        ]
    )


def test_accent_and_case_blind(catalogue: None) -> None:
    assert ids("plasticos del bajio")[0] == 1
    assert ids("PLÁSTICOS del BAJÍO")[0] == 1
    assert 5 in ids("cafe nandu") or 5 in ids("café ñandú")
    assert ids("café ñandú") == [5]


def test_plural_and_singular_meet(catalogue: None) -> None:
    assert set(ids("plástico ")) == {1, 2, 4}
    assert set(ids("plasticos ")) == {1, 2, 4}
    assert set(ids("servicio ")) == {2}


def test_last_word_is_a_prefix_while_typing(catalogue: None) -> None:
    assert ids("aeroes") == [3]
    assert ids("maquin") == [3]
    assert ids("logis") == [2]
    assert ids("ae") == [3] and ids("aer") == [3] and ids("aero") == [3]  # 2-4 letters: prefix indexes
    assert set(ids("pl")) == {1, 2, 4}
    assert ids("aeroespaci") == [3]  # longer: expanded into the indexed terms it starts
    assert ids("aeroespacix") == []
    assert ids("logis ") == []  # a finished word is matched whole
    assert ids("con") == []  # a stop word as the last word is a prefix too, nothing starts with it here


def test_all_words_are_required(catalogue: None) -> None:
    assert ids("plásticos transporte") == [2]
    assert ids("plásticos aeroespacial") == []


def test_name_matches_rank_above_body_matches(catalogue: None) -> None:
    assert ids("plasticos")[0] == 1
    assert ids("plasticos")[1:] in ([2, 4], [4, 2])


def test_sorts(catalogue: None) -> None:
    assert ids("plastico", sort="name") == [1, 2, 4]
    assert ids("plastico", sort="newest") == [4, 2, 1]
    assert ids(sort="name") == [3, 5, 1, 2, 4]
    assert ids(sort="newest") == [5, 4, 3, 2, 1]
    assert ids() == [3, 5, 1, 2, 4]  # browsing without text is by name


def test_filters_and_between_facets_or_within(catalogue: None) -> None:
    assert set(ids(municipalities=("014",))) == {1, 4}
    assert set(ids(municipalities=("014", "006"))) == {1, 2, 4}
    assert set(ids("plastico", sectors=("31-33", "48-49"), sizes=("small",))) == {1}
    assert ids(network_ids=(8,)) == [3]
    assert set(ids(network_ids=(7,))) == {2, 3}
    assert ids(certification_ids=(3,)) == [3]
    assert ids(verified=True) == [3]
    assert set(ids(verified=False)) == {1, 2, 4, 5}
    assert ids(kinds=("university",), text="plast") == [4]
    assert ids(kinds=("nonsense",)) == []


def test_facet_counts_for_the_current_query(catalogue: None) -> None:
    result = search_organizations(OrganizationQuery(text="plastico"))
    assert result.total == 3
    assert result.facets["kind"] == {"company": 2, "university": 1}
    assert result.facets["sector"] == {"31-33": 1, "48-49": 1, "61": 1}
    assert result.facets["municipality"] == {"014": 2, "006": 1}
    assert result.facets["network"] == {"7": 1}
    assert result.facets["verified"] == {"0": 3}
    assert result.facets["certification"] == {}


def test_facets_ignore_their_own_filter_only(catalogue: None) -> None:
    result = search_organizations(OrganizationQuery(municipalities=("014",), sizes=("large",)))
    assert result.ids == [4]
    assert result.total == 1
    assert result.facets["municipality"] == {"011": 1, "014": 1}  # large organisations, any municipality
    assert result.facets["size"] == {"small": 1, "large": 1}  # in 014, any size
    assert result.facets["kind"] == {"university": 1}


def test_browse_everything_counts(catalogue: None) -> None:
    result = search_organizations(OrganizationQuery())
    assert result.total == 5
    assert result.facets["kind"] == {"company": 4, "university": 1}
    assert result.facets["network"] == {"7": 2, "8": 1}
    assert result.facets["verified"] == {"1": 1, "0": 4}


def test_pagination_and_beyond_the_end(catalogue: None) -> None:
    first = search_organizations(OrganizationQuery(sort="name", page_size=2))
    second = search_organizations(OrganizationQuery(sort="name", page_size=2, page=2))
    assert first.ids == [3, 5] and second.ids == [1, 2]
    far = search_organizations(OrganizationQuery(text="plastico", page=10**9))
    assert far.ids == [] and far.total == 3
    assert search_organizations(OrganizationQuery(page=10**9)).ids == []


def test_reindexing_replaces_and_removal_forgets(catalogue: None) -> None:
    index_organizations([doc(1, "Moldes Corregidora", "Herramentales", municipality="006")])
    assert ids("plasticos bajio") == []
    assert ids("moldes") == [1, 4]
    remove_organizations([1, 999])
    assert ids("moldes") == [4]
    everything = search_organizations(OrganizationQuery())
    assert everything.total == 4
    assert everything.facets["municipality"] == {"006": 1, "011": 1, "014": 1, "016": 1}


@pytest.mark.parametrize(
    "text",
    [
        '"plásticos',
        "plast*",
        "NEAR(plasticos bajio)",
        "plasticos OR (",
        "<script>alert('x')</script>",
        "a\0b plásticos",
        "x" * 10_000,
        "plasticos " * 2000,
        "-plasticos ^bajio :name",
        "{name_terms}: plasticos",
        "' OR 1=1 --",
        "🙂 ☃",
        "",
        "   ",
    ],
)
def test_bad_input_never_raises(catalogue: None, text: str) -> None:
    result = search_organizations(OrganizationQuery(text=text))
    assert result.total >= 0
    assert len(result.ids) <= 20


def test_fts_syntax_is_read_as_words(catalogue: None) -> None:
    assert ids('"plásticos" bajío*') == [1]
    assert ids("(plásticos AND bajío)") == [1]
    assert ids("NEAR(plásticos bajío)") == []  # "near" is just a word here


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80))
def test_any_text_is_safe(catalogue: None, text: str) -> None:
    result = search_organizations(OrganizationQuery(text=text, municipalities=(text[:5],)))
    assert result.total >= 0


def test_odd_paging_values_are_clamped(catalogue: None) -> None:
    assert ids(page=0, sort="name") == [3, 5, 1, 2, 4]
    assert ids(page=-5, page_size=0, sort="name") == [3]
    assert len(ids(page_size=10**9)) == 5
    assert ids(page="x", page_size="y", sort="name") == [3, 5, 1, 2, 4]  # type: ignore[arg-type]
    assert ids(sort="sideways") == [3, 5, 1, 2, 4]  # type: ignore[arg-type]
