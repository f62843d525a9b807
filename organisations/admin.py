from django.contrib import admin

from organisations.models import Council, Membership, Principal, Service, Unit


@admin.register(Principal)
class PrincipalAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality_code", "organisation_number", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "municipality_code", "organisation_number"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "unit_type", "principal", "city", "is_active"]
    list_filter = ["unit_type", "principal", "is_active"]
    search_fields = ["name", "code", "city"]
    filter_horizontal = ["services", "serves_municipalities"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role", "started_at", "ended_at"]
    list_filter = ["role", "unit__principal"]
    search_fields = ["user__username", "user__last_name", "unit__name"]
    raw_id_fields = ["user", "unit"]


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    filter_horizontal = ["principals"]


admin.site.register(Service)
