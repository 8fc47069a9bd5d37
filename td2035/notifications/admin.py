from django.contrib import admin
from django.http import HttpRequest

from td2035.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    """Read-only and without bodies: notifications are written by services only, and a notification's
    text is the recipient's, not the staff's."""

    list_display = ("created_at", "user", "kind", "subject", "read_at", "emailed_at")
    list_filter = ("kind",)
    search_fields = ("user__email", "subject")
    fields = ("user", "kind", "subject", "url", "created_at", "read_at", "emailed_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False
