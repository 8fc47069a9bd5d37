from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from td2035.dashboard.models import Snapshot, Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin[Target]):
    list_display = ["metric", "value", "year", "note", "set_by", "set_at"]
    readonly_fields = ["set_by", "set_at"]

    def save_model(self, request: HttpRequest, obj: Target, form: Any, change: bool) -> None:
        obj.set_by = request.user if request.user.is_authenticated else None  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin[Snapshot]):
    list_display = ["key", "computed_at"]
    readonly_fields = ["key", "computed_at", "data"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Snapshot | None = None) -> bool:
        return False
