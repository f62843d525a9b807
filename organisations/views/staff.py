from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access.policy import county_admin_required, staff_required, typed_user
from accounts.services import staff_invite
from core.forms import errors_onto
from core.htmx import render_with_results
from organisations import selectors
from organisations.forms import MembershipSwitchForm, StaffFilterForm, StaffInviteForm
from organisations.middleware import SESSION_KEY
from organisations.roles import Role

PAGE_SIZE = 50


@require_GET
@staff_required
def staff_list(request: HttpRequest) -> HttpResponse:
    form = StaffFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    users = selectors.staff_search(text=filters.get("q", ""), unit=filters.get("unit"))
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_with_results(request, "organisations/staff_list.html", {"form": form, "page": page})


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
