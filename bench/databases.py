"""Where a benchmark keeps its data set, so that a large one is built once and reused."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
PG_ADMIN_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/test")


def bench_database_url(stem: str, database: str) -> str:
    """The DATABASE_URL of data set `stem` ("search-1000000"): var/bench/<stem>.sqlite3, or the
    PostgreSQL database bench_<stem> (created when missing) on the server of PG_URL."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if database == "sqlite":
        return f"sqlite:///{BENCH_DIR / (stem + '.sqlite3')}"
    import psycopg

    name = "bench_" + stem.replace("-", "_")
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f"CREATE DATABASE {name}")
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
