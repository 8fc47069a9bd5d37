"""SCIAN 2018 as loaded by the migrations: the full hierarchy, and word search over it."""

import pytest

from td2035.reference.models import ScianCode, ScianLevel
from td2035.reference.queries import scian_children, scian_lineage, search_scian, sector_of

pytestmark = pytest.mark.django_db

LEVELS = [ScianLevel.SECTOR, ScianLevel.SUBSECTOR, ScianLevel.RAMA, ScianLevel.SUBRAMA, ScianLevel.CLASE]
PLASTICS_CLASSES = {
    "326110",
    "326120",
    "326130",
    "326140",
    "326150",
    "326160",
    "326191",
    "326192",
    "326193",
    "326194",
    "326198",
    "326199",
}


def test_every_level_has_the_official_count():
    counts = {level: ScianCode.objects.filter(level=level).count() for level in LEVELS}
    assert counts == {"sector": 20, "subsector": 94, "rama": 306, "subrama": 615, "clase": 1084}
    assert ScianCode.objects.count() == 2119


def test_every_code_hangs_from_a_parent_one_level_up_that_contains_it():
    codes = {c.code: c for c in ScianCode.objects.all()}
    for code in codes.values():
        depth = LEVELS.index(ScianLevel(code.level))
        if depth == 0:
            assert code.parent_id is None
            continue
        parent = codes[str(code.parent_id)]
        assert LEVELS.index(ScianLevel(parent.level)) == depth - 1, code.code
        assert len(code.code) == depth + 2, code.code
        if parent.level == ScianLevel.SECTOR:
            assert sector_of(code.code) == parent.code
        else:
            assert code.code.startswith(parent.code)


def test_every_non_leaf_has_children_and_every_clase_has_five_ancestors_counting_itself():
    with_children = set(ScianCode.objects.filter(parent__isnull=False).values_list("parent_id", flat=True))
    assert with_children == set(
        ScianCode.objects.exclude(level=ScianLevel.CLASE).values_list("code", flat=True)
    )
    lineage = scian_lineage("326110")
    assert [c.code for c in lineage] == ["31-33", "326", "3261", "32611", "326110"]
    assert [c.level for c in lineage] == LEVELS


def test_sector_ranges_cover_their_two_digit_codes():
    assert sector_of("336410") == "31-33"
    assert sector_of("461110") == "46"
    assert sector_of("48") == "48-49"
    assert sector_of("931") == "93"


def test_children_of_a_sector_range_and_of_a_subsector():
    assert len(scian_children(None)) == 20
    manufacturing = scian_children("31-33")
    assert {c.level for c in manufacturing} == {"subsector"}
    assert {c.code[:2] for c in manufacturing} == {"31", "32", "33"}
    assert [c.code for c in scian_children("326")] == ["3261", "3262"]
    assert {c.code for c in scian_children("326", level=ScianLevel.CLASE)} >= PLASTICS_CLASSES


def test_words_find_the_plastics_injection_classes_first():
    found = [c.code for c in search_scian("inyección de plástico")]
    assert set(found[: len(PLASTICS_CLASSES)]) == PLASTICS_CLASSES


@pytest.mark.parametrize(
    "query",
    ["inyeccion de plasticos", "INYECCIONES DE PLÁSTICOS", "Inyección  plástica", "plasticos inyeccion"],
)
def test_search_is_blind_to_accents_case_and_plurals(query):
    reference = [c.code for c in search_scian("inyección de plástico")]
    assert set([c.code for c in search_scian(query)][: len(PLASTICS_CLASSES)]) == set(
        reference[: len(PLASTICS_CLASSES)]
    )


def test_search_by_code_prefix_and_by_level():
    assert [c.code for c in search_scian("3261")] == sorted(PLASTICS_CLASSES)
    assert [c.code for c in search_scian("aeroespacial", level=ScianLevel.RAMA)][:1] == ["3364"]
    assert [c.code for c in search_scian("31", level=ScianLevel.SECTOR)] == ["31-33"]


@pytest.mark.parametrize("query", ["", "   ", "de la y", "zzzzqqq", "<></>", "¿?"])
def test_queries_with_nothing_to_find_return_nothing(query):
    assert search_scian(query) == []
