from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import User
from organisations.models import Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["unit", "role", "started_at", "ended_at"]
    readonly_fields = ["started_at"]
    raw_id_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Samverkan", {"fields": ("title", "work_phone")}))  # type: ignore[misc]
    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_demo"]
    readonly_fields = ["is_demo"]
    inlines = [MembershipInline]
