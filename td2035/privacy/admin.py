from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from td2035.accounts.admin import ReadOnlyAdmin
from td2035.core.admin_dates import BoundedDatesAdmin
from td2035.privacy import notices
from td2035.privacy.models import ArcoRequest, PrivacyConsent, PrivacyNotice


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(BoundedDatesAdmin, admin.ModelAdmin):
    """Notices are published, never edited: adding one publishes the next version through the service."""

    list_display = ["version", "published_at", "summary_of_changes"]
    fields = [
        "short_text_es",
        "integral_text_es",
        "short_text_en",
        "integral_text_en",
        "summary_of_changes",
        "published_at",
    ]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: PrivacyNotice, form: Any, change: bool) -> None:
        published = notices.publish_notice(
            actor=request.user,
            short_text_es=obj.short_text_es,
            integral_text_es=obj.integral_text_es,
            short_text_en=obj.short_text_en,
            integral_text_en=obj.integral_text_en,
            summary_of_changes=obj.summary_of_changes,
            published_at=obj.published_at,
            request=request,
        )
        obj.pk, obj.version = published.pk, published.version


@admin.register(PrivacyConsent)
class PrivacyConsentAdmin(ReadOnlyAdmin):
    list_display = ["user", "version", "accepted_at", "ip_address"]
    list_filter = ["version"]
    search_fields = ["user__email"]


@admin.register(ArcoRequest)
class ArcoRequestAdmin(ReadOnlyAdmin):
    """Answered in the staff queue (/cuenta/arco/), which logs who answered."""

    list_display = ["reference", "kind", "created_at", "due_date", "status", "automatic"]
    list_filter = ["status", "kind", "automatic"]
    search_fields = ["reference"]
