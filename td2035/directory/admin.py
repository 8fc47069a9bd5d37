from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from td2035.core.admin_dates import BoundedDatesAdmin
from td2035.directory.models import Certification, Network, NetworkLink, NetworkMembership, Organization
from td2035.directory.services import NetworkCycleError, ensure_no_cycle


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "size", "municipality", "scian", "is_verified", "source", "is_demo"]
    list_filter = ["kind", "size", "is_verified", "source", "is_demo", "municipality"]
    search_fields = ["name", "legal_name", "rfc", "denue_id", "slug"]
    autocomplete_fields = ["scian"]
    raw_id_fields = ["secondary_scian"]
    filter_horizontal = ["certifications"]
    readonly_fields = ["created_at", "updated_at", "denue_id", "denue_clee", "source"]
    list_select_related = ["municipality", "scian"]
    show_full_result_count = False  # counting a million rows on every page view is slow


class MembershipInline(BoundedDatesAdmin, admin.TabularInline):
    model = NetworkMembership
    raw_id_fields = ["organization"]
    extra = 0


class ChildLinkFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        for form in self.forms:
            child = form.cleaned_data.get("child") if hasattr(form, "cleaned_data") else None
            if child is None or form.cleaned_data.get("DELETE") or self.instance.pk is None:
                continue
            try:
                ensure_no_cycle(self.instance, child)
            except NetworkCycleError as exc:
                raise ValidationError(str(exc)) from exc


class ChildLinkInline(admin.TabularInline):
    model = NetworkLink
    formset = ChildLinkFormSet
    fk_name = "parent"
    raw_id_fields = ["child"]
    extra = 0
    verbose_name_plural = "sub-networks"


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "is_founding", "is_demo"]
    search_fields = ["name", "slug"]
    raw_id_fields = ["organization"]
    inlines = [ChildLinkInline, MembershipInline]


admin.site.register(Certification)
