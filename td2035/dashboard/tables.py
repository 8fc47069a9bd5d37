"""The dashboard's figures as tables: the one place where suppression (k = 5) is applied.

Pages draw charts and tables from these, CSV files and the API serialise them: a cell that is None is
suppressed ("—" on pages, empty in CSV, null in JSON)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from td2035.dashboard import labels
from td2035.dashboard.suppression import K, complementary, publish, publish_count
from td2035.maturity.aggregates import dimension_ids

Value = int | float | str | None  # None: suppressed; "": not applicable


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    fmt: str = "int"  # int | pct (0..1) | score (0..100) | year


@dataclass
class Row:
    key: str
    label: str
    values: list[Value]

    def value(self, index: int) -> Value:
        return self.values[index]


@dataclass
class Table:
    slug: str
    title: str
    columns: list[Column]  # the value columns; the first column of a table is the row's label
    rows: list[Row]
    head: str = ""  # header of the label column
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def column(self, key: str) -> int:
        return [c.key for c in self.columns].index(key)


NA = ""  # a cell that has no meaning (not a suppressed one)


def ratio(part: Value, whole: Value) -> float | None:
    if not isinstance(part, int | float) or not isinstance(whole, int | float) or not whole:
        return None
    return min(1.0, part / whole)


def count_rows(
    counts: dict[str, int], label: Callable[[str], str], order: list[str] | None = None
) -> list[Row]:
    """One row per key with its count; counts of 1..K-1 and their complement suppressed."""
    items = sorted(
        counts.items(), key=lambda kv: (order.index(kv[0]) if order and kv[0] in order else 99, -kv[1])
    )
    hidden = complementary([n for _k, n in items])
    return [
        Row(key or "", label(key or ""), [None if i in hidden else publish_count(n)])
        for i, (key, n) in enumerate(items)
    ]


NOTE_K = gettext_lazy("«—»: cifra de menos de %(k)s organizaciones, no se publica.")


def note() -> str:
    return str(NOTE_K) % {"k": K}


# --- Organisations ------------------------------------------------------------------------------------


def summary(data: dict[str, Any]) -> Table:
    orgs, act = data["organizations"], data["activity"]
    total, verified, msme = orgs["total"], orgs["verified"], orgs["msme"]
    assessed = data["maturity"]["all"]["assessed"]
    mean = publish(data["maturity"]["all"]["mean_overall"], assessed)
    rows = [
        Row("organizations", _("Organizaciones en la plataforma"), [publish_count(total), NA]),
        Row(
            "verified",
            _("Organizaciones verificadas"),
            [publish_count(verified), ratio(publish_count(verified), publish_count(total))],
        ),
        Row("msme", _("MiPyMEs (micro, pequeñas y medianas empresas)"), [publish_count(msme), NA]),
        Row(
            "msme_assessed",
            _("MiPyMEs con evaluación de madurez"),
            [
                publish_count(act["msme_assessed"]),
                ratio(publish_count(act["msme_assessed"]), publish_count(msme)),
            ],
        ),
        Row("assessed", _("Organizaciones evaluadas"), [publish_count(assessed), NA]),
        Row("completed", _("Evaluaciones terminadas (con historial)"), [publish_count(act["completed"]), NA]),
        Row(
            "mean_overall",
            _("Madurez digital media (0–100)"),
            [round(mean, 1) if mean is not None else None, NA],
        ),
    ]
    table = Table(
        "resumen",
        _("Cifras clave"),
        [Column("value", _("Valor")), Column("share", _("Porcentaje"), "pct")],
        rows,
        head=_("Indicador"),
        note=note(),
    )
    table.extra["mean_overall"] = mean
    return table


def by_kind(data: dict[str, Any]) -> Table:
    return Table(
        "organizaciones-por-tipo",
        _("Organizaciones por tipo"),
        [Column("organizations", _("Organizaciones"))],
        count_rows(data["organizations"]["kind"], labels.kind),
        head=_("Tipo"),
        note=note(),
    )


def by_size(data: dict[str, Any]) -> Table:
    return Table(
        "empresas-por-tamano",
        _("Empresas por tamaño"),
        [Column("organizations", _("Empresas"))],
        count_rows(data["organizations"]["size"], labels.size, labels.SIZE_ORDER),
        head=_("Tamaño"),
        note=note(),
    )


def by_sector(data: dict[str, Any]) -> Table:
    return Table(
        "empresas-por-sector",
        _("Empresas por sector SCIAN"),
        [Column("organizations", _("Empresas"))],
        count_rows(data["organizations"]["sector"], labels.sector),
        head=_("Sector"),
        note=note(),
    )


def by_municipality(data: dict[str, Any]) -> Table:
    """Organisations, MSMEs, MSMEs assessed and their share by municipality."""
    orgs = data["organizations"]
    maturity = data["maturity"]["municipality"]
    keys = sorted(
        set(orgs["municipality"]) | set(maturity), key=lambda k: -(orgs["municipality"].get(k) or 0)
    )
    totals = [orgs["municipality"].get(k) or 0 for k in keys]
    msmes = [orgs["msme_by_municipality"].get(k or "", 0) for k in keys]
    assessed = [maturity.get(k, {}).get("msme_assessed", 0) for k in keys]
    hidden_total, hidden_msme, hidden_assessed = (
        complementary(totals),
        complementary(msmes),
        complementary(assessed),
    )
    rows = []
    for i, key in enumerate(keys):
        n = None if i in hidden_total else publish_count(totals[i])
        m = None if i in hidden_msme else publish_count(msmes[i])
        a = None if i in hidden_assessed else publish_count(assessed[i])
        rows.append(Row(key or "", labels.municipality(key or ""), [n, m, a, ratio(a, m)]))
    return Table(
        "organizaciones-por-municipio",
        _("Organizaciones y MiPyMEs evaluadas por municipio"),
        [
            Column("organizations", _("Organizaciones")),
            Column("msme", _("MiPyMEs")),
            Column("msme_assessed", _("MiPyMEs evaluadas")),
            Column("msme_assessed_share", _("% de MiPyMEs evaluadas"), "pct"),
        ],
        rows,
        head=_("Municipio"),
        note=note(),
    )


def by_network(data: dict[str, Any]) -> Table:
    nets = data.get("networks", [])
    hidden = complementary([n["organizations"] for n in nets])
    return Table(
        "organizaciones-por-red",
        _("Organizaciones por red (con sus sub-redes)"),
        [Column("organizations", _("Organizaciones"))],
        [
            Row(n["slug"], n["name"], [None if i in hidden else publish_count(n["organizations"])])
            for i, n in enumerate(nets)
        ],
        head=_("Red"),
        note=note() + " " + _("Una organización puede estar en varias redes: la suma no es el total."),
    )


# --- Maturity -----------------------------------------------------------------------------------------


def dimensions(data: dict[str, Any]) -> Table:
    group = data["maturity"]["all"]
    n = group["assessed"]
    return Table(
        "madurez-por-dimension",
        _("Madurez digital media por dimensión (0–100)"),
        [Column("mean", _("Media"), "score")],
        [Row(d, labels.dimension(d), [publish(group["dimensions"].get(d), n)]) for d in dimension_ids()],
        head=_("Dimensión"),
        note=note(),
    )


def bands(data: dict[str, Any]) -> Table:
    group = data["maturity"]["all"]
    n = group["assessed"]
    counts = [group["bands"].get(b, 0) for b in labels.BAND_ORDER]
    hidden = complementary(counts)
    rows = []
    for i, b in enumerate(labels.BAND_ORDER):
        count = None if i in hidden or publish_count(n) is None else publish_count(counts[i])
        rows.append(Row(b, labels.band(b), [count, ratio(count, publish_count(n))]))
    return Table(
        "organizaciones-por-nivel",
        _("Organizaciones evaluadas por nivel de madurez"),
        [Column("organizations", _("Organizaciones")), Column("share", _("Porcentaje"), "pct")],
        rows,
        head=_("Nivel"),
        note=note(),
    )


def group_columns() -> list[Column]:
    return [
        Column("assessed", _("Evaluadas")),
        Column("mean_overall", _("Media general"), "score"),
        *[Column(d, labels.dimension(d), "score") for d in dimension_ids()],
    ]


def group_rows(groups: Iterable[tuple[str, str, dict[str, Any]]]) -> list[Row]:
    """Rows of (key, label, maturity group); every figure of a group under K organisations is None,
    and one more group when only one is (complementary suppression)."""
    items = list(groups)
    hidden = complementary([g.get("assessed", 0) for _k, _l, g in items])
    rows = []
    for i, (key, label, g) in enumerate(items):
        n = g.get("assessed", 0)
        if i in hidden:
            values: list[Value] = [None] * (2 + len(dimension_ids()))
        else:
            values = [
                publish_count(n),
                publish(g.get("mean_overall"), n),
                *[publish(g.get("dimensions", {}).get(d), n) for d in dimension_ids()],
            ]
        rows.append(Row(key, label, values))
    return rows


GROUP_TITLES = {
    "sector": (
        gettext_lazy("Madurez digital por sector SCIAN"),
        gettext_lazy("Sector"),
        "madurez-por-sector",
    ),
    "size": (gettext_lazy("Madurez digital por tamaño"), gettext_lazy("Tamaño"), "madurez-por-tamano"),
    "municipality": (
        gettext_lazy("Madurez digital por municipio"),
        gettext_lazy("Municipio"),
        "madurez-por-municipio",
    ),
}


def maturity_by(data: dict[str, Any], group: str) -> Table:
    groups = data["maturity"][group]
    order = labels.SIZE_ORDER if group == "size" else None
    keys = sorted(
        groups, key=lambda k: (order.index(k) if order and k in order else 99, -groups[k]["assessed"])
    )
    title, head, slug = GROUP_TITLES[group]
    return Table(
        slug,
        str(title),
        group_columns(),
        group_rows((k, labels.BY[group](k), groups[k]) for k in keys),
        head=str(head),
        note=note(),
    )


def maturity_by_network(data: dict[str, Any]) -> Table:
    nets = data.get("networks", [])
    return Table(
        "madurez-por-red",
        _("Madurez digital por red (con sus sub-redes)"),
        group_columns(),
        group_rows((n["slug"], n["name"], n["maturity"]) for n in nets),
        head=_("Red"),
        note=note(),
    )


def quarterly(data: dict[str, Any]) -> Table:
    rows = []
    for q in data["quarterly"]:
        n, msme = q["assessed"], q["msme_assessed"]
        rows.append(
            Row(
                q["quarter"],
                q["quarter"],
                [
                    publish_count(n),
                    publish(q["mean_overall"], n),
                    publish(ratio(q["msme_advanced"], msme), msme),
                    publish_count(q["completed_in_quarter"]),
                ],
            )
        )
    return Table(
        "evolucion-trimestral",
        _("Evolución trimestral desde el segundo trimestre de 2021"),
        [
            Column("assessed", _("Organizaciones evaluadas")),
            Column("mean_overall", _("Madurez media"), "score"),
            Column("msme_advanced_share", _("% MiPyMEs moderadamente avanzadas o más"), "pct"),
            Column("completed_in_quarter", _("Evaluaciones en el trimestre")),
        ],
        rows,
        head=_("Trimestre"),
        note=note()
        + " "
        + _("Cada trimestre cuenta la evaluación más reciente de cada organización a su cierre."),
    )
