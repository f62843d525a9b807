"""The report form (issue 11 §1), its autosaved draft, and the list of the user's reports."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access.policy import deviation_may_report, staff_required, typed_user
from core.forms import errors_onto
from deviations import services, sources
from deviations.forms import TEXT_FIELDS, ReportForm
from deviations.models import Draft
from deviations.selectors import list_queryset, scope_for, waiting_for
from organisations.models import Unit

PAGE_SIZE = 25


def _units(request: HttpRequest) -> Any:
    return Unit.objects.filter(pk__in=scope_for(request.user).unit_ids).select_related("principal").order_by("name")


def _may_report(request: HttpRequest) -> None:
    if not deviation_may_report(scope_for(request.user)):
        raise Http404


def _own_draft(request: HttpRequest, key: Any) -> Draft | None:
    if not key:
        return None
    return Draft.objects.filter(uuid=key, owner=typed_user(request)).first()


def _initial(request: HttpRequest, draft: Draft | None) -> dict[str, Any]:
    """A draft's values, or a registered source's (?from=<source>:<key>), or the user's current unit."""
    membership = getattr(request, "membership", None)
    initial: dict[str, Any] = {"reporting_unit": membership.unit_id if membership else None}
    if draft is not None:
        return {**initial, **draft.data, "draft": draft.uuid}
    reference = request.GET.get("from", "")[:200]
    prefill = sources.prefill(request, reference) if reference else None
    if prefill:
        units = _units(request)
        for key in ("reporting_unit",):
            if key in prefill:
                unit = units.filter(uuid=prefill[key]).first()
                initial[key] = unit.pk if unit else initial[key]
        if "counterpart_units" in prefill:
            initial["counterpart_units"] = list(
                Unit.objects.filter(uuid__in=list(prefill["counterpart_units"]), is_active=True).values_list(
                    "pk", flat=True
                )
            )
        for key in ("agreement", "happened_on", "category", "what_happened", "source"):
            if key in prefill:
                initial[key] = prefill[key]
    return initial


def _page(request: HttpRequest, form: ReportForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "text_fields": TEXT_FIELDS}
    return render(request, "deviations/form.html", context, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    _may_report(request)
    if request.method == "GET":
        return _page(request, ReportForm(units=_units(request), initial=_initial(request, None)))
    form = ReportForm(request.POST, units=_units(request))
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data
    try:
        report = services.report_submit(
            reporter=typed_user(request),
            agreement=data["agreement"],
            happened_on=data["happened_on"],
            reporting_unit=data["reporting_unit"],
            counterpart_units=list(data["counterpart_units"]),
            counterpart_principals=list(data["counterpart_principals"]),
            category=data["category"],
            what_happened=data["what_happened"],
            consequence=data["consequence"],
            severity=data["severity"],
            improvement=data["improvement"],
            anonymous=data["anonymous"],
            source=data["source"],
            draft=_own_draft(request, data.get("draft")),
        )
    except ValidationError as error:
        errors_onto(form, error)
        return _page(request, form, status=400)
    messages.success(request, _("Report %(reference)s is submitted and sent on.") % {"reference": report.reference})
    return redirect(report)


@staff_required
@require_GET
def draft_resume(request: HttpRequest, draft: Any) -> HttpResponse:
    _may_report(request)
    found = _own_draft(request, draft)
    if found is None:
        raise Http404
    return _page(request, ReportForm(units=_units(request), initial=_initial(request, found)))


@staff_required
@require_POST
def draft_save(request: HttpRequest) -> HttpResponse:
    """The autosave (HTMX, as the reporter types): keeps the draft, answers with its status."""
    _may_report(request)
    key = request.POST.get("draft", "")
    draft = None
    if key:
        try:
            draft = _own_draft(request, key)
        except ValidationError:
            draft = None
        if draft is None:
            return render(request, "deviations/_draft_status.html", {"lost": True}, status=400)
    data = {name: request.POST.getlist(name) if name.startswith("counterpart_") else request.POST.get(name, "")
            for name in services.DRAFT_FIELDS if name in request.POST or name.startswith("counterpart_")}  # fmt: skip
    data["anonymous"] = "on" if request.POST.get("anonymous") else ""
    try:
        saved, refused = services.draft_save(owner=typed_user(request), data=data, draft=draft)
    except ValidationError as error:
        return render(request, "deviations/_draft_status.html", {"error": " ".join(error.messages)}, status=400)
    form = ReportForm(units=_units(request))
    labels = [str(form.fields[name].label) for name in refused if name in form.fields and form.fields[name].label]
    if not getattr(request, "htmx", False):  # the "Save as draft" button without JavaScript
        if labels:
            messages.warning(request, _("Not saved in: %(fields)s, which holds an identity number: remove it.")
                             % {"fields": ", ".join(labels)})  # fmt: skip
        else:
            messages.success(request, _("The draft is saved."))
        return redirect(saved)
    context = {"draft": saved, "refused": labels, "at": timezone.localtime()}
    return render(request, "deviations/_draft_status.html", context)


@staff_required
@require_POST
def draft_discard(request: HttpRequest, draft: Any) -> HttpResponse:
    found = _own_draft(request, draft)
    if found is None:
        raise Http404
    services.draft_discard(draft=found, owner=typed_user(request))
    messages.success(request, _("The draft is discarded."))
    return redirect("deviations:index")


@staff_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The user's reports and those the policy shows them, the steps waiting for them, their drafts."""
    scope = scope_for(request.user)
    page = Paginator(list_queryset(scope), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "waiting": list(waiting_for(scope)[:50]),
        "drafts": list(Draft.objects.filter(owner=typed_user(request))[:20]),
        "may_report": deviation_may_report(scope),
        "analyses": scope.analyses,
        "councils": bool(scope.council_ids),
        "now": timezone.now(),
    }
    return render(request, "deviations/index.html", context)
