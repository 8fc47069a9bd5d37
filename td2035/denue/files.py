"""INEGI's DENUE CSV as published, 2013–2024: encodings, header layouts, and the file read into rows.

One row becomes one record in records.py, one cell one value in values.py; the database work lives in
services.py. The layouts:
- 2016 onwards: mnemonic headers (id, nom_estab, ... fecha_alta), 41 columns, or 42 with `clee`
  after `id` (about 2021 on); some releases upper-case them (ID, NOM_ESTAB, TIPOUNIECO).
- 2013–2015: descriptive Spanish headers ("Nombre de la Unidad Económica", "Descripcion estrato
  personal ocupado", ...), with spelling and accent variants between releases.
Files are latin-1 (Windows-1252) or UTF-8, decided line by line so that a mixed file still reads.
"""

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.translation import gettext as _

from td2035.core.errors import Refusal
from td2035.denue.values import fold

# The 2016+ mnemonic header, lower-cased; `clee` is absent from 41-column files.
# Control characters (tab and line ends aside) and bidirectional overrides are never part of a DENUE
# value: they would reach pages, the API and the roster CSV (a name that reads backwards, a terminal
# escape). They are dropped from each line before it is parsed.
_INVISIBLE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
CSV_MESSAGES = {
    "field larger than field limit": "Un campo pasa del límite de 131 072 caracteres / A field is over the limit",
    "new-line character seen in unquoted field": (
        "El archivo usa solo CR como fin de línea; guárdelo con LF o CRLF / CR-only line ends"
    ),
}

MNEMONIC_COLUMNS = (
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
    "tipocencom",
    "nom_cencom",
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
    "tipounieco",
    "latitud",
    "longitud",
    "fecha_alta",
)

# Descriptive headers of the 2013–2015 releases (folded: lower case, no accents, single spaces).
DESCRIPTIVE_ALIASES = {
    "llave denue": "id",
    "nombre de la unidad economica": "nom_estab",
    "razon social": "raz_social",
    "codigo de la clase de actividad scian": "codigo_act",
    "codigo de la clase de actividad": "codigo_act",
    "nombre de clase de la actividad": "nombre_act",
    "nombre de la clase de actividad": "nombre_act",
    "nombre de clase dela actividad": "nombre_act",
    "descripcion estrato personal ocupado": "per_ocu",
    "descripcion de estrato de personal ocupado": "per_ocu",
    "personal ocupado (estrato)": "per_ocu_code",
    "tipo de vialidad": "tipo_vial",
    "nombre de la vialidad": "nom_vial",
    "numero exterior o kilometro": "numero_ext",
    "numero exterior o km": "numero_ext",
    "letra exterior": "letra_ext",
    "edificio": "edificio",
    "edificio piso": "edificio_e",
    "edificio, piso o nivel": "edificio_e",
    "numero interior": "numero_int",
    "numero o letra interior": "numero_int",
    "letra interior": "letra_int",
    "tipo de asentamiento humano": "tipo_asent",
    "nombre de asentamiento humano": "nomb_asent",
    "tipo y nombre del asentamiento humano": "nomb_asent",
    "codigo postal": "cod_postal",
    "clave entidad": "cve_ent",
    "clave entidad federativa": "cve_ent",
    "entidad federativa": "entidad",
    "clave municipio": "cve_mun",
    "clave localidad": "cve_loc",
    "numero de telefono": "telefono",
    "numero de telefono 1": "telefono",
    "correo electronico": "correoelec",
    "correo electronico 1": "correoelec",
    "sitio en internet": "www",
    "latitud": "latitud",
    "longitud": "longitud",
    "fecha de incorporacion al denue": "fecha_alta",
}

# Without these a row cannot be keyed, named, classified or placed: the file is refused.
REQUIRED_COLUMNS = ("id", "nom_estab", "codigo_act")
# One of each pair is needed (2013's layout has the names but not the keys).
REQUIRED_ANY = (("cve_ent", "entidad"), ("cve_mun", "municipio"))
# Read when present; a missing one is a warning for the whole file.
OPTIONAL_COLUMNS = (
    "clee",
    "raz_social",
    "per_ocu",
    "tipo_vial",
    "nom_vial",
    "numero_ext",
    "letra_ext",
    "numero_int",
    "letra_int",
    "tipo_asent",
    "nomb_asent",
    "cod_postal",
    "localidad",
    "telefono",
    "correoelec",
    "www",
    "latitud",
    "longitud",
)


class DenueFormatError(Refusal):
    """The file as a whole cannot be read as DENUE; nothing is imported."""


# --- Encoding --------------------------------------------------------------------------------


class DecodedLines:
    """Iterate a binary file as text lines, each decoded as UTF-8 or else Windows-1252 / latin-1.

    Counts bytes (for a progress bar) and tells which encodings it met. DENUE files are one or the
    other; deciding per line also reads a file that was concatenated from both.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.bytes_read = 0
        self.utf8_lines = 0  # lines with non-ASCII text that were valid UTF-8
        self.latin1_lines = 0
        self.last_line_unterminated = False
        self.last_line_open_quote = False  # cut inside a quoted field: a truncated file

    def __iter__(self) -> Iterator[str]:
        first = True
        for raw in self.stream:
            self.bytes_read += len(raw)
            if first:
                first = False
                if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
                    raise DenueFormatError(
                        _("El archivo está en UTF-16; guárdelo como UTF-8 o latin-1 / UTF-16 file.")
                    )
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if b"\x00" in raw:  # PostgreSQL stores no NUL in text; a NUL is never part of a DENUE value
                raw = raw.replace(b"\x00", b"")
            if not raw.endswith(b"\n"):
                self.last_line_unterminated = True
                self.last_line_open_quote = raw.count(b'"') % 2 == 1
            if raw.isascii():
                line = raw.decode("ascii")
            elif self.latin1_lines and not self.utf8_lines:
                line = self._latin1_first(raw)
            else:
                line = self._utf8_first(raw)
            yield _INVISIBLE.sub("", line)

    def _utf8_first(self, raw: bytes) -> str:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return self._latin1(raw)
        self.utf8_lines += 1
        return text

    def _latin1_first(self, raw: bytes) -> str:
        """In a latin-1 file, skip the failing UTF-8 attempt; UTF-8 text read as Windows-1252
        shows as "Ã©"/"Â", and then the line is read again as UTF-8."""
        text = self._latin1(raw)
        if "Ã" in text or "Â" in text:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                return text
            self.latin1_lines -= 1
            self.utf8_lines += 1
        return text

    def _latin1(self, raw: bytes) -> str:
        self.latin1_lines += 1
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            return raw.decode("latin-1")

    @property
    def encoding(self) -> str:
        if self.latin1_lines and self.utf8_lines:
            return "mixed"
        return "latin-1" if self.latin1_lines else "utf-8"


# --- Layout ----------------------------------------------------------------------------------


def normalize_header(name: str) -> str:
    """The mnemonic a header stands for ("NOM_ESTAB", "tipoUniEco", "Razón social" -> ...)."""
    folded = fold(name)
    if folded in DESCRIPTIVE_ALIASES:
        return DESCRIPTIVE_ALIASES[folded]
    mnemonic = folded.replace(" ", "_")
    return mnemonic if mnemonic in MNEMONIC_COLUMNS else folded


@dataclass(frozen=True)
class Layout:
    width: int  # columns in the header
    index: dict[str, int]  # mnemonic -> position
    descriptive: bool  # 2013–2015 headers
    missing_optional: tuple[str, ...] = ()

    @property
    def has_clee(self) -> bool:
        return "clee" in self.index

    def describe(self) -> str:
        kind = "2013–2015" if self.descriptive else "2016+"
        clee = "con clee" if self.has_clee else "sin clee"
        return f"{kind}, {self.width} columnas, {clee}"


def detect_layout(header: list[str]) -> Layout:
    """Recognise a DENUE header; DenueFormatError when it is not one or lacks what the import needs."""
    index: dict[str, int] = {}
    descriptive = False
    for position, name in enumerate(header):
        mnemonic = normalize_header(name)
        if fold(name) in DESCRIPTIVE_ALIASES and fold(name) not in MNEMONIC_COLUMNS:
            descriptive = True
        index.setdefault(mnemonic, position)
    if "per_ocu" not in index and "per_ocu_code" in index:
        index["per_ocu"] = index["per_ocu_code"]
    missing = [c for c in REQUIRED_COLUMNS if c not in index]
    missing += [" o ".join(pair) for pair in REQUIRED_ANY if not any(c in index for c in pair)]
    if missing:
        recognised = sum(1 for name in header if normalize_header(name) in MNEMONIC_COLUMNS)
        if recognised < 3:
            raise DenueFormatError(
                _(
                    "La primera línea no es un encabezado del DENUE (¿otro archivo o codificación "
                    "equivocada?) / The first line is not a DENUE header."
                )
            )
        raise DenueFormatError(
            _("Faltan columnas obligatorias / Missing required columns: %(columns)s")
            % {"columns": ", ".join(missing)}
        )
    optional_missing = tuple(c for c in OPTIONAL_COLUMNS if c not in index)
    return Layout(len(header), index, descriptive, optional_missing)


# --- Rows ------------------------------------------------------------------------------------


def read_rows(lines: DecodedLines) -> tuple[list[str], Iterator[tuple[int, list[str], str]]]:
    """The header, and (line number, cells, csv error or "") for each row; blank lines are skipped."""
    reader = csv.reader(iter(lines))
    try:
        header = next(reader)
    except StopIteration:
        raise DenueFormatError(_("El archivo está vacío / The file is empty.")) from None
    except csv.Error as exc:
        raise DenueFormatError(csv_message(exc)) from exc

    def rows() -> Iterator[tuple[int, list[str], str]]:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield reader.line_num, [], csv_message(exc)
                continue
            if row:
                yield reader.line_num, row, ""

    return header, rows()


def csv_message(exc: csv.Error) -> str:
    """The csv module's error, for the person who runs the import (Spanish / English)."""
    for start, message in CSV_MESSAGES.items():
        if str(exc).startswith(start):
            return _(message)
    return _("La fila no es CSV válido / The row is not valid CSV") + f" ({exc})"
