"""Rebuild the search index from the directory: `python manage.py rebuild_search_index`."""

from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from td2035.directory.documents import for_queryset
from td2035.directory.models import Organization
from td2035.search.services import clear_index, index_organizations, optimize_index


class Command(BaseCommand):
    help = "Empty the search index and index every organisation again."

    def handle(self, *args: Any, **options: Any) -> None:
        orgs = Organization.objects.order_by("pk")
        total = orgs.count()
        clear_index()
        docs = tqdm(
            for_queryset(orgs.iterator(chunk_size=2000)),
            total=total,
            unit="org",
            disable=options["verbosity"] < 1,
        )
        written = index_organizations(docs)
        optimize_index()
        self.stdout.write(self.style.SUCCESS(f"{written} organisations indexed."))
