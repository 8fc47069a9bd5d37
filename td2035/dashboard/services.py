"""Writes of the dashboard: targets, set by platform admins only."""

import math
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from td2035.accounts.actors import Actor, is_platform_admin, require
from td2035.accounts.audit import record
from td2035.core.cleaning import as_id, strip_unstorable
from td2035.dashboard.models import Metric, Target

FIRST_YEAR, LAST_YEAR = 2025, 2100  # the years a target may be set for (the targets form offers these)
MAX_NOTE = 300


def _checked(metric: Any, value: Any, year: Any, note: Any) -> tuple[float, int, str]:
    """The target's value, year and note as stored; ValidationError naming each bad one."""
    errors: dict[str, str] = {}
    if metric not in Metric.values:
        errors["metric"] = _("Indicador desconocido. / Unknown indicator.")
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        number = math.nan
    if isinstance(value, bool) or not (math.isfinite(number) and 0 <= number <= 100):
        errors["value"] = _("La meta es un número entre 0 y 100. / The target is a number from 0 to 100.")
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = _(
            "El año va de %(first)s a %(last)s. / The year goes from %(first)s to %(last)s."
        ) % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
    text = strip_unstorable(note).strip()
    if len(text) > MAX_NOTE:
        errors["note"] = _("Máximo %(n)s caracteres. / At most %(n)s characters.") % {"n": MAX_NOTE}
    if errors:
        raise ValidationError(errors)
    return number, year, text


def target_set(*, actor: Actor, metric: str, value: float, year: int = 2035, note: str = "") -> Target:
    """Create or replace the target of `metric` for `year` (one per metric and year)."""
    require(is_platform_admin(actor))
    value, year, note = _checked(metric, value, year, note)
    with transaction.atomic():
        target, _created = Target.objects.update_or_create(
            metric=metric,
            year=year,
            defaults={"value": value, "note": note, "set_by": actor if actor.is_authenticated else None},
        )
        record(actor, "dashboard.target_set", target, data={"metric": metric, "value": value, "year": year})
    return target


def target_delete(*, actor: Actor, target_id: int) -> None:
    require(is_platform_admin(actor))
    with transaction.atomic():
        pk = as_id(target_id)
        target = Target.objects.filter(pk=pk).first() if pk is not None else None
        if target is None:
            return
        record(actor, "dashboard.target_delete", target, data={"metric": target.metric, "year": target.year})
        target.delete()
