"""Background work of notifications: one e-mail per notification, sent by the task worker."""

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from td2035.core.http import absolute_url
from td2035.notifications.models import Notification

logger = logging.getLogger(__name__)


def site_url(base_url: str) -> str:
    return (base_url or absolute_url("/")).rstrip("/")


@task(queue_name="alerts")
def send_notification_email(notification_id: int, base_url: str = "") -> bool:
    """Mail one notification to its person, once. Returns whether a message went out.

    Nothing is sent to people who opted out of optional e-mail meanwhile or whose address is not
    verified. The row is claimed with a conditional UPDATE so two workers never send it twice; a failed
    send releases it so that a retry can send it.
    """
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None:
        return False
    user = notification.user
    if not user.is_active or user.email_opt_out or not _verified(user.pk, user.email):
        return False
    now = timezone.now()
    if not Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=now):
        return False
    try:
        _message(notification, site_url(base_url)).send()
    except Exception:
        Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
        logger.exception("could not mail notification %s", notification.pk)
        raise
    return True


def _verified(user_id: int, email: str) -> bool:
    return EmailAddress.objects.filter(user_id=user_id, email__iexact=email, verified=True).exists()


@dataclass(frozen=True)
class SiteAddress:
    """What the shared e-mail layout reads from a request (scheme and host) to link the privacy notice."""

    base: str

    @property
    def scheme(self) -> str:
        return urlsplit(self.base).scheme or "http"

    def get_host(self) -> str:
        return urlsplit(self.base).netloc


def _message(notification: Notification, base: str) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "request": SiteAddress(base),
            "notification": notification,
            "url": base + notification.url if notification.url else "",
            "list_url": base + "/avisos/",
        }
        text = render_to_string("notifications/email/notification_message.txt", context)
        html = render_to_string("notifications/email/notification_message.html", context)
    subject = " ".join(f"[TD2035] {notification.subject}".split())
    message = EmailMultiAlternatives(subject, text, to=[notification.user.email])
    message.attach_alternative(html, "text/html")
    return message
