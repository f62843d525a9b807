"""The analysis (issue 11 §5): counts, trends, timings, heat map, themes, exports, suppression
outside the councils, and a constant number of queries whatever the number of reports."""

import io

from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from deviations import services
from tests.deviations.world import DeviationCounty, app_queries, fresh
from tests.personas import sign_in

PAGE = reverse("deviations:analysis")


class Analysis(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = c = DeviationCounty()
        for _ in range(3):
            c.submit(category="discharge")  # a recurring theme: same category and counterpart
        report = c.submit(category="information", counterpart_units=[c.other_municipality_unit])
        services.report_escalate(report=report, user=fresh(c.social_worker), text="Principiellt.")

    def setUp(self) -> None:
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def test_a_council_member_sees_exact_counts(self) -> None:
        sign_in(self.client, self.county.council_member)
        response = self.client.get(PAGE)
        summary = response.context["summary"]
        self.assertEqual((summary["total"], summary["escalated"], summary["share_escalated"]), (4, 1, 25))
        self.assertNotContains(response, "fewer than 5")
        themes = next(t for t in response.context["tables"] if t.key == "themes")
        self.assertEqual(themes.rows, [["Discharge planning", self.county.addiction_unit.name, 3]])
        self.assertContains(response, 'class="heat-map"')
        self.assertContains(response, "<svg", count=2)
        self.assertContains(response, '<table id="table-agreement">')

    def test_outside_the_councils_counts_under_5_are_suppressed(self) -> None:
        sign_in(self.client, self.county.analyst)
        response = self.client.get(PAGE)
        summary = response.context["summary"]
        self.assertEqual(summary["total"], "fewer than 5")
        self.assertIsNone(summary["share_escalated"])
        for table in response.context["tables"]:
            for row in table.rows:
                for cell in row[1:]:
                    self.assertFalse(isinstance(cell, int) and 0 < cell < 5, (table.key, row))
        csv = self.client.get(reverse("deviations:analysis_csv")).content.decode("utf-8-sig")
        self.assertIn("fewer than 5", csv)
        self.assertNotIn(";3\r\n", csv)

    def test_csv_and_xlsx_hold_the_same_tables(self) -> None:
        sign_in(self.client, self.county.council_member)
        response = self.client.get(reverse("deviations:analysis_csv"), {"agreement": "addiction"})
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment;", response["Content-Disposition"])
        text = response.content.decode("utf-8-sig")
        self.assertIn("Reports by category", text)
        self.assertIn("Discharge planning;3", text)
        xlsx = self.client.get(reverse("deviations:analysis_xlsx"))
        book = load_workbook(io.BytesIO(xlsx.content))
        self.assertIn("Reports by category", book.sheetnames)
        rows = list(book["Reports by category"].iter_rows(values_only=True))
        self.assertIn(("Discharge planning", 3), rows)

    def test_a_cell_a_spreadsheet_would_run_is_defused(self) -> None:
        c = self.county
        c.addiction_unit.name = "=HYPERLINK(1)"
        c.addiction_unit.save()
        sign_in(self.client, c.council_member)
        text = self.client.get(reverse("deviations:analysis_csv")).content.decode("utf-8-sig")
        self.assertIn("'=HYPERLINK(1)", text)
        self.assertNotIn(";=HYPERLINK", text)

    def test_a_period_the_wrong_way_round_is_refused_with_a_message(self) -> None:
        sign_in(self.client, self.county.council_member)
        response = self.client.get(PAGE, {"since": "2026-05-01", "until": "2026-01-01"})
        self.assertContains(response, "must not be before its start", status_code=400)
        response = self.client.get(PAGE, {"since": "<script>", "agreement": "nonsense"})
        self.assertEqual(response.status_code, 400)
        self.assertNotContains(response, "<script>", status_code=400)

    def test_refused_to_staff_outside_councils_and_analysis(self) -> None:
        for user in (self.county.social_worker, self.county.manager, self.county.admin):
            sign_in(self.client, user)
            self.assertEqual(self.client.get(PAGE).status_code, 404)
            self.assertEqual(self.client.get(reverse("deviations:analysis_xlsx")).status_code, 404)

    def test_the_number_of_queries_does_not_grow_with_the_reports(self) -> None:
        sign_in(self.client, self.county.council_member)
        self.client.get(PAGE)  # the session's first request loads the user once more (allauth), any page
        with CaptureQueriesContext(connection) as few:
            self.client.get(PAGE)
        c = self.county
        for index in range(12):
            c.submit(category=("treatment", "other")[index % 2], counterpart_units=[c.office, c.addiction_unit])
        with CaptureQueriesContext(connection) as many:
            self.client.get(PAGE)
        self.assertEqual(len(app_queries(many.captured_queries)), len(app_queries(few.captured_queries)))
