"""Reads about people that other apps need, with the person's privacy choices (Opposition) applied."""

from td2035.accounts.models import User


def may_send_optional_email(user: User) -> bool:
    """Newsletters, digests, invitations to events: only to people who did not opt out."""
    return user.is_active and not user.email_opt_out
