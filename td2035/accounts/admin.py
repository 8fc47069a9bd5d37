from typing import Any

from allauth.usersessions.admin import UserSessionAdmin as BaseUserSessionAdmin
from allauth.usersessions.models import UserSession
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from td2035.accounts.models import ApiToken, AuditEntry, User
from td2035.core.admin_dates import BoundedDatesAdmin


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


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.unregister(UserSession)


@admin.register(UserSession)
class UserSessionAdmin(BaseUserSessionAdmin):
    """allauth's, searching by e-mail: our people have no username (its search answered a 500)."""

    search_fields = ["user__email", "ip"]


# --- The audit log and API tokens: read-only. Entries are append-only; tokens are created and revoked by
# their owners in account settings (or `manage.py create_api_token`), never edited here.


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor_label", "action", "target_label", "ip_address"]
    list_filter = ["action"]
    search_fields = ["actor_label", "action", "target_label", "target_id"]
    date_hierarchy = "created_at"
    actions = None  # no bulk delete


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = [
        "name",
        "user",
        "prefix",
        "scope",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    list_filter = ["scope"]
    search_fields = ["user__email", "name", "prefix"]
    exclude = ["token_hash"]
    actions = None
