"""The network roster as CSV, safe to open in a spreadsheet.

A cell that starts with = + - @ (or a tab or carriage return) would be read as a formula by Excel,
LibreOffice or Google Sheets ("CSV injection"); such cells get a leading apostrophe, which spreadsheets
show as text. The file starts with a byte-order mark so Excel reads it as UTF-8 (accents, ñ).
"""

import csv
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

from td2035.networks_admin.queries import RosterRow

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def header() -> list[str]:
    return [
        _("Organización"),
        _("Razón social"),
        "RFC",
        _("Tipo"),
        _("Tamaño"),
        _("Municipio"),
        "SCIAN",
        _("Actividad SCIAN"),
        _("Verificada"),
        _("Miembro desde"),
        _("Vía la sub-red"),
    ]


def cells(row: RosterRow) -> list[str]:
    return [
        row.name,
        row.legal_name,
        row.rfc,
        row.kind,
        row.size,
        row.municipality,
        row.scian,
        row.scian_title,
        _("sí") if row.verified else _("no"),
        row.joined_on.isoformat() if row.joined_on else "",
        row.via,
    ]


def to_csv(rows: Iterable[RosterRow]) -> str:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(v) for v in header()])
    writer.writerows([safe_cell(v) for v in cells(row)] for row in rows)
    return buffer.getvalue()
