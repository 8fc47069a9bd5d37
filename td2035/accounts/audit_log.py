"""Reading the audit log (platform admins only): filters and the list of known actions."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from td2035.accounts.actors import Actor, is_platform_admin, require
from td2035.accounts.models import AuditEntry
from td2035.core.cleaning import refuse_year, strip_unstorable

MAX_ACTOR_FILTER = 254  # an e-mail address at most


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    actor: str = ""  # part of the e-mail
    since: date | None = None
    until: date | None = None  # inclusive


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_entries(actor: Actor, filters: AuditFilters) -> QuerySet[AuditEntry]:
    """The entries matching `filters`, newest first; 403 unless `actor` is a platform admin, and a
    ValidationError for a date beyond the years people can mean."""
    require(is_platform_admin(actor))
    for name in ("since", "until"):
        refuse_year(name, getattr(filters, name))
    entries = AuditEntry.objects.all()
    if filters.action:
        entries = entries.filter(action=strip_unstorable(filters.action))
    actor_part = strip_unstorable(filters.actor).strip()[:MAX_ACTOR_FILTER]
    if actor_part:
        entries = entries.filter(actor_label__icontains=actor_part)
    if filters.since:
        entries = entries.filter(created_at__gte=_start_of(filters.since))
    if filters.until:
        entries = entries.filter(created_at__lt=_start_of(filters.until + timedelta(days=1)))
    return entries.order_by("-created_at", "-pk")


def audit_actions() -> list[str]:
    """Every action recorded so far, for the filter's choices."""
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())
