"""The two index backends: SQLite FTS5 and PostgreSQL full-text, chosen by the connection's vendor."""

from django.db import connection

from td2035.search.backends.base import Backend


def get_backend() -> Backend:
    if connection.vendor == "postgresql":
        from td2035.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    from td2035.search.backends.sqlite import SqliteBackend

    return SqliteBackend()
