"""The SIP's pages. Every one enters through the door (sip.access.sip_for_request, or the
individual's door to start one), which decides, logs and answers outsiders with 404.

A change is logged by the service in its own transaction; an attempt refused as invalid is logged
as a denied update marked ``invalid`` (as in individuals.views.detail). Emergency access reads only."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access.door import door, door_log
from access.policy import Grant, care_memberships, care_staff_required, care_unit_ids
from audit.models import Action, Outcome
from audit.services import Actor
from core.forms import errors_onto
from organisations.models import Unit
from sip import forms, selectors, services, versions
from sip.access import is_writable, sip_for_request
from sip.models import Invitation, InvitationAnswer, ParticipantKind, Sip, SipVersion
from sip.sources import may_report


def _actor(request: HttpRequest, grant: Grant) -> Actor:
    return Actor.for_grant(request, grant)


def _refused(request: HttpRequest, grant: Grant, reason: str = "invalid") -> None:
    door_log(request, grant, action=Action.UPDATE, outcome=Outcome.DENIED, details={"invalid": True, "reason": reason})


def _read_only(request: HttpRequest, grant: Grant) -> None:
    """Emergency access reads; it never plans: refused, and the attempt logged."""
    door_log(request, grant, action=Action.UPDATE, outcome=Outcome.DENIED, details={"reason": "read_only"})
    raise PermissionDenied


def _form_page(request: HttpRequest, grant: Grant, form: Any, title: str, status: int = 200,
               **extra: Any) -> HttpResponse:  # fmt: skip
    context = {"sip": grant.obj, "form": form, "title": title, **extra}
    return render(request, "sip/form.html", context, status=400 if form.errors else status)


def _sip_form(request: HttpRequest, uuid: str, make: Callable[[Grant, Any], Any],
              save: Callable[[Grant, Any], Any], title: str, **extra: Any) -> HttpResponse:  # fmt: skip
    """GET: the form. POST: the service through the grant; back to the plan, or the form again with
    what was typed and what to fix (400)."""
    posted = request.method == "POST"
    grant = sip_for_request(request, uuid, action=Action.UPDATE if posted else Action.READ, log=not posted)
    if not is_writable(grant) or not grant.obj.is_active:
        _read_only(request, grant)
    form = make(grant, request.POST if posted else None)
    if posted:
        if not form.is_valid():
            _refused(request, grant)
        else:
            try:
                with transaction.atomic():  # several services in one step: all or nothing
                    save(grant, form)
            except ValidationError as exc:
                _refused(request, grant)
                errors_onto(form, exc)
            else:
                return redirect(grant.obj)
    return _form_page(request, grant, form, title, **extra)


# --- Starting, from the individual's page ---------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def sip_start(request: HttpRequest, uuid: str) -> HttpResponse:
    """Start a SIP for the individual; without a SIP consent naming the user's unit, say what is missing."""
    posted = request.method == "POST"
    grant = door(request, "sip_start", uuid, action=Action.CREATE if posted else Action.READ, log=not posted)
    if grant.ground == "emergency":
        _read_only(request, grant)
    individual = grant.individual
    own = care_unit_ids(request.user)
    consents = services.sip_consents(individual)
    named = {u.pk for c in consents for u in c.parties.all()} & set(own)
    units = Unit.objects.filter(pk__in=named).order_by("name")
    own_units = list(Unit.objects.filter(pk__in=own).order_by("name"))
    missing = services.consent_missing(individual, own_units) if not named else []
    form = forms.StartForm(request.POST if posted else None, units=units)
    if posted:
        if not named or not form.is_valid():
            _refused(request, grant)
        else:
            d = form.cleaned_data
            try:
                sip = services.sip_start(individual=individual, requested_by=d["requested_by"],
                                         requested_on=d["requested_on"], need_recognised_on=d["need_recognised_on"],
                                         coordinating_unit=d["coordinating_unit"], actor=_actor(request, grant),
                                         ground=grant.ground)  # fmt: skip
            except ValidationError as exc:
                _refused(request, grant)
                errors_onto(form, exc)
            else:
                return redirect(sip)
    existing = list(Sip.objects.filter(individual=individual).order_by("-created_at")[:10])
    context = {"individual": individual, "form": form, "missing": missing, "existing": existing,
               "consent_url": individual.get_absolute_url().rstrip("/") + "/consents/new/"}  # fmt: skip
    status = 400 if (posted and (form.errors or missing)) else 200
    return render(request, "sip/start.html", context, status=status)


# --- The plan -------------------------------------------------------------------------------------


@require_GET
@login_required
def sip_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    grant = sip_for_request(request, uuid)
    page = selectors.sip_page(grant)
    own = care_unit_ids(request.user)
    reportable = [i for i in page.invitations if may_report(i) and page.sip.coordinating_unit_id in own]
    context = {**page.as_context(), "access": grant, "reportable": {i.pk for i in reportable}}
    response = render(request, "sip/detail.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _grant_args(request: HttpRequest, grant: Grant) -> dict[str, Any]:
    return {"actor": _actor(request, grant), "ground": grant.ground}


@require_http_methods(["GET", "POST"])
@login_required
def participant_unit(request: HttpRequest, uuid: str) -> HttpResponse:
    def save(grant: Grant, form: Any) -> None:
        participant = services.participant_add_unit(sip=grant.obj, unit=form.cleaned_data["unit"],
                                                    user_at_unit=form.named_staff(),
                                                    **_grant_args(request, grant))  # fmt: skip
        services.invitation_send(sip=grant.obj, participant=participant, answer_by=form.cleaned_data["answer_by"],
                                 **_grant_args(request, grant))  # fmt: skip

    return _sip_form(request, uuid, lambda g, data: forms.UnitInviteForm(data), save, _("Invite a unit"))


@require_http_methods(["GET", "POST"])
@login_required
def participant_external(request: HttpRequest, uuid: str) -> HttpResponse:
    def save(grant: Grant, form: Any) -> None:
        d = dict(form.cleaned_data)
        answer_by = d.pop("answer_by")
        participant = services.participant_add_external(sip=grant.obj, **d, **_grant_args(request, grant))
        services.invitation_send(sip=grant.obj, participant=participant, answer_by=answer_by,
                                 **_grant_args(request, grant))  # fmt: skip

    return _sip_form(request, uuid, lambda g, data: forms.ExternalForm(data), save, _("Invite an external party"))


@require_http_methods(["GET", "POST"])
@login_required
def participant_relative(request: HttpRequest, uuid: str) -> HttpResponse:
    def save(grant: Grant, form: Any) -> None:
        participant = services.participant_add_relative(sip=grant.obj, relative=form.cleaned_data["relative"],
                                                        **_grant_args(request, grant))  # fmt: skip
        services.invitation_send(sip=grant.obj, participant=participant, answer_by=form.cleaned_data["answer_by"],
                                 **_grant_args(request, grant))  # fmt: skip

    return _sip_form(request, uuid, lambda g, data: forms.RelativeForm(data, sip=g.obj), save, _("Invite a relative"))


@require_http_methods(["GET", "POST"])
@login_required
def participant_remove(request: HttpRequest, uuid: str) -> HttpResponse:
    def save(grant: Grant, form: Any) -> None:
        services.participant_remove(participant=form.cleaned_data["participant"], **_grant_args(request, grant))

    return _sip_form(request, uuid, lambda g, data: forms.RemoveForm(data, sip=g.obj), save,
                     _("A participant leaves the plan"))  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def meeting_plan(request: HttpRequest, uuid: str) -> HttpResponse:
    def save(grant: Grant, form: Any) -> None:
        services.meeting_plan(sip=grant.obj, **form.cleaned_data, **_grant_args(request, grant))

    return _sip_form(request, uuid, lambda g, data: forms.MeetingPlanForm(data), save, _("Plan a meeting"))


@require_http_methods(["GET", "POST"])
@login_required
def meeting_record(request: HttpRequest, uuid: str) -> HttpResponse:
    def save(grant: Grant, form: Any) -> None:
        d = form.cleaned_data
        services.meeting_record(meeting=d["meeting"], individual_attended=form.attended(),
                                individual_words=d["individual_words"], minutes=d["minutes"],
                                attendees=list(d["attendees"]), **_grant_args(request, grant))  # fmt: skip

    return _sip_form(request, uuid, lambda g, data: forms.MeetingRecordForm(data, sip=g.obj), save,
                     _("Record a held meeting"))  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def plan_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    """The five parts. Two people saving at once: the second is told, keeps what they typed, and sees
    what the first changed (the saved plan against theirs)."""
    posted = request.method == "POST"
    grant = sip_for_request(request, uuid, action=Action.UPDATE if posted else Action.READ, log=not posted)
    sip: Sip = grant.obj
    if not is_writable(grant) or not sip.is_active:
        _read_only(request, grant)
    form = forms.PlanForm(request.POST if posted else None, sip=sip,
                          initial=None if posted else forms.PlanForm.initial_for(sip))  # fmt: skip
    changes: list[versions.PartDiff] = []
    if posted:
        if not form.is_valid():
            _refused(request, grant)
        else:
            try:
                services.plan_save(sip=sip, revision=form.cleaned_data["revision"], plan=form.plan(),
                                   **_grant_args(request, grant))  # fmt: skip
            except services.StalePlan as exc:
                _refused(request, grant, "stale")
                form.add_error(None, exc.messages)
                sip.refresh_from_db()
                changes = versions.diff(versions.snapshot_of_input(sip, form.plan()), versions.snapshot(sip))
                # The next save is checked against what the user has now seen.
                data = request.POST.copy()
                data["revision"] = str(sip.revision)
                form.data = data
            except ValidationError as exc:
                _refused(request, grant)
                errors_onto(form, exc)
            else:
                return redirect(sip)
    context = {"sip": sip, "form": form, "changes": changes, "goal_rows": range(forms.GOAL_ROWS),
               "title": _("Edit the plan")}  # fmt: skip
    return render(request, "sip/plan_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def plan_agree(request: HttpRequest, uuid: str) -> HttpResponse:
    def save(grant: Grant, form: Any) -> None:
        services.plan_agree(sip=grant.obj, meeting=form.cleaned_data["meeting"], **_grant_args(request, grant))

    return _sip_form(request, uuid, lambda g, data: forms.AgreeForm(data, sip=g.obj), save,
                     _("Record that the plan was agreed"))  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def confirmation(request: HttpRequest, uuid: str) -> HttpResponse:
    def save(grant: Grant, form: Any) -> None:
        version = SipVersion.objects.filter(sip=grant.obj).order_by("-number").first()
        if version is None:
            raise ValidationError(_("The plan has not been agreed yet: there is nothing to confirm."))
        d = form.cleaned_data
        participant = form.participants.get(d["who"]) if d["who"] != forms.INDIVIDUAL else None
        services.confirmation_record(version=version, participant=participant, confirmed=d["confirmed"] == "yes",
                                     reason=d["reason"], **_grant_args(request, grant))  # fmt: skip

    return _sip_form(request, uuid, lambda g, data: forms.ConfirmForm(data, sip=g.obj), save,
                     _("Record a confirmation of the plan"))  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def follow_up(request: HttpRequest, uuid: str) -> HttpResponse:
    def save(grant: Grant, form: Any) -> None:
        goals, interventions = form.outcomes()
        d = form.cleaned_data
        services.follow_up_record(sip=grant.obj, held_on=d["held_on"], goal_outcomes=goals,
                                  intervention_outcomes=interventions, decision=d["decision"], reason=d["reason"],
                                  next_follow_up_on=d["next_follow_up_on"], **_grant_args(request, grant))  # fmt: skip

    return _sip_form(request, uuid, lambda g, data: forms.FollowUpForm(data, sip=g.obj), save, _("Follow up the plan"))


@require_http_methods(["GET", "POST"])
@login_required
def sip_close(request: HttpRequest, uuid: str) -> HttpResponse:
    def save(grant: Grant, form: Any) -> None:
        services.sip_close(sip=grant.obj, reason=form.cleaned_data["reason"], **_grant_args(request, grant))

    return _sip_form(request, uuid, lambda g, data: forms.CloseForm(data), save, _("Close the plan"))


@require_GET
@login_required
def version_history(request: HttpRequest, uuid: str) -> HttpResponse:
    """Who changed what and when; the difference between two versions (?a=1&b=2)."""
    grant = sip_for_request(request, uuid)
    sip: Sip = grant.obj
    history = list(SipVersion.objects.filter(sip=sip).select_related("created_by", "created_unit"))
    by_number = {v.number: v for v in history}
    a, b = _number(request.GET.get("a")), _number(request.GET.get("b"))
    if b is None and history:
        b = history[-1].number
    if a is None and b is not None and b > 1:
        a = b - 1
    changes = None
    if a in by_number and b in by_number:
        changes = versions.diff(versions.loads(by_number[a].snapshot), versions.loads(by_number[b].snapshot))
    context = {"sip": sip, "history": history, "a": a, "b": b, "changes": changes, "labels": versions.PART_LABELS}
    response = render(request, "sip/versions.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 7 else None


# --- Invitations, answered by the invited unit ----------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def invitation_answer(request: HttpRequest, uuid: str) -> HttpResponse:
    posted = request.method == "POST"
    grant = door(request, "sip_invitation", uuid, action=Action.UPDATE if posted else Action.READ, log=not posted)
    invitation = Invitation.objects.select_related("sip", "participant__unit").get(uuid=uuid)
    own = care_unit_ids(request.user)
    invited_here = invitation.participant.unit_id in own
    recorded_here = invitation.participant.kind in (ParticipantKind.EXTERNAL, ParticipantKind.RELATIVE) and (
        invitation.sip.coordinating_unit_id in own
    )
    if not is_writable(grant) or not (invited_here or recorded_here):
        _read_only(request, grant)
    form = forms.AnswerForm(request.POST if posted else None)
    if posted:
        if not form.is_valid():
            _refused(request, grant)
        else:
            d = form.cleaned_data
            try:
                services.invitation_answer(invitation=invitation, answer=d["answer"], proposed_time=d["proposed_time"],
                                           reason=d["reason"], **_grant_args(request, grant))  # fmt: skip
            except ValidationError as exc:
                _refused(request, grant)
                errors_onto(form, exc)
            else:
                return redirect(invitation.sip if invitation.answer != InvitationAnswer.DECLINED else "home")
    return _form_page(request, grant, form, _("Answer the invitation"), invitation=invitation)


# --- My SIPs ---------------------------------------------------------------------------------------


@require_GET
@care_staff_required
def my_sips(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", selectors.Show.ACTIVE)
    show = show if show in selectors.Show.CHOICES else selectors.Show.ACTIVE
    mine_only = request.GET.get("coordinated") == "1"
    memberships = care_memberships(request.user)
    coordinated_by = frozenset(m.unit_id for m in memberships) if mine_only else None
    membership = next(iter(memberships), None)
    rows = selectors.my_sips(request.user, actor=Actor.for_membership(request.user, membership), show=show,
                             coordinated_by=coordinated_by)  # fmt: skip
    context = {"rows": rows, "show": show, "mine_only": mine_only, "shows": selectors.Show.CHOICES}
    response = render(request, "sip/my_sips.html", context)
    response["Cache-Control"] = "no-store"
    return response
