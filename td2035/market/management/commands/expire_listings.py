from typing import Any

from django.core.management.base import BaseCommand

from td2035.market.services import expire_listings


class Command(BaseCommand):
    help = "Marca como vencidas las publicaciones cuya fecha de cierre pasó / expire listings past closes_at."

    def handle(self, *args: Any, **options: Any) -> None:
        count = expire_listings()
        self.stdout.write(f"{count} listings expired")
