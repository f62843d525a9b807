"""Reads for the care pages: an individual's results over time (the panel on the individual's page),
with a small server-rendered SVG chart per instrument, and the coverage of new visits per unit.

Query counts do not grow with the number of results: one query per kind of record, whatever the
count. The time does not grow much either: a result is read as a tuple of the few fields shown (its
stored total, zone and setting, never its answers or a re-scoring), each version's definition is
read and parsed once per page, the chart's line is built once as one string, and only the newest
results become table rows with links (one reverse for the URL's shape).
"""

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse

from access.policy import Grant
from screening.care_access import visible_unit
from screening.definition import Definition
from screening.models import Instrument, InstrumentVersion
from screening.models_care import Checklist, Interview, Result, Setting

WIDTH, HEIGHT, PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 320, 140, 34, 10, 10, 24
TABLE_ROWS = 10  # the panel's table shows the newest; "all N results" opens the paginated page
DOTS_UP_TO = 40  # beyond this the dots would blur into the line: the line alone is drawn
# What the panel and the results page read of a result: no answers or scoring JSON, and no join to
# the version (its definition JSON would be decoded once per row: most of the page's time at 200).
ROW_FIELDS = ("uuid", "version_id", "unit_id", "given_on", "setting", "total", "zone", "positive")


@dataclass(frozen=True)
class Row:
    """One result as the panel's table and the results page show it."""

    url: str
    given_on: datetime.date
    total: int
    zone_label: str
    setting_label: str
    positive: bool | None


@dataclass
class Series:
    """One instrument's results for the individual: the chart's path over every result, built once
    here, and the newest TABLE_ROWS results for the table (newest first)."""

    code: str
    name: str
    max_total: int
    count: int
    first: Row
    last: Row
    recent: list[Row]
    polyline: str  # the SVG points of every result, one string
    dots: list[tuple[str, str, bool]] = field(default_factory=list)  # (x, y, positive)
    gridlines: list[tuple[str, int]] = field(default_factory=list)  # (y, total)

    @property
    def change(self) -> int:
        return self.last.total - self.first.total

    @property
    def more(self) -> bool:
        return self.count > len(self.recent)


@dataclass
class Panel:
    series: list[Series]
    checklists: list[Checklist]
    interviews: list[Interview]


def zone_label(definition: Definition, code: str) -> str:
    if not code:
        return ""
    try:
        return str(definition.zone(code).label)
    except StopIteration:
        return code


class RowMaker:
    """Turns result rows (ROW_FIELDS) into Rows with what is looked up once per page, not per row:
    the result URL's shape (one reverse), the setting labels, each version's zone labels."""

    def __init__(self, versions: dict[int, InstrumentVersion]) -> None:
        blank = uuid.UUID(int=0)
        self.url_shape = reverse("screening:result", args=[blank]).replace(str(blank), "{}")
        self.settings = {value: str(label) for value, label in Setting.choices}
        self.zones = {pk: {z.code: str(z.label) for z in v.parsed.zones} for pk, v in versions.items()}

    def row(self, values: tuple) -> Row:
        key, version_id, _unit_id, given_on, setting, total, zone, positive = values
        label = self.zones.get(version_id, {}).get(zone, zone) if zone else ""
        return Row(self.url_shape.format(key), given_on, total, label, self.settings.get(setting, setting), positive)


def versions_by_id(ids: set[int]) -> dict[int, InstrumentVersion]:
    """The versions the rows were scored with, with their instruments (one query; a handful of rows).
    Each version's definition is parsed once per page (InstrumentVersion.parsed is cached on it)."""
    return {v.pk: v for v in InstrumentVersion.objects.filter(pk__in=ids).select_related("instrument")}


class VisibleUnits:
    """The grant's decision per unit, asked once per unit that kept a record, not once per row."""

    def __init__(self, grant: Grant) -> None:
        self.grant = grant
        self.known: dict[int, bool] = {}

    def __call__(self, unit_id: int) -> bool:
        if unit_id not in self.known:
            self.known[unit_id] = visible_unit(self.grant, unit_id)
        return self.known[unit_id]


def results_panel(grant: Grant) -> Panel:
    """The individual's results, checklists and interviews that the grant opens (four queries,
    whatever the number of results)."""
    individual_id = grant.individual.pk
    visible = VisibleUnits(grant)
    rows = [
        values
        for values in Result.objects.filter(individual_id=individual_id).order_by("given_on", "pk")
        .values_list(*ROW_FIELDS)
        if visible(values[2])
    ]  # fmt: skip
    versions = versions_by_id({values[1] for values in rows})
    by_code: dict[str, list[tuple]] = defaultdict(list)
    for values in rows:
        by_code[versions[values[1]].instrument.code].append(values)
    maker = RowMaker(versions)
    series = [_series(code, group, versions, maker) for code, group in by_code.items()]
    order = {v.instrument.code: v.instrument.order for v in versions.values()}
    series.sort(key=lambda s: (order[s.code], s.code))
    checks = [
        c
        for c in Checklist.objects.filter(individual_id=individual_id).select_related("unit", "recorded_by")
        if visible(c.unit_id)
    ]
    interviews = [
        i
        for i in Interview.objects.filter(individual_id=individual_id).select_related("unit", "interviewer")
        if visible(i.unit_id)
    ]
    return Panel(series=series, checklists=checks, interviews=interviews)


def _series(code: str, rows: list[tuple], versions: dict[int, InstrumentVersion], maker: RowMaker) -> Series:
    """The chart's coordinates for every result (oldest first) and the table's newest rows."""
    latest = versions[rows[-1][1]]
    max_total = max(latest.parsed.max_total, 1)
    plot_w, plot_h = WIDTH - PAD_LEFT - PAD_RIGHT, HEIGHT - PAD_TOP - PAD_BOTTOM
    count = len(rows)
    step = plot_w / (count - 1) if count > 1 else 0
    points = []
    for index, values in enumerate(rows):
        x = PAD_LEFT + (index * step if count > 1 else plot_w / 2)
        y = PAD_TOP + plot_h * (1 - min(values[5], max_total) / max_total)
        points.append((f"{x:.1f}", f"{y:.1f}", bool(values[7])))
    polyline = " ".join(f"{x},{y}" for x, y, _positive in points)
    recent = [maker.row(values) for values in reversed(rows[-TABLE_ROWS:])]
    first = recent[-1] if count <= TABLE_ROWS else maker.row(rows[0])
    totals = (0, max_total // 2, max_total)
    gridlines = [(f"{PAD_TOP + plot_h * (1 - total / max_total):.1f}", total) for total in totals]
    return Series(code=code, name=latest.instrument.short_name, max_total=max_total, count=count, first=first,
                  last=recent[0], recent=recent, polyline=polyline, dots=points if count <= DOTS_UP_TO else [],
                  gridlines=gridlines)  # fmt: skip


# --- All of one instrument's results (the panel's "all N results") -------------------------------

RESULTS_PER_PAGE = 50


@dataclass
class ResultsPage:
    instrument: Instrument
    page: Page
    rows: list[Row]


def results_page(grant: Grant, instrument: Instrument, number: Any) -> ResultsPage:
    """One page of the instrument's results that the grant opens, newest first. Four queries
    whatever the count: the units that kept them, the count, the page, the page's versions."""
    results = Result.objects.filter(individual_id=grant.individual.pk, version__instrument=instrument)
    visible = VisibleUnits(grant)
    unit_ids = [u for u in results.order_by().values_list("unit_id", flat=True).distinct() if visible(u)]
    shown = results.filter(unit_id__in=unit_ids).order_by("-given_on", "-pk").values_list(*ROW_FIELDS)
    page = Paginator(shown, RESULTS_PER_PAGE).get_page(number)
    values = list(page.object_list)
    maker = RowMaker(versions_by_id({v[1] for v in values}))
    return ResultsPage(instrument=instrument, page=page, rows=[maker.row(v) for v in values])


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
