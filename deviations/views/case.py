"""One report: its steps, answers, decisions, comments and history; the workflow's actions."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from access.policy import DeviationAccess, staff_required, typed_user
from core.forms import errors_onto
from deviations import services
from deviations.forms import AnswerForm, CommentForm, DecisionForm
from deviations.models import Report, State
from deviations.selectors import report_for
from organisations.models import Unit


def _context(report: Report, access: DeviationAccess, **forms_: Any) -> dict[str, Any]:
    now = timezone.now()
    steps = list(report.steps.all())
    answer_units = Unit.objects.filter(pk__in=access.answers_for).order_by("name")
    may_decide = report.state != State.RESOLVED and (
        access.council_decides or (access.reporting_side and report.state in (State.SUBMITTED, State.ANSWERED))
    )
    at_council = report.state in (State.LOCAL_COUNCIL, State.REGIONAL_COUNCIL)
    may_escalate = report.state != State.REGIONAL_COUNCIL and (
        (access.council_decides and report.state == State.LOCAL_COUNCIL)
        or (not at_council and report.state != State.RESOLVED and (access.reporting_side or bool(access.answers_for)))
    )
    return {
        "report": report,
        "access": access,
        "steps": steps,
        "overdue": [s for s in steps if s.is_overdue(now)],
        "now": now,
        "answer_form": forms_.get("answer_form") or (AnswerForm(units=answer_units) if access.answers_for else None),
        "resolve_form": forms_.get("resolve") or DecisionForm(prefix="resolve"),
        "escalate_form": forms_.get("escalate") or DecisionForm(prefix="escalate"),
        "reopen_form": forms_.get("reopen") or DecisionForm(prefix="reopen"),
        "comment_form": forms_.get("comment_form") or CommentForm(),
        "may_decide": may_decide,
        "may_escalate": may_escalate,
        "may_reopen": report.state == State.RESOLVED and (access.reporting_side or access.council_seat),
        "failed": forms_.get("failed", ""),
    }


@staff_required
@require_GET
def detail(request: HttpRequest, report: Any) -> HttpResponse:
    found, access = report_for(request, report)
    return render(request, "deviations/detail.html", _context(found, access))


def _refused(request: HttpRequest, report: Report, access: DeviationAccess, **forms_: Any) -> HttpResponse:
    return render(request, "deviations/detail.html", _context(report, access, **forms_), status=400)


@staff_required
@require_POST
def answer(request: HttpRequest, report: Any) -> HttpResponse:
    found, access = report_for(request, report)
    if not access.answers_for:
        raise PermissionDenied
    form = AnswerForm(request.POST, units=Unit.objects.filter(pk__in=access.answers_for))
    if not form.is_valid():
        return _refused(request, found, access, answer_form=form, failed="answer")
    try:
        services.report_answer(report=found, unit=form.cleaned_data["unit"], user=typed_user(request),
                               view=form.cleaned_data["view"], measures=form.cleaned_data["measures"])  # fmt: skip
    except ValidationError as error:
        errors_onto(form, error)
        return _refused(request, found, access, answer_form=form, failed="answer")
    messages.success(request, _("Your answer is saved and the reporting side is told."))
    return redirect(found)


def _decision(name: str, service: Callable[..., Report], done: Promise) -> Callable[..., HttpResponse]:
    @staff_required
    @require_POST
    def view(request: HttpRequest, report: Any) -> HttpResponse:
        found, access = report_for(request, report)
        form = DecisionForm(request.POST, prefix=name)
        if not form.is_valid():
            return _refused(request, found, access, **{name: form}, failed=name)
        extra = {"council_seat": access.council_seat} if name == "reopen" else {}
        try:
            service(report=found, user=typed_user(request), text=form.cleaned_data["text"], **extra)
        except ValidationError as error:
            errors_onto(form, error)
            return _refused(request, found, access, **{name: form}, failed=name)
        messages.success(request, str(done))
        return redirect(found)

    view.__name__ = name
    return view


resolve = _decision("resolve", services.report_resolve, gettext_lazy("The case is resolved; the reporter is told."))
escalate = _decision("escalate", services.report_escalate, gettext_lazy("The case is lifted to the next level."))
reopen = _decision("reopen", services.report_reopen, gettext_lazy("The case is open again."))


@staff_required
@require_POST
def comment(request: HttpRequest, report: Any) -> HttpResponse:
    found, access = report_for(request, report)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _refused(request, found, access, comment_form=form, failed="comment")
    membership = getattr(request, "membership", None)
    services.comment_add(report=found, user=typed_user(request), unit=membership.unit if membership else None,
                         text=form.cleaned_data["text"])  # fmt: skip
    messages.success(request, _("Your comment is added."))
    return redirect(found)
