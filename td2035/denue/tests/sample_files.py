"""Small DENUE files written the way INEGI publishes them, for the parsing and import tests.

path = write_denue(tmp_path / "d.csv", [denue_row(id="1"), denue_row(id="2", per_ocu="6 a 10 personas")])
"""

import csv
import io
from collections.abc import Callable, Iterable
from pathlib import Path

# 2016+ mnemonic header as published (mixed case), 42 columns with clee; without it, 41.
COLUMNS_42 = [
    "id",
    "clee",
    "nom_estab",
    "raz_social",
    "codigo_act",
    "nombre_act",
    "per_ocu",
    "tipo_vial",
    "nom_vial",
    "tipo_v_e_1",
    "nom_v_e_1",
    "tipo_v_e_2",
    "nom_v_e_2",
    "tipo_v_e_3",
    "nom_v_e_3",
    "numero_ext",
    "letra_ext",
    "edificio",
    "edificio_e",
    "numero_int",
    "letra_int",
    "tipo_asent",
    "nomb_asent",
    "tipoCenCom",
    "nom_CenCom",
    "num_local",
    "cod_postal",
    "cve_ent",
    "entidad",
    "cve_mun",
    "municipio",
    "cve_loc",
    "localidad",
    "ageb",
    "manzana",
    "telefono",
    "correoelec",
    "www",
    "tipoUniEco",
    "latitud",
    "longitud",
    "fecha_alta",
]
COLUMNS_41 = [c for c in COLUMNS_42 if c != "clee"]

# The 2015 release: descriptive Spanish headers, same order as the 41-column layout.
DESCRIPTIVE_2015 = {
    "id": "ID",
    "nom_estab": "Nombre de la Unidad Económica",
    "raz_social": "Razón social",
    "codigo_act": "Código de la clase de actividad SCIAN",
    "nombre_act": "Nombre de clase de la actividad",
    "per_ocu": "Descripcion estrato personal ocupado",
    "tipo_vial": "Tipo de vialidad",
    "nom_vial": "Nombre de la vialidad",
    "tipo_v_e_1": "Tipo de entre vialidad 1",
    "nom_v_e_1": "Nombre de entre vialidad 1",
    "tipo_v_e_2": "Tipo de entre vialidad 2",
    "nom_v_e_2": "Nombre de entre vialidad 2",
    "tipo_v_e_3": "Tipo de entre vialidad 3",
    "nom_v_e_3": "Nombre de entre vialidad 3",
    "numero_ext": "Número exterior o kilómetro",
    "letra_ext": "Letra exterior",
    "edificio": "Edificio",
    "edificio_e": "Edificio Piso",
    "numero_int": "Número interior",
    "letra_int": "Letra interior",
    "tipo_asent": "Tipo de asentamiento humano",
    "nomb_asent": "Nombre de asentamiento humano",
    "tipoCenCom": "Tipo centro comercial",
    "nom_CenCom": "Corredor industrial, centro comercial o mercado público",
    "num_local": "Número de local",
    "cod_postal": "Código Postal",
    "cve_ent": "Clave entidad",
    "entidad": "Entidad federativa",
    "cve_mun": "Clave municipio",
    "municipio": "Municipio",
    "cve_loc": "Clave localidad",
    "localidad": "Localidad",
    "ageb": "Área geoestadística básica ",
    "manzana": "Manzana",
    "telefono": "Número de teléfono",
    "correoelec": "Correo electrónico",
    "www": "Sitio en Internet",
    "tipoUniEco": "Tipo de establecimiento",
    "latitud": "Latitud",
    "longitud": "Longitud",
    "fecha_alta": "Fecha de incorporación al DENUE",
}


def denue_row(**values: str) -> dict[str, str]:
    """A Querétaro establishment as a DENUE row; keyword arguments override columns."""
    row = dict.fromkeys(COLUMNS_42, "")
    row.update(
        id="6712345",
        clee="22014326199000011000000000U1",
        nom_estab="PLASTICOS DEL BAJIO",
        raz_social="PLASTICOS DEL BAJIO SA DE CV",
        codigo_act="326199",
        nombre_act="Fabricación de otros productos de plástico sin reforzamiento",
        per_ocu="51 a 100 personas",
        tipo_vial="CALLE",
        nom_vial="5 DE MAYO",
        numero_ext="25",
        tipo_asent="COLONIA",
        nomb_asent="CENTRO",
        cod_postal="76000",
        cve_ent="22",
        entidad="Querétaro",
        cve_mun="014",
        municipio="Querétaro",
        cve_loc="0001",
        localidad="SANTIAGO DE QUERÉTARO",
        ageb="0012",
        manzana="015",
        telefono="4422123456",
        correoelec="VENTAS@PLASTICOSBAJIO.MX",
        www="www.plasticosbajio.mx",
        tipoUniEco="Fijo",
        latitud="20.59326583",
        longitud="-100.39250000",
        fecha_alta="2019-11",
    )
    row.update(values)
    return row


def denue_bytes(
    rows: Iterable[dict[str, str]],
    *,
    columns: list[str] | tuple[str, ...] = COLUMNS_42,
    header: Callable[[str], str] = str,
    encoding: str = "latin-1",
    bom: bool = False,
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([header(c) for c in columns])
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def write_denue(path: Path, rows: Iterable[dict[str, str]], **options: object) -> Path:
    path.write_bytes(denue_bytes(rows, **options))  # type: ignore[arg-type]
    return path
