"""Log review (logguppföljning) for unit managers, through the real views."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEntry, AuditReview, Ground, Outcome
from audit.services import Actor, audit_record
from tests.individuals.base import IndividualTestCase


class ReviewTestCase(IndividualTestCase):
    def setUp(self) -> None:
        county = self.county
        self.sign_in(county.social_worker)
        self.individual = self.register()
        self.worker = Actor(user_id=county.social_worker.pk, unit_id=county.adult_unit.pk, role="social_worker")
        self.colleague = Actor(user_id=county.colleague.pk, unit_id=county.adult_unit.pk, role="therapist")
        outsider = Actor(user_id=county.nurse.pk, unit_id=county.addiction_unit.pk, role="nurse")
        pk = self.individual.pk
        self.relation = audit_record(actor=self.worker, action=Action.READ, ground=Ground.RELATION, individual_id=pk)
        self.emergency = audit_record(
            actor=self.colleague, action=Action.EMERGENCY_ACCESS, ground=Ground.EMERGENCY, individual_id=pk
        )
        self.denied = audit_record(actor=self.colleague, action=Action.READ, outcome=Outcome.DENIED, individual_id=pk)
        self.sip = audit_record(actor=self.worker, action=Action.READ, ground=Ground.SIP_CONSENT, individual_id=pk)
        self.elsewhere = audit_record(actor=outsider, action=Action.READ, ground=Ground.RELATION, individual_id=pk)
        self.sign_in(county.manager)

    def listed_ids(self, response) -> list[int]:  # type: ignore[no-untyped-def]
        return [int(i) for i in re.findall(r'name="entries" value="(\d+)"', response.content.decode())]


class ReviewListTests(ReviewTestCase):
    def test_emergency_then_denied_then_without_relation_then_the_rest(self) -> None:
        response = self.client.get(reverse("log_review"))
        self.assertEqual(response.status_code, 200)
        ids = self.listed_ids(response)
        self.assertEqual(ids[:3], [self.emergency.pk, self.denied.pk, self.sip.pk])
        self.assertIn(self.relation.pk, ids[3:])

    def test_only_the_managers_own_units(self) -> None:
        ids = self.listed_ids(self.client.get(reverse("log_review")))
        self.assertNotIn(self.elsewhere.pk, ids)
        self.assertTrue(ids)

    def test_names_of_individuals_are_not_shown(self) -> None:
        response = self.client.get(reverse("log_review"))
        self.assertNotContains(response, "Fiktiv")
        self.assertNotContains(response, "19121212")
        self.assertContains(response, str(self.individual.uuid)[:8])

    def test_filters(self) -> None:
        county = self.county
        cases = {
            "user": ({"user": county.colleague.pk}, {self.emergency.pk, self.denied.pk}),
            "ground": ({"ground": Ground.SIP_CONSENT}, {self.sip.pk}),
            "outcome": ({"outcome": Outcome.DENIED}, {self.denied.pk}),
            "individual": ({"individual": str(self.individual.uuid), "ground": Ground.EMERGENCY}, {self.emergency.pk}),
            "unknown individual": ({"individual": "00000000-0000-4000-8000-000000000000"}, set()),
            "period before": ({"date_from": "2020-01-01", "date_to": "2020-01-31"}, set()),
        }
        for name, (query, expected) in cases.items():
            with self.subTest(name):
                response = self.client.get(reverse("log_review"), query)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(set(self.listed_ids(response)), expected)

    def test_the_review_itself_is_logged(self) -> None:
        self.client.get(reverse("log_review"), {"ground": Ground.EMERGENCY})
        entry = AuditEntry.objects.filter(action=Action.LOG_REVIEW).latest("id")
        self.assertEqual((entry.user_id, entry.ground), (self.county.manager.pk, Ground.MANAGEMENT))
        self.assertEqual(entry.details["ground"], Ground.EMERGENCY)

    def test_sample_is_reproducible_from_its_address(self) -> None:
        response = self.client.get(reverse("log_review"), {"sample": "2"})
        self.assertEqual(response.status_code, 302)
        self.assertRegex(response["Location"], r"seed=\d+")
        first = self.listed_ids(self.client.get(response["Location"]))
        again = self.listed_ids(self.client.get(response["Location"]))
        self.assertEqual(len(first), 2)
        self.assertEqual(first, again)
        self.assertContains(self.client.get(response["Location"]), "Stickprov")

    def test_others_may_not_review(self) -> None:
        for persona in ("social_worker", "nurse", "analyst", "admin"):
            with self.subTest(persona):
                self.sign_in(self.county.staff[persona])
                self.assertEqual(self.client.get(reverse("log_review")).status_code, 403)
                response = self.client.post(reverse("log_review_mark"), {"entries": [self.relation.pk]})
                self.assertEqual(response.status_code, 403)
        self.assertFalse(AuditReview.objects.exists())
        self.client.logout()
        self.assertEqual(self.client.get(reverse("log_review")).status_code, 302)

    def test_the_menu_shows_the_review_to_managers_only(self) -> None:
        self.assertContains(self.client.get(reverse("home")), reverse("log_review"))
        self.sign_in(self.county.social_worker)
        self.assertNotContains(self.client.get(reverse("home")), reverse("log_review"))

    def test_query_count_does_not_grow_with_entries(self) -> None:
        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(reverse("log_review")).status_code, 200)
            return len(ctx)

        AuditReview.objects.create(entry=self.relation, reviewer=self.county.manager, comment="ok")
        count()  # warm the per-session caches
        few = count()
        for _ in range(20):
            pk = self.individual.pk
            audit_record(actor=self.worker, action=Action.READ, ground=Ground.RELATION, individual_id=pk)
        self.assertEqual(count(), few)


class ReviewBadInputTests(ReviewTestCase):
    def test_wrong_filters_get_a_clear_message(self) -> None:
        today = timezone.localdate()
        cases = {
            "end before start": ({"date_from": "2026-05-02", "date_to": "2026-05-01"}, "före"),
            "longer than a year": (
                {"date_from": (today - datetime.timedelta(days=400)).isoformat(), "date_to": today.isoformat()},
                "högst ett år",
            ),
            "not a date": ({"date_from": "31/02/2026"}, "giltigt datum"),
            "sample too large": ({"sample": "501"}, "500"),
            "sample not a number": ({"sample": "many"}, "heltal"),
            "unknown ground": ({"ground": "<script>alert(1)</script>"}, "giltigt alternativ"),
            "user of another unit": ({"user": str(self.county.nurse.pk)}, "giltigt alternativ"),
            "hostile individual": ({"individual": "' OR 1=1 --"}, "UUID"),
        }
        for name, (query, message) in cases.items():
            with self.subTest(name):
                response = self.client.get(reverse("log_review"), query)
                self.assertContains(response, message, status_code=400)
                self.assertNotContains(response, "<script>alert(1)</script>", status_code=400)


class ReviewMarkTests(ReviewTestCase):
    def mark(self, data: dict):  # type: ignore[no-untyped-def]
        return self.client.post(reverse("log_review_mark"), data)

    def test_marking_records_the_review_and_logs_it(self) -> None:
        query = "ground=emergency&page=1&evil=https://example.org"
        chosen = [self.emergency.pk, self.denied.pk]
        response = self.mark({"entries": chosen, "comment": "Kontrollerat.", "query": query})
        self.assertEqual(response["Location"], reverse("log_review") + "?ground=emergency&page=1")
        reviews = AuditReview.objects.filter(reviewer=self.county.manager)
        self.assertEqual({r.entry_id for r in reviews}, {self.emergency.pk, self.denied.pk})
        self.assertEqual({r.comment for r in reviews}, {"Kontrollerat."})
        logged = AuditEntry.objects.filter(action=Action.LOG_REVIEW, object_type="audit.auditreview").get()
        self.assertEqual(logged.details["reviewed_entry_ids"], sorted([self.emergency.pk, self.denied.pk]))
        page = self.client.get(reverse("log_review"))
        self.assertContains(page, "Kontrollerat.")

    def test_marking_twice_keeps_one_mark(self) -> None:
        self.mark({"entries": [self.sip.pk]})
        self.mark({"entries": [self.sip.pk]})
        self.assertEqual(AuditReview.objects.filter(entry=self.sip).count(), 1)

    def test_wrong_marks_are_refused_and_nothing_is_stored(self) -> None:
        cases = {
            "nothing chosen": {"comment": "x"},
            "another unit's entry": {"entries": [self.elsewhere.pk]},
            "a mix with another unit's entry": {"entries": [self.sip.pk, self.elsewhere.pk]},
            "not a number": {"entries": ["abc"]},
            "comment too long": {"entries": [self.sip.pk], "comment": "x" * 1001},
        }
        for name, data in cases.items():
            with self.subTest(name):
                response = self.mark(data)
                self.assertEqual(response.status_code, 302)
                page = self.client.get(response["Location"])
                self.assertContains(page, "message-error")
        self.assertFalse(AuditReview.objects.exists())
        self.assertFalse(AuditEntry.objects.filter(object_type="audit.auditreview").exists())


class ReviewQueueTests(ReviewTestCase):
    def test_home_page_shows_unreviewed_emergencies_until_marked(self) -> None:
        home = self.client.get(reverse("home"))
        self.assertContains(home, "1 nödåtkomst vid dina verksamheter väntar på din granskning")
        self.assertContains(home, "?ground=emergency&amp;date_from=")
        self.client.post(reverse("log_review_mark"), {"entries": [self.emergency.pk]})
        self.assertContains(self.client.get(reverse("home")), "Ingen nödåtkomst vid dina verksamheter väntar")
        self.sign_in(self.county.social_worker)
        self.assertNotContains(self.client.get(reverse("home")), 'data-testid="review-queue"')


class ListReadTests(ReviewTestCase):
    """A list of names is one read naming every listed individual; the review and the extract find it."""

    def test_list_read_is_one_entry_found_by_individual(self) -> None:
        other = self.register("19800229-0008")  # registered by the manager's unit too
        self.sign_in(self.county.social_worker)
        before = AuditEntry.objects.count()
        self.assertEqual(self.client.get(reverse("my_individuals")).status_code, 200)
        entry = AuditEntry.objects.get(id__gt=before_id(before), action=Action.READ)
        self.assertIsNone(entry.individual_id)
        self.assertEqual(set(entry.details["listed"]), {str(self.individual.pk), str(other.pk)})
        self.assertEqual((entry.ground, entry.unit_id), (Ground.RELATION, self.county.adult_unit.pk))

        self.sign_in(self.county.manager)
        review = self.client.get(reverse("log_review"), {"individual": str(other.uuid)})
        self.assertIn(entry.pk, self.listed_ids(review))
        self.assertContains(review, "En lista med 2 enskilda")
        self.client.post(reverse("log_review_mark"), {"entries": [entry.pk]})
        self.assertTrue(AuditReview.objects.filter(entry=entry).exists())
        extract = self.client.get(reverse("log_extract", args=[other.uuid]))
        self.assertContains(extract, "Läsning")

    def test_a_list_elsewhere_does_not_name_the_individual(self) -> None:
        self.sign_in(self.county.other_municipality_worker)
        self.client.get(reverse("my_individuals"))  # an empty list at another unit writes nothing
        self.sign_in(self.county.nurse)
        self.register("19800229-0008")
        self.client.get(reverse("my_individuals"))
        listed = AuditEntry.objects.filter(details__listed__isnull=False)
        self.assertEqual(listed.count(), 1)
        self.sign_in(self.county.manager)
        review = self.client.get(reverse("log_review"), {"individual": str(self.individual.uuid)})
        self.assertNotIn(listed.get().pk, self.listed_ids(review))


def before_id(count: int) -> int:
    return AuditEntry.objects.order_by("id").values_list("id", flat=True)[count - 1] if count else 0
