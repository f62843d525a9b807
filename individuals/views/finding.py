"""The ways in: my unit's current individuals, finding by exact number, registering, emergency access."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from access.door import find_by_number
from access.policy import care_membership, care_staff_required, typed_user
from access.services import emergency_access_start
from audit.models import Action, Ground, Outcome
from audit.services import Actor, audit_record
from individuals import selectors, services
from individuals.forms import EmergencyForm, FindForm, RegisterForm, TakeOnForm, form_errors_from

PAGE_SIZE = 25


@require_GET
@care_staff_required
def my_individuals(request: HttpRequest) -> HttpResponse:
    membership = care_membership(request)
    relations = selectors.current_relations_at(unit=membership.unit)
    page = Paginator(relations, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.log_list_read(actor=Actor.for_membership(request.user, membership), relations=page.object_list)
    context = {"page": page, "unit": membership.unit, "find_form": FindForm(), "register_form": None}
    return render(request, "individuals/my_individuals.html", context)


@require_POST
@care_staff_required
def individual_find(request: HttpRequest) -> HttpResponse:
    """By exact number only. Someone the user may not see looks exactly like someone unknown."""
    form = FindForm(request.POST)
    membership = care_membership(request)
    if not form.is_valid():
        return _find_page(request, membership, form, status=400)
    # The same find as the log extract's (access.door.find_by_number): decided, logged through the grant.
    grant = find_by_number(request, "individual", form.cleaned_data["number"])
    if grant is not None:
        return redirect(grant.individual)
    register = RegisterForm(initial={"number": form.cleaned_data["number"].display})
    return _find_page(request, membership, form, register_form=register, not_found=True)


def _find_page(request, membership, form, *, register_form=None, not_found=False, take_on_form=None, status=200):  # type: ignore[no-untyped-def]
    relations = selectors.current_relations_at(unit=membership.unit)
    page = Paginator(relations, PAGE_SIZE).get_page(1)
    selectors.log_list_read(actor=Actor.for_membership(request.user, membership), relations=page.object_list)
    context = {
        "page": page,
        "unit": membership.unit,
        "find_form": form,
        "register_form": register_form,
        "emergency_form": EmergencyForm(initial={"number": request.POST.get("number", "")}) if not_found else None,
        "not_found": not_found,
        "take_on_form": take_on_form,
    }
    return render(request, "individuals/my_individuals.html", context, status=status)


@require_POST
@care_staff_required
def individual_register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST)
    membership = care_membership(request)
    if form.is_valid():
        data = form.cleaned_data
        try:
            individual = services.individual_register(
                number=data["number"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                municipality=data["municipality"],
                unit=membership.unit,
                contact_kind=data["contact_kind"],
                actor=Actor.for_membership(request.user, membership),
            )
        except services.AlreadyRegistered as exc:
            # Nothing is stored and nothing shown: taking the person on is a step of its own.
            take_on = TakeOnForm(initial={"number": data["number"].display, "contact_kind": data["contact_kind"]})
            form_errors_from(form, exc)
            return _find_page(request, membership, FindForm(), register_form=form, take_on_form=take_on, status=409)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            return redirect(individual)
    return _find_page(request, membership, FindForm(), register_form=form, status=400)


@require_POST
@care_staff_required
def individual_take_on(request: HttpRequest) -> HttpResponse:
    """Confirmed: open a relation at the user's unit to a person already registered (flagged for review)."""
    form = TakeOnForm(request.POST)
    membership = care_membership(request)
    if form.is_valid():
        data = form.cleaned_data
        try:
            individual = services.individual_take_on(
                number=data["number"], unit=membership.unit, contact_kind=data["contact_kind"],
                actor=Actor.for_membership(request.user, membership),
            )  # fmt: skip
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            return redirect(individual)
    return _find_page(request, membership, FindForm(), take_on_form=form, status=400)


@require_POST
@care_staff_required
def emergency_access(request: HttpRequest) -> HttpResponse:
    form = EmergencyForm(request.POST)
    membership = care_membership(request)
    if form.is_valid():
        individual = services.individual_find(number=form.cleaned_data["number"])
        if individual is None:
            # Logged like a search that found no one: the attempt, never the number.
            audit_record(actor=Actor.from_request(request), action=Action.EMERGENCY_ACCESS, ground=Ground.NONE,
                         outcome=Outcome.DENIED, details={"refused": "unknown_number"})  # fmt: skip
            form.add_error("number", _no_one())
        else:
            try:
                emergency_access_start(
                    individual=individual,
                    user=typed_user(request),
                    unit=membership.unit,
                    reason=form.cleaned_data["reason"],
                    explanation=form.cleaned_data["explanation"],
                    actor=Actor.for_membership(request.user, membership),
                )
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                return redirect(individual)
    context = {"emergency_form": form}
    return render(request, "individuals/emergency.html", context, status=400)


def _no_one() -> str:
    return gettext("No individual with this number is registered. Check the number.")
