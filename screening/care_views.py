"""Staff pages of screening: giving an instrument to an individual, the stored result with the advice
that followed, diagnostic checklists, ASI/ADAD interviews, and the coverage of new visits.

Every page about an individual enters through the door (access.door): reads are logged by the door,
writes are logged with door_log in the same transaction as the write (allowed), or as a denied
update marked invalid when the input is refused, so the log never shows a change that did not
happen. Emergency access reads only: a write under it is refused (403) and logged as denied."""

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access.door import door, door_log
from access.policy import Grant, log_review_memberships, typed_user
from accounts.models import User
from audit.models import Action, Outcome
from core.forms import errors_onto
from organisations.models import Unit
from screening import care_services, checklists
from screening.care_access import may_write, result_for_request
from screening.care_forms import AdviceForm, ChecklistForm, CiteForm, GiveForm, InterviewForm
from screening.care_selectors import coverage, results_page, zone_label
from screening.interviews import AREAS
from screening.models import Instrument
from screening.models_care import ChecklistSystem, InterviewInstrument
from screening.scoring import withheld_reason, zone_ranges
from screening.selectors import current_version, current_versions

COVERAGE_MONTHS = 12


def STEP_LABELS() -> dict[str, str]:  # noqa: N802 (the one-question-per-screen script's words)
    return {"back": _("Back"), "next": _("Next"), "progress": _("Question %(n)s of %(total)s")}


def _refused(request: HttpRequest, grant: Grant, action: Action = Action.CREATE) -> None:
    door_log(request, grant, action=action, outcome=Outcome.DENIED, details={"invalid": True, "reason": "invalid"})


def _writable(request: HttpRequest, grant: Grant, action: Action) -> None:
    if not may_write(grant):
        door_log(request, grant, action=action, outcome=Outcome.DENIED, details={"reason": "emergency_read_only"})
        raise PermissionDenied


def _person_door(request: HttpRequest, kind: str, uuid: Any) -> Grant:
    """The individual's door for a step on the record: a GET reads (logged), a POST is logged below."""
    posted = request.method == "POST"
    grant = door(request, kind, uuid, action=Action.CREATE if posted else Action.READ, log=not posted)
    if posted:
        _writable(request, grant, Action.CREATE)
    return grant


def _sex_and_age(individual: Any) -> dict[str, Any]:
    sex = individual.legal_sex if individual.legal_sex in ("female", "male") else ""
    return {"sex": sex, "age": care_services.age_on(individual.birth_date, timezone.localdate())}


# --- Giving an instrument ----------------------------------------------------------------------


@require_GET
@login_required
def give_choose(request: HttpRequest, uuid: str) -> HttpResponse:
    grant = _person_door(request, "screening_give", uuid)
    context = {"individual": grant.individual, "versions": current_versions(), "systems": ChecklistSystem.choices,
               "interviews": InterviewInstrument.choices}  # fmt: skip
    return render(request, "screening/care/give_choose.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def give_form(request: HttpRequest, uuid: str, code: str) -> HttpResponse:
    version = current_version(code)
    if version is None:
        raise Http404
    grant = _person_door(request, "screening_give", uuid)
    definition = version.parsed
    initial = {"given_on": timezone.localdate(), "setting": "new_visit", "mode": "self",
               **_sex_and_age(grant.individual)}  # fmt: skip
    form = GiveForm(request.POST if request.method == "POST" else None, definition=definition, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            with transaction.atomic():
                result = care_services.result_give(
                    individual=grant.individual, version=version, answers=form.answers(), sex=data["sex"] or None,
                    age=data["age"], setting=data["setting"], mode=data["mode"], given_on=data["given_on"],
                    unit=grant.membership.unit, user=typed_user(request),
                )  # fmt: skip
                door_log(request, grant, action=Action.CREATE, obj=result)
            return redirect(result)
        _refused(request, grant)
    steps = request.GET.get("steps") == "1" or request.POST.get("steps") == "1"
    context = {"individual": grant.individual, "form": form, "definition": definition, "version": version,
               "steps": steps, "step_labels": STEP_LABELS()}  # fmt: skip
    return render(request, "screening/care/give_form.html", context, status=400 if form.errors else 200)


# --- The stored result -------------------------------------------------------------------------


def _referral_units() -> Any:
    return Unit.objects.filter(is_active=True).select_related("principal").order_by("principal__name", "name")


def _goal_choices(request: HttpRequest, grant: Grant) -> list[tuple[int, str]]:
    """The goals of the individual's SIPs that the user may open (sip.access.sip_grant)."""
    from sip.access import sip_grant
    from sip.models import Goal

    goals = Goal.objects.filter(sip__individual=grant.individual).select_related("sip__individual")
    user = request.user
    allowed: dict[int, bool] = {}
    choices = []
    for goal in goals:
        if goal.sip_id not in allowed:
            allowed[goal.sip_id] = sip_grant(user, goal.sip) is not None
        if allowed[goal.sip_id]:
            choices.append((goal.pk, f"{goal.get_term_display()}: {goal.text[:80]}"))
    return choices


def _result_context(request: HttpRequest, grant: Grant, **forms: Any) -> dict[str, Any]:
    result = grant.obj
    definition = result.version.parsed
    scoring = result.scoring
    items = []
    for item, given in zip(definition.items, result.answers, strict=False):
        option = next((o for o in item.options if o.points == given), None)
        items.append({"item": item, "given": given, "option": option})
    ranges = zone_ranges(definition, sex=scoring["sex"], age=scoring["age"]) if scoring.get("sex") else []
    zone = definition.zone(result.zone) if result.zone else None
    context = {
        "result": result, "individual": grant.individual, "definition": definition, "items": items,
        "zone": zone, "zone_label": zone_label(definition, result.zone), "ranges": ranges,
        "advice_text": definition.advice.get(zone.advice) if zone else None,
        "withheld": withheld_reason(scoring.get("withheld")), "writable": may_write(grant),
        "referrals": list(result.referrals.select_related("to_unit")),
        "citations": list(result.citations.select_related("goal")),
    }  # fmt: skip
    if context["writable"]:
        if result.advice_recorded_at is None or forms.get("advice_form"):
            context["advice_form"] = forms.get("advice_form") or AdviceForm(units=_referral_units())
        goals = _goal_choices(request, grant)
        if goals:
            context["cite_form"] = forms.get("cite_form") or CiteForm(goals=goals)
    return context


@require_GET
@login_required
def result_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    grant = result_for_request(request, uuid)
    return render(request, "screening/care/result.html", _result_context(request, grant))


@require_GET
@login_required
def results_list(request: HttpRequest, uuid: str, code: str) -> HttpResponse:
    """All of one instrument's results for the individual (the panel's table shows the newest),
    paginated. Through the individual's door (kind "screening_results"), which logs the read."""
    grant = door(request, "screening_results", uuid)
    instrument = Instrument.objects.filter(code=code).first()
    if instrument is None:
        raise Http404
    listing = results_page(grant, instrument, request.GET.get("page"))
    context = {"individual": grant.individual, "instrument": instrument, "page": listing.page, "rows": listing.rows}
    return render(request, "screening/care/results.html", context)


@require_POST
@login_required
def result_advice(request: HttpRequest, uuid: str) -> HttpResponse:
    grant = result_for_request(request, uuid, action=Action.UPDATE, log=False)
    _writable(request, grant, Action.UPDATE)
    form = AdviceForm(request.POST, units=_referral_units())
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                care_services.advice_record(
                    result=grant.obj, brief_advice=data["brief_advice"], method=data["method"] or "",
                    refer_to=data["refer_to"], consent=data["consent"], user=typed_user(request),
                    actor=_actor(request, grant),
                )  # fmt: skip
                door_log(request, grant, action=Action.UPDATE)
            return redirect(grant.obj)
        except ValidationError as exc:
            errors_onto(form, exc)
    _refused(request, grant, Action.UPDATE)
    return render(request, "screening/care/result.html", _result_context(request, grant, advice_form=form),
                  status=400)  # fmt: skip


@require_POST
@login_required
def result_cite(request: HttpRequest, uuid: str) -> HttpResponse:
    grant = result_for_request(request, uuid, action=Action.UPDATE, log=False)
    _writable(request, grant, Action.UPDATE)
    goals = _goal_choices(request, grant)
    form = CiteForm(request.POST, goals=goals)
    if form.is_valid():
        from sip.models import Goal

        goal = Goal.objects.select_related("sip").get(pk=form.cleaned_data["goal"])
        with transaction.atomic():
            care_services.goal_cite(goal=goal, result=grant.obj, user=typed_user(request))
            door_log(request, grant, action=Action.UPDATE)
        return redirect(grant.obj)
    _refused(request, grant, Action.UPDATE)
    return render(request, "screening/care/result.html", _result_context(request, grant, cite_form=form), status=400)


def _actor(request: HttpRequest, grant: Grant) -> Any:
    from audit.services import Actor

    return Actor.for_grant(request, grant)


# --- Checklists and interviews -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def checklist_form(request: HttpRequest, uuid: str, system: str) -> HttpResponse:
    if system not in checklists.SYSTEMS:
        raise Http404
    grant = _person_door(request, "screening_checklist", uuid)
    initial = {"assessed_on": timezone.localdate()}
    form = ChecklistForm(request.POST if request.method == "POST" else None, system=system, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    record = care_services.checklist_record(
                        individual=grant.individual, system=system, substance=data["substance"],
                        ticked=data["criteria"], supervised_treatment=data.get("supervised_treatment", False),
                        assessed_on=data["assessed_on"], unit=grant.membership.unit, user=typed_user(request),
                    )  # fmt: skip
                    door_log(request, grant, action=Action.CREATE, obj=record)
                return redirect(grant.individual)
            except ValidationError as exc:
                errors_onto(form, exc)
        _refused(request, grant)
    context = {"individual": grant.individual, "form": form, "rules": form.rules,
               "system_label": ChecklistSystem(system).label}  # fmt: skip
    return render(request, "screening/care/checklist_form.html", context, status=400 if form.errors else 200)


def _interviewers(grant: Grant) -> Any:
    """Staff of the recording unit (the interviewer is one of them)."""
    return (
        User.objects.filter(memberships__unit_id=grant.membership.unit_id, is_active=True)
        .distinct()
        .order_by("first_name", "last_name")
    )


@require_http_methods(["GET", "POST"])
@login_required
def interview_form(request: HttpRequest, uuid: str, instrument: str) -> HttpResponse:
    if instrument not in AREAS:
        raise Http404
    grant = _person_door(request, "screening_interview", uuid)
    initial = {"done_on": timezone.localdate(), "interviewer": request.user.pk}
    form = InterviewForm(request.POST if request.method == "POST" else None, instrument=instrument,
                         interviewers=_interviewers(grant), initial=initial)  # fmt: skip
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    record = care_services.interview_record(
                        individual=grant.individual, instrument=instrument, kind=data["kind"],
                        done_on=data["done_on"], interviewer=data["interviewer"],
                        certification=data["certification"], ratings=form.ratings(), unit=grant.membership.unit,
                        user=typed_user(request),
                    )  # fmt: skip
                    door_log(request, grant, action=Action.CREATE, obj=record)
                return redirect(grant.individual)
            except ValidationError as exc:
                errors_onto(form, exc)
        _refused(request, grant)
    context = {"individual": grant.individual, "form": form,
               "instrument_label": InterviewInstrument(instrument).label}  # fmt: skip
    return render(request, "screening/care/interview_form.html", context, status=400 if form.errors else 200)


# --- Coverage ------------------------------------------------------------------------------------


@require_GET
@login_required
def coverage_page(request: HttpRequest) -> HttpResponse:
    """The share of new visits with AUDIT/DUDIT, for the unit manager's own units."""
    units = sorted({m.unit_id for m in log_review_memberships(request.user)})
    if not units:
        raise PermissionDenied
    today = timezone.localdate()
    since = (today.replace(day=1) - datetime.timedelta(days=31 * (COVERAGE_MONTHS - 1))).replace(day=1)
    context = {"rows": coverage(units, since), "since": since}
    return render(request, "screening/care/coverage.html", context)
