"""Matching latency: python bench/matching.py --orgs N --database sqlite|postgres.

Builds (once per N and database, then reuses) a database of N synthetic organisations: the same
generator as bench/directory_search.py (Corpus: Zipf words, SCIAN subsectors, sizes, municipalities,
certifications), written both as directory rows (each with a SCIAN class of its subsector) and to the
search index. Then it times what a need's matches page asks: the top 20 organisations for random needs
(2-3 words, a SCIAN class, sometimes required certifications, a delivery municipality) through
`matching.services.rank_organizations_for_need` (bounded search-index candidates + the engine).

Baseline, measured in the same run: the naive approach, loading and scoring every organisation of the
need's subsector with the same engine, for the first --baseline-queries needs.

Kept in var/bench/matching-N.sqlite3 or the PostgreSQL database bench_matching_N. Prints one JSON line
last (facts to stderr). Target: p95 < 100 ms at 1,000,000 organisations.
"""

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.databases import bench_database_url  # noqa: E402
from bench.directory_search import COMMON, MUNICIPALITIES, Corpus, _batches, _weighted, percentile  # noqa: E402

STAMP_VERSION = "1"
CERT_NAMES = [
    "ISO 9001",
    "IATF 16949",
    "AS9100",
    "ISO 14001",
    "ISO 13485",
    "ISO 22000",
    "ISO 27001",
    "FSSC 22000",
]


def setup_django(database: str, orgs: int) -> None:
    url = bench_database_url(f"matching-{orgs}", database)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "td2035.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    import django

    django.setup()


def classes_by_subsector() -> dict[str, list[str]]:
    from td2035.reference.models import ScianCode

    found: dict[str, list[str]] = {}
    for code in ScianCode.objects.filter(level="clase").order_by("code").values_list("code", flat=True):
        found.setdefault(code[:3], []).append(code)
    return found


def ensure_data(corpus: Corpus, orgs: int, rebuild: bool) -> float | None:
    """Directory rows and search index for N organisations, unless already there."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from td2035.directory.models import Certification, Organization
    from td2035.search.services import clear_index, index_organizations, optimize_index

    call_command("migrate", verbosity=0)
    stamp = f"{STAMP_VERSION}:{orgs}"
    with connection.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS bench_matching_meta (stamp text NOT NULL)")
        cur.execute("SELECT stamp FROM bench_matching_meta")
        row = cur.fetchone()
    if row and row[0] == stamp and not rebuild:
        return None
    started = time.perf_counter()
    Organization.objects.all().delete()
    clear_index()
    certs = {}
    for i, name in enumerate(CERT_NAMES, start=1):
        certs[i], _ = Certification.objects.get_or_create(name=name)
    classes = classes_by_subsector()
    through = Organization.certifications.through
    written = 0
    for batch in _batches(corpus.documents(orgs)):
        with transaction.atomic():
            Organization.objects.bulk_create(
                [
                    Organization(
                        id=doc.id,
                        slug=f"org-{doc.id}",
                        kind=doc.kind,
                        name=doc.name[:255],
                        scian_id=_class_of(classes, doc.subsector, doc.id),
                        size=doc.size,
                        municipality_id=doc.municipality,
                        description_es=doc.body,
                        is_verified=doc.is_verified,
                    )
                    for doc in batch
                ],
                batch_size=1000,
            )
            through.objects.bulk_create(
                [
                    through(organization_id=doc.id, certification_id=certs[c].pk)
                    for doc in batch
                    for c in doc.certification_ids
                ],
                batch_size=1000,
            )
            # the index sees the certification rows' ids
            batch = [_with_cert_ids(doc, certs) for doc in batch]
            index_organizations(batch)
        written += len(batch)
        if written % 100_000 == 0:
            print(f"wrote {written:,} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    optimize_index()
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("ANALYZE")
        cur.execute("DELETE FROM bench_matching_meta")
        cur.execute("INSERT INTO bench_matching_meta (stamp) VALUES (%s)", [stamp])
    return time.perf_counter() - started


def _class_of(classes: dict[str, list[str]], subsector: str, org_id: int) -> str | None:
    options = classes.get(subsector)
    return options[org_id % len(options)] if options else None


def _with_cert_ids(doc: Any, certs: dict[int, Any]) -> Any:
    from dataclasses import replace

    return replace(doc, certification_ids=tuple(certs[c].pk for c in doc.certification_ids))


def random_needs(
    count: int, classes: dict[str, list[str]], corpus: Corpus, seed: int = 5
) -> list[tuple[Any, str]]:
    """(NeedSpec, title) pairs: words of the corpus's head vocabulary and a class of a frequent subsector."""
    from td2035.matching.engine import NeedSpec
    from td2035.matching.queries import municipality_points

    rng = random.Random(seed)
    points = municipality_points()
    out = []
    for _ in range(count):
        sub = corpus.sub_zipf.draw(rng)[0]
        while sub not in classes:
            sub = corpus.sub_zipf.draw(rng)[0]
        words = rng.sample(COMMON[:150], rng.randint(2, 3))
        title = " ".join(words)
        mun = _weighted(rng, MUNICIPALITIES)  # type: ignore[arg-type]
        certs = tuple(rng.sample(CERT_NAMES[:4], 1)) if rng.random() < 0.4 else ()
        need = NeedSpec(
            text=f"{title}. Buscamos proveedor de {words[0]} para {rng.choice(COMMON[:80])}.",
            scian=rng.choice(classes[sub]),
            certifications=certs,
            point=points.get(mun),
            municipality=mun,
        )
        out.append((need, title))
    return out


def naive(need: Any) -> list[Any]:
    """Every organisation of the need's subsector, loaded and scored."""
    from td2035.directory.models import Organization
    from td2035.matching.engine import rank_suppliers
    from td2035.matching.queries import supplier_candidates

    ids = list(
        Organization.objects.filter(scian__code__startswith=need.scian[:3]).values_list("pk", flat=True)
    )
    found = []
    for chunk in range(0, len(ids), 5000):
        found += supplier_candidates(ids[chunk : chunk + 5000])
    return rank_suppliers(need, found, limit=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--baseline-queries", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    setup_django(args.database, args.orgs)
    from td2035.matching.services import rank_organizations_for_need

    corpus = Corpus()
    build_s = ensure_data(corpus, args.orgs, args.rebuild)
    classes = classes_by_subsector()
    needs = random_needs(args.queries, classes, corpus)
    for need, title in random_needs(30, classes, corpus, seed=99):  # warm-up, not measured
        rank_organizations_for_need(need, title)
    timings, sizes = [], []
    for need, title in needs:
        started = time.perf_counter()
        ranked = rank_organizations_for_need(need, title)
        timings.append((time.perf_counter() - started) * 1000)
        sizes.append(len(ranked))
    baseline = []
    for need, _title in needs[: args.baseline_queries]:
        started = time.perf_counter()
        naive(need)
        baseline.append((time.perf_counter() - started) * 1000)
    p95, base_p95 = percentile(timings, 95), percentile(baseline, 95)
    print(
        json.dumps(
            {
                "benchmark": "matching",
                "database": args.database,
                "orgs": args.orgs,
                "queries": len(timings),
                "p50_ms": round(percentile(timings, 50), 2),
                "p95_ms": round(p95, 2),
                "p99_ms": round(percentile(timings, 99), 2),
                "max_ms": round(max(timings), 2),
                "mean_ms": round(statistics.fmean(timings), 2),
                "mean_results": round(statistics.fmean(sizes), 1),
                "baseline": {
                    "what": "naive: load and score every organisation of the need's subsector",
                    "queries": len(baseline),
                    "p50_ms": round(percentile(baseline, 50), 2),
                    "p95_ms": round(base_p95, 2),
                },
                "target_p95_ms": 100,
                "build_s": round(build_s, 1) if build_s is not None else "cached",
                "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            }
        )
    )


if __name__ == "__main__":
    main()
