"""Councils (issue 11 §4, §6): members, the cases on the table, a printable agenda, action plans."""

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access.policy import can_administer_county, deviation_council_allowed, staff_required, typed_user
from accounts.models import User
from core.forms import errors_onto
from deviations import services
from deviations.forms import ActionForm, SeatForm
from deviations.models import Action, CouncilMember, Report, Step
from deviations.selectors import (
    AGENDA_MAX,
    AGENDA_SECTIONS,
    agenda,
    agenda_filters,
    agenda_rows,
    agenda_section,
    council_for,
    council_reports,
    scope_for,
    seats_of,
)
from organisations.models import Council, CouncilKind
from organisations.roles import Role

AGENDA_DAYS = 30
ON_TABLE_MAX = 200  # the council page's cases on the table, nearest deadline first; the agenda has them all
ACTION_CHOICE_DAYS = 90
ACTION_CHOICES_MAX = 300


def _member_council(request: HttpRequest, key: Any) -> Council:
    council = council_for(request, key)
    if not deviation_council_allowed(scope_for(request.user), council.pk):
        raise Http404
    return council


def _admin_or_member_council(request: HttpRequest, key: Any) -> Council:
    council = council_for(request, key)
    if not (can_administer_county(request.user) or deviation_council_allowed(scope_for(request.user), council.pk)):
        raise Http404
    return council


def _seat_candidates() -> Any:
    return (
        User.objects.filter(is_active=True, memberships__role=Role.COUNCIL_MEMBER, memberships__ended_at__isnull=True)
        .distinct()
        .order_by("last_name", "first_name")
    )


@staff_required
@require_GET
def council_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    admin = can_administer_county(request.user)
    councils = Council.objects.filter(is_active=True).select_related("municipality").order_by("kind", "name")
    if not admin:
        councils = councils.filter(pk__in=scope.council_ids)
    return render(request, "deviations/councils.html", {"councils": list(councils), "admin": admin})


def _council_page(request: HttpRequest, council: Council, *, seat_form: SeatForm | None = None,
                  status: int = 200) -> HttpResponse:  # fmt: skip
    member = deviation_council_allowed(scope_for(request.user), council.pk)
    on_table = (
        Step.objects.filter(owner_council=council, closed_at__isnull=True)
        .select_related("report__reporting_unit")
        .order_by("deadline", "pk")
    )
    context = {
        "council": council,
        "member": member,
        "admin": can_administer_county(request.user),
        "seats": list(seats_of(council)),
        "on_table": list(on_table[:ON_TABLE_MAX]) if member else [],
        "on_table_count": on_table.count() if member else 0,
        "actions": list(Action.objects.filter(council=council).prefetch_related("reports")) if member else [],
        "seat_form": seat_form or SeatForm(users=_seat_candidates()),
        "now": timezone.now(),
    }
    return render(request, "deviations/council.html", context, status=status)


@staff_required
@require_GET
def council_detail(request: HttpRequest, council: Any) -> HttpResponse:
    return _council_page(request, _admin_or_member_council(request, council))


@staff_required
@require_POST
def seat_add(request: HttpRequest, council: Any) -> HttpResponse:
    found = council_for(request, council)
    if not can_administer_county(request.user):
        raise Http404
    form = SeatForm(request.POST, users=_seat_candidates())
    if not form.is_valid():
        return _council_page(request, found, seat_form=form, status=400)
    try:
        services.council_seat_add(council=found, user=form.cleaned_data["user"],
                                  seat_role=form.cleaned_data["seat_role"])  # fmt: skip
    except ValidationError as error:
        errors_onto(form, error)
        return _council_page(request, found, seat_form=form, status=400)
    messages.success(request, _("The member is added to the council."))
    return redirect("deviations:council_detail", council=found.uuid)


@staff_required
@require_POST
def seat_end(request: HttpRequest, council: Any, seat_id: int) -> HttpResponse:
    found = council_for(request, council)
    if not can_administer_county(request.user):
        raise Http404
    row = CouncilMember.objects.filter(pk=seat_id, council=found, ended_at__isnull=True).first()
    if row is None:
        raise Http404
    services.council_seat_end(seat=row)
    messages.success(request, _("The seat is ended."))
    return redirect("deviations:council_detail", council=found.uuid)


def _date(value: str) -> datetime.date | None:
    try:
        return parse_date(value[:10])
    except ValueError:  # well-formed but no such day (2026-02-31)
        return None


@staff_required
@require_GET
def council_agenda(request: HttpRequest, council: Any) -> HttpResponse:
    """The agenda for a meeting: new cases since the last meeting, cases on the table, overdue ones."""
    found = _member_council(request, council)
    today = timezone.localdate()
    since = _date(request.GET.get("since", "")) or today - datetime.timedelta(days=AGENDA_DAYS)
    if since > today:
        since = today
    meeting = _date(request.GET.get("meeting", "")) or today
    now = timezone.now()
    context: dict[str, Any] = {"council": found, "since": since, "meeting": meeting, "now": now, "section": ""}
    section = request.GET.get("section", "")
    if section in AGENDA_SECTIONS:  # one section in full, a page at a time (the "see the full list" link)
        rule = agenda_filters(found, since=since, now=now)[section]
        page = Paginator(agenda_section(found, rule), AGENDA_MAX).get_page(request.GET.get("page"))
        rows = agenda_rows({section: [dict(row) for row in page.object_list]}, now)[section]
        context.update(section=section, page=page, rows=rows)
    else:
        context.update(agenda(found, since=since, now=now))
    return render(request, "deviations/agenda.html", context)


def _action_page(request: HttpRequest, council: Council, form: ActionForm, action: Action | None,
                 status: int = 200) -> HttpResponse:  # fmt: skip
    return render(request, "deviations/action_form.html",
                  {"council": council, "form": form, "action": action}, status=status)  # fmt: skip


def _reports_choice(council: Council, action: Action | None) -> Any:
    """The cases an action can come from: those the council has had on its table, its local cases of
    the last quarter, and the action's own (a short list even in a large county)."""
    recent = timezone.now() - datetime.timedelta(days=ACTION_CHOICE_DAYS)
    had = Step.objects.filter(owner_council=council).values("report_id")
    choices = Q(pk__in=had) | Q(pk__in=council_reports(council).filter(submitted_at__gte=recent).values("pk"))
    if council.kind == CouncilKind.REGIONAL:
        choices = Q(pk__in=had)
    if action is not None:
        choices |= Q(pk__in=action.reports.values("pk"))
    return Report.objects.filter(choices).order_by("-submitted_at")[:ACTION_CHOICES_MAX]


@staff_required
@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, council: Any) -> HttpResponse:
    found = _member_council(request, council)
    initial = {"reports": request.GET.getlist("report")[:50]}
    return _action_save(request, found, None, initial)


@staff_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, action: Any) -> HttpResponse:
    found = Action.objects.filter(uuid=action).select_related("council").first()
    if found is None or not deviation_council_allowed(scope_for(request.user), found.council_id):
        raise Http404
    initial = {"what": found.what, "who": found.who, "due_on": found.due_on, "status": found.status,
               "follow_up": found.follow_up, "reports": list(found.reports.values_list("pk", flat=True))}  # fmt: skip
    return _action_save(request, found.council, found, initial)


def _action_save(request: HttpRequest, council: Council, action: Action | None, initial: dict) -> HttpResponse:
    reports = Report.objects.filter(pk__in=list(_reports_choice(council, action).values_list("pk", flat=True)))
    reports = reports.order_by("-submitted_at")
    if request.method == "GET":
        return _action_page(request, council, ActionForm(reports=reports, initial=initial), action)
    form = ActionForm(request.POST, reports=reports)
    if not form.is_valid():
        return _action_page(request, council, form, action, status=400)
    data = form.cleaned_data
    try:
        services.action_save(action=action, council=council, user=typed_user(request), what=data["what"],
                             who=data["who"], due_on=data["due_on"], status=data["status"],
                             follow_up=data["follow_up"], reports=list(data["reports"]))  # fmt: skip
    except ValidationError as error:
        errors_onto(form, error)
        return _action_page(request, council, form, action, status=400)
    messages.success(request, _("The action is saved."))
    return redirect("deviations:council_detail", council=council.uuid)
