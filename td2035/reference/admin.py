from django.contrib import admin

from td2035.reference.models import Municipality, ScianCode


@admin.register(ScianCode)
class ScianCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "level", "title_es"]
    list_filter = ["level"]
    search_fields = ["code", "title_es"]
    readonly_fields = ["search_text"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["cve_mun", "name", "latitude", "longitude"]
    exclude = ["boundary"]
