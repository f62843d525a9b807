"""Councils (issue 11 §4, §6): seats, the table, the printable agenda, action plans."""

import datetime

from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from deviations import services
from deviations.models import Action, CouncilMember, Event
from tests.deviations.world import DeviationCounty, app_queries, fresh
from tests.personas import sign_in


class Councils(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = c = DeviationCounty()
        cls.new = c.submit()
        cls.escalated = c.submit(category="discharge")
        services.report_escalate(report=cls.escalated, user=fresh(c.social_worker), text="Principiellt.")

    def setUp(self) -> None:
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def agenda(self, **query: str):  # type: ignore[no-untyped-def]
        return self.client.get(reverse("deviations:council_agenda", args=[self.county.local_council.uuid]), query)

    def test_the_agenda_lists_new_escalated_and_overdue_and_prints(self) -> None:
        sign_in(self.client, self.county.council_member)
        response = self.agenda()
        self.assertEqual([r["pk"] for r in response.context["escalated"]], [self.escalated.pk])
        self.assertEqual({r["pk"] for r in response.context["new"]}, {self.new.pk, self.escalated.pk})
        self.assertEqual(response.context["overdue"], [])
        self.assertContains(response, "@media print", count=0)  # the print CSS is in the app's stylesheet
        self.assertContains(response, "css/deviations.css")
        future = (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
        self.assertEqual(self.agenda(since=future).status_code, 200)
        self.assertEqual(self.agenda(since="2026-02-31", meeting="<script>").status_code, 200)

    def test_overdue_cases_are_on_the_agenda(self) -> None:
        from deviations.models import Step

        past = timezone.now() - datetime.timedelta(days=61)
        Step.objects.filter(report=self.new).update(opened_at=past, deadline=past + datetime.timedelta(days=60))
        sign_in(self.client, self.county.council_member)
        response = self.agenda()
        self.assertEqual([r["pk"] for r in response.context["overdue"]], [self.new.pk])
        self.assertContains(response, "overdue since")

    def test_only_the_councils_members_see_its_table_and_agenda(self) -> None:
        c = self.county
        for user in (c.other_council_member, c.analyst, c.social_worker, c.counterpart_manager):
            sign_in(self.client, user)
            self.assertEqual(self.agenda().status_code, 404)
            page = self.client.get(reverse("deviations:council_detail", args=[c.local_council.uuid]))
            self.assertEqual(page.status_code, 404)

    def test_the_agenda_costs_the_same_queries_for_more_cases(self) -> None:
        sign_in(self.client, self.county.council_member)
        self.agenda()  # the session's first request loads the user once more (allauth), any page
        with CaptureQueriesContext(connection) as few:
            self.agenda()
        for _ in range(6):
            report = self.county.submit()
            services.report_escalate(report=report, user=fresh(self.county.social_worker), text="Lyft.")
        with CaptureQueriesContext(connection) as many:
            self.agenda()
        self.assertEqual(len(app_queries(many.captured_queries)), len(app_queries(few.captured_queries)))

    def test_the_administrator_seats_members_with_the_council_role_only(self) -> None:
        c = self.county
        sign_in(self.client, c.admin)
        url = reverse("deviations:council_seat_add", args=[c.local_council.uuid])
        response = self.client.post(url, {"user": c.social_worker.pk, "seat_role": "member"})
        self.assertContains(response, "Choose someone with the council member role", status_code=400)
        response = self.client.post(url, {"user": c.other_council_member.pk, "seat_role": "chair"})
        self.assertEqual(response.status_code, 302)
        seat = CouncilMember.objects.get(council=c.local_council, user=c.other_council_member, ended_at=None)
        response = self.client.post(url, {"user": c.other_council_member.pk, "seat_role": "member"})
        self.assertContains(response, "already sits on this council", status_code=400)
        self.client.post(reverse("deviations:council_seat_end", args=[c.local_council.uuid, seat.pk]))
        seat.refresh_from_db()
        self.assertIsNotNone(seat.ended_at)
        sign_in(self.client, c.council_member)  # members do not seat others
        self.assertEqual(self.client.post(url, {"user": c.other_council_member.pk}).status_code, 404)

    def test_an_action_from_cases_shows_on_each_case(self) -> None:
        c = self.county
        sign_in(self.client, c.council_member)
        url = reverse("deviations:council_action_new", args=[c.local_council.uuid])
        data = {"what": "Gemensam rutin för utskrivning.", "who": "Enhetscheferna", "status": "planned",
                "due_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
                "reports": [self.new.pk, self.escalated.pk]}  # fmt: skip
        self.assertEqual(self.client.post(url, data).status_code, 302)
        action = Action.objects.get()
        self.assertEqual(set(action.reports.all()), {self.new, self.escalated})
        self.assertEqual(Event.objects.filter(kind="action_linked").count(), 2)
        sign_in(self.client, c.social_worker)
        self.assertContains(self.client.get(self.new.get_absolute_url()), "Gemensam rutin för utskrivning.")
        sign_in(self.client, c.council_member)
        changed = {**data, "status": "done", "follow_up": "Rutinen är införd."}
        edit = reverse("deviations:council_action", args=[action.uuid])
        self.assertEqual(self.client.post(edit, changed).status_code, 302)
        action.refresh_from_db()
        self.assertEqual(action.status, "done")

    def test_bad_actions_are_refused_and_kept(self) -> None:
        c = self.county
        sign_in(self.client, c.council_member)
        url = reverse("deviations:council_action_new", args=[c.local_council.uuid])
        response = self.client.post(url, {"what": "Ring 811218-9876", "who": "", "due_on": "x", "status": "?"})
        self.assertEqual(response.status_code, 400)
        errors = response.context["form"].errors
        self.assertEqual(set(errors), {"what", "who", "due_on", "status", "reports"})
        self.assertContains(response, "Ring 811218-9876", status_code=400)
        other = c.submit(reporter=c.other_municipality_worker, unit=c.other_municipality_unit,
                         counterpart_units=[c.addiction_unit])  # fmt: skip
        response = self.client.post(url, {"what": "x", "who": "y", "due_on": "2030-01-01", "status": "planned",
                                           "reports": [other.pk]})  # fmt: skip
        self.assertContains(response, "Choose cases on the council", status_code=400)
        self.assertFalse(Action.objects.exists())
