"""Matching quality: python bench/match_quality.py [--tune] [--database-url URL].

Loads the demo ecosystem into a temporary SQLite database (or uses --database-url, which must hold the
demo already, e.g. after `make demo`: --database-url sqlite:///var/td2035.sqlite3), runs every labelled
need of td2035/matching/data/evaluation.json through the real matching layer (search-index candidates
and the engine) and prints ONE JSON line: NDCG@10, recall@20, and the same for a text-only BM25
baseline over every demo organisation. Even-numbered needs are the tuning half, odd-numbered ones
are held out; both halves are reported.

--tune runs the coarse grid over the main weights (weights.py explains it) on the tuning half and
reports the best setting found (it does not edit weights.py). --relabel rebuilds evaluation.json with
the documented procedure (td2035/matching/evaluation.py) before evaluating.
"""

import argparse
import atexit
import itertools
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(database_url: str | None) -> bool:
    """Point Django at the database; returns whether the demo must be loaded."""
    fresh = database_url is None
    if fresh:
        folder = tempfile.mkdtemp(prefix="td2035-match-quality-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        database_url = f"sqlite:///{folder}/demo.sqlite3"
    os.environ["DATABASE_URL"] = database_url or ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "td2035.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    import django

    django.setup()
    return fresh


def load_demo() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from td2035.demo.organizations import load_demo as load

    load()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--tune", action="store_true")
    parser.add_argument("--relabel", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    if setup(args.database_url):
        load_demo()
    from td2035.matching import evaluation
    from td2035.matching.engine import DEFAULT_WEIGHTS

    if args.relabel:
        evaluation.write_labels()
    needs = evaluation.load_needs()
    tuning = [n for n in needs if n["id"] % 2 == 0]
    held_out = [n for n in needs if n["id"] % 2 == 1]
    evaluator = evaluation.Evaluator()
    result = evaluator.score(needs).as_dict()
    baseline = evaluator.score(needs, baseline=True).as_dict()
    out = {
        "benchmark": "match_quality",
        "needs": result["needs"],
        "ndcg_at_10": result["ndcg_at_10"],
        "recall_at_20": result["recall_at_20"],
        "baseline_ndcg_at_10": baseline["ndcg_at_10"],
        "baseline_recall_at_20": baseline["recall_at_20"],
        "baseline": "BM25 on the need's words alone over every demo organisation",
        "tuning_half": evaluator.score(tuning).as_dict(),
        "held_out_half": evaluator.score(held_out).as_dict(),
        "baseline_tuning_half": evaluator.score(tuning, baseline=True).as_dict(),
        "baseline_held_out_half": evaluator.score(held_out, baseline=True).as_dict(),
        "weights": DEFAULT_WEIGHTS.__dict__,
    }
    if args.tune:
        best = None
        grid = itertools.product((4, 6, 8, 12, 16), (0.5, 1, 2, 3), (1, 2, 3), (0.2, 0.6), (0.2, 0.4))
        for text, scian, certs, dist, verified in grid:
            weights = DEFAULT_WEIGHTS.with_(
                text=text, scian=scian, certifications=certs, distance=dist, verified=verified
            )
            score = evaluator.score(tuning, weights).ndcg_at_10
            if best is None or score > best[0]:
                best = (score, weights)
        assert best is not None
        out["tuned"] = {
            "tuning_ndcg_at_10": round(best[0], 4),
            "held_out": evaluator.score(held_out, best[1]).as_dict(),
            "weights": best[1].__dict__,
        }
    out["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
