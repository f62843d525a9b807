"""The individual's page and the changes made from it. Every view enters through the door
(access.door, via access.policy.individual_for_request), which decides, logs and returns 404 to outsiders.

Being signed in is all it takes to knock: the role is the door's to judge (care_unit_ids), so that
an analyst's or administrator's attempt is refused like anyone else's and logged with the individual
(security.md: "Without one: refused ..., and the attempt is logged").

Writes are logged for what happened: a change is logged as an allowed update in the same
transaction as the change itself; an attempt refused as invalid (a form with errors, a service's
refusal) is logged as a denied update marked ``invalid``, never as an allowed one. Every refusal is
explicit: the form again with its errors, or a page that says what was refused, with status 400."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access import services as access_services
from access.door import door_log
from access.models import Block
from access.policy import Grant, care_membership, individual_for_request, managing_membership, typed_user
from audit.models import Action, Outcome
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


@require_GET
@login_required
def individual_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    grant = individual_for_request(request, uuid)
    membership = care_membership(request)
    page = selectors.individual_page(grant=grant)
    has_open_here = any(r.is_open and r.unit_id == membership.unit_id for r in page.relations)
    manages = managing_membership(request.user, grant.individual) is not None
    context = {**page.as_context(), "access": grant, "has_open_here": has_open_here, "membership": membership,
               "manages": manages}  # fmt: skip
    return render(request, "individuals/detail.html", context)


def _attempt(request: HttpRequest, grant: Grant, change: Callable[[], Any]) -> ValidationError | None:
    """Make a change through ``grant``: logged as an allowed update in the change's transaction, or,
    refused by the service, logged as a denied update marked invalid. The services are atomic and
    log their own refusals outside their writes, so those entries stay when the change does not."""
    with transaction.atomic():
        try:
            change()
        except ValidationError as exc:
            _refused(request, grant)
            return exc
        door_log(request, grant, action=Action.UPDATE)
    return None


def _refused(request: HttpRequest, grant: Grant, reason: str = "invalid") -> None:
    door_log(request, grant, action=Action.UPDATE, outcome=Outcome.DENIED, details={"invalid": True,
                                                                                     "reason": reason})  # fmt: skip


def _refusal_page(request: HttpRequest, grant: Grant, messages: list[str], status: int = 400) -> HttpResponse:
    """An action (a button, not a form) refused: say what was refused and offer the way back."""
    context = {"individual_url": grant.individual.get_absolute_url(), "refusals": messages}
    return render(request, "individuals/refused.html", context, status=status)


def _form_view(
    request: HttpRequest,
    uuid: str,
    form_class: Any,
    save: Any,
    title: str,
    manager_only: bool = False,
    **form_kwargs: Any,
) -> HttpResponse:
    posted = request.method == "POST"
    # A POST is logged below, once it is known whether anything changed.
    grant = individual_for_request(request, uuid, action=Action.UPDATE if posted else Action.READ,
                                   manager_only=manager_only, log=not posted)  # fmt: skip
    kwargs = {key: value(grant) for key, value in form_kwargs.items()}
    # Bound on every POST: a form of unticked boxes sends nothing but is still a submission.
    form = form_class(request.POST if posted else None, **kwargs)
    if posted:
        if not form.is_valid():
            _refused(request, grant)
        else:
            refusal = _attempt(request, grant, lambda: save(request, grant, form.cleaned_data))
            if refusal is None:
                return redirect(grant.individual)
            form_errors_from(form, refusal)
    status = 400 if form.errors else 200
    context = {"individual": grant.individual, "form": form, "title": title}
    return render(request, "individuals/form.html", context, status=status)


def _actor(request: HttpRequest, grant: Grant) -> Actor:
    return Actor.for_grant(request, grant)


@require_http_methods(["GET", "POST"])
@login_required
def consent_create(request: HttpRequest, uuid: str) -> HttpResponse:
    def save(request: HttpRequest, grant: Grant, data: dict) -> None:
        services.consent_record(
            individual=grant.individual,
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
            actor=_actor(request, grant),
            ground=grant.ground,
        )

    return _form_view(request, uuid, ConsentForm, save, _("Record consent"), individual=lambda g: g.individual)


@require_http_methods(["GET", "POST"])
@login_required
def relative_create(request: HttpRequest, uuid: str) -> HttpResponse:
    def save(request: HttpRequest, grant: Grant, data: dict) -> None:
        services.relative_add(individual=grant.individual, actor=_actor(request, grant), ground=grant.ground,
                              **data)  # fmt: skip

    return _form_view(request, uuid, RelativeForm, save, _("Add a relative"))


@require_http_methods(["GET", "POST"])
@login_required
def child_create(request: HttpRequest, uuid: str) -> HttpResponse:
    def save(request: HttpRequest, grant: Grant, data: dict) -> None:
        services.child_add(individual=grant.individual, actor=_actor(request, grant), ground=grant.ground,
                           **data)  # fmt: skip

    return _form_view(request, uuid, ChildForm, save, _("Add a child in the household"))


@require_http_methods(["GET", "POST"])
@login_required
def identity_change(request: HttpRequest, uuid: str) -> HttpResponse:
    def save(request: HttpRequest, grant: Grant, data: dict) -> None:
        services.identity_replace(individual=grant.individual, number=data["number"],
                                  actor=_actor(request, grant), ground=grant.ground)  # fmt: skip

    return _form_view(request, uuid, IdentityChangeForm, save, _("Replace the identity number"))


@require_http_methods(["GET", "POST"])
@login_required
def block_create(request: HttpRequest, uuid: str) -> HttpResponse:
    def save(request: HttpRequest, grant: Grant, data: dict) -> None:
        access_services.block_create(individual=grant.individual, unit=data["unit"], user=typed_user(request),
                                     actor=_actor(request, grant), ground=grant.ground)  # fmt: skip

    def units(grant: Grant) -> Any:
        # Only a unit the user works in can block what it holds (the individual asks that unit).
        return Unit.objects.filter(pk__in=grant.unit_ids, relations__individual=grant.individual).distinct()

    return _form_view(request, uuid, BlockForm, save, _("Block information"), units=units)


@require_POST
@login_required
def relation_open(request: HttpRequest, uuid: str) -> HttpResponse:
    grant = individual_for_request(request, uuid, action=Action.UPDATE, log=False)
    membership = care_membership(request)
    kind = request.POST.get("contact_kind", "")
    if kind not in ContactKind.values:
        _refused(request, grant, "contact_kind")
        return _refusal_page(request, grant, [_("Choose a kind of contact for the relation.")])
    # Opened at the unit the user works in now, and logged through that membership.
    refusal = _attempt(request, grant, lambda: services.relation_open(
        individual=grant.individual, unit=membership.unit, contact_kind=kind,
        actor=Actor.for_membership(request.user, membership)))  # fmt: skip
    if refusal is not None:
        return _refusal_page(request, grant, refusal.messages)
    return redirect(grant.individual)


@require_POST
@login_required
def relation_close(request: HttpRequest, uuid: str, relation_id: int) -> HttpResponse:
    grant = individual_for_request(request, uuid, action=Action.UPDATE, log=False)
    relation = ActiveRelation.objects.filter(pk=relation_id, individual=grant.individual,
                                             unit_id__in=grant.unit_ids).first()  # fmt: skip
    if relation is None:
        # Another unit's relation, or none: the same answer either way.
        _refused(request, grant, "not_found")
        return _refusal_page(request, grant, [_("There is no such relation at your unit.")], status=404)
    refusal = _attempt(request, grant, lambda: services.relation_close(
        relation=relation, actor=_actor(request, grant), ground=grant.ground))  # fmt: skip
    if refusal is not None:
        return _refusal_page(request, grant, refusal.messages)
    return redirect(grant.individual)


@require_POST
@login_required
def consent_withdraw(request: HttpRequest, uuid: str, consent_uuid: str) -> HttpResponse:
    grant = individual_for_request(request, uuid, action=Action.UPDATE, log=False)
    consent = Consent.objects.filter(uuid=consent_uuid, individual=grant.individual).first()
    if consent is None or not grant.shows_record("consents", consent.unit_id):
        _refused(request, grant, "not_found")
        return _refusal_page(request, grant, [_("There is no such consent.")], status=404)
    refusal = _attempt(request, grant, lambda: services.consent_withdraw(
        consent=consent, actor=_actor(request, grant), ground=grant.ground))  # fmt: skip
    if refusal is not None:
        return _refusal_page(request, grant, refusal.messages)
    return redirect(grant.individual)


@require_POST
@login_required
def block_lift(request: HttpRequest, uuid: str, block_id: int) -> HttpResponse:
    grant = individual_for_request(request, uuid, action=Action.UPDATE, log=False)
    block = Block.objects.filter(pk=block_id, individual=grant.individual, unit_id__in=grant.unit_ids).first()
    if block is None:
        _refused(request, grant, "not_found")
        return _refusal_page(request, grant, [_("There is no such block at your unit.")], status=404)
    refusal = _attempt(request, grant, lambda: access_services.block_lift(
        block=block, user=typed_user(request), actor=_actor(request, grant), ground=grant.ground))  # fmt: skip
    if refusal is not None:
        return _refusal_page(request, grant, refusal.messages)
    return redirect(grant.individual)


@require_http_methods(["GET", "POST"])
@login_required
def disclosure_create(request: HttpRequest, uuid: str) -> HttpResponse:
    def save(request: HttpRequest, grant: Grant, data: dict) -> None:
        # The disclosing unit is the one the access went through.
        access_services.disclosure_record(individual=grant.individual, user=typed_user(request),
                                          unit=grant.membership.unit, actor=_actor(request, grant),
                                          ground=grant.ground, **data)  # fmt: skip

    return _form_view(request, uuid, DisclosureForm, save, _("Record a disclosure without consent"))


@require_http_methods(["GET", "POST"])
@login_required
def protection_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    """The unit manager marks protected identity and names the staff who may see contact details."""

    def save(request: HttpRequest, grant: Grant, data: dict) -> None:
        access_services.protected_identity_set(individual=grant.individual, protected=data["protected"],
                                               named_staff=list(data["named_staff"]), user=typed_user(request),
                                               actor=_actor(request, grant), ground=grant.ground)  # fmt: skip

    return _form_view(request, uuid, ProtectionForm, save, _("Protected identity"), manager_only=True,
                      individual=lambda g: g.individual)  # fmt: skip
