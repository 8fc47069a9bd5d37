"""A dashboard table as CSV: UTF-8 with a byte-order mark (Excel reads accents right), suppressed
cells empty, numbers with a dot as decimal separator, spreadsheet formulas neutralised."""

import csv
import io

from td2035.dashboard.tables import Table, Value
from td2035.networks_admin.roster import BOM, safe_cell


def number(value: Value, fmt: str) -> str:
    if value is None or isinstance(value, str):
        return ""
    if fmt == "pct":
        return f"{value * 100:.1f}"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def to_csv(table: Table) -> str:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    units = {"pct": " (%)", "score": " (0-100)"}
    writer.writerow(
        [
            safe_cell(table.head or ""),
            "key",
            *(safe_cell(c.label + units.get(c.fmt, "")) for c in table.columns),
        ]
    )
    for row in table.rows:
        writer.writerow(
            [
                safe_cell(row.label),
                safe_cell(row.key),
                *(number(v, c.fmt) for v, c in zip(row.values, table.columns, strict=True)),
            ]
        )
    return buffer.getvalue()
