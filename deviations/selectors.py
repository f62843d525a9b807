"""Reads for collaboration deficiencies, scoped by the policy (access.policy.deviation_*)."""

import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone

from access.policy import (
    DeviationAccess,
    DeviationFacts,
    DeviationScope,
    deviation_access,
    deviation_scope,
)
from deviations.models import (
    Action,
    Agreement,
    Category,
    CouncilMember,
    Counterpart,
    Report,
    Severity,
    State,
    Step,
    reference_of,
)
from organisations.models import Council, CouncilKind


def scope_for(user: Any) -> DeviationScope:
    """The user's scope, with the council seats looked up once (cached on the user for the request)."""
    cached = getattr(user, "_deviation_scope", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    seats: list[tuple[int, bool]] = []
    if getattr(user, "is_authenticated", False):
        seats = [
            (council_id, kind == CouncilKind.REGIONAL)
            for council_id, kind in CouncilMember.objects.filter(
                user_id=user.pk, ended_at__isnull=True, council__is_active=True
            ).values_list("council_id", "council__kind")
        ]
    scope = deviation_scope(user, seats)
    if getattr(user, "is_authenticated", False):
        user._deviation_scope = scope
    return scope


def visible_reports(scope: DeviationScope) -> QuerySet[Report]:
    """Every report the policy lets the user see, as one query (the same rule as deviation_access)."""
    if scope.user_id is None:
        return Report.objects.none()
    if scope.regional:
        return Report.objects.all()
    counterpart = Counterpart.objects.filter(report=OuterRef("pk"), unit_id__in=scope.managed_unit_ids)
    return Report.objects.filter(
        Q(reporter_id=scope.user_id)
        | Q(reporting_unit_id__in=scope.managed_unit_ids)
        | Q(local_council_id__in=scope.council_ids)
        | Exists(counterpart)
    )


def facts_of(report: Report) -> DeviationFacts:
    """The policy's facts, from the report with its counterparts and steps prefetched."""
    open_steps = [s for s in report.steps.all() if s.closed_at is None]
    return DeviationFacts(
        reporter_id=report.reporter_id,
        reporting_unit_id=report.reporting_unit_id,
        counterpart_unit_ids=frozenset(c.unit_id for c in report.counterparts.all() if c.unit_id is not None),
        local_council_id=report.local_council_id,
        open_unit_ids=frozenset(s.owner_unit_id for s in open_steps if s.owner_unit_id is not None),
        open_council_id=next((s.owner_council_id for s in open_steps if s.owner_council_id), None),
        resolved=report.state == State.RESOLVED,
    )


def report_detail_queryset() -> QuerySet[Report]:
    return Report.objects.select_related(
        "reporter", "reporting_unit__principal", "reporting_principal", "local_council"
    ).prefetch_related(
        Prefetch("counterparts", Counterpart.objects.select_related("unit", "principal").order_by("pk")),
        Prefetch(
            "steps",
            Step.objects.select_related(
                "owner_unit", "owner_council", "decided_by", "answer__author", "answer__unit"
            ).order_by("opened_at", "pk"),  # fmt: skip
        ),
        "comments__author",
        "comments__author_unit",
        "events__actor",
        Prefetch("actions", Action.objects.select_related("council")),
    )


def report_for(request: HttpRequest, key: Any) -> tuple[Report, DeviationAccess]:
    """The report and what the user may do with it, or 404 (exists or not, the same answer)."""
    report = report_detail_queryset().filter(uuid=key).first()
    if report is None:
        raise Http404
    access = deviation_access(scope_for(request.user), facts_of(report))
    if access is None:
        raise Http404
    return report, access


def list_queryset(scope: DeviationScope) -> QuerySet[Report]:
    return (
        visible_reports(scope)
        .select_related("reporting_unit", "reporting_principal")
        .prefetch_related(Prefetch("counterparts", Counterpart.objects.select_related("unit", "principal")))
        .order_by("-submitted_at", "-pk")
    )


def waiting_for(scope: DeviationScope) -> QuerySet[Step]:
    """Open steps the user owns: a managed unit's answer or decision, or a council seat's."""
    if scope.user_id is None:
        return Step.objects.none()
    mine = Q(owner_unit_id__in=scope.managed_unit_ids) | Q(owner_council_id__in=scope.council_ids)
    reporter_side = Q(level="reporter", report__reporter_id=scope.user_id)
    return (
        Step.objects.filter(closed_at__isnull=True)
        .filter(mine | reporter_side)
        .select_related("report", "owner_unit", "owner_council")
        .order_by("deadline", "pk")
    )


# --- Councils ----------------------------------------------------------------------------------


def council_for(request: HttpRequest, key: Any) -> Council:
    council = Council.objects.filter(uuid=key, is_active=True).select_related("municipality").first()
    if council is None:
        raise Http404
    return council


def council_reports(council: Council) -> QuerySet[Report]:
    """The reports the council has: the local council its municipality's, the regional council all."""
    if council.kind == CouncilKind.REGIONAL:
        return Report.objects.all()
    return Report.objects.filter(local_council=council)


AGENDA_MAX = 50  # per section on the agenda: a meeting gets through no more; the rest is one link away
AGENDA_SECTIONS = ("new", "escalated", "overdue")
_URL_KEY = "00000000-0000-0000-0000-000000000000"


def agenda_filters(council: Council, *, since: datetime.date, now: datetime.datetime) -> dict[str, Q]:
    """Each section's rule, as a filter on the council's reports."""
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    on_table = Step.objects.filter(owner_council=council, closed_at__isnull=True).values("report_id")
    overdue = Step.objects.filter(closed_at__isnull=True, deadline__lt=now).values("report_id")
    return {"new": Q(submitted_at__gte=start), "escalated": Q(pk__in=on_table), "overdue": Q(pk__in=overdue)}


def agenda_section(council: Council, rule: Q) -> QuerySet[Report, Any]:
    """One section's reports, oldest first, as plain values (a page of them becomes rows in two queries)."""
    return (
        council_reports(council)
        .filter(rule)
        .order_by("submitted_at", "pk")
        .values("pk", "uuid", "submitted_at", "agreement", "category", "severity", "state", "reporting_unit__name")
    )


def agenda_counts(council: Council, filters: dict[str, Q]) -> dict[str, int]:
    """How many cases each section has, in one query (the agenda shows the oldest AGENDA_MAX of each)."""
    counts = {name: Count("pk", filter=rule) for name, rule in filters.items()}
    return council_reports(council).order_by().aggregate(**counts)


def agenda_rows(sections: dict[str, list[dict[str, Any]]], now: datetime.datetime) -> dict[str, list[dict[str, Any]]]:
    """The sections' reports as ready-made table rows: labels, links, counterparts and overdue steps looked
    up once for all of them (no per-row query, model or choice lookup while the template renders)."""
    ids = {row["pk"] for rows in sections.values() for row in rows}
    parties: dict[int, list[str]] = {}
    for report_id, unit, principal in (
        Counterpart.objects.filter(report_id__in=ids)
        .order_by("pk")
        .values_list("report_id", "unit__name", "principal__name")
    ):
        parties.setdefault(report_id, []).append(unit or principal)
    late: dict[int, list[str]] = {}
    for report_id, deadline in (
        Step.objects.filter(report_id__in=ids, closed_at__isnull=True, deadline__lt=now)
        .order_by("deadline", "pk")
        .values_list("report_id", "deadline")
    ):
        late.setdefault(report_id, []).append(_day(deadline))
    labels = {name: {code: str(label) for code, label in choices.choices}
              for name, choices in (("agreement", Agreement), ("category", Category), ("severity", Severity),
                                    ("state", State))}  # fmt: skip
    url = reverse("deviations:report_detail", args=[_URL_KEY])
    return {
        name: [
            {
                "pk": row["pk"],
                "reference": reference_of(row["pk"]),
                "url": url.replace(_URL_KEY, str(row["uuid"])),
                "submitted": _day(row["submitted_at"]),
                "unit": row["reporting_unit__name"],
                "counterparts": ", ".join(parties.get(row["pk"], [])),
                "overdue_since": late.get(row["pk"], []),
                **{key: values.get(row[key], row[key]) for key, values in labels.items()},
            }  # fmt: skip
            for row in rows
        ]
        for name, rows in sections.items()
    }


def _day(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d")


def agenda(council: Council, *, since: datetime.date, now: datetime.datetime | None = None) -> dict[str, Any]:
    """A meeting's agenda: new cases since ``since``, cases escalated to the council, overdue steps;
    the oldest AGENDA_MAX of each with how many there are in all (a fixed number of queries)."""
    now = now or timezone.now()
    filters = agenda_filters(council, since=since, now=now)
    sections = {name: list(agenda_section(council, rule)[:AGENDA_MAX]) for name, rule in filters.items()}
    counts = agenda_counts(council, filters)
    more = {name: counts[name] - len(rows) for name, rows in sections.items()}
    return {**agenda_rows(sections, now), "counts": counts, "more": more, "most": AGENDA_MAX}


def seats_of(council: Council) -> QuerySet[CouncilMember]:
    return (
        CouncilMember.objects.filter(council=council, ended_at__isnull=True)
        .select_related("user")
        .prefetch_related("user__memberships__unit")
        .order_by("user__last_name", "user__first_name", "pk")
    )
