from django.contrib import admin

from td2035.core.admin_dates import BoundedDatesAdmin
from td2035.market.models import Listing, ListingAttachment


class AttachmentInline(admin.TabularInline):
    model = ListingAttachment
    extra = 0
    fields = ["name", "content_type", "size", "uploaded_by", "created_at"]
    readonly_fields = ["name", "content_type", "size", "uploaded_by", "created_at"]
    can_delete = True

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False  # uploads go through market.services, which checks the content


@admin.register(Listing)
class ListingAdmin(BoundedDatesAdmin, admin.ModelAdmin):
    list_display = ["title", "organization", "kind", "status", "published_at", "closes_at", "is_demo"]
    list_filter = ["kind", "status", "visibility", "is_demo"]
    search_fields = ["title", "organization__name"]
    raw_id_fields = ["organization", "awarded_to", "scian", "created_by"]
    filter_horizontal = ["networks", "service_area"]
    readonly_fields = ["created_at", "updated_at", "search_text"]
    list_select_related = ["organization"]
    inlines = [AttachmentInline]
    show_full_result_count = False
