"""Demo data of the dashboard: an example target, and snapshots computed from the demo assessments."""

from td2035.dashboard import snapshots
from td2035.dashboard.models import Metric, Target

DEMO_NOTE = "Meta de demostración (ficticia)."


def load_demo_dashboard() -> str:
    """Idempotent: the example target is created once; the snapshots are recomputed every time."""
    Target.objects.get_or_create(
        metric=Metric.MSME_ADVANCED_SHARE, year=2035, defaults={"value": 60.0, "note": DEMO_NOTE}
    )
    keys = snapshots.refresh_all(include_defaults=True)
    return f"Dashboard: {len(keys)} snapshots refreshed"
