from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access.policy import county_admin_required, staff_required, typed_user
from accounts.services import staff_invite
from core.forms import errors_onto
from core.htmx import render_with_results
from organisations import selectors
from organisations.forms import SEARCH_MAX, MembershipSwitchForm, StaffFilterForm, StaffInviteForm
from organisations.middleware import SESSION_KEY
from organisations.models import Unit
from organisations.roles import Role

PAGE_SIZE = 50


@require_GET
@staff_required
def staff_list(request: HttpRequest) -> HttpResponse:
    form = StaffFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    unit = _chosen_unit(filters.get("unit"))
    unit_text = "" if unit else filters.get("unit_q", "").strip()
    # Without a unit chosen from the list (no JavaScript, or Enter pressed), the typed text finds
    # staff at every unit it matches, and the matching units are offered to narrow down.
    matching = selectors.units_search(text=unit_text) if unit_text else None
    users = selectors.staff_search(text=filters.get("q", ""), unit=unit, units=matching)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "unit": unit,
        "unit_matches": selectors.unit_options(text=unit_text) if unit_text else [],
        "options_max": selectors.UNIT_OPTIONS_MAX,
    }
    return render_with_results(request, "organisations/staff_list.html", context)


def _chosen_unit(uuid: Any) -> Unit | None:
    if uuid is None:
        return None
    return Unit.objects.filter(uuid=uuid, is_active=True).first()


@require_GET
@staff_required
def staff_unit_options(request: HttpRequest) -> HttpResponse:
    """The unit field's results as the user types (HTMX); without HTMX, the directory's own search."""
    text = request.GET.get("unit_q", "")[:SEARCH_MAX]
    if not getattr(request, "htmx", False):
        return redirect(f"{reverse('staff_list')}?{urlencode({'unit_q': text})}")
    units = selectors.unit_options(text=text)
    response = render(request, "organisations/unit_options.html", {
        "units": units[: selectors.UNIT_OPTIONS_MAX], "more": len(units) > selectors.UNIT_OPTIONS_MAX, "text": text,
    })  # fmt: skip
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_http_methods(["GET", "POST"])
@county_admin_required
def staff_invite_view(request: HttpRequest) -> HttpResponse:
    form = StaffInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = staff_invite(
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                title=data["title"],
                unit=data["unit"],
                role=Role(data["role"]),
                acting_user=typed_user(request),
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("%(name)s is invited; an e-mail with a link is on its way.") % {"name": user})
            return redirect("staff_list")
    status = 400 if form.errors else 200
    return render(request, "organisations/staff_invite.html", {"form": form}, status=status)


@require_POST
@staff_required
def membership_switch(request: HttpRequest) -> HttpResponse:
    form = MembershipSwitchForm(request.POST)
    user = typed_user(request)
    if not form.is_valid() or form.cleaned_data["membership"] not in {m.pk for m in user.active_memberships}:
        raise Http404
    request.session[SESSION_KEY] = form.cleaned_data["membership"]
    return redirect("home")
