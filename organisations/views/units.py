from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access.policy import (
    can_administer_county,
    can_keep_unit_current,
    county_admin_required,
    staff_required,
    typed_user,
)
from audit.services import Actor
from core.forms import errors_onto
from core.htmx import render_with_results
from organisations import selectors, services, unit_sections
from organisations.confirmation import is_stale
from organisations.forms import UnitContactForm, UnitFilterForm, UnitForm
from organisations.models import Unit
from organisations.roles import Role

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
    context = {
        "unit": unit,
        "sections": unit_sections.for_unit(unit),
        "keeps_current": can_keep_unit_current(request.user, unit),
        "stale": is_stale(unit, timezone.now()),
    }
    return render(request, "organisations/unit_detail.html", context)


def _kept_unit(request: HttpRequest, uuid: str) -> Unit:
    """The unit, if the user is its manager (or the county administrator); 404 for others' units."""
    unit = _unit_or_404(uuid)
    if not unit.is_active:
        raise Http404
    if not can_keep_unit_current(request.user, unit):
        raise PermissionDenied
    return unit


def _keeper_actor(request: HttpRequest, unit: Unit) -> Actor:
    """The manager acting through the membership at this unit (the log names it), else the session's."""
    user = typed_user(request)
    managing = next((m for m in user.active_memberships if m.unit_id == unit.pk and m.role == Role.UNIT_MANAGER), None)
    return Actor.for_membership(user, managing) if managing is not None else Actor.from_request(request)


@require_http_methods(["GET", "POST"])
@staff_required
def unit_contact_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    unit = _kept_unit(request, uuid)
    form = UnitContactForm(request.POST if request.method == "POST" else None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_contact_save(
                unit=unit,
                how_to_refer=form.cleaned_data["how_to_refer"],
                whom_to_call=form.cleaned_data["whom_to_call"],
                actor=_keeper_actor(request, unit),
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Saved, and the unit's page is confirmed as current."))
            return redirect(unit)
    status = 400 if form.errors else 200
    return render(request, "organisations/unit_contact_form.html", {"form": form, "unit": unit}, status=status)


@require_POST
@staff_required
def unit_confirm(request: HttpRequest, uuid: str) -> HttpResponse:
    unit = _kept_unit(request, uuid)
    services.unit_confirm(unit=unit, actor=_keeper_actor(request, unit))
    messages.success(request, _("The unit's page is confirmed as current."))
    return redirect(unit)


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
