"""`python manage.py load_demo [--reset]`: load the Querétaro demo ecosystem (idempotent)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from td2035.demo import people as demo_accounts
from td2035.demo.assessments import load_demo_assessments
from td2035.demo.dashboard import load_demo_dashboard
from td2035.demo.inquiries import load_demo_inquiries
from td2035.demo.listings import load_demo_listings
from td2035.demo.organizations import load_demo


class Command(BaseCommand):
    help = "Load the demo ecosystem: 7 founding networks and ~700 fictional organisations (is_demo)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Delete all demo data (is_demo) first, then load it again."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        result = load_demo(reset=options["reset"])
        seconds = time.perf_counter() - started
        if result.loaded:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo loaded: {result.organizations} organisations, {result.networks} networks, "
                    f"{result.memberships} memberships in {seconds:.1f} s."
                )
            )
        elif result.message == "already loaded":
            self.stdout.write(
                f"Demo already loaded ({result.organizations} organisations, {result.networks} networks); "
                "nothing to do. Use --reset to reload it."
            )
        else:
            self.stdout.write(self.style.WARNING(f"Demo not loaded: {result.message}."))
        self.stdout.write(f"Demo listings: {load_demo_listings()}")
        self.stdout.write(str(load_demo_assessments(reset=options["reset"])))
        self.stdout.write(load_demo_dashboard())
        self._load_demo_accounts()

    def _load_demo_accounts(self) -> None:
        """One demo person per role (see README, "Demo accounts"); never without DEBUG."""
        if not demo_accounts.demo_accounts_allowed():
            self.stdout.write("Demo accounts skipped: they have a known password and DEBUG is off.")
            return
        accounts = demo_accounts.load_demo_accounts()
        self.stdout.write(
            f"Demo accounts (password {demo_accounts.DEMO_PASSWORD!r}, local use only): "
            + ", ".join(accounts.emails)
        )
        self.stdout.write(load_demo_inquiries())
