"""Reads of a person's notifications (the page, the header badge)."""

from typing import Any

from django.db.models import QuerySet

from td2035.accounts.models import User
from td2035.notifications.models import Notification


def notifications_of(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    notifications = Notification.objects.filter(user_id=user.pk)
    return notifications.filter(read_at__isnull=True) if unread_only else notifications


def unread_count(user: User) -> int:
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def personal_data(user: User) -> list[dict[str, Any]]:
    """The person's notifications, for their ARCO access download (privacy.personal_data)."""
    return [
        {
            "kind": n.kind,
            "subject": n.subject,
            "body": n.body,
            "url": n.url,
            "created_at": n.created_at.isoformat(),
            "read_at": n.read_at.isoformat() if n.read_at else None,
            "emailed_at": n.emailed_at.isoformat() if n.emailed_at else None,
        }
        for n in notifications_of(user).order_by("created_at", "pk")
    ]
