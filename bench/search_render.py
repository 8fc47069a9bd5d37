"""CPU time of the directory search page in one process, without a server or a load generator.

    python bench/search_render.py [--orgs 100000] [--repeat 30] [--htmx]

bench/pages.py measures throughput through gunicorn, where the page's own work is a part of what is
timed and the rest (HTTP, two workers and the client sharing the cores) varies from run to run. This
asks the same 20 searches through django.test.Client (every middleware, production settings: DEBUG=0,
the cached template loader) on the same database (var/bench/pages.sqlite3, built by pages.py when
missing), with the page cache warm, so that what is timed is parsing the query string, the page's data
(cards, facets, links) and rendering its templates. It counts the CPU time of this thread
(time.thread_time), which another process on the machine cannot inflate as much as it inflates wall time.

Baseline: bench/baseline_view.py's page (20 organisations read with the ORM into a minimal template),
through the same client. Prints one JSON line.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import directory_paths, ensure_database, server_env  # noqa: E402


def cpu_ms(client: object, paths: list[str], repeat: int, headers: dict[str, str]) -> list[float]:
    get = client.get  # type: ignore[attr-defined]
    for path in paths:  # warm the page cache, the template cache and the reference data
        for _ in range(3):
            response = get(path, headers=headers)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
    timings = []
    for _ in range(repeat):
        for path in paths:
            started = time.thread_time()
            get(path, headers=headers)
            timings.append((time.thread_time() - started) * 1000)
    return timings


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 2)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30, help="rounds of the 20 searches")
    parser.add_argument("--htmx", action="store_true", help="ask for the htmx fragment, not the whole page")
    args = parser.parse_args()

    ensure_database(args.orgs, rebuild=False)
    env = server_env(0)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True
    )
    os.environ.update({**env, "ALLOWED_HOSTS": "testserver"})
    import django

    django.setup()
    from django.test import Client

    client = Client(headers={"Accept-Language": "es-MX"})
    headers = {"HX-Request": "true"} if args.htmx else {}
    directory = cpu_ms(client, directory_paths("/directorio/"), args.repeat, headers)
    baseline = cpu_ms(client, [f"/bench/baseline/?page={n}" for n in range(1, 21)], args.repeat, {})
    print(
        json.dumps(
            {
                "bench": "search_render",
                "orgs": args.orgs,
                "htmx": args.htmx,
                "requests": len(directory),
                "cpu_p50_ms": percentile(directory, 0.5),
                "cpu_p90_ms": percentile(directory, 0.9),
                "cpu_mean_ms": round(statistics.fmean(directory), 2),
                "baseline_cpu_p50_ms": percentile(baseline, 0.5),
                "baseline_cpu_mean_ms": round(statistics.fmean(baseline), 2),
                "ratio_p50": round(percentile(directory, 0.5) / percentile(baseline, 0.5), 2),
            }
        )
    )


if __name__ == "__main__":
    main()
