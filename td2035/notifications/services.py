"""Notifications: store them for the page /avisos/ and mail each one from a background task.

Other apps call `notify(...)` inside their own transaction; the e-mails are queued only when it commits,
one per person and notification, so nobody ever sees another recipient's address.
"""

from collections.abc import Iterable

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from td2035.accounts.models import User
from td2035.core.cleaning import strip_unstorable
from td2035.core.http import absolute_url
from td2035.core.redirects import is_local_path
from td2035.notifications.models import Notification

SUBJECT_MAX = 200
BODY_MAX = 5000


def safe_path(url: str) -> str:
    """Only paths inside this site are stored ("" for anything else), so a notification never sends
    people somewhere unexpected."""
    url = (url or "").strip()
    return url[:500] if is_local_path(url) else ""


def _clean(text: str, limit: int) -> str:
    return strip_unstorable(text)[:limit]


def notify(
    users: Iterable[User],
    *,
    subject: str,
    body: str,
    url: str,
    send_email: bool = True,
    kind: str = "",
    request: HttpRequest | None = None,
) -> list[Notification]:
    """One in-app notification per distinct active person, and (after commit) one e-mail each.

    E-mails are optional mail: people with `email_opt_out` only get the in-app notification. `request`,
    when given, supplies the site's address for the e-mail's link (otherwise settings.SITE_URL).
    """
    people = {u.pk: u for u in users if u is not None and u.is_active}
    if not people:
        return []
    path = safe_path(url)
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                user_id=pk,
                kind=_clean(kind, 40),
                subject=" ".join(_clean(subject, SUBJECT_MAX).split()),
                body=_clean(body, BODY_MAX),
                url=path,
            )
            for pk in people
        ]
    )
    if send_email:
        base_url = absolute_url("/", request).rstrip("/") if request is not None else ""
        ids = [n.pk for n in notifications if not people[n.user_id].email_opt_out]
        if ids:
            transaction.on_commit(lambda: _enqueue(ids, base_url))
    return notifications


def _enqueue(ids: list[int], base_url: str) -> None:
    from td2035.notifications.tasks import send_notification_email

    for pk in ids:
        send_notification_email.enqueue(pk, base_url)


def mark_read(user: User, notification_id: int) -> Notification | None:
    """Mark one of the person's notifications read; None if it is not theirs."""
    notification = Notification.objects.filter(pk=notification_id, user_id=user.pk).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user: User) -> int:
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).update(read_at=timezone.now())
