"""Background refresh of the dashboard's snapshots."""

import datetime as dt
from functools import partial

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from td2035.dashboard import snapshots


@task(queue_name="default")
def refresh_snapshots(requested_at: str) -> int:
    """Recompute every stored scope, unless a refresh started after this one was asked for (many
    assessments completed together need one refresh, not one each). Returns how many were refreshed."""
    from td2035.dashboard.models import Snapshot

    asked = dt.datetime.fromisoformat(requested_at)
    if Snapshot.objects.filter(key=snapshots.EVERYTHING.key, computed_at__gte=asked).exists():
        return 0
    return len(snapshots.refresh_all())


def on_assessment_completed(sender: object, assessment_id: int, **kwargs: object) -> None:
    """Receiver of td2035.maturity.signals.assessment_completed: queue one refresh after commit."""
    transaction.on_commit(partial(refresh_snapshots.enqueue, timezone.now().isoformat()))
