"""Instrument versions in the Django admin: add a new version (a copy of a definition with the
correction), make it current; a version that results use shows its definition read-only."""

from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from screening.models import Instrument, InstrumentVersion


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["short_name", "code", "order", "public_self_test"]


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(admin.ModelAdmin):
    list_display = ["instrument", "version", "is_current", "created_at", "created_by"]
    list_filter = ["instrument", "is_current"]
    readonly_fields = ["is_current", "created_at", "created_by"]
    actions = ["make_current"]

    def get_readonly_fields(self, request: HttpRequest, obj: InstrumentVersion | None = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.in_use():
            fields += ["instrument", "version", "definition"]
        return fields

    def save_model(self, request: HttpRequest, obj: InstrumentVersion, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request: HttpRequest, obj: InstrumentVersion | None = None) -> bool:
        return obj is None or not obj.in_use()

    @admin.action(description=_("Make the selected version current"))
    def make_current(self, request: HttpRequest, queryset: QuerySet[InstrumentVersion]) -> None:
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one version."), messages.ERROR)
            return
        version = queryset.get()
        with transaction.atomic():
            InstrumentVersion.objects.filter(instrument=version.instrument, is_current=True).update(is_current=False)
            InstrumentVersion.objects.filter(pk=version.pk).update(is_current=True)
        self.message_user(request, _("%(version)s is now current.") % {"version": version})
