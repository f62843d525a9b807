"""Reading the audit log: the manager's review and the individual's log extract."""

import datetime
import random
from typing import Any

from django.db.models import Case, Count, IntegerField, Max, Min, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from audit.models import Action, AuditEntry, Ground, Outcome
from audit.services import LISTED
from individuals.models import ActiveRelation, Individual

# The review lists what needs a look first (security.md, "Log review"): emergency accesses and
# people taken on at a unit although already registered elsewhere (details.taken_on_existing),
# then refused attempts, then accesses without a current relation (a manager's own duties, such
# as producing a log extract, are not among them), then the rest.
_PRIORITY = Case(
    When(Q(ground=Ground.EMERGENCY) | Q(details__taken_on_existing=True), then=Value(0)),
    When(outcome=Outcome.DENIED, then=Value(1)),
    When(~Q(ground__in=[Ground.RELATION, Ground.MANAGEMENT]), then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)
# A sample is drawn from at most this many entries; beyond it the period must be narrowed.
SAMPLE_POOL_MAX = 1_000_000


def record_ids(individual: Individual) -> list[int]:
    """The individual's internal id and those of records merged into it (their history is theirs)."""
    ids = [individual.pk]
    frontier = [individual.pk]
    while frontier:
        frontier = list(Individual.objects.filter(merged_into_id__in=frontier).values_list("pk", flat=True))
        ids.extend(frontier)
    return ids


# Entries about individuals: one individual's, or a list's that names several (audit_list_read).
ABOUT_INDIVIDUALS = Q(individual_id__isnull=False) | Q(**{f"details__{LISTED}__isnull": False})


def naming(ids: list[int], *, unit_ids: Any = None) -> Q:
    """Entries that name any of these individuals, on their own or in a list shown at one of the units."""
    in_a_list = Q(**{f"details__{LISTED}__has_any_keys": [str(i) for i in ids]})
    if unit_ids is not None:
        # Lists are of a unit's current individuals: looking only at those units' entries lets
        # the database use the (unit, at) index instead of reading every entry's details.
        in_a_list &= Q(unit_id__in=list(unit_ids))
    return Q(individual_id__in=ids) | in_a_list


def _day_bounds(date_from: datetime.date, date_to: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return start, end


def review_entries(*, unit_ids: frozenset[int], filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    """What staff at the given units did with individuals' data in the period, most urgent first."""
    start, end = _day_bounds(filters["date_from"], filters["date_to"])
    entries = AuditEntry.objects.filter(ABOUT_INDIVIDUALS, unit_id__in=unit_ids, at__gte=start, at__lt=end)
    if filters.get("user"):
        entries = entries.filter(user=filters["user"])
    if filters.get("individual_ids") is not None:
        entries = entries.filter(naming(filters["individual_ids"])) if filters["individual_ids"] else entries.none()
    if filters.get("ground"):
        entries = entries.filter(ground=filters["ground"])
    if filters.get("outcome"):
        entries = entries.filter(outcome=filters["outcome"])
    return entries


def unreviewed_emergencies(*, unit_ids: frozenset[int], since: datetime.date) -> int:
    """Emergency accesses at the units that no one has marked as reviewed yet: the manager's queue."""
    start, _end = _day_bounds(since, since)
    return AuditEntry.objects.filter(
        unit_id__in=unit_ids, action=Action.EMERGENCY_ACCESS, at__gte=start, reviews__isnull=True
    ).count()


def review_sample(entries: QuerySet[AuditEntry], *, size: int, seed: int) -> QuerySet[AuditEntry]:
    """A random sample that the same seed reproduces, as long as the period's entries are the same."""
    pool = list(entries.order_by("id").values_list("id", flat=True)[:SAMPLE_POOL_MAX])
    chosen = random.Random(seed).sample(pool, min(size, len(pool)))  # noqa: S311 (reproducible on purpose)
    return entries.filter(id__in=chosen)


def review_page_rows(entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
    return (
        entries.annotate(priority=_PRIORITY)
        .select_related("user", "unit")
        .prefetch_related("reviews__reviewer")
        .order_by("priority", "-at", "-id")
    )


def individual_refs(entries: list[AuditEntry]) -> dict[int, str]:
    """The opaque uuid behind each entry's individual (the record it was merged into, if any);
    one query, and no encrypted field is read."""
    ids = {e.individual_id for e in entries if e.individual_id}
    rows = Individual.objects.filter(pk__in=ids).values_list("pk", "uuid", "merged_into__uuid")
    return {pk: str(merged or uuid) for pk, uuid, merged in rows}


def extract_rows(*, individual: Individual) -> list[dict[str, Any]]:
    """Which unit accessed the individual's data, and when (PDL 8 kap 5 §): a row per day, unit
    and kind of access, with the times of the first and last access that day."""
    ids = record_ids(individual)
    units = set(ActiveRelation.objects.filter(individual_id__in=ids).values_list("unit_id", flat=True))
    rows = (
        AuditEntry.objects.filter(naming(ids, unit_ids=units), outcome=Outcome.ALLOWED)
        .annotate(day=TruncDate("at", tzinfo=timezone.get_current_timezone()))
        .values("day", "unit__name", "unit__principal__name", "action", "ground")
        .annotate(count=Count("id"), first=Min("at"), last=Max("at"))
        .order_by("-day", "unit__name", "action")
    )
    return [dict(row) for row in rows]
