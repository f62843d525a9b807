"""Who sees which deficiency report (issue 11 §2, access.policy.deviation_*), as a matrix.

The expectations are written out, not computed with the policy's rules, so an inverted or missing
check fails as a named cell. One report: Sundsvall's adult unit reports Region's addiction unit,
anonymously to the counterpart. Columns:
  detail   the report's page: 200, or 404 exactly as for an unknown report
  list     the report is in the user's list of reports
  name     the reporter's name is on the page (anonymous to the counterpart, never to the council)
  answer   the answer form is offered (the counterpart unit's manager)
  analysis the analysis page: exact counts (x), counts under 5 suppressed (s), refused (-)
"""

import uuid

from django.test import TestCase
from django.urls import reverse

from access.policy import deviation_access
from deviations.selectors import facts_of, report_detail_queryset, scope_for, visible_reports
from tests.deviations.world import DeviationCounty, fresh
from tests.personas import sign_in

MATRIX = """
persona                 detail list name answer analysis
social_worker           200    yes  yes  no     -
colleague               404    no   no   no     -
manager                 200    yes  yes  no     -
counterpart_manager     200    yes  no   yes    -
nurse                   404    no   no   no     -
council_member          200    yes  yes  no     x
other_council_member    404    no   no   no     x
regional_member         200    yes  yes  no     x
analyst                 404    no   no   no     s
user_council_rep        404    no   no   no     s
other_municipality_worker 404  no   no   no     -
other_manager           404    no   no   no     -
admin                   404    no   no   no     -
"""


def _rows() -> list[list[str]]:
    lines = [line.split() for line in MATRIX.strip().splitlines()]
    return lines[1:]


class DeviationMatrix(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = DeviationCounty()
        cls.report = cls.county.submit(anonymous=True)

    def persona(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.county, name)

    def test_matrix(self) -> None:
        reporter_name = self.county.social_worker.get_full_name()
        for name, detail, listed, shows_name, answers, analysis in _rows():
            with self.subTest(persona=name):
                user = self.persona(name)
                sign_in(self.client, user)
                response = self.client.get(self.report.get_absolute_url())
                self.assertEqual(response.status_code, int(detail))
                if detail == "404":
                    missing = self.client.get(reverse("deviations:report_detail", args=[uuid.uuid4()]))
                    self.assertEqual(missing.status_code, 404)
                    self.assertNotContains(response, self.report.reference, status_code=404)
                else:
                    self.assertEqual(reporter_name in response.content.decode(), shows_name == "yes")
                    self.assertEqual('action="' + reverse("deviations:report_answer", args=[self.report.uuid]) in
                                     response.content.decode(), answers == "yes")  # fmt: skip
                listing = self.client.get(reverse("deviations:index"))
                self.assertEqual(self.report.reference in listing.content.decode(), listed == "yes")
                self.assertEqual(visible_reports(scope_for(fresh(user))).filter(pk=self.report.pk).exists(),
                                 listed == "yes")  # fmt: skip
                page = self.client.get(reverse("deviations:analysis"))
                self.assertEqual(page.status_code, 404 if analysis == "-" else 200)
                if analysis != "-":
                    self.assertEqual("fewer than 5" in page.content.decode() or "färre än 5" in
                                     page.content.decode(), analysis == "s")  # fmt: skip

    def test_policy_and_list_agree_for_everyone(self) -> None:
        """The list's query and the page's decision agree (selectors.visible_reports, deviation_access)."""
        report = report_detail_queryset().get(pk=self.report.pk)
        for name, *_rest in _rows():
            user = fresh(self.persona(name))
            decided = deviation_access(scope_for(user), facts_of(report)) is not None
            listed = visible_reports(scope_for(user)).filter(pk=report.pk).exists()
            self.assertEqual(decided, listed, name)

    def test_a_seat_without_the_council_role_counts_for_nothing(self) -> None:
        membership = self.county.council_member.memberships.get()
        membership.role = "therapist"
        membership.save()
        sign_in(self.client, self.county.council_member)
        self.assertEqual(self.client.get(self.report.get_absolute_url()).status_code, 404)

    def test_not_signed_in_is_sent_to_sign_in(self) -> None:
        response = self.client.get(self.report.get_absolute_url())
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])
