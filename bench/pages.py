"""Directory page throughput against a minimal Django page, both served by gunicorn in the same run.

    python bench/pages.py [--orgs 100000] [--duration 10] [--concurrency 4] [--rebuild]

1. Builds (or reuses) var/bench/pages.sqlite3 with N synthetic Querétaro organisations: bulk inserts,
   then the search index through td2035.search.services.index_organizations. The database is cached
   with a fingerprint of the migrations and the search code, so it is rebuilt only when they change.
2. Starts `gunicorn td2035.wsgi -w 2` on a free loopback port, production settings (DEBUG=0) with the
   baseline page mounted by bench/urls.py (bench/settings.py, see bench/baseline_view.py).
3. Loads, in turn, the directory page (/directorio/ with a mix of searches and facets, 20 results) and
   the baseline (20 organisations read with the ORM into a minimal template), alternating 3 rounds, with wrk if it
   is installed or with a small threaded Python client otherwise (loopback only, bounded by time).
4. Prints one JSON line: req/s of both and their ratio (directory / baseline; the target is ≥ 0.5).

The load repeats 20 searches, so after the first round the directory answers them from its page cache
(td2035/directory/result_cache.py: identical searches, invalidated by any database write). Run with
--no-page-cache (DIRECTORY_CACHE_SECONDS=0) to measure every request searching afresh.
"""

import argparse
import hashlib
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
DB_PATH = BENCH_DIR / "pages.sqlite3"
STAMP_PATH = BENCH_DIR / "pages.json"
GENERATOR_VERSION = 1

# --- Synthetic, realistic organisations -------------------------------------------------------------

# (profile, weight, SCIAN classes, words for names, phrases for descriptions, products)
PROFILES: list[tuple[str, int, list[str], list[str], list[str], list[str]]] = [
    (
        "plastics",
        8,
        ["326192", "326199", "326110", "326160"],
        ["Plásticos", "Inyectados", "Moldes", "Polímeros"],
        [
            "moldeo por inyección de plásticos",
            "piezas de plástico para la industria automotriz",
            "extrusión y termoformado",
        ],
        ["Autopartes de plástico", "Envases", "Carcasas"],
    ),
    (
        "aerospace",
        3,
        ["336410", "332710", "541330"],
        ["Aeroestructuras", "Aeroespacial", "Maquinados"],
        [
            "maquinado de precisión para la industria aeroespacial",
            "ensamble de componentes de turbinas",
            "ingeniería aeronáutica",
        ],
        ["Componentes de turbina", "Arneses", "Herramentales"],
    ),
    (
        "automotive",
        9,
        ["336390", "336360", "336310", "332710", "333510"],
        ["Autopartes", "Metalmecánica", "Troqueles", "Maquinados"],
        ["fabricación de autopartes", "estampado y troquelado de metales", "maquinado CNC de piezas"],
        ["Autopartes", "Troqueles", "Piezas maquinadas"],
    ),
    (
        "it",
        7,
        ["541510", "518210", "541610"],
        ["Software", "Tecnología", "Sistemas", "Digital"],
        [
            "desarrollo de software a la medida",
            "servicios de nube y ciberseguridad",
            "consultoría en transformación digital",
        ],
        ["Aplicaciones web", "ERP", "Soporte técnico"],
    ),
    (
        "food",
        12,
        ["311811", "311520", "312112", "722511", "722513"],
        ["Alimentos", "Panadería", "Lácteos", "Cocina"],
        [
            "elaboración de alimentos y bebidas",
            "productos lácteos artesanales",
            "servicios de alimentos y banquetes",
        ],
        ["Pan", "Quesos", "Bebidas"],
    ),
    (
        "logistics",
        6,
        ["484121", "484111", "493111", "488519"],
        ["Transportes", "Logística", "Almacenes", "Fletes"],
        ["servicios de transporte de carga", "almacenamiento y distribución", "logística para la industria"],
        ["Fletes", "Almacenaje", "Distribución"],
    ),
    (
        "agro",
        5,
        ["111140", "112120"],
        ["Agroindustrias", "Granja", "Rancho", "Invernaderos"],
        ["producción agrícola en invernadero", "cría de ganado lechero", "agroindustria del Bajío"],
        ["Hortalizas", "Leche", "Forraje"],
    ),
    (
        "commerce",
        30,
        ["461110", "467111", "434311"],
        ["Comercializadora", "Abarrotes", "Ferretería", "Distribuidora"],
        ["venta de abarrotes y productos de consumo", "comercio al por mayor", "ferretería y materiales"],
        ["Abarrotes", "Herramientas", "Materiales"],
    ),
    (
        "services",
        20,
        ["561720", "811111", "541211", "811192", "531113", "238210"],
        ["Servicios", "Consultores", "Taller", "Mantenimiento"],
        [
            "servicios de limpieza y mantenimiento",
            "servicios contables y fiscales",
            "reparación de automóviles",
        ],
        ["Mantenimiento", "Contabilidad", "Instalaciones eléctricas"],
    ),
]
PLACES = [
    "del Bajío",
    "Querétaro",
    "Santa Rosa",
    "El Marqués",
    "Juriquilla",
    "Colón",
    "Tequisquiapan",
    "Cimatario",
    "Jurica",
    "La Cañada",
    "Hernández",
    "Martínez",
    "García",
    "López",
    "Sierra Gorda",
    "San Juan",
    "Arteaga",
    "Obregón",
]
SUFFIXES = ["", "", "Industrial", "Integral", "de Precisión", "Global", "Mexicana", "y Asociados", "Avanzada"]
COMMON_PHRASES = [
    "Servicios de calidad para la industria de Querétaro.",
    "Atendemos a clientes en todo el Bajío.",
    "Empresa familiar con más de diez años de experiencia.",
    "Cumplimos con normas de calidad y entregas a tiempo.",
    "Servicios personalizados para pequeñas y medianas empresas.",
]
MUNICIPALITY_WEIGHTS = {"014": 45, "016": 12, "011": 10, "006": 8, "012": 4, "005": 3, "017": 3, "007": 2}
OTHER_MUNICIPALITIES = ["001", "002", "003", "004", "008", "009", "010", "013", "015", "018"]
SIZES = (["micro"] * 70) + (["small"] * 18) + (["medium"] * 8) + (["large"] * 4)
CERTIFICATIONS = ["ISO 9001", "IATF 16949", "AS9100", "ISO 14001", "ISO 13485"]
NETWORKS = [
    ("Coordinación TD2035", None),
    ("Canacintra Querétaro", "Coordinación TD2035"),
    ("Coparmex Querétaro", "Coordinación TD2035"),
    ("Vórtice IT Clúster Querétaro", "Coordinación TD2035"),
    ("Querétaro Plastics Cluster", "Canacintra Querétaro"),
    ("AMIQRO", "Canacintra Querétaro"),
    ("Universidad Tecnológica de Querétaro", "Coordinación TD2035"),
]


def municipality(rng: random.Random) -> str:
    if rng.random() < 0.05:
        return rng.choice(OTHER_MUNICIPALITIES)
    return rng.choices(list(MUNICIPALITY_WEIGHTS), weights=list(MUNICIPALITY_WEIGHTS.values()))[0]


def synthetic_rows(count: int, seed: int = 2035) -> Iterator[dict[str, object]]:
    rng = random.Random(seed)
    weights = [p[1] for p in PROFILES]
    for i in range(count):
        _profile, _w, classes, name_words, phrases, products = rng.choices(PROFILES, weights=weights)[0]
        name = " ".join(w for w in (rng.choice(name_words), rng.choice(PLACES), rng.choice(SUFFIXES)) if w)
        yield {
            "slug": f"bench-{i}",
            "kind": "company"
            if rng.random() < 0.97
            else rng.choice(["chamber", "university", "civil_society"]),
            "name": name,
            "legal_name": f"{name} S.A. de C.V.",
            "scian_id": rng.choice(classes),
            "size": rng.choice(SIZES),
            "size_source": "declared",
            "municipality_id": municipality(rng),
            "description_es": " ".join(
                [f"{rng.choice(phrases).capitalize()} en {rng.choice(PLACES)}.", rng.choice(COMMON_PHRASES)]
            ),
            "products": "\n".join(rng.sample(products, 2)),
            "is_verified": rng.random() < 0.1,
            "is_demo": True,
            "source": "demo",
        }


# --- The cached database --------------------------------------------------------------------------


def fingerprint(orgs: int) -> str:
    """Changes whenever the schema, the search engine or this generator change."""
    digest = hashlib.sha256(f"{GENERATOR_VERSION}:{orgs}".encode())
    for pattern in ["td2035/*/migrations/*.py", "td2035/search/*.py", "td2035/directory/documents.py"]:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def server_env(port: int, page_cache: bool = True) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",  # the site with the baseline page beside it
        "DATABASE_URL": f"sqlite:///{DB_PATH}",
        "TD2035_VAR_DIR": str(BENCH_DIR),
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-not-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": "",
        "PYTHONPATH": str(ROOT),
        "DIRECTORY_CACHE_SECONDS": "60" if page_cache else "0",
    }


def ensure_database(orgs: int, rebuild: bool) -> dict[str, float]:
    stamp = fingerprint(orgs)
    cached = STAMP_PATH.exists() and json.loads(STAMP_PATH.read_text()).get("fingerprint") == stamp
    if cached and not rebuild and DB_PATH.exists():
        return {}
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB_PATH}{suffix}").unlink(missing_ok=True)
    STAMP_PATH.unlink(missing_ok=True)
    env = server_env(0)
    script = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from bench.pages import build; build({orgs})"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=ROOT)
    timings = json.loads((BENCH_DIR / "pages-build.json").read_text())
    timings["build_s"] = round(time.perf_counter() - started, 1)
    STAMP_PATH.write_text(json.dumps({"fingerprint": stamp, "orgs": orgs, **timings}))
    return timings


def build(orgs: int) -> None:
    """Run in a child process whose environment points Django at the bench database."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from td2035.directory import documents
    from td2035.directory.models import Certification, Network, NetworkLink, NetworkMembership, Organization
    from td2035.search.services import index_organizations

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    rng = random.Random(7)
    batch: list[Organization] = []
    with transaction.atomic():
        for row in synthetic_rows(orgs):
            batch.append(Organization(**row))  # type: ignore[misc]
            if len(batch) == 5000:
                Organization.objects.bulk_create(batch)
                batch = []
        Organization.objects.bulk_create(batch)
        certs = [Certification.objects.create(name=name) for name in CERTIFICATIONS]
        networks = {
            name: Network.objects.create(name=name, slug=f"bench-net-{i}", is_founding=True)
            for i, (name, _p) in enumerate(NETWORKS)
        }
        NetworkLink.objects.bulk_create(
            NetworkLink(parent=networks[parent], child=networks[name]) for name, parent in NETWORKS if parent
        )
        ids = list(Organization.objects.values_list("pk", flat=True))
        through = Organization.certifications.through
        through.objects.bulk_create(
            (
                through(organization_id=i, certification_id=rng.choice(certs).pk)
                for i in ids
                if rng.random() < 0.15
            ),
            batch_size=5000,
        )
        net_list = list(networks.values())
        NetworkMembership.objects.bulk_create(
            (
                NetworkMembership(organization_id=i, network=rng.choice(net_list))
                for i in ids
                if rng.random() < 0.2
            ),
            batch_size=5000,
        )
    inserted = time.perf_counter()
    index_organizations(documents.for_queryset(Organization.objects.order_by("pk").iterator(chunk_size=5000)))
    indexed = time.perf_counter()
    (BENCH_DIR / "pages-build.json").write_text(
        json.dumps({"insert_s": round(inserted - started, 1), "index_s": round(indexed - inserted, 1)})
    )


# --- Serving and loading ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, workers: int, page_cache: bool = True) -> subprocess.Popen[bytes]:
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    command = [
        str(gunicorn),
        "td2035.wsgi",
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, env=server_env(port, page_cache), cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            if fetch(port, "/healthz")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def fetch(port: int, path: str) -> tuple[int, bytes]:
    conn = HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Accept-Language": "es-MX"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def directory_paths(base: str) -> list[str]:
    searches: list[dict[str, str]] = [
        {"q": "servicios"},
        {"q": "plásticos"},
        {"q": "plasticos", "municipality": "014"},
        {"q": "pla"},
        {"q": "aero"},
        {"q": "maq"},
        {"q": "soft"},
        {"q": "inyección de plástico"},
        {"q": "logística", "size": "small"},
        {"q": "alimentos"},
        {"q": "transporte de carga", "municipality": "016"},
        {"q": "servicios", "size": "micro", "kind": "company"},
        {"sector": "31-33"},
        {"municipality": "011", "kind": "company"},
        {"q": "moldes", "certification": "ISO 9001"},
        {"q": "consultoría"},
        {"q": "termoformado"},
        {"q": "autopartes", "network": "bench-net-1"},
        {"q": "quesos artesanales"},
        {},
    ]
    return [f"{base}?{urlencode(s)}" if s else base for s in searches]


@dataclass
class Load:
    requests: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    elapsed: float = 0.0
    wrk_percentiles: dict[float, list[float]] = field(default_factory=dict)  # wrk's, in seconds, per round

    def add(self, other: "Load") -> None:
        self.requests += other.requests
        self.errors += other.errors
        self.latencies += other.latencies
        self.elapsed += other.elapsed
        for p, values in other.wrk_percentiles.items():
            self.wrk_percentiles.setdefault(p, []).extend(values)

    def rps(self) -> float:
        return self.requests / self.elapsed if self.elapsed else 0.0

    def percentile(self, p: float) -> float | None:
        """Milliseconds; with wrk, the median over rounds of wrk's own percentile."""
        ordered = sorted(self.latencies or self.wrk_percentiles.get(p, []))
        if not ordered:
            return None
        index = min(len(ordered) - 1, int(p * len(ordered))) if self.latencies else len(ordered) // 2
        return round(ordered[index] * 1000, 1)


def python_load(port: int, paths: list[str], duration: float, concurrency: int, max_requests: int) -> Load:
    loads = [Load() for _ in range(concurrency)]
    stop_at = time.monotonic() + duration
    lock = threading.Lock()
    sent = [0]

    def worker(n: int, load: Load) -> None:
        i = n
        while time.monotonic() < stop_at:
            with lock:
                if sent[0] >= max_requests:
                    return
                sent[0] += 1
            started = time.perf_counter()
            try:
                status, _body = fetch(port, paths[i % len(paths)])
            except OSError:
                status = 0
            load.latencies.append(time.perf_counter() - started)
            if status == 200:
                load.requests += 1
            else:
                load.errors += 1
            i += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n, load)) for n, load in enumerate(loads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Load(elapsed=time.perf_counter() - started)
    for load in loads:
        total.requests += load.requests
        total.errors += load.errors
        total.latencies += load.latencies
    return total


WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], {["Accept-Language"] = "es-MX"})
end
"""


def wrk_load(port: int, paths: list[str], duration: float, concurrency: int) -> Load:
    wrk = shutil.which("wrk")
    assert wrk
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    try:
        out = subprocess.run(
            [
                wrk,
                "-t2",
                f"-c{concurrency}",
                f"-d{int(duration)}s",
                "--latency",
                "-s",
                script.name,
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    load = Load(elapsed=duration)
    units = {"us": 1e-6, "ms": 1e-3, "s": 1.0}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("50%", "99%"):
            number = parts[1].rstrip("usm")
            load.wrk_percentiles[int(parts[0][:-1]) / 100] = [float(number) * units[parts[1][len(number) :]]]
        elif "requests in" in line:
            load.requests = int(parts[0])
        elif line.strip().startswith("Non-2xx"):
            load.errors = int(parts[-1])
        elif line.strip().startswith("Requests/sec:"):
            load.elapsed = load.requests / float(parts[1]) if float(parts[1]) else duration
    load.requests -= load.errors
    return load


def check_paths(port: int, paths: list[str]) -> None:
    for path in paths:
        status, body = fetch(port, path)
        if status != 200:
            raise SystemExit(f"{path} answered {status}: {body[:300]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per measurement and round")
    parser.add_argument("--rounds", type=int, default=3, help="alternating baseline/directory rounds")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-requests", type=int, default=50_000, help="per measurement (Python client)")
    parser.add_argument("--client", choices=["auto", "python", "wrk"], default="auto")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached database")
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="switch the directory's page cache off (every search runs)",
    )
    args = parser.parse_args()

    timings = ensure_database(args.orgs, args.rebuild)
    manage = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(manage, env=server_env(0), cwd=ROOT, check=True)  # DEBUG=0 needs the manifest
    client = args.client if args.client != "auto" else ("wrk" if shutil.which("wrk") else "python")
    port = free_port()
    server = start_server(port, args.workers, page_cache=not args.no_page_cache)
    try:
        page = "/directorio/"
        if fetch(port, page)[0] == 404:  # the directory page is not there yet: measure the API instead
            page = "/api/v1/organizations"
        directory, baseline = directory_paths(page), [f"/bench/baseline/?page={n}" for n in range(1, 51)]
        check_paths(port, directory + baseline[:3])
        runs = {"directory": Load(), "baseline": Load()}
        for _round in range(args.rounds):
            for name, paths in (("baseline", baseline), ("directory", directory)):
                if client == "wrk":
                    runs[name].add(wrk_load(port, paths, args.duration, args.concurrency))
                else:
                    runs[name].add(
                        python_load(port, paths, args.duration, args.concurrency, args.max_requests)
                    )
    finally:
        server.terminate()
        server.wait(timeout=30)
    d, b = runs["directory"], runs["baseline"]
    result = {
        "bench": "pages",
        "orgs": args.orgs,
        "page": page,
        "directory_rps": round(d.rps(), 1),
        "baseline_rps": round(b.rps(), 1),
        "ratio": round(d.rps() / b.rps(), 3) if b.rps() else None,
        "directory_p50_ms": d.percentile(0.5),
        "directory_p99_ms": d.percentile(0.99),
        "baseline_p50_ms": b.percentile(0.5),
        "baseline_p99_ms": b.percentile(0.99),
        "errors": d.errors + b.errors,
        "page_cache": not args.no_page_cache,
        "client": client,
        "workers": args.workers,
        "concurrency": args.concurrency,
        "duration_s": args.duration * args.rounds,
        **timings,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
