"""The responsibility matrix: who is responsible for each intervention under which agreement,
which units provide it in each municipality, and the search "who does X for a person in Y"."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access.policy import agreements_editor_required, can_edit_agreements, staff_required
from agreements import selectors, services
from agreements.forms import MatrixFilterForm, ProvisionForm, ResponsibilityForm, WhoDoesForm
from agreements.views.agreements import agreement_or_404
from audit.services import Actor
from core.forms import errors_onto
from core.htmx import render_with_results


@require_GET
@staff_required
def matrix(request: HttpRequest) -> HttpResponse:
    form = MatrixFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    built = selectors.matrix_build(agreement=filters.get("agreement"), municipality=filters.get("municipality"))
    context = {"form": form, "matrix": built, "who_form": WhoDoesForm(), "can_edit": can_edit_agreements(request.user)}
    return render_with_results(request, "agreements/matrix.html", context)


@require_GET
@staff_required
def who_does(request: HttpRequest) -> HttpResponse:
    """A GET form: the answer's address can be bookmarked and sent to a colleague."""
    form = WhoDoesForm(request.GET or None)
    answer = None
    if form.is_valid():
        answer = selectors.who_does(
            intervention_type=form.cleaned_data["intervention"], municipality=form.cleaned_data["municipality"]
        )
    status = 400 if form.errors else 200
    response = render_with_results(request, "agreements/who_does.html", {"form": form, "answer": answer})
    response.status_code = status
    return response


@require_http_methods(["GET", "POST"])
@agreements_editor_required
def responsibilities(request: HttpRequest, uuid: Any) -> HttpResponse:
    """The agreement's rows of the matrix: who is responsible for what, and which units provide it."""
    agreement = agreement_or_404(uuid)
    which = request.POST.get("form", "responsibility") if request.method == "POST" else None
    row_form = ResponsibilityForm(request.POST if which == "responsibility" else None, prefix="row")
    provision_form = ProvisionForm(request.POST if which == "provision" else None, agreement=agreement, prefix="prov")
    actor = Actor.from_request(request)
    if which == "responsibility" and row_form.is_valid():
        data = row_form.cleaned_data
        try:
            services.responsibility_set(agreement=agreement, intervention_type=data["intervention_type"],
                                        responsible=data["responsible"], note=data["note"], actor=actor)  # fmt: skip
        except ValidationError as exc:
            errors_onto(row_form, exc)
        else:
            messages.success(request, _("The responsibility is saved."))
            return redirect("agreements:responsibilities", uuid=agreement.uuid)
    if which == "provision" and provision_form.is_valid():
        data = provision_form.cleaned_data
        try:
            services.provision_set(responsibility=data["responsibility"], unit=data["unit"],
                                   municipalities=data["municipalities"], actor=actor)  # fmt: skip
        except ValidationError as exc:
            errors_onto(provision_form, exc)
        else:
            messages.success(request, _("The providing unit is saved."))
            return redirect("agreements:responsibilities", uuid=agreement.uuid)
    agreement = agreement_or_404(uuid)  # fresh rows after a refused write
    status = 400 if row_form.errors or provision_form.errors else 200
    context = {"agreement": agreement, "row_form": row_form, "provision_form": provision_form}
    return render(request, "agreements/responsibilities.html", context, status=status)
