"""The DENUE import service and command: upserts, re-runs, bad rows, resume, dry-run, search index."""

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from td2035.denue.batches import BatchImporter
from td2035.denue.files import DenueFormatError
from td2035.denue.models import ImportRun
from td2035.denue.reports import ImportReport
from td2035.denue.services import file_sha256, import_denue, load_reference
from td2035.denue.tests.sample_files import COLUMNS_41, DESCRIPTIVE_2015, denue_row, write_denue
from td2035.directory import documents
from td2035.directory.models import Organization
from td2035.search.documents import OrganizationQuery
from td2035.search.queries import search_organizations
from td2035.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def three_rows() -> list[dict[str, str]]:
    return [
        denue_row(id="101", clee="22014326199000011000000000U1"),
        denue_row(
            id="102",
            clee="22011311830000021000000000U2",
            nom_estab="TORTILLERIA LA ESPERANZA",
            raz_social="",
            codigo_act="311830",
            per_ocu="0 a 5 personas",
            cve_mun="011",
            municipio="El Marqués",
            telefono="",
            correoelec="",
            www="",
            latitud="20.6301",
            longitud="-100.2902",
        ),
        denue_row(id="103", nom_estab="ABARROTES LUPITA", codigo_act="461110", per_ocu="6 a 10 personas"),
    ]


def org(denue_id: str) -> Organization:
    return Organization.objects.get(denue_id=denue_id)


def test_import_creates_companies_from_denue(tmp_path: Path) -> None:
    report = import_denue(write_denue(tmp_path / "denue_inegi_22_.csv", three_rows()))
    assert (report.rows, report.created, report.errors) == (3, 3, 0)
    assert report.encoding == "latin-1" and "42 columnas" in report.layout
    plastics = org("101")
    assert (plastics.kind, plastics.source, plastics.size_source) == ("company", "denue", "denue_stratum")
    assert (plastics.name, plastics.legal_name) == ("Plasticos del Bajio", "PLASTICOS DEL BAJIO SA DE CV")
    assert (plastics.scian_id, plastics.size, plastics.denue_stratum) == (
        "326199",
        "medium",
        "51 a 100 personas",
    )
    assert plastics.denue_clee == "22014326199000011000000000U1"
    assert (plastics.municipality_id, plastics.postal_code) == ("014", "76000")
    assert plastics.address == "Calle 5 de Mayo 25, Colonia Centro, Santiago de Querétaro"
    assert (plastics.latitude, plastics.longitude) == (20.59326583, -100.3925)
    assert (plastics.phone, plastics.email, plastics.website) == (
        "+524422123456",
        "ventas@plasticosbajio.mx",
        "http://www.plasticosbajio.mx",
    )
    assert plastics.slug == "plasticos-del-bajio-d101"
    tortilleria = org("102")
    assert (tortilleria.size, tortilleria.municipality_id, tortilleria.legal_name) == ("micro", "011", "")
    run = ImportRun.objects.get()
    assert (run.status, run.created, run.last_line) == ("completed", 3, 4)


def test_imported_companies_are_searchable(tmp_path: Path) -> None:
    import_denue(write_denue(tmp_path / "d.csv", three_rows()))
    result = search_organizations(OrganizationQuery(text="tortillerias"))
    assert result.ids == [org("102").pk]
    by_facet = search_organizations(OrganizationQuery(municipalities=("011",)))
    assert by_facet.ids == [org("102").pk]


def test_fast_path_documents_match_the_directory_documents(tmp_path: Path) -> None:
    import_denue(write_denue(tmp_path / "d.csv", three_rows()))
    importer = BatchImporter(ImportReport("x"), None, True, load_reference())
    for denue_id in ("101", "102", "103"):
        organization = org(denue_id)
        record = next(r for r in _records(tmp_path / "d.csv") if r.denue_id == denue_id)
        (fast,) = importer._documents([(organization.pk, record)], organization.created_at)
        (slow,) = documents.for_ids([organization.pk])
        assert fast == slow


def _records(path: Path) -> list[Any]:
    from td2035.denue.files import DecodedLines, detect_layout, read_rows
    from td2035.denue.records import RowParser

    with open(path, "rb") as handle:
        lines = DecodedLines(handle)
        header, rows = read_rows(lines)
        parser = RowParser(detect_layout(header), load_reference(), "22")
        return [parser.parse(cells, line).record for line, cells, _e in rows]


def test_rerunning_the_same_file_changes_nothing(tmp_path: Path) -> None:
    path = write_denue(tmp_path / "d.csv", three_rows())
    import_denue(path)
    before = {o.pk: (o.updated_at, o.name, o.slug) for o in Organization.objects.all()}
    again = import_denue(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert {o.pk: (o.updated_at, o.name, o.slug) for o in Organization.objects.all()} == before
    assert ImportRun.objects.filter(status="completed").count() == 2


def test_a_newer_file_updates_changed_rows_only(tmp_path: Path) -> None:
    import_denue(write_denue(tmp_path / "2023.csv", three_rows()))
    untouched = org("103").updated_at
    newer = three_rows()
    newer[0].update(
        per_ocu="101 a 250 personas", telefono="4421112233", nom_estab="PLASTICOS DEL BAJIO PLANTA 2"
    )
    newer.append(denue_row(id="104", nom_estab="FERRETERIA EL TORNILLO", codigo_act="467111"))
    report = import_denue(write_denue(tmp_path / "2024.csv", newer))
    assert (report.created, report.updated, report.unchanged) == (1, 1, 2)
    plastics = org("101")
    assert (plastics.size, plastics.phone) == ("medium", "+524421112233")
    assert plastics.name == "Plasticos del Bajio Planta 2"
    assert plastics.slug == "plasticos-del-bajio-d101"  # a profile keeps its address
    assert org("103").updated_at == untouched
    assert search_organizations(OrganizationQuery(text="planta")).ids == [plastics.pk]


def test_profiles_managed_by_their_organization_are_not_overwritten(tmp_path: Path) -> None:
    own = OrganizationFactory.create(name="Plásticos del Bajío", denue_id="101", phone="4429998877")
    report = import_denue(write_denue(tmp_path / "d.csv", three_rows()))
    assert (report.created, report.kept) == (2, 1)
    own.refresh_from_db()
    assert (own.name, own.phone, own.source) == ("Plásticos del Bajío", "+524429998877", "self")


def test_an_organization_that_declared_its_clee_is_linked(tmp_path: Path) -> None:
    own = OrganizationFactory.create(name="Plásticos del Bajío", denue_clee="22014326199000011000000000U1")
    report = import_denue(write_denue(tmp_path / "d.csv", three_rows()))
    assert (report.created, report.kept) == (2, 1)
    own.refresh_from_db()
    assert (own.denue_id, own.name) == ("101", "Plásticos del Bajío")


def test_41_column_utf8_file_with_upper_case_headers(tmp_path: Path) -> None:
    path = write_denue(
        tmp_path / "d.csv", three_rows(), columns=COLUMNS_41, header=str.upper, encoding="utf-8"
    )
    report = import_denue(path)
    assert (report.created, report.encoding) == (3, "utf-8")
    assert "41 columnas, sin clee" in report.layout
    assert org("101").denue_clee == ""
    assert any("clee" in i.message for i in report.issues)  # the missing optional column is reported


def test_descriptive_2015_layout(tmp_path: Path) -> None:
    path = write_denue(
        tmp_path / "d.csv", three_rows(), columns=COLUMNS_41, header=DESCRIPTIVE_2015.__getitem__
    )
    report = import_denue(path)
    assert report.created == 3 and "2013–2015" in report.layout
    assert org("102").municipality_id == "011"


def test_bad_rows_are_reported_with_line_and_reason_and_good_rows_import(tmp_path: Path) -> None:
    rows = [
        *three_rows(),
        denue_row(id=""),  # line 5
        denue_row(id="101"),  # line 6: repeated id
        denue_row(id="106", latitud="999", longitud="-100.4"),  # line 7: imported without location
        denue_row(id="107", codigo_act="999999"),  # line 8: imported without SCIAN
    ]
    path = write_denue(tmp_path / "d.csv", rows)
    path.write_bytes(path.read_bytes() + b'"108","22","corta"\r\n')  # line 9: too few columns
    report = import_denue(path)
    assert (report.created, report.errors) == (5, 3)
    errors = {i.line: i.message for i in report.issues if i.level == "error"}
    assert set(errors) == {5, 6, 9}
    assert "id" in errors[5] and "repetido" in errors[6] and "columnas" in errors[9]
    warnings = {i.line: i.message for i in report.issues if i.level == "warning"}
    assert "coordenadas" in warnings[7] and "999999" in warnings[8]
    assert org("106").latitude is None and org("107").scian_id is None
    assert ImportRun.objects.get().errors == 3


def test_truncated_file_reports_the_cut_row_and_keeps_the_rest(tmp_path: Path) -> None:
    path = write_denue(tmp_path / "d.csv", three_rows())
    path.write_bytes(path.read_bytes()[:-40])  # cut inside the last row
    report = import_denue(path)
    assert report.created == 2
    (issue,) = [i for i in report.issues if i.level == "error"]
    assert issue.line == 4 and ("truncad" in issue.message or "cortada" in issue.message)
    assert not Organization.objects.filter(denue_id="103").exists()


@pytest.mark.parametrize(
    "content",
    [
        "nombre,apellido\r\nAna,López\r\n".encode("utf-16"),
        bytes(range(256)) * 4,
        b"",
        b'"id","nom_estab","cve_ent","cve_mun"\r\n"1","X","22","014"\r\n',  # no codigo_act
    ],
)
def test_unreadable_files_write_nothing(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes(content)
    with pytest.raises(DenueFormatError):
        import_denue(path)
    assert not Organization.objects.exists() and not ImportRun.objects.exists()


def test_other_states_are_filtered_by_state(tmp_path: Path) -> None:
    rows = [*three_rows(), denue_row(id="201", cve_ent="11", entidad="Guanajuato", cve_mun="020")]
    path = write_denue(tmp_path / "d.csv", rows)
    report = import_denue(path, state="22")
    assert (report.created, report.other_state) == (3, 1)
    assert not Organization.objects.filter(denue_id="201").exists()
    everything = import_denue(path, state=None)
    assert everything.created == 1
    assert org("201").municipality_id is None


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    path = write_denue(tmp_path / "d.csv", [*three_rows(), denue_row(id="")])
    report = import_denue(path, dry_run=True)
    assert (report.dry_run, report.created, report.errors) == (True, 3, 1)
    assert not Organization.objects.exists() and not ImportRun.objects.exists()
    assert search_organizations(OrganizationQuery(text="tortilleria")).total == 0


def test_dry_run_after_an_import_counts_changes(tmp_path: Path) -> None:
    import_denue(write_denue(tmp_path / "a.csv", three_rows()))
    newer = three_rows()
    newer[1]["nom_estab"] = "TORTILLERIA LA NUEVA ESPERANZA"
    report = import_denue(write_denue(tmp_path / "b.csv", newer), dry_run=True)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert org("102").name == "Tortilleria la Esperanza"


def test_an_interrupted_import_resumes_after_the_last_committed_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [denue_row(id=str(300 + n), nom_estab=f"TALLER {n}") for n in range(7)]
    path = write_denue(tmp_path / "d.csv", rows)
    real_flush = BatchImporter.flush
    calls = {"n": 0}

    def flaky_flush(self: Any, *args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # as if the operator pressed Ctrl+C during the second batch
        real_flush(self, *args, **kwargs)

    monkeypatch.setattr(BatchImporter, "flush", flaky_flush)
    with pytest.raises(KeyboardInterrupt):
        import_denue(path, batch_size=3)
    run = ImportRun.objects.get()
    assert (run.status, run.last_line, run.created) == ("running", 4, 3)
    assert Organization.objects.count() == 3

    monkeypatch.setattr(BatchImporter, "flush", real_flush)
    report = import_denue(path, batch_size=3)
    assert report.resumed_from == 4 and report.run_id == run.pk
    assert (report.rows, report.created, report.unchanged) == (7, 7, 0)
    assert Organization.objects.count() == 7
    run.refresh_from_db()
    assert (run.status, run.created, run.last_line) == ("completed", 7, 8)


def test_restart_ignores_an_unfinished_run(tmp_path: Path) -> None:
    path = write_denue(tmp_path / "d.csv", three_rows())
    ImportRun.objects.create(file_name="d.csv", file_sha256=file_sha256(path), state="22", last_line=3)
    resumed = import_denue(path)
    assert (resumed.resumed_from, resumed.created) == (3, 1)
    report = import_denue(path, restart=True)
    assert (report.resumed_from, report.created, report.unchanged) == (0, 2, 1)
    assert ImportRun.objects.filter(status="abandoned").count() == 0  # the first run finished normally


def test_a_slug_clash_falls_back_to_the_denue_id(tmp_path: Path) -> None:
    OrganizationFactory.create(name="Plasticos del Bajio", slug="plasticos-del-bajio-d101")
    report = import_denue(write_denue(tmp_path / "d.csv", three_rows()))
    assert report.created == 3
    assert org("101").slug == "denue-101"


def test_command_prints_a_summary_and_the_issues(tmp_path: Path) -> None:
    path = write_denue(tmp_path / "d.csv", [*three_rows(), denue_row(id="")])
    out, err = StringIO(), StringIO()
    report_path = tmp_path / "report.csv"
    call_command(
        "import_denue", str(path), "--state", "22", "--report", str(report_path), stdout=out, stderr=err
    )
    text = out.getvalue()
    assert "nuevas: 3" in text and "con error: 1" in text and "línea 5" in text
    assert "100%" in err.getvalue()  # the progress bar
    assert "5,error" in report_path.read_text()


def test_command_dry_run(tmp_path: Path) -> None:
    out = StringIO()
    call_command(
        "import_denue",
        str(write_denue(tmp_path / "d.csv", three_rows())),
        "--dry-run",
        stdout=out,
        stderr=StringIO(),
    )
    assert "simulación" in out.getvalue() and "nuevas: 3" in out.getvalue()
    assert not Organization.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/no/such/file.csv"], "No existe"),
        (["{csv}", "--state", "40"], "--state"),
        (["{bad}"], "No se importó nada"),
    ],
)
def test_command_errors(tmp_path: Path, args: list[str], message: str) -> None:
    good = write_denue(tmp_path / "d.csv", three_rows())
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\r\n1,2\r\n")
    argv = [a.format(csv=good, bad=bad) for a in args]
    with pytest.raises(CommandError, match=message):
        call_command("import_denue", *argv, stdout=StringIO(), stderr=StringIO())
    assert not Organization.objects.exists()


# --- The findings of the adversarial review (issue 11), as regression tests. --------------------------


def test_control_characters_and_bidi_overrides_never_reach_a_name(tmp_path: Path) -> None:
    rows = [denue_row(id="101", nom_estab="ESC\x1b[31mRED\x07 \u202eOLLAC", nom_v_e_1="5 de\x0b Mayo")]
    report = import_denue(write_denue(tmp_path / "denue_inegi_22_.csv", rows, encoding="utf-8"))
    assert (report.created, report.errors) == (1, 0)
    assert org("101").name == "ESC[31mRED OLLAC"  # kept as written (title case is for all-caps words)


def test_a_csv_error_is_explained_in_both_languages(tmp_path: Path) -> None:
    path = tmp_path / "denue_inegi_22_.csv"
    path.write_bytes(
        write_denue(tmp_path / "base.csv", three_rows())
        .read_bytes()
        .replace(b"\r\n", b"\r")
        .replace(b"\n", b"\r")
    )
    with pytest.raises(DenueFormatError) as refused:
        import_denue(path)
    assert "solo CR" in str(refused.value) and "CR-only" in str(refused.value)
