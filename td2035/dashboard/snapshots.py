"""Precomputed dashboard figures: one Snapshot row per scope.

Why a snapshot table rather than a cache with a version key: at 1,000,000 organisations and 200,000
assessments the figures take seconds to compute (grouped counts over every organisation, one pass over
every assessment for the quarterly series), far above the 200 ms a page may take, and a version key
would throw them away on every completed assessment, so some visitor would wait those seconds. With
snapshots a page is one primary-key read of a JSON document, whatever the size of the tables; the
figures are refreshed in the background after each completed assessment (django-tasks queue
"dashboard", on commit) and by `manage.py refresh_dashboard` (cron, or after an import). While a
refresh runs, visitors see the previous snapshot and its date. Everything, each network and each
municipality are computed by the command; a rarer scope (a network within one municipality) asked for
the first time is computed in that request and kept, and refreshed with the others from then on.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from td2035.dashboard import queries
from td2035.maturity import aggregates
from td2035.maturity.aggregates import Scope
from td2035.reference.queries import municipality_names


@dataclass(frozen=True)
class ScopeKey:
    network_id: int | None = None
    municipality: str | None = None

    @property
    def key(self) -> str:
        return f"net={self.network_id or ''};mun={self.municipality or ''}"

    @classmethod
    def parse(cls, key: str) -> "ScopeKey":
        parts = dict(part.split("=", 1) for part in key.split(";"))
        net = parts.get("net") or ""
        return cls(int(net) if net.isdigit() else None, parts.get("mun") or None)

    @property
    def is_everything(self) -> bool:
        return self.network_id is None and not self.municipality

    def maturity_scope(self) -> Scope:
        ids = queries.member_ids(self.network_id) if self.network_id is not None else None
        return Scope(organization_ids=ids, municipality=self.municipality)


EVERYTHING = ScopeKey()


def compute(scope: ScopeKey, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """Every raw figure the dashboard shows for this scope (JSON-ready, not suppressed)."""
    now = now or timezone.now()
    mscope = scope.maturity_scope()
    orgs = queries.organizations(network_id=scope.network_id, municipality=scope.municipality)
    groups = aggregates.grouped(mscope)
    data: dict[str, Any] = {
        "organizations": queries.organization_figures(orgs),
        "activity": aggregates.activity(mscope),
        "maturity": {"all": groups["all"][""], **{group: groups[group] for group in aggregates.GROUPS}},
        "quarterly": aggregates.quarterly(mscope, now=now),
    }
    if scope.is_everything:
        network_list = queries.networks()
        counts = queries.network_member_counts(network_list)
        data["networks"] = [
            {
                "id": net.pk,
                "slug": net.slug,
                "name": net.name,
                "organizations": counts[net.pk],
                "maturity": aggregates.summary(Scope(organization_ids=queries.member_ids(net.pk))),
            }
            for net in network_list
        ]
    else:
        platform_means = get(EVERYTHING)["maturity"]["all"]["dimensions"]
        data["platform_dimensions"] = platform_means
        data["below_platform_mean"] = aggregates.below_mean_counts(mscope, platform_means)
    return data


def refresh(scope: ScopeKey, *, now: dt.datetime | None = None) -> dict[str, Any]:
    from td2035.dashboard.models import Snapshot

    now = now or timezone.now()
    data = compute(scope, now=now)
    try:
        with transaction.atomic():
            Snapshot.objects.update_or_create(key=scope.key, defaults={"data": data, "computed_at": now})
    except IntegrityError:  # two refreshes of a new scope at once: the other one wrote it
        pass
    return data


def get(scope: ScopeKey) -> dict[str, Any]:
    """The stored figures of the scope (computed now if nobody asked for them before)."""
    from td2035.dashboard.models import Snapshot

    row = Snapshot.objects.filter(key=scope.key).values_list("data", "computed_at").first()
    if row is None:
        data = refresh(scope)
        data["computed_at"] = timezone.now().isoformat()
        return data
    data, computed_at = row
    data["computed_at"] = computed_at.isoformat()
    return data


def refresh_all(*, include_defaults: bool = False) -> list[str]:
    """Refresh every stored scope, everything first (the others compare with it)."""
    from td2035.dashboard.models import Snapshot

    keys = {EVERYTHING.key, *Snapshot.objects.values_list("key", flat=True)}
    if include_defaults:  # every network and every municipality, so that no visitor waits for them
        keys |= {ScopeKey(network_id=n.pk).key for n in queries.networks()}
        keys |= {ScopeKey(municipality=cve).key for cve in municipality_names()}
    ordered = [EVERYTHING.key, *sorted(keys - {EVERYTHING.key})]
    for key in ordered:
        refresh(ScopeKey.parse(key))
    return ordered
