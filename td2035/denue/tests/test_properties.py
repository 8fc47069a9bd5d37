"""Whatever a DENUE file holds in its cells, the import stores a row that reads back as stored or reports
the row; never another exception. See td2035/tests/hostile.py for the values and the rules every property
test here follows."""

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from td2035.denue.services import import_denue
from td2035.denue.tests.sample_files import denue_row, write_denue
from td2035.directory.models import Organization
from td2035.tests.hostile import assert_reads_back, attempt, hostile, some_of, texts

pytestmark = pytest.mark.django_db

# --- A DENUE file: any text in its cells. ------------------------------------------------------------

without_surrogates = texts.map(lambda text: "".join(ch for ch in text if not "\ud800" <= ch <= "\udfff"))
DENUE_CELLS = dict.fromkeys(
    ["nom_estab", "raz_social", "codigo_act", "per_ocu", "nom_vial", "nomb_asent", "cod_postal"],
    without_surrogates,
)
DENUE_CELLS |= dict.fromkeys(
    ["telefono", "correoelec", "www", "latitud", "longitud", "cve_mun"], without_surrogates
)


@hostile
@given(cells=some_of(DENUE_CELLS), encoding=st.sampled_from(["utf-8", "latin-1"]))
def test_import_denue_stores_any_cells_or_reports_the_row(
    tmp_path: Path, cells: dict[str, str], encoding: str
) -> None:
    try:
        row = {key: value.encode(encoding).decode(encoding) for key, value in cells.items()}
    except UnicodeEncodeError:
        row = {key: value.encode("utf-8").decode("utf-8") for key, value in cells.items()}
        encoding = "utf-8"
    path = write_denue(tmp_path / "denue.csv", [denue_row(id="7001", **row)], encoding=encoding)

    def stored(report: Any) -> None:
        assert report.rows == 1
        for org in Organization.objects.filter(denue_id="7001"):
            assert_reads_back(
                org, "name", "legal_name", "address", "postal_code", "phone", "email", "website"
            )

    attempt(lambda: import_denue(path), stored)
