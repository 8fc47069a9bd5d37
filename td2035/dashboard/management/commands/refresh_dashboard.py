from typing import Any

from django.core.management.base import BaseCommand

from td2035.dashboard import snapshots


class Command(BaseCommand):
    help = "Recompute the TD2035 dashboard's snapshots (everything, every network, every scope asked for)."

    def handle(self, *args: Any, **options: Any) -> None:
        keys = snapshots.refresh_all(include_defaults=True)
        self.stdout.write(f"{len(keys)} snapshots refreshed")
