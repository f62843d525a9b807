from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from access.policy import can_administer_county, county_admin_required, staff_required, typed_user
from core.forms import errors_onto
from core.htmx import render_with_results
from organisations import selectors, services
from organisations.forms import UnitFilterForm, UnitForm
from organisations.models import Unit

PAGE_SIZE = 50


@require_GET
@staff_required
def unit_list(request: HttpRequest) -> HttpResponse:
    form = UnitFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    units = selectors.units_search(
        text=filters.get("q", ""),
        principal=filters.get("principal"),
        unit_type=filters.get("unit_type", ""),
        municipality=filters.get("municipality"),
    )
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_with_results(request, "organisations/unit_list.html", {"form": form, "page": page})


def _unit_or_404(uuid: str) -> Unit:
    try:
        return selectors.unit_get(uuid=uuid)
    except (Unit.DoesNotExist, ValidationError):
        raise Http404 from None


@require_GET
@staff_required
def unit_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    unit = _unit_or_404(uuid)
    if not unit.is_active and not can_administer_county(request.user):
        raise Http404
    return render(request, "organisations/unit_detail.html", {"unit": unit})


@require_http_methods(["GET", "POST"])
@county_admin_required
def unit_create(request: HttpRequest) -> HttpResponse:
    return _unit_form(request, Unit())


@require_http_methods(["GET", "POST"])
@county_admin_required
def unit_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    return _unit_form(request, _unit_or_404(uuid))


def _unit_form(request: HttpRequest, unit: Unit) -> HttpResponse:
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.unit_save(
                unit=form.save(commit=False),
                services=form.cleaned_data["services"],
                serves_municipalities=form.cleaned_data["serves_municipalities"],
                acting_user=typed_user(request),
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            return redirect(saved)
    status = 400 if form.errors else 200
    return render(request, "organisations/unit_form.html", {"form": form, "unit": unit}, status=status)
