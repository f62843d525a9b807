"""Instrument versions for the county administrator and the analyst (process leader): see every
version, add a corrected one, make it current. Old results keep the version they were scored
with (screening.models). No personal data here; the instrument and version travel in the query
string or the form, so no route carries a parameter."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access.policy import can_administer_county, can_edit_knowledge, staff_required, typed_user
from screening.models import Instrument, InstrumentVersion
from screening.selectors import instruments_with_versions

DEFINITION_MAX = 200_000  # characters; the largest definition (DUDIT) is about 12,000


def can_manage_instruments(user: Any) -> bool:
    return can_administer_county(user) or can_edit_knowledge(user)


class VersionForm(forms.ModelForm):
    definition = forms.JSONField(
        label=gettext_lazy("Definition (JSON)"),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
        help_text=gettext_lazy('A copy of the current definition: change what needs changing and its "version".'),
    )

    class Meta:
        model = InstrumentVersion
        fields = ["version", "definition", "note"]
        labels = {"version": gettext_lazy("Version name"), "note": gettext_lazy("What changed, and why")}

    def clean_definition(self) -> Any:
        raw = self.data.get("definition", "")
        if len(raw) > DEFINITION_MAX:
            message = _("The definition is too long (at most %(max)d characters).")
            raise forms.ValidationError(message % {"max": DEFINITION_MAX})
        return self.cleaned_data["definition"]


def _guard(request: HttpRequest) -> None:
    if not can_manage_instruments(request.user):
        raise PermissionDenied


@require_GET
@staff_required
def version_list(request: HttpRequest) -> HttpResponse:
    _guard(request)
    return render(request, "screening/versions/list.html", {"instruments": instruments_with_versions()})


@require_http_methods(["GET", "POST"])
@staff_required
def version_new(request: HttpRequest) -> HttpResponse:
    _guard(request)
    instrument = get_object_or_404(Instrument, code=str(request.GET.get("instrument", ""))[:30])
    current = instrument.current_version()
    initial = {"definition": current.definition} if current else {}
    version = InstrumentVersion(instrument=instrument, created_by=typed_user(request))
    form = VersionForm(request.POST if request.method == "POST" else None, instance=version, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.save()
        added = _("%(version)s was added. Make it current when it should score new answers.")
        messages.success(request, added % {"version": version})
        return redirect("screening:version_list")
    status = 400 if form.errors else 200
    return render(request, "screening/versions/new.html", {"form": form, "instrument": instrument}, status=status)


@require_POST
@staff_required
def version_make_current(request: HttpRequest) -> HttpResponse:
    _guard(request)
    posted = str(request.POST.get("version", ""))[:12]
    pk = int(posted) if posted.isascii() and posted.isdigit() else 0
    version = get_object_or_404(InstrumentVersion.objects.select_related("instrument"), pk=pk)
    with transaction.atomic():
        InstrumentVersion.objects.filter(instrument=version.instrument, is_current=True).update(is_current=False)
        InstrumentVersion.objects.filter(pk=version.pk).update(is_current=True)
    messages.success(request, _("%(version)s now scores new answers.") % {"version": version})
    return redirect("screening:version_list")
