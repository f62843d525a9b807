"""Learning from the reports (issue 11 §5): counts, trends, timings, the heat map and recurring themes.

A fixed number of aggregate queries whatever the number of reports. Outside the councils, a count
from 1 to 4 is shown as "fewer than 5" (small counts can point at a unit's few cases); the
suppression is applied here, so the page, the CSV and the XLSX cannot forget it.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from deviations.models import Agreement, Category, Counterpart, Report

SUPPRESS_BELOW = 5
THEME_MIN = 3  # cases sharing category and counterpart in the period: a possible systematic problem
PAIRS_MAX = 50


@dataclass(frozen=True)
class Period:
    since: datetime.date
    until: datetime.date
    agreement: str = ""

    @classmethod
    def default(cls, today: datetime.date | None = None) -> "Period":
        today = today or timezone.localdate()
        return cls(since=today.replace(day=1) - datetime.timedelta(days=365), until=today)


@dataclass
class Table:
    """A table of counts: a title, column heads, rows of (labels..., counts...)."""

    key: str
    title: str
    heads: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def shown(value: int | None, exact: bool) -> Any:
    if value is None:
        return ""
    if not exact and 0 < value < SUPPRESS_BELOW:
        return _("fewer than 5")
    return value


def _in_period(period: Period, prefix: str = "") -> Q:
    """The period's reports as a filter, on Report (no prefix) or through a relation to it ("report__")."""
    start = timezone.make_aware(datetime.datetime.combine(period.since, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(period.until + datetime.timedelta(days=1), datetime.time.min))
    rule = Q(**{f"{prefix}submitted_at__gte": start, f"{prefix}submitted_at__lt": end})
    return rule & Q(**{f"{prefix}agreement": period.agreement}) if period.agreement else rule


def reports_in(period: Period) -> QuerySet[Report]:
    return Report.objects.filter(_in_period(period))


def _counts(reports: QuerySet[Report]) -> dict[str, Any]:
    """The summary's figures and the counts by agreement and by category, in one scan of the period."""
    per = {f"agreement_{code}": Count("pk", filter=Q(agreement=code)) for code in Agreement.values}
    per |= {f"category_{code}": Count("pk", filter=Q(category=code)) for code in Category.values}
    return reports.order_by().aggregate(
        total=Count("pk"),
        escalated=Count("pk", filter=Q(escalated=True)),
        resolved=Count("pk", filter=Q(resolved_at__isnull=False)),
        answered=Count("pk", filter=Q(first_answer_at__isnull=False)),
        to_answer=Avg("days_to_first_answer"),
        to_resolution=Avg("days_to_resolution"),
        **per,
    )


def summary(row: dict[str, Any], exact: bool) -> dict[str, Any]:
    total = row["total"] or 0
    share = round(100 * row["escalated"] / total) if total else None
    if not exact and total < SUPPRESS_BELOW:
        share = None  # a share of a handful of cases tells who they were
    return {
        "total": shown(total, exact),
        "escalated": shown(row["escalated"], exact),
        "resolved": shown(row["resolved"], exact),
        "answered": shown(row["answered"], exact),
        "share_escalated": share,
        "days_to_answer": None if row["to_answer"] is None else round(row["to_answer"], 1),
        "days_to_resolution": None if row["to_resolution"] is None else round(row["to_resolution"], 1),
    }


def _by(row: dict[str, Any], name: str, choices: Any) -> dict[str, int]:
    return {code: row[f"{name}_{code}"] for code in choices.values}


def trend(reports: QuerySet[Report], exact: bool) -> Table:
    """Reports per month and agreement."""
    rows = (
        reports.order_by()
        .annotate(month=TruncMonth("submitted_at"))
        .values("month", "agreement")
        .annotate(n=Count("pk"))
        .order_by("month", "agreement")
    )
    months: dict[Any, dict[str, int]] = {}
    for row in rows:
        months.setdefault(row["month"], {})[row["agreement"]] = row["n"]
    table = Table(
        "trend",
        _("Reports per month and agreement"),
        [_("Month"), *(str(label) for label in Agreement.labels), _("Total")],
    )
    for month, counts in sorted(months.items(), key=lambda item: item[0]):
        values = [counts.get(code, 0) for code in Agreement.values]
        label = month.strftime("%Y-%m") if hasattr(month, "strftime") else str(month)[:7]
        table.rows.append([label, *(shown(v, exact) for v in values), shown(sum(values), exact)])
    return table


def _counterparts(period: Period) -> QuerySet[Counterpart]:
    """The period's counterparts, filtered through their report in the same join (not a second scan)."""
    return Counterpart.objects.filter(_in_period(period, "report__"))


def principal_pairs(period: Period) -> list[tuple[str, str, int]]:
    rows = (
        _counterparts(period)
        .values_list("report__reporting_principal__name", "principal__name")
        .annotate(n=Count("report", distinct=True))
        .order_by("-n", "report__reporting_principal__name", "principal__name")
    )
    return [(a, b, n) for a, b, n in rows]


def unit_pairs(period: Period, exact: bool) -> Table:
    rows = (
        _counterparts(period)
        .filter(unit__isnull=False)
        .values_list("report__reporting_unit__name", "unit__name")
        .annotate(n=Count("report", distinct=True))
        .order_by("-n", "report__reporting_unit__name", "unit__name")[:PAIRS_MAX]
    )
    table = Table("unit_pairs", _("Unit pairs (the most reported)"), [_("Reporting unit"), _("Counterpart unit"),
                                                                       _("Reports")])  # fmt: skip
    table.rows = [[a, b, shown(n, exact)] for a, b, n in rows]
    return table


def heat_map(pairs: list[tuple[str, str, int]], exact: bool) -> dict[str, Any]:
    """Reporting principal (rows) by counterpart principal (columns), with a shade from 0 to 5 per cell."""
    rows = sorted({a for a, _b, _n in pairs})
    columns = sorted({b for _a, b, _n in pairs})
    counts = {(a, b): n for a, b, n in pairs}
    top = max(counts.values(), default=0)
    grid = []
    for a in rows:
        cells = []
        for b in columns:
            n = counts.get((a, b), 0)
            shade = 0 if not n or not top else 1 + min(4, int(4 * n / top))
            cells.append({"value": shown(n, exact), "shade": shade})
        grid.append({"label": a, "cells": cells})
    return {"columns": columns, "rows": grid}


def themes(period: Period, exact: bool) -> Table:
    """Cases sharing category and counterpart in the period: possible systematic problems."""
    rows = (
        _counterparts(period)
        .values_list("report__category", "principal__name", "unit__name")
        .annotate(n=Count("report", distinct=True))
        .filter(n__gte=THEME_MIN)
        .order_by("-n", "report__category", "principal__name", "unit__name")[:PAIRS_MAX]
    )
    labels = dict(Category.choices)
    table = Table("themes", _("Recurring themes: the same category and counterpart"),
                  [_("Category"), _("Counterpart"), _("Reports")])  # fmt: skip
    table.rows = [[str(labels.get(c, c)), unit or principal, shown(n, exact)] for c, principal, unit, n in rows]
    return table


def analysis(period: Period, *, exact: bool) -> dict[str, Any]:
    """Everything the analysis page, the CSV and the XLSX show (about nine queries, whatever the size)."""
    reports = reports_in(period)
    counts = _counts(reports)
    by_agreement = _by(counts, "agreement", Agreement)
    by_category = _by(counts, "category", Category)
    pairs = principal_pairs(period)
    agreement_labels = dict(Agreement.choices)
    category_labels = dict(Category.choices)
    tables = [
        Table("agreement", _("Reports by agreement"), [_("Agreement"), _("Reports")],
              [[str(agreement_labels[c]), shown(n, exact)] for c, n in by_agreement.items()]),
        Table("category", _("Reports by category"), [_("Category"), _("Reports")],
              [[str(category_labels[c]), shown(n, exact)] for c, n in by_category.items()]),
        trend(reports, exact),
        Table("principal_pairs", _("Principal pairs"), [_("Reporting principal"), _("Counterpart principal"),
                                                         _("Reports")],
              [[a, b, shown(n, exact)] for a, b, n in pairs]),
        unit_pairs(period, exact),
        themes(period, exact),
    ]  # fmt: skip
    top = max([*by_agreement.values(), *by_category.values()], default=0)
    return {
        "summary": summary(counts, exact),
        "tables": tables,
        "heat_map": heat_map(pairs, exact),
        "bars": {
            "agreement": _bars(by_agreement, agreement_labels, top, exact),
            "category": _bars(by_category, category_labels, top, exact),
        },
    }


BAR_ROW = 24
BAR_LEFT = 300  # room for the label
BAR_SPAN = 240  # the longest bar


def _bars(counts: dict[str, int], labels: dict[str, Any], top: int, exact: bool) -> dict[str, Any]:
    """A server-drawn bar chart (SVG coordinates); a suppressed count is drawn as no bar (its table says why)."""
    bars = []
    for index, (code, n) in enumerate(counts.items()):
        visible = exact or n == 0 or n >= SUPPRESS_BELOW
        length = round(BAR_SPAN * n / top) if top and visible else 0
        bars.append({"label": str(labels[code])[:40], "value": shown(n, exact), "y": index * BAR_ROW + 4,
                     "text_y": index * BAR_ROW + 18, "length": length, "value_x": BAR_LEFT + length + 6})  # fmt: skip
    return {"bars": bars, "height": len(bars) * BAR_ROW + 8, "left": BAR_LEFT}
