"""A short-lived cache of directory pages (results, totals, labelled facets) for identical searches.

Correctness comes from the key, not from invalidation calls: it holds a *database version* that changes
whenever anything is written to the database, by this process or by any other. No writer has to
remember to invalidate (the DENUE import, the demo loader and the services write the search index in
different ways), and a cached page can never outlive a write it did not see.

* SQLite: each process keeps a read-only *monitor* connection to the database file, whose
  `PRAGMA data_version` changes whenever any other connection (in this process or another) commits;
  it is read from shared memory, without I/O, and works although Django opens a new connection for
  every request (CONN_MAX_AGE=0). Inside a transaction (tests, atomic blocks) the version also holds
  the Django connection's `total_changes`, which counts its own writes, committed or not, and only
  grows; so does an in-memory database (no file to monitor), with a token of the connection.
* PostgreSQL: no equally cheap and exact version (a write inside the current transaction leaves the
  cluster's transaction ids alone), so pages are not cached there: `database_version()` is None.

Any write (a new session, an audit entry...) changes the version, which costs only cache misses. Entries
expire after settings.DIRECTORY_CACHE_SECONDS (0 switches the cache off).
"""

import hashlib
import sqlite3
import threading
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils.translation import get_language

T = TypeVar("T")


def cache_seconds() -> int:
    return max(int(settings.DIRECTORY_CACHE_SECONDS), 0)


class _Monitor(threading.local):
    path: str = ""
    connection: sqlite3.Connection | None = None
    token: str = ""


_monitor = _Monitor()


def _monitor_version(path: str) -> str:
    if _monitor.connection is None or _monitor.path != path:
        if _monitor.connection is not None:
            _monitor.connection.close()
        _monitor.connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        _monitor.path, _monitor.token = path, uuid.uuid4().hex
    return f"{_monitor.token}:{_monitor.connection.execute('PRAGMA data_version').fetchone()[0]}"


def _own_writes() -> str:
    raw: Any = connection.connection
    token = getattr(connection, "_directory_cache_token", None)
    if token is None or token[0] is not raw:
        token = (raw, uuid.uuid4().hex)
        connection._directory_cache_token = token  # type: ignore[attr-defined]
    return f"{token[1]}:{raw.total_changes}"


def database_version() -> str | None:
    """Changes whenever the database is written to; None where that cannot be told cheaply."""
    if connection.vendor != "sqlite":
        return None
    connection.ensure_connection()
    if connection.is_in_memory_db():  # type: ignore[attr-defined]
        return _own_writes()
    try:
        version = _monitor_version(str(connection.settings_dict["NAME"]))
    except sqlite3.Error:  # e.g. a database file not created yet: no cache rather than an error
        _monitor.connection = None
        return None
    if connection.in_atomic_block:  # its writes are not committed yet: the monitor cannot see them
        version += ":" + _own_writes()
    return version


def cached(parts: tuple[object, ...], compute: Callable[[], T]) -> T:
    """compute(), or what it returned for the same parts, language and database version."""
    seconds = cache_seconds()
    version = database_version() if seconds else None
    if version is None:
        return compute()
    text = repr((parts, get_language(), version))
    key = "directory:page:" + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    value: T | None = caches["local"].get(key)
    if value is None:
        value = compute()
        caches["local"].set(key, value, seconds)
    return value
