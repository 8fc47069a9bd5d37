from typing import Any

from allauth.usersessions.admin import UserSessionAdmin as BaseUserSessionAdmin
from allauth.usersessions.models import UserSession
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from td2035.accounts.models import User
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


from td2035.accounts import admin_security  # noqa: E402, F401  (audit log and API tokens, read-only)

admin.site.unregister(UserSession)


@admin.register(UserSession)
class UserSessionAdmin(BaseUserSessionAdmin):
    """allauth's, searching by e-mail: our people have no username (its search answered a 500)."""

    search_fields = ["user__email", "ip"]
