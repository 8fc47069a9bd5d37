"""Directory search latency: python bench/directory_search.py --orgs N --database sqlite|postgres.

Generates N synthetic organisations of Querétaro (Spanish names and descriptions whose words follow a
Zipf law, so that "servicios" or "plásticos" match a large share and brand names or surnames a few),
indexes them through the real search services, then runs 1,000 mixed queries through
`search_organizations` exactly as the directory page asks them (20 results, facet counts, total):
whole common and rare words, 3-4 letter prefixes as typed, two words, with and without facet filters,
a few browses without text and name/newest sorts.

In the same run it measures the baseline the engine is compared with: the plain full-text query
ranked over all its matches, without total or facets, for the first text queries of the mix: FTS5
`MATCH ... ORDER BY bm25(...) LIMIT 20` on an FTS5 index of the same documents built as one would for
bm25 (positions and column sizes; the engine's own index keeps neither), or PostgreSQL
`@@ ... ORDER BY ts_rank(...) DESC LIMIT 20` with a native prefix query (`'pla':*`).

Facts about the run go to stderr (latency by kind of query); the last line on stdout is the JSON.

The index is built once per N and database, and kept: var/bench/search-N.sqlite3, or the PostgreSQL
database bench_search_N. Prints one JSON line last. Target: p95 < 50 ms at 1,000,000 organisations.
"""

import argparse
import csv
import itertools
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.databases import bench_database_url  # noqa: E402

GENERATOR_VERSION = "4"

# The head of the vocabulary, most frequent first (Zipf rank = position).
COMMON = """servicios industriales comercializadora productos grupo plásticos distribuidora construcción
transportes soluciones ingeniería mantenimiento maquinados automotriz logística consultoría
alimentos materiales equipos sistemas tecnología desarrollo manufactura metálicos refacciones
componentes moldes inyección empaques químicos eléctricos instalaciones diseño software calidad
precisión aeroespacial herramientas acero maquinaria proyectos abarrotes taller restaurante farmacia
papelería ferretería estética escuela academia clínica consultorio agrícola ganadera textiles
muebles madera vidrio papel impresión publicidad seguridad limpieza jardinería fletes almacenaje
aduanas importaciones exportaciones energía solar hidráulica neumática automatización robótica
electrónica telecomunicaciones redes datos capacitación educación salud médicos dental veterinaria
hotel turismo viajes eventos banquetes panadería tortillería carnicería frutas verduras lácteos
bebidas purificadora hielo recubrimientos pintura galvanizado troquelados estampados fundición forja
soldadura tornillería rodamientos bandas mangueras válvulas bombas compresores motores tableros
cableado iluminación climatización refrigeración ventilación tubería concreto block cemento arena
grava asfalto pavimentos topografía arquitectura interiores acabados pisos azulejos cancelería
aluminio herrería carpintería tapicería colchones uniformes bordados serigrafía calzado piel joyería
relojería óptica laboratorio análisis pruebas metrología calibración certificación auditoría
contabilidad fiscal jurídico notaría seguros finanzas crédito inmobiliaria bienes raíces
arrendamiento renta maquiladora ensamble arneses sensores tarjetas semiconductores baterías llantas
autopartes frenos suspensión carrocerías remolques grúas montacargas paquetería mensajería mudanzas
almacén bodega distribución mayoreo menudeo tienda miscelánea boutique regalos juguetes deportes
bicicletas gimnasio spa belleza uñas barbería lavandería tintorería cerrajería vulcanizadora
lubricantes combustibles gasolinera gas agua riego invernaderos semillas fertilizantes forrajes
granos hortalizas berries aguacate nuez vino quesos embutidos cárnicos avícola porcina bovina
apicultura miel café cacao dulces chocolates botanas tostadas tamales gorditas tacos pizzas mariscos
cocina comida económica cafetería bar cantina salón jardín fiestas música sonido video fotografía""".split()  # noqa: SIM905
PLACES = """Querétaro Bajío Marqués Corregidora Juriquilla Jurica Tequisquiapan Cadereyta Amealco Colón
Huimilpan Jalpan Pinal Peñamiller Tolimán Ezequiel Escobedo Landa Arroyo Joaquín Centro Norte Sur
Oriente Poniente Hércules Cimatario Pedregal Álamos Carretas Candiles Pueblito Balvanera Campestre
Milenio Zibatá Refugio Sonterra Mompaní Tlacote Santa Rosa Jáuregui Bernal Vizarrón Conín""".split()  # noqa: SIM905
SURNAMES = """Hernández García Martínez López González Rodríguez Pérez Sánchez Ramírez Cruz Flores Gómez Morales
Vázquez Jiménez Reyes Díaz Torres Gutiérrez Ruiz Mendoza Aguilar Ortiz Moreno Castillo Romero
Álvarez Méndez Chávez Rivera Juárez Ramos Domínguez Herrera Medina Castro Vargas Guzmán Velázquez
Muñoz Rojas Contreras Salazar Luna Ortega Santiago Guerrero Estrada Bautista Cortés Soto Alvarado
Espinoza Lara Ávila Ríos Cervantes Silva Delgado Vega Márquez Sandoval Fernández León Carrillo Mejía
Solís Núñez Rosas Valdez Ibarra Campos Camacho Navarro Peña Maldonado Rosales Acosta Molina Trejo
Olvera Montes Ugalde Rangel Ledesma Arteaga Reséndiz Feregrino Loyola Hurtado Zúñiga Pacheco
Landaverde""".split()  # noqa: SIM905
SYLLABLES = """ta te ti to tu ka ke ki ko ku ma me mi mo mu na ne ni no nu la le li lo lu ra re ri ro ru sa se si
so su pa pe pi po pu ba be bi bo bu da de di do du ga go gu fa fe fi fo ve vi vo za zo xo tec max
pro tek mex lux nor sur plas cor dur flex tron""".split()  # noqa: SIM905
NAME_HEADS = """Servicios Comercializadora Grupo Plásticos Distribuidora Construcciones Transportes Soluciones
Ingeniería Maquinados Taller Abarrotes Consultoría Productos Industrias Manufacturas Farmacia
Restaurante Papelería Ferretería Estética Escuela Clínica Alimentos Autopartes Logística""".split()  # noqa: SIM905
TEMPLATES = [
    "Empresa dedicada a {a} de {w} y {w} para la industria {w}.",
    "Ofrecemos {w}, {w} y {w} en {p} y todo el Bajío.",
    "Especialistas en {w} de {w} con {n} años de experiencia.",
    "Fabricación y venta de {w} {w} para clientes de {w}.",
    "Atención a empresas de {w} y {w} en {p}.",
    "Somos proveedores de {w} certificados en {w}.",
]
ACTIVITIES = [
    "la fabricación",
    "la venta",
    "la distribución",
    "el mantenimiento",
    "la reparación",
    "el diseño",
]
KINDS = [("company", 90), ("civil_society", 4), ("university", 2), ("government", 2), ("chamber", 1.5),
         ("cluster", 0.5)]  # fmt: skip
SIZES = [("micro", 72), ("small", 18), ("medium", 7), ("large", 3)]
MUNICIPALITIES = [("014", 45), ("016", 13), ("006", 8), ("011", 8)] + [
    (f"{i:03d}", 2) for i in (1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 15, 17, 18)
]
NETWORKS = list(range(1, 31))
CERTIFICATIONS = list(range(1, 9))


class Zipf:
    """Zipf-Mandelbrot: the weight of the item at rank r is 1 / (r + q) ** s."""

    def __init__(self, items: list[str], s: float = 1.0, q: float = 0.0) -> None:
        self.items = items
        self.cum = list(itertools.accumulate(1.0 / ((rank + q) ** s) for rank in range(1, len(items) + 1)))

    def draw(self, rng: random.Random, k: int = 1) -> list[str]:
        return rng.choices(self.items, cum_weights=self.cum, k=k)


def _weighted(rng: random.Random, pairs: list[tuple[str, float]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _subsectors() -> list[tuple[str, str, str]]:
    """(subsector, sector, title) of SCIAN 2018."""
    with open(ROOT / "td2035" / "reference" / "data" / "scian2018.csv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["level"] == "subsector"]
    groups = {"31": "31-33", "32": "31-33", "33": "31-33", "48": "48-49", "49": "48-49"}
    return [(r["code"], groups.get(r["code"][:2], r["code"][:2]), r["title_es"]) for r in rows]


class Corpus:
    """Deterministic synthetic organisations and queries."""

    def __init__(self, seed: int = 2035) -> None:
        rng = random.Random(seed)
        brands = sorted({"".join(rng.choices(SYLLABLES, k=rng.randint(2, 3))) for _ in range(40_000)})
        rng.shuffle(brands)
        self.brands = brands
        tail = SURNAMES + PLACES + brands
        self.words = Zipf([*COMMON, *tail], s=1.0, q=4.0)
        self.heads = Zipf(NAME_HEADS, s=0.9)
        self.surnames = Zipf(SURNAMES, s=0.8)
        self.places = Zipf(PLACES, s=0.8)
        self.brand_zipf = Zipf(brands, s=0.6)
        self.subsectors = _subsectors()
        self.sub_zipf = Zipf([s[0] for s in self.subsectors], s=0.7)
        self.sub_by_code = {s[0]: s for s in self.subsectors}

    def documents(self, n: int, seed: int = 7) -> Iterator[Any]:
        from td2035.search.documents import OrganizationDocument

        rng = random.Random(seed)
        now = 1_750_000_000.0
        for org_id in range(1, n + 1):
            sub, sector, title = self.sub_by_code[self.sub_zipf.draw(rng)[0]]
            trade = " ".join(self._name(rng))
            legal = f"{trade} S.A. de C.V." if rng.random() < 0.6 else ""
            body = " ".join(self._sentence(rng) for _ in range(rng.randint(2, 4))) + " " + title
            yield OrganizationDocument(
                id=org_id,
                name=f"{trade} {legal}".strip(),
                body=body,
                kind=_weighted(rng, KINDS),  # type: ignore[arg-type]
                sector=sector,
                subsector=sub,
                size=_weighted(rng, SIZES),  # type: ignore[arg-type]
                municipality=_weighted(rng, MUNICIPALITIES),  # type: ignore[arg-type]
                network_ids=tuple(rng.sample(NETWORKS, rng.randint(1, 2))) if rng.random() < 0.1 else (),
                certification_ids=(
                    tuple(rng.sample(CERTIFICATIONS, rng.randint(1, 2))) if rng.random() < 0.05 else ()
                ),
                is_verified=rng.random() < 0.1,
                created_at=now - rng.random() * 10 * 365 * 86400,
            )

    def _name(self, rng: random.Random) -> list[str]:
        roll = rng.random()
        if roll < 0.55:
            return [self.heads.draw(rng)[0], *self.words.draw(rng, rng.randint(0, 2)), self._owner(rng)]
        if roll < 0.8:
            return [self.brand_zipf.draw(rng)[0].capitalize(), *self.words.draw(rng, rng.randint(1, 2))]
        return [*self.words.draw(rng, rng.randint(1, 2)), self._owner(rng)]

    def _owner(self, rng: random.Random) -> str:
        roll = rng.random()
        if roll < 0.5:
            return self.surnames.draw(rng)[0]
        if roll < 0.8:
            return "del " + self.places.draw(rng)[0]
        return self.brand_zipf.draw(rng)[0].capitalize()

    def _sentence(self, rng: random.Random) -> str:
        template = rng.choice(TEMPLATES)
        out = template.replace("{a}", rng.choice(ACTIVITIES)).replace("{n}", str(rng.randint(2, 40)))
        out = out.replace("{p}", self.places.draw(rng)[0])
        while "{w}" in out:
            out = out.replace("{w}", self.words.draw(rng)[0], 1)
        return out

    def queries(self, count: int, seed: int = 11) -> list[tuple[str, Any]]:
        """(category, OrganizationQuery) pairs."""
        from td2035.search.documents import OrganizationQuery, Sort

        rng = random.Random(seed)
        common = COMMON[:60]
        out = []
        for _ in range(count):
            roll = rng.random()
            if roll < 0.25:
                category, text = "common word", rng.choice(common)
            elif roll < 0.40:
                category, text = (
                    "rare word",
                    rng.choice([self.brands[rng.randint(200, 20_000)], *SURNAMES[40:]]),
                )
            elif roll < 0.62:
                word = self.words.draw(rng)[0]
                category, text = "prefix", word[: rng.choice((3, 4))]
            elif roll < 0.80:
                first, second = self.words.draw(rng, 2)
                category, text = "two words, typing", f"{first} {second[: rng.randint(3, len(second))]}"
            elif roll < 0.88:
                category, text = "browse", ""
            else:
                category, text = "common word", rng.choice(common[:20])
            filters: dict[str, Any] = {}
            if rng.random() < 0.35 or category == "browse":
                category += " + facets"
                for _ in range(rng.choice((1, 1, 2))):
                    facet = rng.choice(("municipalities", "sizes", "sectors", "kinds", "network_ids"))
                    filters[facet] = self._facet_value(rng, facet)
            sort: Sort = "relevance" if rng.random() < 0.85 else rng.choice(("name", "newest"))
            page = 1 if rng.random() < 0.9 else rng.randint(2, 5)
            out.append((category, OrganizationQuery(text=text, sort=sort, page=page, **filters)))
        return out

    def _facet_value(self, rng: random.Random, facet: str) -> tuple[Any, ...]:
        if facet == "municipalities":
            return (_weighted(rng, MUNICIPALITIES),)  # type: ignore[arg-type]
        if facet == "sizes":
            return tuple({_weighted(rng, SIZES) for _ in range(rng.randint(1, 2))})  # type: ignore[arg-type]
        if facet == "sectors":
            return (self.sub_by_code[self.sub_zipf.draw(rng)[0]][1],)
        if facet == "kinds":
            return (_weighted(rng, KINDS),)  # type: ignore[arg-type]
        return tuple(rng.sample(NETWORKS, rng.randint(1, 3)))


def setup_django(database: str, orgs: int) -> None:
    url = bench_database_url(f"search-{orgs}", database)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "td2035.settings")
    os.environ["DEBUG"] = "0"  # no query log, as in production
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    import django

    django.setup()


def ensure_index(corpus: Corpus, orgs: int, database: str, rebuild: bool) -> float | None:
    """Build the index unless this N and generator are already there; returns seconds spent building."""
    from django.core.management import call_command
    from django.db import connection

    from td2035.search.services import clear_index, index_organizations, optimize_index

    call_command("migrate", "search", verbosity=0)
    stamp = f"{GENERATOR_VERSION}:{orgs}"
    with connection.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS bench_meta (stamp text NOT NULL)")
        cur.execute("SELECT stamp FROM bench_meta")
        row = cur.fetchone()
    if row and row[0] == stamp and not rebuild:
        return None
    started = time.perf_counter()
    clear_index()
    written = 0
    for batch in _batches(corpus.documents(orgs)):
        written += index_organizations(batch)
        if written % 100_000 == 0:
            print(f"indexed {written:,} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    optimize_index()
    build_baseline(database)
    with connection.cursor() as cur:
        cur.execute("DELETE FROM bench_meta")
        cur.execute("INSERT INTO bench_meta (stamp) VALUES (%s)", [stamp])
    return time.perf_counter() - started


def _batches(items: Iterator[Any], size: int = 5000) -> Iterator[list[Any]]:
    while batch := list(itertools.islice(items, size)):
        yield batch


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


BASELINE_FTS = """CREATE VIRTUAL TABLE IF NOT EXISTS bench_baseline_fts USING fts5(
    name_terms, body_terms, tags, content='search_document', content_rowid='docno',
    prefix='2 3 4', tokenize="unicode61 remove_diacritics 0 tokenchars '_'")"""


def build_baseline(database: str) -> None:
    """SQLite: the same documents in an FTS5 index as one would make it for bm25 (positions, sizes)."""
    if database != "sqlite":
        return
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_baseline_fts")
        cur.execute(BASELINE_FTS)
        cur.execute("INSERT INTO bench_baseline_fts (bench_baseline_fts) VALUES ('rebuild')")
        cur.execute("INSERT INTO bench_baseline_fts (bench_baseline_fts) VALUES ('optimize')")


def baseline_query(database: str, plan: Any) -> tuple[str, list[Any]]:
    """The plain full-text query ranked over all its matches (no total, no facets)."""
    if database == "sqlite":
        from td2035.search.backends.sqlite import match_expression

        return (
            "SELECT rowid FROM bench_baseline_fts WHERE bench_baseline_fts MATCH %s "
            "ORDER BY bm25(bench_baseline_fts, 10.0, 1.0, 0.0) LIMIT 20",
            [match_expression(plan)],
        )
    words = [f"'{t}'" for t in plan.terms] + ([f"'{plan.prefix}':*"] if plan.prefix else [])
    filters = ["(" + " | ".join(f"'{t}'" for t in tags) + ")" for _facet, tags in plan.filters]
    return (
        "SELECT docno FROM search_document WHERE tsv @@ %s::tsquery "
        "ORDER BY ts_rank(tsv, %s::tsquery) DESC LIMIT 20",
        [" & ".join(words + filters), " | ".join(words)],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--baseline-queries", type=int, default=300)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the index even if cached")
    args = parser.parse_args()

    setup_django(args.database, args.orgs)
    from django.db import connection

    from td2035.search.plan import build_plan
    from td2035.search.queries import search_organizations

    corpus = Corpus()
    build_s = ensure_index(corpus, args.orgs, args.database, args.rebuild)
    queries = corpus.queries(args.queries)

    for _category, query in corpus.queries(100, seed=99):  # warm the caches, not measured
        search_organizations(query)
    timings: list[float] = []
    by_category: dict[str, list[float]] = {}
    estimated = 0
    for category, query in queries:
        started = time.perf_counter()
        result = search_organizations(query)
        elapsed = (time.perf_counter() - started) * 1000
        timings.append(elapsed)
        by_category.setdefault(category, []).append(elapsed)
        estimated += result.total_is_estimate

    baseline: list[float] = []
    text_plans = [build_plan(q) for _c, q in queries if q.text]
    with connection.cursor() as cur:
        for plan in text_plans[: args.baseline_queries]:
            sql, params = baseline_query(args.database, plan)
            started = time.perf_counter()
            cur.execute(sql, params)
            cur.fetchall()
            baseline.append((time.perf_counter() - started) * 1000)

    p95 = percentile(timings, 95)
    base_p95 = percentile(baseline, 95)
    for category, values in sorted(by_category.items()):
        print(
            f"{category:32} n={len(values):4}  p50={percentile(values, 50):7.1f}  "
            f"p95={percentile(values, 95):7.1f}  max={max(values):7.1f} ms",
            file=sys.stderr,
        )
    print(
        json.dumps(
            {
                "benchmark": "directory_search",
                "database": args.database,
                "orgs": args.orgs,
                "queries": len(timings),
                "p50_ms": round(percentile(timings, 50), 2),
                "p95_ms": round(p95, 2),
                "p99_ms": round(percentile(timings, 99), 2),
                "max_ms": round(max(timings), 2),
                "mean_ms": round(statistics.fmean(timings), 2),
                "estimated_totals": estimated,
                "baseline": {
                    "what": "plain full-text query ranked over all matches, LIMIT 20, no total/facets",
                    "queries": len(baseline),
                    "p50_ms": round(percentile(baseline, 50), 2),
                    "p95_ms": round(base_p95, 2),
                    "p99_ms": round(percentile(baseline, 99), 2),
                },
                "p95_vs_baseline_p95": round(p95 / base_p95, 3) if base_p95 else None,
                "target_p95_ms": 50,
                "index_build_s": round(build_s, 1) if build_s is not None else "cached",
            }
        )
    )


if __name__ == "__main__":
    main()
