"""Dashboard latency: python bench/dashboard.py --orgs N --assessments M [--database sqlite|postgres].

1. Builds (or reuses) a database with N synthetic Querétaro organisations (bench/pages.py's generator:
   sizes, sectors, municipalities, 7 nested networks, ~30 % of organisations in one of them) and M
   completed digital-maturity assessments of companies since Q2 2021 (scores drifting upwards, some
   companies re-assessed, the latest flagged `is_latest`), each with its 6 dimension rows. Bulk
   inserts; kept as var/bench/dashboard-N-M.sqlite3 or the PostgreSQL database bench_dashboard_N_M and
   reused while the generator version is the same.
2. Refreshes the dashboard's snapshots (`refresh_dashboard`: everything, every network) and reports
   how long that took: this is the raw aggregate cost a request would pay without snapshots.
3. Times, in this process through Django's test client (middleware, templates, JSON: everything but
   the socket), the dashboard page (unfiltered, by municipality, by network), the indicator endpoint
   for each `by`, and the baseline: /healthz, the smallest view of the site, in the same run.
4. Prints per-path figures on stderr and one JSON line last: p95 of each, the ratio to the baseline's
   p95, and the target (p95 < 200 ms at 1,000,000 organisations and 200,000 assessments).
"""

import argparse
import datetime as dt
import json
import os
import platform
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.databases import BENCH_DIR, bench_database_url  # noqa: E402

GENERATOR_VERSION = "1"
BATCH = 10_000


def setup_django(database: str, orgs: int, assessments: int) -> None:
    url = bench_database_url(f"dashboard-{orgs}-{assessments}", database)
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "td2035.settings",
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-not-secret-" + "x" * 40,
            "ALLOWED_HOSTS": "testserver,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "API_RATE_LIMIT_IP": "0",
            "API_RATE_LIMIT_TOKEN": "0",
            "LOG_LEVEL": "WARNING",
            "REDIS_URL": "",
            "TD2035_VAR_DIR": str(BENCH_DIR),
        }
    )
    import django

    django.setup()


def stamp_of(orgs: int, assessments: int) -> str:
    return f"{GENERATOR_VERSION}:{orgs}:{assessments}"


def current_stamp() -> str | None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS bench_meta (stamp text NOT NULL)")
        cur.execute("SELECT stamp FROM bench_meta")
        row = cur.fetchone()
    return row[0] if row else None


def build(orgs: int, assessments: int) -> None:
    from django.db import connection, transaction

    from bench.pages import NETWORKS, synthetic_rows
    from td2035.dashboard.models import Snapshot
    from td2035.directory.models import Network, NetworkLink, NetworkMembership, Organization
    from td2035.maturity.models import Assessment, DimensionScore

    started = time.perf_counter()
    with transaction.atomic():
        for model in (DimensionScore, Assessment, Snapshot, NetworkMembership, NetworkLink, Network):
            model.objects.all().delete()
        Organization.objects.filter(slug__startswith="bench-").delete()
    batch: list[Any] = []
    for row in synthetic_rows(orgs):
        batch.append(Organization(**row))
        if len(batch) == BATCH:
            Organization.objects.bulk_create(batch)
            batch = []
    Organization.objects.bulk_create(batch)
    log(f"{orgs:,} organisations in {time.perf_counter() - started:.0f} s")

    networks = {
        name: Network.objects.create(slug=f"bench-net-{i}", name=name, is_demo=True)
        for i, (name, _p) in enumerate(NETWORKS)
    }
    NetworkLink.objects.bulk_create(
        NetworkLink(parent=networks[parent], child=networks[name]) for name, parent in NETWORKS if parent
    )
    rng = random.Random(7)
    ids = list(
        Organization.objects.filter(slug__startswith="bench-").order_by("pk").values_list("pk", flat=True)
    )
    net_ids = [n.pk for n in networks.values()]
    members = [
        NetworkMembership(network_id=rng.choice(net_ids), organization_id=pk)
        for pk in ids
        if rng.random() < 0.3
    ]
    NetworkMembership.objects.bulk_create(members, batch_size=BATCH)
    log(f"{len(members):,} memberships")
    build_assessments(ids, assessments, rng)
    with connection.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS bench_meta (stamp text NOT NULL)")
        cur.execute("DELETE FROM bench_meta")
        cur.execute("INSERT INTO bench_meta (stamp) VALUES (%s)", [stamp_of(orgs, assessments)])
    log(f"built in {time.perf_counter() - started:.0f} s")


def build_assessments(ids: list[int], count: int, rng: random.Random) -> None:
    """`count` completed assessments: ~80 % of them a company's only one, the rest re-assessments."""
    from django.utils import timezone

    from td2035.directory.models import Organization
    from td2035.maturity.aggregates import dimension_ids
    from td2035.maturity.models import Assessment, DimensionScore
    from td2035.maturity.services import dimension_rows
    from td2035.reference.queries import sector_of

    started = time.perf_counter()
    start = timezone.make_aware(dt.datetime(2021, 4, 1))
    span = (timezone.now() - start).total_seconds()
    dims = dimension_ids()
    offsets = dict(zip(dims, (4, 6, -2, 2, -6, -9), strict=True))
    distinct = min(len(ids), max(1, int(count * 0.8)))
    chosen = sorted(rng.sample(ids, distinct))
    plan: list[tuple[int, int]] = [(pk, 1) for pk in chosen]
    for i in range(count - distinct):
        plan[i % distinct] = (plan[i % distinct][0], plan[i % distinct][1] + 1)
    written = 0
    for offset in range(0, len(plan), BATCH // 2):
        part = plan[offset : offset + BATCH // 2]
        profile = {
            pk: (size, mun, scian)
            for pk, size, mun, scian in Organization.objects.filter(pk__in=[p for p, _n in part]).values_list(
                "pk", "size", "municipality_id", "scian_id"
            )
        }
        rows: list[Assessment] = []
        for pk, times in part:
            size, mun, scian = profile[pk]
            ability = rng.gauss(0, 12)
            moments = sorted(rng.random() ** 0.7 for _ in range(times))  # more assessments lately
            for n, fraction in enumerate(moments):
                at = start + dt.timedelta(seconds=fraction * span)
                years = fraction * span / (365.25 * 86400)
                scores = {
                    d: round(min(100.0, max(0.0, 28 + 4 * years + ability + offsets[d] + rng.gauss(0, 8))), 1)
                    for d in dims
                }
                overall = round(sum(scores.values()) / len(scores), 1)
                band = (
                    "basic"
                    if overall <= 25
                    else "average"
                    if overall <= 50
                    else "moderately_advanced"
                    if overall <= 75
                    else "advanced"
                )
                rows.append(
                    Assessment(
                        organization_id=pk,
                        status="completed",
                        overall=overall,
                        band=band,
                        dimension_scores=scores,
                        sector=sector_of(scian) if scian else "",
                        subsector=(scian or "")[:3],
                        size=size,
                        municipality=mun or "",
                        is_latest=n == times - 1,
                        is_demo=True,
                        started_at=at,
                        completed_at=at,
                    )
                )
        created = Assessment.objects.bulk_create(rows)
        DimensionScore.objects.bulk_create(
            [row for a in created for row in dimension_rows(a)],
            batch_size=BATCH,
        )
        written += len(created)
        if written % 50_000 < BATCH // 2:
            log(f"{written:,} assessments in {time.perf_counter() - started:.0f} s")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(client: Any, path: str, requests: int) -> list[float]:
    for _ in range(3):  # warm up: templates, connection, snapshot row in the page cache
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--assessments", type=int, default=20_000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--requests", type=int, default=200, help="requests per path")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    setup_django(args.database, args.orgs, args.assessments)
    from django.core.management import call_command
    from django.test import Client

    from td2035.dashboard import snapshots
    from td2035.directory.models import Network

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    build_s = None
    if args.rebuild or current_stamp() != stamp_of(args.orgs, args.assessments):
        started = time.perf_counter()
        build(args.orgs, args.assessments)
        build_s = round(time.perf_counter() - started, 1)

    started = time.perf_counter()
    snapshots.refresh(snapshots.EVERYTHING)
    everything_s = time.perf_counter() - started
    started = time.perf_counter()
    refreshed = snapshots.refresh_all(include_defaults=True)
    refresh_s = time.perf_counter() - started
    log(f"snapshot of everything {everything_s:.1f} s; all {len(refreshed)} scopes {refresh_s:.1f} s")

    network = Network.objects.order_by("pk").values_list("slug", flat=True).first()
    paths = {
        "page": "/tablero/",
        "page_municipality": "/tablero/?municipio=014",
        "page_network": f"/tablero/?red={network}",
        **{
            f"api_{by}": f"/api/v1/indicators?by={by}" for by in ("municipality", "sector", "size", "network")
        },
    }
    client = Client()
    baseline = measure(client, "/healthz", args.requests)
    base_p95 = percentile(baseline, 95)
    result: dict[str, Any] = {
        "bench": "dashboard",
        "database": args.database,
        "orgs": args.orgs,
        "assessments": args.assessments,
        "requests_per_path": args.requests,
        "machine": f"{platform.machine()} {os.cpu_count()} cpu, Python {platform.python_version()}",
        "build_s": build_s,
        "snapshot_everything_s": round(everything_s, 2),
        "snapshot_all_scopes_s": round(refresh_s, 2),
        "baseline": "/healthz",
        "baseline_p95_ms": round(base_p95, 2),
        "p95_ms": {},
        "ratio_to_baseline": {},
        "target_p95_ms": 200,
    }
    for name, path in paths.items():
        timings = measure(client, path, args.requests)
        p95 = percentile(timings, 95)
        log(
            f"{name:20} {path:40} p50={percentile(timings, 50):7.1f}  p95={p95:7.1f}  max={max(timings):7.1f} ms"
        )
        result["p95_ms"][name] = round(p95, 1)
        result["ratio_to_baseline"][name] = round(p95 / base_p95, 1) if base_p95 else None
    result["meets_target"] = all(v < 200 for v in result["p95_ms"].values())
    print(json.dumps(result))


if __name__ == "__main__":
    main()
