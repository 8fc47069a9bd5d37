"""The audit log: services call `record()` inside their transaction, so an action and its entry commit
together or not at all."""

from typing import Any

from django.db import models
from django.http import HttpRequest

from td2035.accounts.actors import Actor
from td2035.accounts.models import AuditEntry
from td2035.core.client_address import client_ip


def record(
    actor: Actor | None,
    action: str,
    target: models.Model | None = None,
    *,
    data: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditEntry.objects.create(
        actor=user,
        actor_label=getattr(user, "email", "") or "",
        action=action,
        target_type=target_type(target) if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        data=data or {},
        ip_address=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:255] if request else ""),
    )


def target_type(target: models.Model) -> str:
    """The target's model as the log has always named it. A model that moved to another app keeps the
    label it had (its `audit_label`), so entries about it read alike before and after the move."""
    return getattr(target, "audit_label", "") or target._meta.label_lower
