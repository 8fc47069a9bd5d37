"""Admin pages of the audit log and API tokens: read-only. Entries are append-only; tokens are created and
revoked by their owners in account settings (or `manage.py create_api_token`), never edited here."""

from django.contrib import admin

from td2035.accounts.admin import ReadOnlyAdmin
from td2035.accounts.models import ApiToken, AuditEntry


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
