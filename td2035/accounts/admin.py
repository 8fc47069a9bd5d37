from typing import Any

from allauth.usersessions.admin import UserSessionAdmin as BaseUserSessionAdmin
from allauth.usersessions.models import UserSession
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from td2035.accounts.models import User
from td2035.core.admin_dates import BoundedDatesAdmin
from td2035.privacy import notices
from td2035.privacy.models import ArcoRequest, PrivacyConsent, PrivacyNotice


@admin.register(User)
class UserAdmin(BoundedDatesAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_platform_admin", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Persona", {"fields": ("full_name", "email_opt_out", "show_contact")}),
        ("Roles", {"fields": ("is_active", "is_platform_admin", "is_staff", "is_superuser", "groups")}),
        ("Fechas", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


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


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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


from td2035.accounts import admin_security  # noqa: E402, F401  (audit log and API tokens, read-only)

admin.site.unregister(UserSession)


@admin.register(UserSession)
class UserSessionAdmin(BaseUserSessionAdmin):
    """allauth's, searching by e-mail: our people have no username (its search answered a 500)."""

    search_fields = ["user__email", "ip"]
