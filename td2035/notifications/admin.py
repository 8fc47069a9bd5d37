from django.contrib import admin

from td2035.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ("created_at", "user", "kind", "subject", "read_at", "emailed_at")
    list_filter = ("kind",)
    search_fields = ("user__email", "subject")
    raw_id_fields = ("user",)
    readonly_fields = ("created_at",)
