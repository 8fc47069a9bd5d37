"""E-mails between a network and the organisations or networks it invites, or that ask to join it.

Plain text, Spanish first and English below (we do not know the reader's language). Sent after the
transaction commits, one message per person (no one sees the others' addresses); a failing mail server
is logged and never undoes the decision.
"""

import logging
from typing import Any

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)

LANGUAGES = ("es-mx", "en")


def render(template: str, context: dict[str, Any]) -> tuple[str, str]:
    """(subject, body) in both languages. The template's first line is the subject."""
    subjects, bodies = [], []
    for language in LANGUAGES:
        with translation.override(language):
            text = render_to_string(f"networks_admin/email/{template}.txt", context)
        subject, _sep, body = text.strip().partition("\n")
        subjects.append(" ".join(subject.split()))
        bodies.append(body.strip())
    subject = subjects[0] if subjects[0] == subjects[1] else " / ".join(subjects)
    return "[TD2035] " + subject, "\n\n— English —\n\n".join(bodies) + "\n"


def notify(recipients: list[str], template: str, context: dict[str, Any]) -> None:
    """Send after commit; nothing is sent if the transaction rolls back."""
    if not recipients:
        return
    subject, body = render(template, context)
    messages = [EmailMessage(subject, body, to=[address]) for address in recipients]

    def send() -> None:
        try:
            get_connection().send_messages(messages)
        except Exception:  # the decision stands; the mail server's trouble is for the logs
            logger.exception("network mail %s to %d recipients failed", template, len(messages))

    transaction.on_commit(send)
