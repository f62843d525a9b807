"""The analysis as CSV and XLSX: the same tables, with the same suppression, as the page."""

import csv
import io
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from deviations.analysis import Period, Table

_SUMMARY = (
    ("total", gettext_lazy("Reports")),
    ("answered", gettext_lazy("Answered")),
    ("resolved", gettext_lazy("Resolved")),
    ("escalated", gettext_lazy("Escalated")),
    ("share_escalated", gettext_lazy("Share escalated (%)")),
    ("days_to_answer", gettext_lazy("Days to first answer (mean)")),
    ("days_to_resolution", gettext_lazy("Days to resolution (mean)")),
)


def _summary_table(summary: dict[str, Any]) -> Table:
    rows = [[str(label), "" if summary[key] is None else summary[key]] for key, label in _SUMMARY]
    return Table("summary", _("Summary"), [_("Measure"), _("Value")], rows)


def _safe(value: Any) -> Any:
    """A cell a spreadsheet will not run as a formula (unit names are typed by people)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _filename(period: Period, extension: str) -> str:
    return f"samverkansbrister-{period.since:%Y%m%d}-{period.until:%Y%m%d}.{extension}"


def as_csv(data: dict[str, Any], period: Period) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for table in [_summary_table(data["summary"]), *data["tables"]]:
        writer.writerow([table.title])
        writer.writerow(table.heads)
        writer.writerows([[_safe(cell) for cell in row] for row in table.rows])
        writer.writerow([])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(period, "csv")}"'
    return response


def as_xlsx(data: dict[str, Any], period: Period) -> HttpResponse:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in [_summary_table(data["summary"]), *data["tables"]]:
        sheet = workbook.create_sheet(title=table.title[:31].replace(":", ""))
        sheet.append([str(head) for head in table.heads])
        for row in table.rows:
            sheet.append([_safe(cell if isinstance(cell, int | float) else str(cell)) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(period, "xlsx")}"'
    return response
