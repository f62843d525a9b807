from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from access.policy import county_admin_required, staff_required, typed_user
from core.forms import errors_onto
from organisations import selectors, services
from organisations.forms import PrincipalForm
from organisations.models import Principal


@require_GET
@staff_required
def principal_list(request: HttpRequest) -> HttpResponse:
    return render(request, "organisations/principal_list.html", {"principals": selectors.principals_list()})


@require_GET
@staff_required
def principal_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    principal = get_object_or_404(Principal, uuid=uuid)
    units = selectors.units_search(principal=principal)
    return render(request, "organisations/principal_detail.html", {"principal": principal, "units": units})


@require_http_methods(["GET", "POST"])
@county_admin_required
def principal_create(request: HttpRequest) -> HttpResponse:
    return _principal_form(request, Principal())


@require_http_methods(["GET", "POST"])
@county_admin_required
def principal_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    return _principal_form(request, get_object_or_404(Principal, uuid=uuid))


def _principal_form(request: HttpRequest, principal: Principal) -> HttpResponse:
    form = PrincipalForm(request.POST or None, instance=principal)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.principal_save(principal=form.save(commit=False), acting_user=typed_user(request))
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            return redirect(saved)
    status = 400 if form.errors else 200
    return render(request, "organisations/principal_form.html", {"form": form, "principal": principal}, status=status)
