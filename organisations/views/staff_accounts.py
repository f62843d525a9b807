"""The county administrator's work on staff accounts, in the product instead of the Django admin.

Pending invitations (resend, revoke), a new role or the end of a membership, a link to choose a
password, a reset of the second factor. Never a password or a second factor's secret. Every
step is logged by accounts.administration; every refusal answers 400 with the reason."""

from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from access.policy import county_admin_required, typed_user
from accounts import administration
from accounts.forms import MembershipRoleForm
from accounts.models import User
from organisations.models import Membership
from organisations.roles import Role

# The largest id a database column holds: a larger number in the address is simply not found
# (instead of an OverflowError from the database driver).
_ID_MAX = 2**63 - 1


def _get_or_404(queryset: Any, pk: int) -> Any:
    if not 0 < pk <= _ID_MAX:
        raise Http404
    return get_object_or_404(queryset, pk=pk)


def _person_page(
    request: HttpRequest, person: User, *, status: int = 200, role_forms: dict | None = None
) -> HttpResponse:
    memberships = person.memberships.select_related("unit").order_by("ended_at", "unit__name")
    forms = role_forms or {}
    rows = [
        (m, forms.get(m.pk) or MembershipRoleForm(initial={"role": m.role}, prefix=f"m{m.pk}")) for m in memberships
    ]
    factors = sorted(
        str(Authenticator.Type(t).label)
        for t in Authenticator.objects.filter(user=person).values_list("type", flat=True)
    )
    context = {
        "person": person,
        "rows": rows,
        "factors": factors,
        "pending": administration.pending_invitations().filter(pk=person.pk).exists(),
    }
    return render(request, "organisations/staff_person.html", context, status=status)


def _refuse(request: HttpRequest, person: User, error: ValidationError, **kwargs: dict) -> HttpResponse:
    for message in error.messages:
        messages.error(request, message)
    return _person_page(request, person, status=400, **kwargs)


def _guard_superuser(request: HttpRequest, person: User) -> None:
    if person.is_superuser and not typed_user(request).is_superuser:
        raise ValidationError(_("Only a superuser can change a superuser's account."))


def _guard_person(request: HttpRequest, person: User) -> None:
    if person.pk == typed_user(request).pk:
        raise ValidationError(_("Use your own account page for your own password and two-step verification."))
    _guard_superuser(request, person)


@require_GET
@county_admin_required
def staff_person(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_page(request, _get_or_404(User, pk))


@require_GET
@county_admin_required
def staff_invitations(request: HttpRequest) -> HttpResponse:
    people = administration.pending_invitations().prefetch_related("memberships__unit")
    return render(request, "organisations/staff_invitations.html", {"people": people})


def _account_action(action: Callable[[HttpRequest, User], str]) -> Callable[[HttpRequest, int], HttpResponse]:
    """A POST on one person's account: 404 for an unknown id, 400 with the reason when refused."""

    @require_POST
    @county_admin_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        person = _get_or_404(User, pk)
        try:
            _guard_person(request, person)
            done = action(request, person)
        except ValidationError as error:
            return _refuse(request, person, error)
        messages.success(request, done)
        return redirect("staff_person", pk=person.pk)

    view.__name__ = action.__name__
    return view


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@_account_action
def staff_password_link(request: HttpRequest, person: User) -> str:
    administration.password_reset_link_send(user=person, base_url=_base_url(request))
    return _("A link to choose a new password is on its way to %(name)s.") % {"name": person}


@_account_action
def staff_second_factor_reset(request: HttpRequest, person: User) -> str:
    administration.second_factor_reset(user=person)
    return _("Two-step verification is reset: %(name)s sets it up again at the next sign-in.") % {"name": person}


@_account_action
def staff_invitation_resend(request: HttpRequest, person: User) -> str:
    administration.invitation_resend(user=person, base_url=_base_url(request))
    return _("A new invitation is on its way to %(name)s; the old link no longer works.") % {"name": person}


@_account_action
def staff_invitation_revoke(request: HttpRequest, person: User) -> str:
    administration.invitation_revoke(user=person, acting_user=typed_user(request))
    return _("The invitation to %(name)s is revoked.") % {"name": person}


@require_POST
@county_admin_required
def staff_membership_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _get_or_404(Membership.objects.select_related("user", "unit"), pk)
    person = membership.user
    form = MembershipRoleForm(request.POST, prefix=f"m{membership.pk}")
    if not form.is_valid():
        messages.error(request, _("The role was not changed: choose one of the roles in the list."))
        return _person_page(request, person, status=400, role_forms={membership.pk: form})
    try:
        _guard_superuser(request, person)
        administration.membership_role_change(
            membership=membership, role=Role(form.cleaned_data["role"]), acting_user=typed_user(request)
        )
    except ValidationError as error:
        return _refuse(request, person, error)
    messages.success(request, _("%(name)s is now %(role)s at %(unit)s.") % {
        "name": person, "role": Role(form.cleaned_data["role"]).label, "unit": membership.unit.name,
    })  # fmt: skip
    return redirect("staff_person", pk=person.pk)


@require_POST
@county_admin_required
def staff_membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _get_or_404(Membership.objects.select_related("user", "unit"), pk)
    person = membership.user
    try:
        _guard_superuser(request, person)
        administration.membership_close(membership=membership, acting_user=typed_user(request))
    except ValidationError as error:
        return _refuse(request, person, error)
    messages.success(
        request, _("%(name)s no longer works at %(unit)s.") % {"name": person, "unit": membership.unit.name}
    )
    return redirect("staff_person", pk=person.pk)
