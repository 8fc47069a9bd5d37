"""Send today's match digests (one per person). Production runs it once a day from cron, e.g.
`0 8 * * * cd /srv/td2035 && .venv/bin/python manage.py send_match_digests`."""

from typing import Any

from django.core.management.base import BaseCommand

from td2035.matching import alerts


class Command(BaseCommand):
    help = "Envía el resumen diario de coincidencias (uno por persona y día)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--enqueue", action="store_true", help="queue it for the worker instead")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from td2035.matching.tasks import send_match_digests

            send_match_digests.enqueue()
            self.stdout.write("queued")
            return
        sent = alerts.send_digests()
        self.stdout.write(f"{sent} digests sent")
