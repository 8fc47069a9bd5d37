"""Reads of a person's notifications (the page, the header badge)."""

from django.db.models import QuerySet

from td2035.accounts.models import User
from td2035.notifications.models import Notification


def notifications_of(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    notifications = Notification.objects.filter(user_id=user.pk)
    return notifications.filter(read_at__isnull=True) if unread_only else notifications


def unread_count(user: User) -> int:
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()
