"""Writes of the dashboard: targets, set by platform admins only."""

from django.db import transaction

from td2035.accounts.audit import record
from td2035.accounts.permissions import Actor, is_platform_admin, require
from td2035.dashboard.models import Metric, Target


def target_set(*, actor: Actor, metric: str, value: float, year: int = 2035, note: str = "") -> Target:
    """Create or replace the target of `metric` for `year` (one per metric and year)."""
    require(is_platform_admin(actor))
    if metric not in Metric.values:
        raise ValueError("metric")
    with transaction.atomic():
        target, _created = Target.objects.update_or_create(
            metric=metric,
            year=year,
            defaults={
                "value": value,
                "note": note.replace("\x00", ""),
                "set_by": actor if actor.is_authenticated else None,
            },
        )
        record(actor, "dashboard.target_set", target, data={"metric": metric, "value": value, "year": year})
    return target


def target_delete(*, actor: Actor, target_id: int) -> None:
    require(is_platform_admin(actor))
    with transaction.atomic():
        target = Target.objects.filter(pk=target_id).first()
        if target is None:
            return
        record(actor, "dashboard.target_delete", target, data={"metric": target.metric, "year": target.year})
        target.delete()
