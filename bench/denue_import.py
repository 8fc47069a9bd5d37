"""DENUE import throughput: python bench/denue_import.py --rows N [--database sqlite|postgres].

Generates a realistic Querétaro DENUE CSV of N rows (latin-1, 42 columns, as INEGI publishes it;
cached in var/bench/), imports it into a fresh database with the real importer (search index
included), re-imports it (nothing changes), and in the same run measures two baselines on the same
rows: Django's bulk_create without search, and raw executemany on the DB-API connection. Prints one
JSON line. Target: rows_per_s >= 50,000 on SQLite.
"""

import argparse
import csv
import json
import os
import random
import sys
import time
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
PG_ADMIN_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/test")
PG_BENCH_DB = "td2035_bench_denue"

COLUMNS = ["id", "clee", "nom_estab", "raz_social", "codigo_act", "nombre_act", "per_ocu", "tipo_vial", "nom_vial",
           "tipo_v_e_1", "nom_v_e_1", "tipo_v_e_2", "nom_v_e_2", "tipo_v_e_3", "nom_v_e_3", "numero_ext",
           "letra_ext", "edificio", "edificio_e", "numero_int", "letra_int", "tipo_asent", "nomb_asent",
           "tipoCenCom", "nom_CenCom", "num_local", "cod_postal", "cve_ent", "entidad", "cve_mun", "municipio",
           "cve_loc", "localidad", "ageb", "manzana", "telefono", "correoelec", "www", "tipoUniEco", "latitud",
           "longitud", "fecha_alta"]  # fmt: skip

# Share of establishments per municipality (Querétaro's economic census, rounded), and area codes.
MUNICIPALITIES = {
    "014": (45, "Querétaro", "SANTIAGO DE QUERÉTARO", "442"),
    "016": (13, "San Juan del Río", "SAN JUAN DEL RÍO", "427"),
    "006": (8, "Corregidora", "EL PUEBLITO", "442"),
    "011": (8, "El Marqués", "LA CAÑADA", "442"),
    "017": (3, "Tequisquiapan", "TEQUISQUIAPAN", "414"),
    "004": (3, "Cadereyta de Montes", "CADEREYTA DE MONTES", "441"),
    "012": (3, "Pedro Escobedo", "PEDRO ESCOBEDO", "448"),
    "001": (3, "Amealco de Bonfil", "AMEALCO", "448"),
    "005": (3, "Colón", "COLÓN", "419"),
    "007": (2, "Ezequiel Montes", "EZEQUIEL MONTES", "441"),
    "008": (2, "Huimilpan", "HUIMILPAN", "448"),
    "009": (1, "Jalpan de Serra", "JALPAN", "441"),
    "018": (1, "Tolimán", "TOLIMÁN", "441"),
    "002": (1, "Pinal de Amoles", "PINAL DE AMOLES", "441"),
    "013": (1, "Peñamiller", "PEÑAMILLER", "441"),
    "010": (1, "Landa de Matamoros", "LANDA DE MATAMOROS", "441"),
    "003": (1, "Arroyo Seco", "ARROYO SECO", "487"),
    "015": (1, "San Joaquín", "SAN JOAQUÍN", "441"),
}
CENTERS = {
    "014": (20.61, -100.40),
    "016": (20.39, -99.99),
    "006": (20.53, -100.44),
    "011": (20.63, -100.30),
}
# Share of establishments by SCIAN sector prefix, as in a state DENUE file.
SECTORS = {"46": 44, "81": 14, "72": 12, "31": 4, "32": 3, "33": 3, "54": 3, "61": 3, "62": 5,
           "43": 3, "56": 2, "93": 2, "53": 1, "52": 1}  # fmt: skip
STRATA = [
    ("0 a 5 personas", 78),
    ("6 a 10 personas", 10),
    ("11 a 30 personas", 7),
    ("31 a 50 personas", 2),
    ("51 a 100 personas", 1.5),
    ("101 a 250 personas", 1),
    ("251 y más personas", 0.5),
]
PREFIXES = {
    "46": ["ABARROTES", "MISCELANEA", "TIENDA", "FARMACIA", "PAPELERIA", "FERRETERIA", "CARNICERIA",
           "FRUTERIA", "ZAPATERIA", "BOUTIQUE", "REFACCIONARIA", "TLAPALERIA", "DULCERIA"],
    "81": ["TALLER MECANICO", "ESTETICA", "LAVANDERIA", "VULCANIZADORA", "TALLER ELECTRICO", "SALON DE BELLEZA",
           "CERRAJERIA", "REPARACION DE CELULARES"],
    "72": ["TAQUERIA", "LONCHERIA", "RESTAURANTE", "COCINA ECONOMICA", "CAFETERIA", "POLLOS ASADOS", "GORDITAS"],
    "31": ["TORTILLERIA", "PANADERIA", "PURIFICADORA", "PALETERIA", "CARNES FRIAS"],
    "32": ["PLASTICOS", "INYECCION DE PLASTICOS", "QUIMICOS", "EMPAQUES", "IMPRENTA"],
    "33": ["HERRERIA", "CARPINTERIA", "MAQUINADOS", "TROQUELADOS", "COMPONENTES AUTOMOTRICES", "AEROESTRUCTURAS"],
    "54": ["DESPACHO CONTABLE", "CONSULTORIA", "DESPACHO JURIDICO", "DISEÑO", "INGENIERIA", "SOFTWARE"],
    "61": ["ESCUELA PRIMARIA", "JARDIN DE NIÑOS", "ESCUELA SECUNDARIA", "INSTITUTO", "ACADEMIA"],
    "62": ["CONSULTORIO MEDICO", "CONSULTORIO DENTAL", "LABORATORIO", "CLINICA", "OPTICA", "GUARDERIA"],
    "43": ["DISTRIBUIDORA", "COMERCIALIZADORA", "ABASTECEDORA"],
    "56": ["LIMPIEZA", "SEGURIDAD PRIVADA", "AGENCIA DE VIAJES", "FUMIGACIONES"],
    "93": ["OFICINA MUNICIPAL", "DIF", "REGISTRO CIVIL", "SEGURIDAD PUBLICA"],
    "53": ["RENTA DE MAQUINARIA", "INMOBILIARIA", "RENTA DE MOBILIARIO"],
    "52": ["CAJA POPULAR", "CASA DE EMPEÑO", "SEGUROS"],
}  # fmt: skip
NAMES = ["GUADALUPE", "LUPITA", "SAN", "JOSE", "EL", "GUERO", "LA", "ESPERANZA", "LOS", "ARCOS", "DEL", "CENTRO", "DEL", "BAJIO", "QUERETANA", "MARTINEZ", "HERNANDEZ", "GARCIA", "LOPEZ", "RAMIREZ", "HERMANOS", "SANTA", "FE", "LA", "PROVIDENCIA", "EL", "SOL", "LA", "LUZ", "DON", "PEPE", "DOÑA", "MARY", "EL", "PORVENIR", "LA", "REINA", "EL", "REY", "MONTSERRAT", "JUANITA", "LAS", "PALMAS", "EL", "ROBLE", "REAL", "AZTECA", "MEXICANA", "NOVA", "INTEGRAL", "EXPRESS", "PLUS", "DEL", "VALLE", "LA", "PAZ", "SAN", "MIGUEL", "LOS", "ANGELES", "EL", "FARO", "JUQUILA"]  # fmt: skip
STREETS = ["5 DE MAYO", "16 DE SEPTIEMBRE", "HIDALGO", "MORELOS", "JUAREZ", "ZARAGOZA", "CONSTITUYENTES", "ZARAGOZA", "UNIVERSIDAD", "PASEO DE LA REPUBLICA", "BERNARDO QUINTANA", "PIE DE LA CUESTA", "EZEQUIEL MONTES", "TECNOLOGICO", "CORREGIDORA", "ALLENDE", "MADERO", "GUERRERO", "PINO SUAREZ", "DE LOS ARCOS", "LAS PALMAS", "EL JACAL"]  # fmt: skip
SETTLEMENTS = ["CENTRO", "LOMAS DE CASA BLANCA", "EL PUEBLITO", "JURIQUILLA", "EL MARQUES", "LOS OLVERA", "CANDILES", "SAN PABLO", "LA PASTORA", "MENCHACA", "CARRETAS", "ALAMOS", "EL TINTERO", "SANTA MONICA", "LOMA BONITA", "EL REFUGIO"]  # fmt: skip


def _weighted(choices: Mapping[str, float] | list[tuple[str, float]]) -> tuple[list[str], list[float]]:
    items: list[tuple[str, float]] = list(choices.items()) if isinstance(choices, Mapping) else choices
    return [k for k, _w in items], [w for _k, w in items]


def generate(path: Path, rows: int, seed: int = 2035) -> None:
    """A DENUE file for Querétaro as INEGI publishes it: latin-1, every field quoted, CRLF."""
    rng = random.Random(seed)
    clases: dict[str, list[tuple[str, str]]] = {}
    with open(ROOT / "td2035" / "reference" / "data" / "scian2018.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["level"] == "clase":
                clases.setdefault(row["code"][:2], []).append((row["code"], row["title_es"]))
    mun_keys, mun_weights = _weighted({k: v[0] for k, v in MUNICIPALITIES.items()})
    sector_keys, sector_weights = _weighted(SECTORS)
    strata, strata_weights = _weighted(STRATA)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="latin-1", errors="replace", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for n in range(rows):
            mun = rng.choices(mun_keys, mun_weights)[0]
            _share, mun_name, town, area = MUNICIPALITIES[mun]
            sector = rng.choices(sector_keys, sector_weights)[0]
            code, title = rng.choice(clases[sector])
            stratum = rng.choices(strata, strata_weights)[0]
            name = f"{rng.choice(PREFIXES[sector])} {rng.choice(NAMES)}"
            if rng.random() < 0.4:
                name += f" {rng.choice(NAMES)}"
            big = stratum not in ("0 a 5 personas", "6 a 10 personas")
            legal = f"{name} SA DE CV" if big or rng.random() < 0.1 else ""
            lat, lon = CENTERS.get(mun, (0.0, 0.0))
            if not lat:
                base = next(r for r in _CENTROIDS if r[0] == mun)
                lat, lon = base[1], base[2]
            lat += rng.uniform(-0.06, 0.06)
            lon += rng.uniform(-0.06, 0.06)
            bad_point = rng.random() < 0.003
            values = {
                "id": str(6_000_000 + n * 7 + rng.randrange(7)),
                "clee": f"22{mun}{code}{n:09d}000000U{rng.randrange(10)}",
                "nom_estab": name,
                "raz_social": legal,
                "codigo_act": code,
                "nombre_act": title,
                "per_ocu": stratum,
                "tipo_vial": rng.choice(
                    ["CALLE", "CALLE", "CALLE", "AVENIDA", "BOULEVARD", "PRIVADA", "CARRETERA"]
                ),
                "nom_vial": rng.choice(STREETS),
                "numero_ext": str(rng.randrange(1, 3000)) if rng.random() < 0.85 else "SN",
                "numero_int": str(rng.randrange(1, 40)) if rng.random() < 0.15 else "",
                "tipo_asent": rng.choice(["COLONIA", "COLONIA", "FRACCIONAMIENTO", "BARRIO", "PUEBLO"]),
                "nomb_asent": rng.choice(SETTLEMENTS),
                "cod_postal": f"76{rng.randrange(0, 1000):03d}",
                "cve_ent": "22",
                "entidad": "Querétaro",
                "cve_mun": mun,
                "municipio": mun_name,
                "cve_loc": "0001",
                "localidad": town,
                "ageb": f"{rng.randrange(1, 999):03d}{rng.randrange(10)}",
                "manzana": f"{rng.randrange(1, 60):03d}",
                "telefono": f"{area}{rng.randrange(1_000_000, 9_999_999)}" if rng.random() < 0.3 else "",
                "correoelec": f"CONTACTO{n}@EMPRESA{n % 997}.COM.MX" if rng.random() < 0.1 else "",
                "www": f"WWW.EMPRESA{n}.MX" if rng.random() < 0.05 else "",
                "tipoUniEco": "Fijo" if rng.random() < 0.9 else "Semifijo",
                "latitud": "0" if bad_point else f"{lat:.8f}",
                "longitud": "0" if bad_point else f"{lon:.8f}",
                "fecha_alta": rng.choice(["2010-07", "2014-12", "2019-11", "2020-11", "2022-05", "2024-11"]),
            }
            writer.writerow([values.get(c, "") for c in COLUMNS])
    tmp.replace(path)


_CENTROIDS: list[tuple[str, float, float]] = []


def _load_centroids() -> None:
    with open(ROOT / "td2035" / "reference" / "data" / "queretaro_municipalities.csv", encoding="utf-8") as f:
        _CENTROIDS.extend((r["cve_mun"], float(r["lat"]), float(r["lon"])) for r in csv.DictReader(f))


def _setup_django(database: str) -> str:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if database == "sqlite":
        db_path = BENCH_DIR / "denue_import.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{db_path}"
    else:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}")
            conn.execute(f"CREATE DATABASE {PG_BENCH_DB}")
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_BENCH_DB}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "td2035.settings")
    os.environ["DEBUG"] = "0"  # no query log, as in production
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


def _empty_organizations() -> None:
    from django.db import connection, transaction

    from td2035.denue.models import ImportRun
    from td2035.directory.models import Organization

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Organization._meta.db_table}")
        cursor.execute(f"DELETE FROM {ImportRun._meta.db_table}")


class Clock:
    """Wall and CPU seconds of a block. CPU time counts this process only: on a machine shared with
    other work it shows what the code costs when wall time is inflated by waiting for a core (with
    SQLite all the database work runs in this process; with PostgreSQL it does not)."""

    def __enter__(self) -> "Clock":
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu

    def rates(self, rows: int) -> tuple[float, float]:
        return rows / self.wall, rows / self.cpu


def _import_without_search(path: Path, batch_size: int) -> tuple[float, float]:
    """The same import into the emptied table with the search index switched off: the importer's own
    throughput, to tell it apart from the index's."""
    from td2035.denue import batches
    from td2035.denue.services import import_denue

    _empty_organizations()
    index = batches.search.index_organizations
    batches.search.index_organizations = lambda docs: 0  # type: ignore[assignment]
    try:
        with Clock() as clock:
            report = import_denue(path, state="22", batch_size=batch_size)
        return clock.rates(report.rows)
    finally:
        batches.search.index_organizations = index


def _baselines(path: Path) -> dict[str, tuple[float, float]]:
    """bulk_create and raw executemany of the same rows (parsed beforehand, no search index)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from td2035.denue.batches import BatchImporter
    from td2035.denue.files import DecodedLines, detect_layout, read_rows
    from td2035.denue.records import RowParser
    from td2035.denue.reports import ImportReport
    from td2035.denue.services import load_reference
    from td2035.directory.models import Organization

    reference = load_reference()
    with open(path, "rb") as handle:
        lines = DecodedLines(handle)
        header, rows = read_rows(lines)
        parser = RowParser(detect_layout(header), reference, "22")
        records = [r.record for _line, cells, _e in rows if (r := parser.parse(cells, 0)).record]
    _empty_organizations()
    with Clock() as bulk, transaction.atomic():
        Organization.objects.bulk_create(
            (
                Organization(
                    slug=f"org-{r.denue_id}",
                    kind="company",
                    source="denue",
                    denue_id=r.denue_id,
                    denue_clee=r.clee,
                    name=r.name,
                    legal_name=r.legal_name,
                    scian_id=r.scian,
                    size=r.size,
                    size_source="denue_stratum" if r.size else "",
                    denue_stratum=r.stratum,
                    municipality_id=r.municipality,
                    address=r.address,
                    postal_code=r.postal_code,
                    latitude=r.latitude,
                    longitude=r.longitude,
                    phone=r.phone,
                    email=r.email,
                    website=r.website,
                )
                for r in records
            ),
            batch_size=2000,
        )

    _empty_organizations()
    batch_importer = BatchImporter(ImportReport("bench"), None, True, reference)
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    prepared = [batch_importer._row(r, stamp) for r in records]
    sql = batch_importer.insert_sql()
    raw_connection = connection.connection
    if connection.vendor == "sqlite":
        sql = sql.replace("%s", "?")
    with Clock() as raw:
        for at in range(0, len(prepared), 5000):
            with transaction.atomic():
                raw_connection.cursor().executemany(sql, prepared[at : at + 5000])
    return {"bulk_create": bulk.rates(len(records)), "raw_executemany": raw.rates(len(records))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()

    _load_centroids()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    csv_path = BENCH_DIR / f"denue_{args.rows}.csv"
    if not csv_path.exists():
        print(f"generating {csv_path} ...", file=sys.stderr)
        generate(csv_path, args.rows)
    _setup_django(args.database)

    from td2035.denue.services import import_denue
    from td2035.directory.models import Organization

    with Clock() as first:
        report = import_denue(csv_path, state="22", batch_size=args.batch_size)
    stored = Organization.objects.count()
    assert report.created == stored, (report.created, stored)
    with Clock() as second:
        again = import_denue(csv_path, state="22", batch_size=args.batch_size)
    assert again.created == again.updated == 0, again

    wall, cpu = first.rates(report.rows)
    result: dict[str, object] = {
        "bench": "denue_import",
        "database": args.database,
        "rows": report.rows,
        "created": report.created,
        "errors": report.errors,
        "warnings": report.warnings,
        "seconds": round(first.wall, 2),
        "rows_per_s": round(wall),
        "cpu_seconds": round(first.cpu, 2),
        "cpu_rows_per_s": round(cpu),
        "rerun_unchanged_rows_per_s": round(second.rates(again.rows)[0]),
        "target_rows_per_s": 50_000,
        "search_index": "td2035.search.services.index_organizations",
    }
    if not args.no_baseline:
        alone = _import_without_search(csv_path, args.batch_size)
        result["without_search_rows_per_s"], result["without_search_cpu_rows_per_s"] = map(round, alone)
        for name, (base_wall, base_cpu) in _baselines(csv_path).items():
            result[f"baseline_{name}_rows_per_s"] = round(base_wall)
            result[f"baseline_{name}_cpu_rows_per_s"] = round(base_cpu)
            result[f"ratio_vs_{name}"] = round(wall / base_wall, 2)
            result[f"cpu_ratio_vs_{name}"] = round(cpu / base_cpu, 2)
    print(json.dumps(result))
    if args.database == "postgres":
        _drop_postgres_database()


def _drop_postgres_database() -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}")


if __name__ == "__main__":
    main()
