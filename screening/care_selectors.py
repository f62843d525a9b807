"""Reads for the care pages: an individual's results over time (the panel on the individual's page),
with a small server-rendered SVG chart per instrument, and the coverage of new visits per unit.

Query counts do not grow with the number of results: one query per kind of record, whatever the
count; each version's definition is parsed once per page, not once per result.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from access.policy import Grant
from screening.care_access import visible_unit
from screening.definition import Definition
from screening.models import InstrumentVersion
from screening.models_care import Checklist, Interview, Result, Setting

WIDTH, HEIGHT, PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 320, 140, 34, 10, 10, 24


@dataclass
class Point:
    result: Result
    x: float
    y: float
    zone_label: str


@dataclass
class Series:
    """One instrument's results for the individual, oldest first."""

    code: str
    name: str
    max_total: int
    points: list[Point] = field(default_factory=list)
    gridlines: list[tuple[float, int]] = field(default_factory=list)  # (y, total)

    @property
    def first(self) -> Result:
        return self.points[0].result

    @property
    def last(self) -> Result:
        return self.points[-1].result

    @property
    def change(self) -> int:
        return self.last.total - self.first.total

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def recent(self) -> list[Point]:
        """The newest first, for the table."""
        return list(reversed(self.points))


@dataclass
class Panel:
    series: list[Series]
    checklists: list[Checklist]
    interviews: list[Interview]


def definitions(versions: list[InstrumentVersion]) -> dict[int, Definition]:
    """Each version parsed once (a version object per result would parse it per result)."""
    parsed: dict[int, Definition] = {}
    for version in versions:
        if version.pk not in parsed:
            parsed[version.pk] = version.parsed
    return parsed


def zone_label(definition: Definition, code: str) -> str:
    if not code:
        return ""
    try:
        return str(definition.zone(code).label)
    except StopIteration:
        return code


def results_panel(grant: Grant) -> Panel:
    """The individual's results, checklists and interviews that the grant opens (three queries)."""
    individual_id = grant.individual.pk
    results = [
        r
        for r in Result.objects.filter(individual_id=individual_id)
        .select_related("version__instrument", "unit", "given_by")
        .defer("answers", "scoring")  # the panel shows totals and zones: 200 results' JSON is not read
        .order_by("given_on", "pk")
        if visible_unit(grant, r.unit_id)
    ]
    parsed = definitions([r.version for r in results])
    by_code: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        by_code[result.version.instrument.code].append(result)
    series = []
    for code, rows in by_code.items():
        instrument = rows[0].version.instrument
        definition = parsed[rows[-1].version_id]
        series.append(_series(code, instrument, definition, rows, parsed))
    series.sort(key=lambda s: (s.points[0].result.version.instrument.order, s.code))
    checks = [
        c
        for c in Checklist.objects.filter(individual_id=individual_id).select_related("unit", "recorded_by")
        if visible_unit(grant, c.unit_id)
    ]
    interviews = [
        i
        for i in Interview.objects.filter(individual_id=individual_id).select_related("unit", "interviewer")
        if visible_unit(grant, i.unit_id)
    ]
    return Panel(series=series, checklists=checks, interviews=interviews)


def _series(code: str, instrument: Any, definition: Definition, rows: list[Result], parsed: dict) -> Series:
    max_total = max(definition.max_total, 1)
    series = Series(code=code, name=instrument.short_name, max_total=max_total)
    plot_w, plot_h = WIDTH - PAD_LEFT - PAD_RIGHT, HEIGHT - PAD_TOP - PAD_BOTTOM
    step = plot_w / (len(rows) - 1) if len(rows) > 1 else 0
    for index, result in enumerate(rows):
        x = PAD_LEFT + (index * step if len(rows) > 1 else plot_w / 2)
        y = PAD_TOP + plot_h * (1 - min(result.total, max_total) / max_total)
        series.points.append(Point(result, x, y, zone_label(parsed[result.version_id], result.zone)))
    for total in (0, max_total // 2, max_total):
        series.gridlines.append((PAD_TOP + plot_h * (1 - total / max_total), total))
    return series


# --- Coverage of new visits -------------------------------------------------------------------


@dataclass
class CoverageRow:
    unit_name: str
    month: datetime.date
    new_relations: int
    audit: int
    dudit: int

    def share(self, given: int) -> int | None:
        return None if not self.new_relations else round(100 * min(given, self.new_relations) / self.new_relations)

    @property
    def audit_share(self) -> int | None:
        return self.share(self.audit)

    @property
    def dudit_share(self) -> int | None:
        return self.share(self.dudit)


def coverage(unit_ids: list[int], since: datetime.date) -> list[CoverageRow]:
    """Per unit and month since ``since``: relations opened at the unit (the new visits) and the
    individuals given AUDIT / DUDIT there with the setting "new visit" in that month. Two queries."""
    from individuals.models import ActiveRelation
    from organisations.models import Unit

    opened = (
        ActiveRelation.objects.filter(unit_id__in=unit_ids, started_on__gte=since)
        .annotate(month=TruncMonth("started_on"))
        .values("unit_id", "month")
        .annotate(n=Count("individual_id", distinct=True))
    )
    given = (
        Result.objects.filter(unit_id__in=unit_ids, setting=Setting.NEW_VISIT, given_on__gte=since)
        .annotate(month=TruncMonth("given_on"))
        .values("unit_id", "month")
        .annotate(
            audit=Count("individual_id", filter=Q(version__instrument__code="audit"), distinct=True),
            dudit=Count("individual_id", filter=Q(version__instrument__code="dudit"), distinct=True),
        )
    )
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    rows: dict[tuple[int, datetime.date], CoverageRow] = {}

    def row(unit_id: int, month: Any) -> CoverageRow:
        day = month.date() if isinstance(month, datetime.datetime) else month
        key = (unit_id, day)
        if key not in rows:
            rows[key] = CoverageRow(names.get(unit_id, ""), day, 0, 0, 0)
        return rows[key]

    for entry in opened:
        row(entry["unit_id"], entry["month"]).new_relations = entry["n"]
    for counted in given:
        target = row(counted["unit_id"], counted["month"])
        target.audit, target.dudit = counted["audit"], counted["dudit"]
    return sorted(rows.values(), key=lambda r: (r.unit_name, r.month), reverse=False)
