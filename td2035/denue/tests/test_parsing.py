"""DENUE parsing without a database: layouts, encodings, strata, and one row -> one record."""

import io

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from td2035.denue.files import DecodedLines, DenueFormatError, detect_layout, normalize_header, read_rows
from td2035.denue.records import Reference, RowParser
from td2035.denue.tests.sample_files import COLUMNS_41, COLUMNS_42, DESCRIPTIVE_2015, denue_bytes, denue_row
from td2035.denue.values import (
    normalize_email,
    normalize_phone,
    normalize_postal_code,
    normalize_website,
    parse_coordinates,
    parse_stratum,
    size_for_stratum,
    smart_title,
)

REFERENCE = Reference(
    clases={"326199": "Fabricación de otros productos de plástico", "311830": "Elaboración de tortillas"},
    municipalities={"22": {"014": "queretaro", "011": "el marques", "016": "san juan del rio"}},
)


def parse(data: bytes, state: str | None = "22") -> list:
    lines = DecodedLines(io.BytesIO(data))
    header, rows = read_rows(lines)
    parser = RowParser(detect_layout(header), REFERENCE, state)
    return [parser.parse(cells, line) for line, cells, _error in rows]


def only_record(data: bytes, state: str | None = "22"):
    (result,) = parse(data, state)
    assert result.record is not None, result.error
    return result.record


# --- Layouts ---------------------------------------------------------------------------------


def test_42_column_layout_with_clee() -> None:
    layout = detect_layout(list(COLUMNS_42))
    assert layout.width == 42 and layout.has_clee and not layout.descriptive
    assert layout.index["nom_estab"] == 2 and layout.index["tipounieco"] == 38
    assert "42 columnas, con clee" in layout.describe()


def test_41_column_layout_without_clee() -> None:
    layout = detect_layout(list(COLUMNS_41))
    assert layout.width == 41 and not layout.has_clee
    assert layout.index["nom_estab"] == 1
    assert "clee" in layout.missing_optional


@pytest.mark.parametrize("case", [str.upper, str.lower, str.title, lambda c: f" {c.upper()} "])
def test_header_case_and_spaces_do_not_matter(case) -> None:
    layout = detect_layout([case(c) for c in COLUMNS_42])
    assert layout.index["per_ocu"] == 6 and layout.index["tipounieco"] == 38


def test_header_with_utf8_bom() -> None:
    record = only_record(denue_bytes([denue_row()], encoding="utf-8", bom=True))
    assert record.denue_id == "6712345"


def test_descriptive_2015_layout_in_latin1() -> None:
    data = denue_bytes([denue_row()], columns=COLUMNS_41, header=DESCRIPTIVE_2015.__getitem__)
    lines = DecodedLines(io.BytesIO(data))
    header, _rows = read_rows(lines)
    layout = detect_layout(header)
    assert layout.descriptive and layout.width == 41
    assert {"id", "nom_estab", "codigo_act", "per_ocu", "cve_mun", "latitud"} <= set(layout.index)
    record = only_record(data)
    assert (record.name, record.scian, record.stratum) == (
        "Plasticos del Bajio",
        "326199",
        "51 a 100 personas",
    )


def test_2013_layout_without_keys_uses_entity_and_municipality_names() -> None:
    columns = [c for c in COLUMNS_41 if c not in ("cve_ent", "cve_mun")]
    header = {**DESCRIPTIVE_2015, "id": "Llave DENUE"}.__getitem__
    data = denue_bytes([denue_row(municipio="El Marqués")], columns=columns, header=header)
    record = only_record(data)
    assert (record.state, record.municipality) == ("22", "011")


@pytest.mark.parametrize("missing", ["id", "nom_estab", "codigo_act"])
def test_missing_required_column_refuses_the_file(missing: str) -> None:
    with pytest.raises(DenueFormatError, match=missing):
        detect_layout([c for c in COLUMNS_42 if c != missing])


def test_missing_both_municipality_columns_refuses_the_file() -> None:
    with pytest.raises(DenueFormatError, match="cve_mun o municipio"):
        detect_layout([c for c in COLUMNS_42 if c not in ("cve_mun", "municipio")])


def test_missing_optional_columns_are_listed() -> None:
    columns = [c for c in COLUMNS_42 if c not in ("latitud", "longitud", "telefono")]
    layout = detect_layout(columns)
    assert {"latitud", "longitud", "telefono"} <= set(layout.missing_optional)
    record = only_record(denue_bytes([denue_row()], columns=columns))
    assert (record.latitude, record.phone) == (None, "")


def test_a_file_that_is_not_denue_is_refused() -> None:
    with pytest.raises(DenueFormatError, match="encabezado"):
        detect_layout(["nombre", "apellido", "edad"])


def test_normalize_header_maps_variants() -> None:
    assert normalize_header("NOM_ESTAB") == "nom_estab"
    assert normalize_header("tipoUniEco") == "tipounieco"
    assert normalize_header("Descripción de estrato de personal ocupado") == "per_ocu"
    assert normalize_header("Nombre de clase dela actividad") == "nombre_act"


# --- Encodings -------------------------------------------------------------------------------


def test_latin1_and_utf8_read_the_same() -> None:
    row = denue_row(nom_estab="PANADERÍA LA ESPAÑOLA", per_ocu="251 y más personas")
    latin = DecodedLines(io.BytesIO(denue_bytes([row], encoding="latin-1")))
    utf8 = DecodedLines(io.BytesIO(denue_bytes([row], encoding="utf-8")))
    assert list(latin) == list(utf8)
    assert (latin.encoding, utf8.encoding) == ("latin-1", "utf-8")


def test_latin1_stratum_byte_is_read_as_mas() -> None:
    data = denue_bytes([denue_row(per_ocu="251 y más personas")], encoding="latin-1")
    assert b"m\xe1s" in data
    assert only_record(data).stratum == "251 y más personas"


def test_a_file_mixing_encodings_reads_each_line() -> None:
    latin = denue_bytes([denue_row(id="1", nom_estab="CAFÉ UNO")], encoding="latin-1")
    utf8_row = denue_bytes([denue_row(id="2", nom_estab="CAFÉ DOS")], encoding="utf-8").split(b"\r\n", 1)[1]
    results = parse(latin + utf8_row)
    assert [r.record.name for r in results] == ["Café Uno", "Café Dos"]


def test_utf16_is_refused() -> None:
    data = denue_bytes([denue_row()], encoding="utf-16")
    with pytest.raises(DenueFormatError, match="UTF-16"):
        read_rows(DecodedLines(io.BytesIO(data)))


def test_empty_file_is_refused() -> None:
    with pytest.raises(DenueFormatError):
        read_rows(DecodedLines(io.BytesIO(b"")))


def test_truncated_last_line_is_flagged() -> None:
    data = denue_bytes([denue_row(id="1"), denue_row(id="2")])
    lines = DecodedLines(io.BytesIO(data[:-30]))
    list(lines)
    assert lines.last_line_unterminated and lines.last_line_open_quote


# --- Strata and size -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0 a 5 personas", ("0 a 5 personas", 0, 5)),
        ("6 a 10 personas", ("6 a 10 personas", 6, 10)),
        ("11 a 30 personas", ("11 a 30 personas", 11, 30)),
        ("31 a 50 personas", ("31 a 50 personas", 31, 50)),
        ("51 a 100 personas", ("51 a 100 personas", 51, 100)),
        ("101 a 250 personas", ("101 a 250 personas", 101, 250)),
        ("251 y más personas", ("251 y más personas", 251, None)),
        ("251 y mas personas", ("251 y más personas", 251, None)),
        ("251 Y MAS PERSONAS", ("251 y más personas", 251, None)),
        ("6 A 10 PERSONAS", ("6 a 10 personas", 6, 10)),
        ("3", ("11 a 30 personas", 11, 30)),  # 2012–2013 stratum code
    ],
)
def test_parse_stratum(text: str, expected: tuple) -> None:
    assert parse_stratum(text) == expected


@pytest.mark.parametrize("text", ["No especificado", "muchas", "", "10 a 5 personas"])
def test_unreadable_stratum(text: str) -> None:
    assert parse_stratum(text) is None


@pytest.mark.parametrize(
    ("stratum", "scian", "size"),
    [
        ("0 a 5 personas", "461110", "micro"),
        ("6 a 10 personas", "326199", "micro"),
        ("11 a 30 personas", "461110", "small"),  # commerce: small up to 30
        ("31 a 50 personas", "461110", "medium"),
        ("31 a 50 personas", "326199", "small"),  # industry: small up to 50
        ("31 a 50 personas", "541330", "small"),  # services: small up to 50
        ("51 a 100 personas", "541330", "medium"),
        ("51 a 100 personas", "461110", "medium"),
        ("101 a 250 personas", "326199", "medium"),  # industry: medium up to 250
        ("101 a 250 personas", "461110", "large"),
        ("101 a 250 personas", "541330", "large"),
        ("251 y más personas", "326199", "large"),
        ("tal vez", "326199", ""),
    ],
)
def test_size_for_stratum(stratum: str, scian: str, size: str) -> None:
    assert size_for_stratum(stratum, scian) == size


# --- Values ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "titled"),
    [
        ("TORTILLERIA LA ESPERANZA", "Tortilleria la Esperanza"),
        ("PLASTICOS DEL BAJIO SA DE CV", "Plasticos del Bajio SA de CV"),
        ("IMSS UNIDAD DE MEDICINA FAMILIAR 13", "IMSS Unidad de Medicina Familiar 13"),
        ("COCA-COLA FEMSA", "Coca-Cola Femsa"),
        ("(EL GÜERO) TACOS", "(El Güero) Tacos"),
        ("ESCUELA PRIMARIA BENITO JUAREZ II", "Escuela Primaria Benito Juarez II"),
        ("LA  CASA   DEL PAN", "La Casa del Pan"),
        ("Café de Olla y Más", "Café de Olla y Más"),  # already mixed case: kept
        ("", ""),
    ],
)
def test_smart_title(text: str, titled: str) -> None:
    assert smart_title(text) == titled


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        ("4422123456", "+524422123456"),
        ("(442) 212-34-56", "+524422123456"),
        ("442 212 3456 / 4427654321", "+524422123456"),
        ("+52 442 212 3456", "+524422123456"),
        ("524422123456", "+524422123456"),
        ("", ""),
        ("1234", None),
        ("0000000000", None),
        ("sin teléfono", None),
        ("0049537207", None),  # phonenumbers reads "00" as an international prefix; DENUE has none
    ],
)
def test_normalize_phone(text: str, e164: str | None) -> None:
    assert normalize_phone(text) == e164


@given(st.from_regex(r"[1-9][0-9]{9}", fullmatch=True))
def test_phone_fast_path_agrees_with_phonenumbers(digits: str) -> None:
    """Ten national digits (a leading 0 would be an international prefix, never in DENUE)."""
    number = phonenumbers.parse(digits, "MX")
    valid = phonenumbers.is_valid_number(number)
    expected = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if valid else None
    assert normalize_phone(digits) == expected


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("VENTAS@ACME.COM.MX", "ventas@acme.com.mx"),
        ("ventas@acme.mx; compras@acme.mx", "ventas@acme.mx"),
        ("", ""),
        ("ventas(arroba)acme.mx", None),
        ("ventas@@acme.mx", None),
        ("a@b", None),
    ],
)
def test_normalize_email(text: str, email: str | None) -> None:
    assert normalize_email(text) == email


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("WWW.ACME.COM.MX", "http://www.acme.com.mx"),
        ("https://Acme.mx/Contacto", "https://acme.mx/Contacto"),
        ("", ""),
        ("no tiene", None),
        ("acme", None),
        ("www.acme .mx", None),
    ],
)
def test_normalize_website(text: str, url: str | None) -> None:
    assert normalize_website(text) == url


@pytest.mark.parametrize(("text", "code"), [("76000", "76000"), ("7600", "07600"), ("", ""), ("CP 76", None)])
def test_normalize_postal_code(text: str, code: str | None) -> None:
    assert normalize_postal_code(text) == code


@pytest.mark.parametrize(
    ("lat", "lon", "state", "expected"),
    [
        ("20.5932", "-100.3925", "22", (20.5932, -100.3925)),
        ("-100.3925", "20.5932", "22", None),  # swapped
        ("19.4326", "-99.1332", "22", None),  # Mexico City is not in Querétaro
        ("19.4326", "-99.1332", "09", (19.4326, -99.1332)),
        ("0", "0", "22", None),
        ("abc", "-100.39", "22", None),
        ("nan", "-100.39", "22", None),
        ("40.7", "-74.0", "09", None),  # New York
    ],
)
def test_parse_coordinates(lat: str, lon: str, state: str, expected: tuple | None) -> None:
    assert parse_coordinates(lat, lon, state) == expected


# --- Rows ------------------------------------------------------------------------------------


def test_row_becomes_record() -> None:
    record = only_record(denue_bytes([denue_row(numero_int="3")]))
    assert record.denue_id == "6712345" and record.clee == "22014326199000011000000000U1"
    assert record.name == "Plasticos del Bajio"
    assert record.legal_name == "PLASTICOS DEL BAJIO SA DE CV"
    assert (record.scian, record.stratum, record.size) == ("326199", "51 a 100 personas", "medium")
    assert record.municipality == "014"
    assert record.address == "Calle 5 de Mayo 25 Int. 3, Colonia Centro, Santiago de Querétaro"
    assert (record.postal_code, record.latitude, record.longitude) == ("76000", 20.59326583, -100.3925)
    assert (record.phone, record.email) == ("+524422123456", "ventas@plasticosbajio.mx")
    assert record.website == "http://www.plasticosbajio.mx"


def test_other_states_are_filtered() -> None:
    (result,) = parse(denue_bytes([denue_row(cve_ent="11", entidad="Guanajuato")]))
    assert result.other_state and result.record is None


def test_every_state_without_filter() -> None:
    record = only_record(
        denue_bytes([denue_row(cve_ent="9", cve_mun="15", latitud="19.43", longitud="-99.13")]), None
    )
    assert (record.state, record.municipality, record.latitude) == ("09", None, 19.43)


def test_unknown_scian_class_is_kept_without_activity() -> None:
    (result,) = parse(denue_bytes([denue_row(codigo_act="513210")]))  # SCIAN 2023, not in 2018
    assert result.record.scian is None and result.record.activity_code == "513210"
    assert any("513210" in w for w in result.warnings)


def test_bad_coordinates_keep_the_row_without_location() -> None:
    (result,) = parse(denue_bytes([denue_row(latitud="20,59", longitud="")]))
    assert (result.record.latitude, result.record.longitude) == (None, None)
    assert any("coordenadas" in w for w in result.warnings)


def test_invalid_contact_fields_are_dropped_with_warnings() -> None:
    (result,) = parse(
        denue_bytes([denue_row(telefono="12", correoelec="sin correo", www="n/a", cod_postal="X")])
    )
    record = result.record
    assert (record.phone, record.email, record.website, record.postal_code) == ("", "", "", "")
    assert len(result.warnings) == 4


def test_unknown_municipality_is_a_warning() -> None:
    (result,) = parse(denue_bytes([denue_row(cve_mun="099")]))
    assert result.record.municipality is None
    assert any("municipio" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (denue_row(id=""), "id"),
        (denue_row(id="1" * 30), "largo"),
        (denue_row(nom_estab="", raz_social=""), "nombre"),
    ],
)
def test_rows_that_cannot_be_imported(row: dict, error: str) -> None:
    (result,) = parse(denue_bytes([row]))
    assert result.record is None and error in result.error


def test_name_falls_back_to_legal_name() -> None:
    assert only_record(denue_bytes([denue_row(nom_estab="")])).name == "Plasticos del Bajio SA de CV"


def test_short_row_is_an_error_with_its_width() -> None:
    data = denue_bytes([denue_row()]) + b'"6712346","x"\r\n'
    results = parse(data)
    assert results[0].record is not None
    assert "2 columnas" in results[1].error and "42" in results[1].error


def test_trailing_empty_column_is_tolerated() -> None:
    data = denue_bytes([denue_row()]).replace(b'"2019-11"\r\n', b'"2019-11",\r\n')
    assert only_record(data).denue_id == "6712345"


def test_blank_lines_are_skipped_and_line_numbers_kept() -> None:
    data = denue_bytes([denue_row(id="1")]) + b"\r\n" + denue_bytes([denue_row(id="2")]).split(b"\r\n", 1)[1]
    lines = DecodedLines(io.BytesIO(data))
    _header, rows = read_rows(lines)
    assert [line for line, _cells, _e in rows] == [2, 4]
