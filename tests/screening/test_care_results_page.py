"""The results panel on the individual's page stays cheap with many results (queries constant, the
table limited to the newest, the chart still drawing every result), and the page of all of one
instrument's results: through the individual's door (logged, the same 404 for outsiders and unknown
people), paginated, only the units the grant opens."""

import datetime
import re

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from access.models import Block
from audit.models import Action, AuditEntry, Outcome
from individuals.models import ActiveRelation
from screening.care_selectors import RESULTS_PER_PAGE, TABLE_ROWS
from screening.care_services import result_give
from screening.models import InstrumentVersion
from tests.personas import County, sign_in
from tests.screening.care_world import person

START = datetime.date(2020, 1, 1)


def give_many(county: County, individual, count: int, code: str = "audit", unit=None, offset: int = 0) -> None:  # type: ignore[no-untyped-def]
    """``count`` results by the real scoring service, one a day from START + offset, totals 0, 1, 2, 3, 4, 0..."""
    version = InstrumentVersion.objects.get(instrument__code=code, is_current=True)
    for index in range(count):
        answers = [index % 5] + [0] * (len(version.parsed.items) - 1)
        result_give(individual=individual, version=version, answers=answers, sex="female", age=45,
                    setting="follow_up", mode="interview", given_on=START + datetime.timedelta(days=offset + index),
                    unit=unit or county.addiction_unit, user=county.nurse)  # fmt: skip


def without_tokens(content: bytes) -> str:
    return re.sub(r"[A-Za-z0-9_-]{30,}", "", content.decode())


def table_rows(html: str, code: str) -> int:
    block = html.split(f'data-instrument="{code}"', 1)[1].split("</table>", 1)[0]
    return block.count("<tr>") - 1  # the header row


class Panel(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = County()
        cls.alva = person(cls.county, 604)

    def setUp(self) -> None:
        sign_in(self.client, self.county.nurse)

    def queries(self) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            page = self.client.get(self.alva.get_absolute_url())
        self.assertEqual(page.status_code, 200)
        return len(captured), page.content.decode()

    def test_queries_are_constant_and_the_table_shows_the_newest(self) -> None:
        give_many(self.county, self.alva, 2)
        give_many(self.county, self.alva, 1, code="dudit")
        self.client.get(self.alva.get_absolute_url())  # warm the per-process caches (content types, session)
        few, html = self.queries()
        self.assertEqual(table_rows(html, "audit"), 2)
        self.assertNotIn('data-testid="all-audit"', html)
        give_many(self.county, self.alva, 70, offset=10)
        give_many(self.county, self.alva, 30, code="dudit", offset=10)
        lots, html = self.queries()
        self.assertEqual(few, lots)
        self.assertEqual(table_rows(html, "audit"), TABLE_ROWS)
        self.assertEqual(table_rows(html, "dudit"), TABLE_ROWS)
        # The chart keeps every result: one point per result in the line (72 AUDIT results).
        line = re.search(r'data-testid="chart-audit".*?<polyline points="([^"]+)"', html, re.S)
        assert line is not None
        self.assertEqual(len(line.group(1).split()), 72)
        self.assertIn("72 results", html.replace("72 resultat", "72 results"))
        link = reverse("screening:results", args=[self.alva.uuid, "audit"])
        self.assertIn(f'href="{link}" data-testid="all-audit"', html)
        # The newest first, and the first and latest from the stored totals (first 0, latest 69 % 5 = 4).
        newest = (START + datetime.timedelta(days=10 + 69)).isoformat()
        self.assertIn(newest, html.split('data-instrument="audit"', 1)[1].split("<tbody>", 1)[1][:400])
        self.assertIn('data-testid="change-audit">', html)


class AllResults(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = County()
        cls.alva = person(cls.county, 605)
        give_many(cls.county, cls.alva, RESULTS_PER_PAGE + 7)
        give_many(cls.county, cls.alva, 3, code="dudit")

    def setUp(self) -> None:
        sign_in(self.client, self.county.nurse)

    def url(self, code: str = "audit", individual=None) -> str:  # type: ignore[no-untyped-def]
        return reverse("screening:results", args=[(individual or self.alva).uuid, code])

    def test_pages_newest_first_and_logged(self) -> None:
        before = AuditEntry.objects.filter(individual_id=self.alva.pk, action=Action.READ,
                                           outcome=Outcome.ALLOWED).count()  # fmt: skip
        first = self.client.get(self.url())
        self.assertEqual(first.status_code, 200)
        html = first.content.decode()
        self.assertEqual(html.count("<tr>") - 1, RESULTS_PER_PAGE)
        newest = START + datetime.timedelta(days=RESULTS_PER_PAGE + 6)
        self.assertIn(newest.isoformat(), html.split("<tbody>", 1)[1][:300])
        self.assertIn('rel="next"', html)
        self.assertNotIn("Alva", html.split("<tbody>", 1)[1])
        second = self.client.get(self.url(), {"page": 2})
        self.assertEqual(second.content.decode().count("<tr>") - 1, 7)
        self.assertContains(second, START.isoformat())  # the oldest, last
        after = AuditEntry.objects.filter(individual_id=self.alva.pk, action=Action.READ, outcome=Outcome.ALLOWED)
        self.assertEqual(after.count(), before + 2)
        # Another instrument's results are not on this page; a page out of range or not a number is answered.
        self.assertEqual(self.client.get(self.url("dudit")).content.decode().count("<tr>") - 1, 3)
        self.assertEqual(self.client.get(self.url(), {"page": "99"}).content.decode().count("<tr>") - 1, 7)
        self.assertEqual(self.client.get(self.url(), {"page": "x<script>"}).status_code, 200)

    def test_queries_do_not_grow_with_the_page_size(self) -> None:
        self.client.get(self.url("dudit"))
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url("dudit"))
        with CaptureQueriesContext(connection) as lots:
            self.client.get(self.url())
        self.assertEqual(len(few), len(lots))

    def test_outsiders_and_unknown_people_get_the_same_logged_404(self) -> None:
        sign_in(self.client, self.county.social_worker)
        refused = self.client.get(self.url())
        unknown = self.client.get(reverse("screening:results", args=["00000000-0000-0000-0000-000000000000", "audit"]))
        self.assertEqual((refused.status_code, unknown.status_code), (404, 404))
        # The same page, but for the per-response tokens (CSRF, nonce).
        self.assertEqual(without_tokens(refused.content), without_tokens(unknown.content))
        self.assertTrue(AuditEntry.objects.filter(individual_id=self.alva.pk, outcome=Outcome.DENIED).exists())
        self.client.logout()
        self.assertEqual(self.client.get(self.url()).status_code, 302)

    def test_an_unknown_instrument_is_404(self) -> None:
        self.assertEqual(self.client.get(self.url("no-such")).status_code, 404)

    def test_a_blocked_units_results_are_not_counted_or_shown(self) -> None:
        ActiveRelation.objects.create(individual=self.alva, unit=self.county.adult_unit, contact_kind="support",
                                      opened_by=self.county.social_worker)  # fmt: skip
        give_many(self.county, self.alva, 2, unit=self.county.adult_unit, offset=1000)
        Block.objects.create(individual=self.alva, unit=self.county.addiction_unit, created_by=self.county.nurse)
        sign_in(self.client, self.county.social_worker)
        page = self.client.get(self.url())
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page.content.decode().count("<tr>") - 1, 2)
        self.assertNotContains(page, 'rel="next"')
