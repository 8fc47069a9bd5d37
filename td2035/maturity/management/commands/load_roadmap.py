"""`python manage.py load_roadmap [--update]`: load the roadmap steps of td2035/maturity/data/roadmap.json.

Without --update only missing steps are added (edits made in the admin are kept); with it, every step in
the file overwrites the stored one of the same key.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from td2035.maturity.instruments import sync_instruments
from td2035.maturity.queries import load_roadmap


class Command(BaseCommand):
    help = "Load the maturity roadmap steps (and the shipped instrument versions) into the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--update", action="store_true", help="Overwrite stored steps with the file's.")

    def handle(self, *args: Any, **options: Any) -> None:
        instruments = sync_instruments()
        steps = load_roadmap(update=options["update"])
        self.stdout.write(f"Roadmap steps written: {steps}; new instrument versions: {instruments}.")
