"""The report form (issue 11 §1 and "Bad input"): every field missing, too long, hostile; dates;
parties; identity numbers in every writing (the detector, core.personal_data); drafts; sources."""

import datetime
from typing import Any

from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from deviations import sources
from deviations.models import Draft, Report
from tests.deviations.world import DeviationCounty
from tests.personas import sign_in

NEW = reverse("deviations:new")
SAVE = reverse("deviations:draft_save")
# Fictional numbers with a right check digit (Skatteverket's rules), in the writings people use.
IDENTITY_NUMBERS = [
    "811218-9876",
    "8112189876",
    "19811218-9876",
    "198112189876",
    "811218+9876",
    "811218 9876",
    "19 811218-9876",
    "811278-9873",  # a samordningsnummer: the day + 60
]


class ReportForm(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = DeviationCounty()

    def setUp(self) -> None:
        sign_in(self.client, self.county.social_worker)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages are asserted in English

    def valid(self, **changes: Any) -> dict[str, Any]:
        c = self.county
        data: dict[str, Any] = {
            "agreement": "addiction",
            "happened_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
            "reporting_unit": c.adult_unit.pk,
            "counterpart_units": [c.addiction_unit.pk],
            "category": "coordination",
            "what_happened": "Beroendecentrum kom inte till SIP-mötet.",
            "consequence": "Planen blev tre veckor försenad.",
            "severity": "medium",
            "improvement": "Kalla med två veckors varsel.",
        }
        data.update(changes)
        return {k: v for k, v in data.items() if v is not None}

    def refused(self, data: dict[str, Any], field: str, message: str) -> Any:
        before = Report.objects.count()
        response = self.client.post(NEW, data)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Report.objects.count(), before)
        self.assertIn(field, response.context["form"].errors)
        self.assertIn(message, " ".join(response.context["form"].errors[field]))
        self.assertContains(response, 'class="error-summary"', status_code=400)
        self.assertContains(response, f'href="#id_{field}"', status_code=400)
        return response

    def test_a_valid_report_is_submitted_and_routed(self) -> None:
        response = self.client.post(NEW, self.valid())
        report = Report.objects.get()
        self.assertRedirects(response, report.get_absolute_url())
        self.assertEqual(report.reporter, self.county.social_worker)

    def test_every_required_field_missing(self) -> None:
        messages = {
            "agreement": "Choose the agreement",
            "happened_on": "Give the day it happened",
            "category": "Choose the category",
            "what_happened": "Describe what happened",
            "consequence": "Describe the consequence",
            "severity": "Choose the severity",
        }
        for field, message in messages.items():
            with self.subTest(field=field):
                self.refused(self.valid(**{field: None}), field, message)

    def test_no_counterpart(self) -> None:
        self.refused(self.valid(counterpart_units=None), "counterpart_units", "Choose the unit or units")

    def test_too_long(self) -> None:
        for field in ("what_happened", "consequence", "improvement"):
            with self.subTest(field=field):
                response = self.refused(self.valid(**{field: "x" * 4001}), field, "at most 4000")
                self.assertEqual(response.context["form"].data[field], "x" * 4001)  # kept

    def test_hostile_html_is_kept_as_text_and_escaped(self) -> None:
        hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
        self.client.post(NEW, self.valid(what_happened=hostile, improvement=hostile))
        report = Report.objects.get()
        self.assertEqual(report.what_happened, hostile)
        page = self.client.get(report.get_absolute_url())
        self.assertNotContains(page, "<script>alert")
        self.assertContains(page, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")

    def test_hostile_choices_are_refused(self) -> None:
        for field in ("agreement", "category", "severity"):
            with self.subTest(field=field):
                response = self.client.post(NEW, self.valid(**{field: "<script>"}))
                self.assertEqual(response.status_code, 400)
                self.assertNotContains(response, "<script>", status_code=400)
        self.refused(self.valid(reporting_unit="<b>1</b>"), "reporting_unit", "Choose a unit you work at")
        self.refused(self.valid(counterpart_units=["9999999"]), "counterpart_units", "Choose units from the list")

    def test_dates(self) -> None:
        tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
        self.refused(self.valid(happened_on=tomorrow), "happened_on", "in the future")
        self.refused(self.valid(happened_on="2013-06-30"), "happened_on", "when the written agreements began")
        self.refused(self.valid(happened_on="2026-02-31"), "happened_on", "Give a date")
        self.client.post(NEW, self.valid(happened_on="2013-07-01"))
        self.assertEqual(Report.objects.count(), 1)

    def test_own_unit_as_counterpart(self) -> None:
        c = self.county
        self.refused(self.valid(counterpart_units=[c.adult_unit.pk]), "counterpart_units", "Your own unit")

    def test_a_unit_the_reporter_does_not_work_at(self) -> None:
        self.refused(self.valid(reporting_unit=self.county.addiction_unit.pk), "reporting_unit", "Choose a unit")

    def test_homelessness_only_between_municipalities(self) -> None:
        c = self.county
        self.refused(self.valid(agreement="homelessness"), "agreement", "between municipalities only")
        with_region = self.valid(agreement="homelessness", counterpart_units=None, counterpart_principals=[c.region.pk])
        self.refused(with_region, "agreement", "between municipalities")
        self.client.post(NEW, self.valid(agreement="homelessness", counterpart_units=[c.other_municipality_unit.pk]))
        self.assertEqual(Report.objects.get().agreement, "homelessness")

    def test_every_writing_of_an_identity_number_is_refused_and_the_text_kept(self) -> None:
        for number in IDENTITY_NUMBERS:
            for field in ("what_happened", "consequence", "improvement"):
                with self.subTest(number=number, field=field):
                    text = f"Gäller klienten {number} som väntade."
                    response = self.refused(self.valid(**{field: text}), field, "Remove the")
                    self.assertEqual(response.context["form"].data[field], text)
                    self.assertContains(response, "characters 17–", status_code=400)

    def test_look_alikes_pass_and_warnings_show(self) -> None:
        text = "Möte 2024-01-15, period 20240101-20240331, dnr 2024-0123, ring 070-174 06 50."
        response = self.client.post(NEW, self.valid(what_happened=text, consequence="Kostnad 1 200 000 kr."))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Report.objects.get().what_happened, text)

    def test_a_warning_is_shown_when_the_form_comes_back(self) -> None:
        response = self.client.post(NEW, self.valid(what_happened="Ring 070-174 06 50.", severity=None))
        self.assertContains(response, "phone number", status_code=400)

    def test_the_hidden_source_label_is_checked_too(self) -> None:
        self.refused(self.valid(source="x" * 101), "source", "at most 100")
        response = self.client.post(NEW, self.valid(source="SIP 811218-9876"))
        self.assertEqual(response.status_code, 400)


class Drafts(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = DeviationCounty()

    def setUp(self) -> None:
        sign_in(self.client, self.county.social_worker)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages are asserted in English

    def autosave(self, data: dict[str, Any]) -> Any:
        return self.client.post(SAVE, data, headers={"HX-Request": "true"})

    def test_autosave_keeps_what_is_typed_until_submitted(self) -> None:
        response = self.autosave({"what_happened": "Ingen kallelse", "category": "coordination"})
        self.assertEqual(response.status_code, 200)
        draft = Draft.objects.get()
        self.assertContains(response, f'value="{draft.uuid}"')
        self.assertContains(response, 'hx-swap-oob="true"')
        self.autosave({"draft": str(draft.uuid), "what_happened": "Ingen kallelse skickades"})
        draft.refresh_from_db()
        self.assertEqual(draft.data["what_happened"], "Ingen kallelse skickades")
        self.assertEqual(draft.data["category"], "coordination")
        page = self.client.get(draft.get_absolute_url())
        self.assertContains(page, "Ingen kallelse skickades")
        self.assertContains(self.client.get(reverse("deviations:index")), draft.get_absolute_url())

    def test_an_identity_number_is_never_saved_in_a_draft(self) -> None:
        self.autosave({"what_happened": "Ingen kallelse"})
        draft = Draft.objects.get()
        response = self.autosave({"draft": str(draft.uuid), "what_happened": "Gäller 811218-9876"})
        self.assertContains(response, "Not saved in")
        draft.refresh_from_db()
        self.assertEqual(draft.data["what_happened"], "Ingen kallelse")

    def test_the_draft_is_gone_once_submitted(self) -> None:
        self.autosave({"what_happened": "Utkast"})
        draft = Draft.objects.get()
        c = self.county
        data = ReportForm.valid(self, draft=str(draft.uuid))  # type: ignore[arg-type]
        self.client.post(NEW, data)
        self.assertEqual(Report.objects.count(), 1)
        self.assertFalse(Draft.objects.exists())
        self.assertTrue(c)

    def test_a_refused_submit_keeps_the_draft(self) -> None:
        self.autosave({"what_happened": "Utkast"})
        draft = Draft.objects.get()
        self.client.post(NEW, {"draft": str(draft.uuid), "what_happened": "Utkast"})
        self.assertTrue(Draft.objects.filter(pk=draft.pk).exists())

    def test_someone_elses_draft_is_not_found(self) -> None:
        self.autosave({"what_happened": "Mitt utkast"})
        draft = Draft.objects.get()
        sign_in(self.client, self.county.colleague)
        self.assertEqual(self.client.get(draft.get_absolute_url()).status_code, 404)
        response = self.autosave({"draft": str(draft.uuid), "what_happened": "Kapat"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.autosave({"draft": "not-a-uuid", "what_happened": "x"}).status_code, 400)
        draft.refresh_from_db()
        self.assertEqual(draft.data["what_happened"], "Mitt utkast")

    def test_without_javascript_the_save_button_saves_and_shows_the_draft(self) -> None:
        response = self.client.post(SAVE, {"what_happened": "Utan skript"})
        draft = Draft.objects.get()
        self.assertRedirects(response, draft.get_absolute_url())

    def test_oversized_values_are_cut_not_crashed(self) -> None:
        self.autosave({"what_happened": "x" * 10000, "counterpart_units": ["1"] * 500})
        draft = Draft.objects.get()
        self.assertEqual(len(draft.data["what_happened"]), 4000)
        self.assertEqual(len(draft.data["counterpart_units"]), 50)


class StartedFromASource(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = DeviationCounty()

    def setUp(self) -> None:
        county = self.county

        def source(request: Any, key: str) -> dict[str, Any] | None:
            if key != "42":
                return None
            return {"agreement": "psychiatry", "category": "coordination",
                    "counterpart_units": [county.addiction_unit.uuid],
                    "what_happened": "Kallelsen till SIP avböjdes.", "source": "SIP invitation declined"}  # fmt: skip

        sources.register("test-source", source)
        sign_in(self.client, self.county.social_worker)

    def test_prefilled_from_a_registered_source(self) -> None:
        response = self.client.get(NEW + "?from=test-source:42")
        form = response.context["form"]
        self.assertEqual(form.initial["agreement"], "psychiatry")
        self.assertEqual(form.initial["counterpart_units"], [self.county.addiction_unit.pk])
        self.assertContains(response, "Kallelsen till SIP avböjdes.")
        self.assertContains(response, "SIP invitation declined")

    def test_an_unknown_source_or_key_starts_blank(self) -> None:
        for reference in ("test-source:43", "nothing:1", "test-source:", "<script>:1"):
            response = self.client.get(NEW, {"from": reference})
            self.assertEqual(response.status_code, 200)
            self.assertNotIn("agreement", response.context["form"].initial)
