from django.contrib import admin

from directory.models import OpeningPeriod, UnitDirections


@admin.register(UnitDirections)
class UnitDirectionsAdmin(admin.ModelAdmin):
    list_display = ["unit", "text"]
    search_fields = ["unit__name"]
    autocomplete_fields = ["unit"]


@admin.register(OpeningPeriod)
class OpeningPeriodAdmin(admin.ModelAdmin):
    """Read only: the periods are derived from the unit's opening-hours text (directory.signals)."""

    list_display = ["unit", "weekday", "opens", "closes"]
    list_filter = ["weekday"]
    search_fields = ["unit__name"]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
