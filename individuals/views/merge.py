"""Merging two records of one person, and undoing it: a unit manager's explicit, confirmed step.

The survivor is the record whose page the manager starts from (its uuid in the URL, through the
door); the other is chosen by exact number in the POST body, never in a URL, and must be one the
manager may see too. Anyone who is not a unit manager gets the door's logged 404."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from access.door import door_log
from access.policy import Grant, Section, individual_access, individual_for_request, log_review_unit_ids, typed_user
from audit.models import Action, Outcome
from audit.services import Actor, audit_record, audit_search
from individuals import merge as merging
from individuals import services
from individuals.forms import MergeChoiceForm, MergeFindForm, form_errors_from
from individuals.models import Individual, Merge


def _manager_door(request: HttpRequest, uuid: str, *, action: Action, log: bool = True) -> Grant:
    """The door, for unit managers only: to anyone else the record does not exist (logged 404)."""
    if not log_review_unit_ids(request.user):
        individual = Individual.objects.filter(uuid=uuid, merged_into__isnull=True).first()
        audit_record(actor=Actor.from_request(request), action=action, outcome=Outcome.DENIED,
                     individual_id=individual.pk if individual else None, object_type="individuals.individual",
                     object_id=str(uuid))  # fmt: skip
        raise Http404
    return individual_for_request(request, uuid, action=action, log=log)


def _other(request: HttpRequest, grant: Grant, form: MergeFindForm) -> tuple[Individual, Grant] | None:
    """The other record, if the manager may see it (logged as a search either way)."""
    other = services.individual_find(number=form.cleaned_data["number"])
    other_grant = individual_access(request.user, other) if other is not None else None
    if other is not None and other.pk == grant.individual.pk:
        form.add_error("number", _same_record())
        return None
    audit_search(actor=Actor.from_request(request), individual_id=other.pk if other else None,
                 ground=other_grant.ground if other_grant else None, details={"merge": True})  # fmt: skip
    if other is None or other_grant is None:
        form.add_error("number", _no_record())
        return None
    return other, other_grant


@require_http_methods(["GET", "POST"])
@login_required
def merge_start(request: HttpRequest, uuid: str) -> HttpResponse:
    posted = request.method == "POST"
    grant = _manager_door(request, uuid, action=Action.UPDATE if posted else Action.READ, log=not posted)
    survivor = grant.individual
    form = MergeFindForm(request.POST if posted else None)
    if not posted:
        return _page(request, survivor, find_form=form)
    if not form.is_valid():
        _invalid(request, grant, "number")
        return _page(request, survivor, find_form=form, status=400)
    found = _other(request, grant, form)
    if found is None:
        _invalid(request, grant, "no_other_record")
        return _page(request, survivor, find_form=form, status=400)
    other, other_grant = found
    initial = {"number": form.cleaned_data["number"].display}
    sees_contact = grant.shows(Section.CONTACT) and other_grant.shows(Section.CONTACT)
    choices = MergeChoiceForm(request.POST if "confirm_step" in request.POST else None, survivor=survivor,
                              other=other, sees_contact=sees_contact, initial=initial)  # fmt: skip
    if "confirm_step" in request.POST and choices.is_valid():
        try:
            merging.records_merge(survivor=survivor, other=other, take_from_other=choices.taken_from_other(),
                                  actor=Actor.for_grant(request, grant), user=typed_user(request))  # fmt: skip
        except ValidationError as exc:
            form_errors_from(choices, exc)
        else:
            return redirect(survivor)
    if "confirm_step" in request.POST:
        _invalid(request, grant, "merge_form")
    # Both records are shown side by side: a read of each.
    audit_record(actor=Actor.for_grant(request, grant), action=Action.READ, ground=grant.ground,
                 individual_id=survivor.pk, obj=survivor, details={"merge": "compare"})  # fmt: skip
    audit_record(actor=Actor.for_grant(request, other_grant), action=Action.READ, ground=other_grant.ground,
                 individual_id=other.pk, obj=other, details={"merge": "compare"})  # fmt: skip
    context = {"other": other, "choices": choices, "rows": choices.rows()}
    return _page(request, survivor, status=400 if choices.errors else 200, **context)


def _invalid(request: HttpRequest, grant: Grant, reason: str) -> None:
    """An attempt that changed nothing: logged as such (a refused, invalid update), never as a change."""
    door_log(request, grant, action=Action.UPDATE, outcome=Outcome.DENIED, details={"invalid": True, "reason": reason})


def _page(request: HttpRequest, survivor: Individual, *, status: int = 200, **extra: Any) -> HttpResponse:
    merges = [m for m in Merge.objects.filter(survivor=survivor, undone_at__isnull=True).order_by("-merged_at")
              if merging.may_undo(m)]  # fmt: skip
    context = {"individual": survivor, "undoable": merges, "undo_days": merging.undo_period().days, **extra}
    return render(request, "individuals/merge.html", context, status=status)


@require_POST
@login_required
def merge_undo(request: HttpRequest, uuid: str, merge_uuid: str) -> HttpResponse:
    grant = _manager_door(request, uuid, action=Action.UPDATE, log=False)
    merge = Merge.objects.filter(uuid=merge_uuid, survivor=grant.individual).first()
    if merge is None:
        _invalid(request, grant, "no_such_merge")
        raise Http404
    try:
        merging.merge_undo(merge=merge, actor=Actor.for_grant(request, grant), user=typed_user(request))
    except ValidationError as exc:
        _invalid(request, grant, "undo_refused")
        return _page(request, grant.individual, status=400, undo_errors=exc.messages)
    return redirect(grant.individual)


def _no_record() -> str:
    from django.utils.translation import gettext

    return gettext("No record you may see has this number. Check the number.")


def _same_record() -> str:
    from django.utils.translation import gettext

    return gettext("This is the number of this record: give the number of the other record.")
