from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# SQLite reads the database through a memory map shared by every process instead of copying pages into
# each connection's small private cache; the windows of matches the engine reads are random lookups.
SQLITE_MMAP_BYTES = 1 << 31


def _tune_sqlite(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES}")


class SearchConfig(AppConfig):
    name = "td2035.search"
    label = "search"
    verbose_name = _("Búsqueda")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        connection_created.connect(_tune_sqlite, dispatch_uid="td2035.search.tune_sqlite")
