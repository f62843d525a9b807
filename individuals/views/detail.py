"""The individual's page and the changes made from it. Every view enters through
access.policy.individual_for_request, which decides, logs and returns 404 to outsiders.

Being signed in is all it takes to knock: the role is the door's to judge (care_unit_ids), so that
an analyst's or administrator's attempt is refused like anyone else's and logged with the individual
(security.md: "Without one: refused ..., and the attempt is logged")."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access import services as access_services
from access.models import Block
from access.policy import (
    IndividualAccess,
    care_membership,
    individual_for_request,
    manages_individual,
    typed_user,
)
from audit.models import Action
from audit.services import Actor
from individuals import selectors, services
from individuals.forms import (
    BlockForm,
    ChildForm,
    ConsentForm,
    DisclosureForm,
    IdentityChangeForm,
    ProtectionForm,
    RelativeForm,
    form_errors_from,
)
from individuals.models import ActiveRelation, Consent, ContactKind
from organisations.models import Unit


def _context(access: IndividualAccess, **extra: Any) -> dict[str, Any]:
    data = selectors.individual_page_data(individual=access.individual)
    visible = [r for r in data["relations"] if access.may_see_unit_records(r.unit_id)]
    return {
        "individual": access.individual,
        "access": access,
        **data,
        "relations": visible,
        "hidden_relations": len(data["relations"]) - len(visible),
        # A blocked unit's disclosures are what it holds, as much as its relation is.
        "disclosures": [d for d in data["disclosures"] if access.may_see_unit_records(d.unit_id)],
        **extra,
    }


@require_GET
@login_required
def individual_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    access = individual_for_request(request, uuid)
    membership = care_membership(request)
    has_open_here = any(
        r.unit_id == membership.unit_id and r.ended_on is None for r in access.individual.relations.all()
    )
    manages = manages_individual(request.user, access.individual)
    context = _context(access, has_open_here=has_open_here, membership=membership, manages=manages)
    return render(request, "individuals/detail.html", context)


def _form_view(
    request: HttpRequest,
    uuid: str,
    form_class: Any,
    save: Any,
    title: str,
    manager_only: bool = False,
    **form_kwargs: Any,
) -> HttpResponse:
    action = Action.UPDATE if request.method == "POST" else Action.READ
    access = individual_for_request(request, uuid, action=action, manager_only=manager_only)
    kwargs = {key: value(access) for key, value in form_kwargs.items()}
    # Bound on every POST: a form of unticked boxes sends nothing but is still a submission.
    form = form_class(request.POST if request.method == "POST" else None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            save(request, access, form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            return redirect(access.individual)
    status = 400 if form.errors else 200
    context = {"individual": access.individual, "form": form, "title": title}
    return render(request, "individuals/form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def consent_create(request: HttpRequest, uuid: str) -> HttpResponse:
    def save(request: HttpRequest, access: IndividualAccess, data: dict) -> None:
        services.consent_record(
            individual=access.individual,
            given_by=data["given_by"],
            guardian_name=data["guardian_name"],
            for_sip=data["for_sip"],
            for_sharing=data["for_sharing"],
            for_relatives=data["for_relatives"],
            parties=data["parties"],
            relatives=data["relatives"],
            form=data["form"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            actor=Actor.from_request(request),
            user=typed_user(request),
            ground=access.ground,
        )

    return _form_view(request, uuid, ConsentForm, save, _("Record consent"), individual=lambda a: a.individual)


@require_http_methods(["GET", "POST"])
@login_required
def relative_create(request: HttpRequest, uuid: str) -> HttpResponse:
    def save(request: HttpRequest, access: IndividualAccess, data: dict) -> None:
        services.relative_add(individual=access.individual, actor=Actor.from_request(request), ground=access.ground,
                              **data)  # fmt: skip

    return _form_view(request, uuid, RelativeForm, save, _("Add a relative"))


@require_http_methods(["GET", "POST"])
@login_required
def child_create(request: HttpRequest, uuid: str) -> HttpResponse:
    def save(request: HttpRequest, access: IndividualAccess, data: dict) -> None:
        services.child_add(individual=access.individual, actor=Actor.from_request(request), ground=access.ground,
                           **data)  # fmt: skip

    return _form_view(request, uuid, ChildForm, save, _("Add a child in the household"))


@require_http_methods(["GET", "POST"])
@login_required
def identity_change(request: HttpRequest, uuid: str) -> HttpResponse:
    def save(request: HttpRequest, access: IndividualAccess, data: dict) -> None:
        services.identity_replace(individual=access.individual, number=data["number"],
                                  actor=Actor.from_request(request), ground=access.ground)  # fmt: skip

    return _form_view(request, uuid, IdentityChangeForm, save, _("Replace the identity number"))


@require_http_methods(["GET", "POST"])
@login_required
def block_create(request: HttpRequest, uuid: str) -> HttpResponse:
    def save(request: HttpRequest, access: IndividualAccess, data: dict) -> None:
        access_services.block_create(individual=access.individual, unit=data["unit"], user=typed_user(request),
                                     actor=Actor.from_request(request), ground=access.ground)  # fmt: skip

    def units(access: IndividualAccess) -> Any:
        # Only a unit the user works in can block what it holds (the individual asks that unit).
        return Unit.objects.filter(pk__in=access.unit_ids, relations__individual=access.individual).distinct()

    return _form_view(request, uuid, BlockForm, save, _("Block information"), units=units)


@require_POST
@login_required
def relation_open(request: HttpRequest, uuid: str) -> HttpResponse:
    access = individual_for_request(request, uuid, action=Action.UPDATE)
    membership = care_membership(request)
    kind = request.POST.get("contact_kind", "")
    if kind not in ContactKind.values:
        raise Http404
    try:
        services.relation_open(individual=access.individual, unit=membership.unit, contact_kind=kind,
                               actor=Actor.from_request(request), user=typed_user(request))  # fmt: skip
    except ValidationError:
        pass  # already open: nothing to do, the page shows it
    return redirect(access.individual)


@require_POST
@login_required
def relation_close(request: HttpRequest, uuid: str, relation_id: int) -> HttpResponse:
    access = individual_for_request(request, uuid, action=Action.UPDATE)
    relation = get_object_or_404(
        ActiveRelation, pk=relation_id, individual=access.individual, unit_id__in=access.unit_ids
    )
    try:
        services.relation_close(relation=relation, actor=Actor.from_request(request), user=typed_user(request),
                                ground=access.ground)  # fmt: skip
    except ValidationError:
        pass  # already closed
    return redirect(access.individual)


@require_POST
@login_required
def consent_withdraw(request: HttpRequest, uuid: str, consent_uuid: str) -> HttpResponse:
    access = individual_for_request(request, uuid, action=Action.UPDATE)
    consent = get_object_or_404(Consent, uuid=consent_uuid, individual=access.individual)
    try:
        services.consent_withdraw(consent=consent, actor=Actor.from_request(request), user=typed_user(request),
                                  ground=access.ground)  # fmt: skip
    except ValidationError:
        pass  # already withdrawn
    return redirect(access.individual)


@require_POST
@login_required
def block_lift(request: HttpRequest, uuid: str, block_id: int) -> HttpResponse:
    access = individual_for_request(request, uuid, action=Action.UPDATE)
    block = get_object_or_404(Block, pk=block_id, individual=access.individual, unit_id__in=access.unit_ids)
    try:
        access_services.block_lift(block=block, user=typed_user(request), actor=Actor.from_request(request),
                                   ground=access.ground)  # fmt: skip
    except ValidationError:
        pass
    return redirect(access.individual)


@require_http_methods(["GET", "POST"])
@login_required
def disclosure_create(request: HttpRequest, uuid: str) -> HttpResponse:
    def save(request: HttpRequest, access: IndividualAccess, data: dict) -> None:
        access_services.disclosure_record(individual=access.individual, user=typed_user(request),
                                          unit=care_membership(request).unit, actor=Actor.from_request(request),
                                          ground=access.ground, **data)  # fmt: skip

    return _form_view(request, uuid, DisclosureForm, save, _("Record a disclosure without consent"))


@require_http_methods(["GET", "POST"])
@login_required
def protection_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    """The unit manager marks protected identity and names the staff who may see contact details."""

    def save(request: HttpRequest, access: IndividualAccess, data: dict) -> None:
        access_services.protected_identity_set(individual=access.individual, protected=data["protected"],
                                               named_staff=list(data["named_staff"]), user=typed_user(request),
                                               actor=Actor.from_request(request), ground=access.ground)  # fmt: skip

    return _form_view(request, uuid, ProtectionForm, save, _("Protected identity"), manager_only=True,
                      individual=lambda a: a.individual)  # fmt: skip
