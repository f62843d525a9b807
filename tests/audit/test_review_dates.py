"""Dates at the calendar's ends in the log review's filters: a 400 with a message, never a 500
(issue 7 §7: `?date_to=0001-01-01` and `?date_from=9999-12-31&date_to=9999-12-31` overflowed)."""

from django.urls import reverse
from django.utils import translation

from audit.models import AuditEntry
from tests.audit.test_review import ReviewTestCase


class ReviewDateOverflowTests(ReviewTestCase):
    def test_dates_at_the_ends_of_the_calendar_are_refused_with_a_message(self) -> None:
        cases = [
            {"date_to": "0001-01-01"},
            {"date_from": "0001-01-01"},
            {"date_from": "9999-12-31", "date_to": "9999-12-31"},
            {"date_to": "9999-12-31"},
            {"date_from": "1999-12-31", "date_to": "2000-01-05"},
            {"date_from": "2100-01-01"},
        ]
        entries = AuditEntry.objects.count()
        for language, message in [("en", "Choose a date between 2000-01-01 and 2099-12-31."), ("sv", None)]:
            self.client.cookies["django_language"] = language
            if message is None:
                with translation.override("sv"):
                    message = translation.gettext("Choose a date between %(first)s and %(last)s.") % {
                        "first": "2000-01-01",
                        "last": "2099-12-31",
                    }
            for query in cases:
                with self.subTest(language=language, query=query):
                    response = self.client.get(reverse("log_review"), query)
                    self.assertContains(response, message, status_code=400)
                    self.assertContains(response, 'class="error-summary"', status_code=400)
        self.assertEqual(AuditEntry.objects.count(), entries, "a refused filter is not a review")

    def test_the_first_and_last_allowed_days_work(self) -> None:
        for query in [
            {"date_from": "2000-01-01", "date_to": "2000-01-31"},
            {"date_from": "2099-12-01", "date_to": "2099-12-31"},
        ]:
            with self.subTest(query=query):
                self.assertEqual(self.client.get(reverse("log_review"), query).status_code, 200)
