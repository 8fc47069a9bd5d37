"""The unread-notifications count for the header of every page (signed-in people only)."""

from typing import Any

from django.http import HttpRequest

from td2035.notifications.queries import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"UNREAD_NOTIFICATIONS": unread_count(user)}  # type: ignore[arg-type]
