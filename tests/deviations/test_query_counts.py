"""Pages that must not slow down as the county's reports grow: a fixed number of queries whatever the
number of reports (the report list, a case page, the agenda's full section), and the agenda's long
sections bounded with an honest count and a link to the whole list."""

import uuid

from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deviations import services
from deviations.models import Counterpart, Report, Step
from deviations.selectors import AGENDA_MAX
from tests.deviations.world import DeviationCounty, app_queries, fresh
from tests.personas import sign_in


def copies(report: Report, n: int) -> list[Report]:
    """n more reports like ``report`` (same parties, same open step), written in bulk: a long agenda quickly."""
    step = report.steps.get()
    made = []
    for _ in range(n):
        report.pk, report.id, report.uuid = None, None, uuid.uuid4()
        made.append(Report(**{f.attname: getattr(report, f.attname) for f in Report._meta.concrete_fields}))
    made = Report.objects.bulk_create(made)
    parties = list(Counterpart.objects.filter(report_id=step.report_id))
    Counterpart.objects.bulk_create(
        [Counterpart(report=r, unit_id=p.unit_id, principal_id=p.principal_id) for r in made for p in parties]
    )
    Step.objects.bulk_create(
        [
            Step(
                report=r,
                level=step.level,
                owner_unit_id=step.owner_unit_id,
                opened_at=step.opened_at,
                deadline=step.deadline,
            )
            for r in made
        ]  # fmt: skip
    )
    return made


class QueryCounts(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = DeviationCounty()
        cls.report = cls.county.submit()

    def setUp(self) -> None:
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def queries(self, url: str, **query: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url, query).status_code, 200)
        return len(app_queries(captured.captured_queries))

    def grow(self) -> None:
        c = self.county
        for index in range(3):
            other = c.submit(category=("treatment", "other", "discharge")[index])
            services.comment_add(report=other, user=fresh(c.social_worker), unit=c.adult_unit, text="Ännu en.")
        copies(Report.objects.get(pk=self.report.pk), 30)

    def test_the_report_list_costs_the_same_queries_for_more_reports(self) -> None:
        sign_in(self.client, self.county.social_worker)
        url = reverse("deviations:index")
        self.client.get(url)  # the session's first request loads the user once more (allauth), any page
        few = self.queries(url)
        self.grow()
        self.assertEqual(self.queries(url), few)
        self.assertEqual(self.queries(url, page="2"), few)

    def test_a_case_page_costs_the_same_queries_whatever_the_county_holds(self) -> None:
        sign_in(self.client, self.county.social_worker)
        url = self.report.get_absolute_url()
        self.client.get(url)
        few = self.queries(url)
        self.grow()
        self.assertEqual(self.queries(url), few)

    def test_a_long_agenda_section_shows_the_oldest_counts_all_and_links_to_the_whole_list(self) -> None:
        c = self.county
        sign_in(self.client, c.council_member)
        url = reverse("deviations:council_agenda", args=[c.local_council.uuid])
        self.client.get(url)
        few = self.queries(url)
        few_section = self.queries(url, section="new")
        copies(Report.objects.get(pk=self.report.pk), AGENDA_MAX + 6)
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(len(app_queries(captured.captured_queries)), few)
        total = AGENDA_MAX + 7
        self.assertEqual(len(response.context["new"]), AGENDA_MAX)
        self.assertEqual(response.context["counts"]["new"], total)
        self.assertContains(response, f"The {AGENDA_MAX} oldest of {total} are shown.")
        self.assertContains(response, "7 more – see the full list")
        self.assertContains(response, "?section=new&amp;since=")
        self.assertEqual(response.context["new"][0]["pk"], self.report.pk)  # the oldest first
        self.assertEqual(self.queries(url, section="new"), few_section)
        first = self.client.get(url, {"section": "new"})
        second = self.client.get(url, {"section": "new", "page": "2"})
        self.assertEqual(len(first.context["rows"]), AGENDA_MAX)
        self.assertEqual(len(second.context["rows"]), 7)
        shown = {row["pk"] for row in first.context["rows"]} | {row["pk"] for row in second.context["rows"]}
        self.assertEqual(len(shown), total)
        self.assertContains(first, f"all {total}")
        self.assertContains(first, 'rel="next"')
        self.assertNotContains(first, "see the full list")
        for hostile in ("<script>", "agenda", "9" * 30):
            self.assertEqual(self.client.get(url, {"section": hostile}).status_code, 200)  # the whole agenda
            self.assertEqual(self.client.get(url, {"section": "new", "page": hostile}).status_code, 200)

    def test_the_full_section_is_for_the_councils_members_only(self) -> None:
        c = self.county
        url = reverse("deviations:council_agenda", args=[c.local_council.uuid])
        for user in (c.other_council_member, c.analyst, c.social_worker):
            sign_in(self.client, user)
            self.assertEqual(self.client.get(url, {"section": "new"}).status_code, 404)

    def test_the_council_page_says_how_many_cases_are_on_the_table_beyond_those_shown(self) -> None:
        from deviations.views.councils import ON_TABLE_MAX

        c = self.county
        sign_in(self.client, c.council_member)
        url = reverse("deviations:council_detail", args=[c.local_council.uuid])
        self.client.get(url)
        few = self.queries(url)
        made = copies(Report.objects.get(pk=self.report.pk), ON_TABLE_MAX + 3)
        on_table = Step.objects.filter(report__in=made)
        on_table.update(owner_unit=None, owner_council=c.local_council, level="local_council")
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(len(app_queries(captured.captured_queries)), few)
        self.assertEqual(len(response.context["on_table"]), ON_TABLE_MAX)
        self.assertContains(response, f"The {ON_TABLE_MAX} with the nearest deadline of {ON_TABLE_MAX + 3} are shown.")
        self.assertContains(response, "?section=escalated")
