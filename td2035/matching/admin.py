from django.contrib import admin

from td2035.accounts.admin import ReadOnlyAdmin
from td2035.matching.models import AlertPreference, MatchAlert, MatchDigest


@admin.register(AlertPreference)
class AlertPreferenceAdmin(admin.ModelAdmin[AlertPreference]):
    list_display = ("user", "organization", "frequency", "threshold", "updated_at")
    list_filter = ("frequency",)
    search_fields = ("user__email", "organization__name")
    raw_id_fields = ("user", "organization")


@admin.register(MatchAlert)
class MatchAlertAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "organization", "listing", "score", "frequency", "sent_at"]
    list_filter = ["frequency"]
    search_fields = ["user__email", "organization__name", "listing__title"]


@admin.register(MatchDigest)
class MatchDigestAdmin(ReadOnlyAdmin):
    list_display = ["day", "user", "items", "sent_at"]
    search_fields = ["user__email"]
