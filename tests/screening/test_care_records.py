"""Results over time on the individual's page (chart and table, change since the first, query count
constant), the FHIR export (validated with fhir.resources), checklists by the rules of
../shared/reference/instruments.md, ASI/ADAD ratings, coverage, and a SIP goal citing a result."""

import datetime
import json

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from audit.models import Action, AuditEntry, Outcome
from individuals.models import ActiveRelation
from screening import checklists
from screening.care_services import result_give
from screening.models import InstrumentVersion
from screening.models_care import Checklist, Interview, Result
from tests.personas import County, sign_in
from tests.screening.care_world import give, person

AUDIT_7 = [1, 1, 1, 1, 1, 1, 1, 0, 0, 0]


def many(county: County, individual, count: int, code: str = "audit") -> None:  # type: ignore[no-untyped-def]
    version = InstrumentVersion.objects.get(instrument__code=code, is_current=True)
    start = datetime.date.today() - datetime.timedelta(days=count)
    for index in range(count):
        answers = [index % 5, 0, 0, 0, 0, 0, 0, 0, 0, 0] if code == "audit" else [0] * len(version.parsed.items)
        result_give(individual=individual, version=version, answers=answers, sex="female", age=45,
                    setting="follow_up", mode="interview", given_on=start + datetime.timedelta(days=index),
                    unit=county.addiction_unit, user=county.nurse)  # fmt: skip


class OverTime(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = County()
        cls.alva = person(cls.county, 601)

    def setUp(self) -> None:
        sign_in(self.client, self.county.nurse)

    def test_the_chart_and_table_show_every_result_and_the_change(self) -> None:
        give(
            self.client,
            self.alva,
            "audit",
            [4, 4, 4, 4, 4, 4, 4, 4, 4, 4],
            given_on=datetime.date.today() - datetime.timedelta(days=30),
        )
        give(self.client, self.alva, "audit", AUDIT_7)
        page = self.client.get(self.alva.get_absolute_url())
        self.assertContains(page, 'role="img"')
        self.assertContains(page, '<title id="chart-audit-title">')
        self.assertContains(page, '<desc id="chart-audit-desc">')
        self.assertContains(page, 'data-testid="change-audit"')
        self.assertContains(page, "-33")  # 40 then 7
        self.assertContains(page, "<polyline")

    def test_query_count_does_not_grow_with_results(self) -> None:
        many(self.county, self.alva, 2)
        self.client.get(self.alva.get_absolute_url())  # warm the per-process caches (content types, session)
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.alva.get_absolute_url())
        many(self.county, self.alva, 60)
        many(self.county, self.alva, 5, code="dudit")
        with CaptureQueriesContext(connection) as lots:
            response = self.client.get(self.alva.get_absolute_url())
        self.assertContains(response, "<polyline", count=2)
        self.assertEqual(len(few), len(lots))

    def test_a_blocked_units_results_are_hidden_from_other_units(self) -> None:
        many(self.county, self.alva, 1)
        from access.models import Block

        ActiveRelation.objects.create(individual=self.alva, unit=self.county.adult_unit, contact_kind="support",
                                      opened_by=self.county.social_worker)  # fmt: skip
        Block.objects.create(individual=self.alva, unit=self.county.addiction_unit, created_by=self.county.nurse)
        sign_in(self.client, self.county.social_worker)
        page = self.client.get(self.alva.get_absolute_url())
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "<polyline")
        self.assertNotContains(page, 'data-instrument="audit"')
        result = Result.objects.get()
        self.assertEqual(self.client.get(result.get_absolute_url()).status_code, 404)


class Fhir(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = County()
        cls.alva = person(cls.county, 602)

    def setUp(self) -> None:
        sign_in(self.client, self.county.nurse)

    def fhir(self, code: str, answers: list[int | None]):  # type: ignore[no-untyped-def]
        give(self.client, self.alva, code, answers)
        result = Result.objects.latest("pk")
        return result, self.client.get(f"/api/v1/screenings/{result.uuid}/fhir")

    def test_audit_is_a_valid_bundle_with_the_loinc_total(self) -> None:
        result, response = self.fhir("audit", [0, None, None, None, None, None, None, None, 2, 4])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/fhir+json")
        body = json.loads(response.content)
        Bundle.model_validate(body)
        qr, obs = (entry["resource"] for entry in body["entry"])
        self.assertEqual(qr["resourceType"], "QuestionnaireResponse")
        self.assertEqual(qr["questionnaire"], "http://loinc.org/q/72110-0")
        self.assertNotIn("answer", qr["item"][1])  # skipped by the rule: no answer, not 0
        self.assertEqual(obs["code"]["coding"][0], {"system": "http://loinc.org", "code": "75624-7"})
        self.assertEqual(obs["valueInteger"], 6)
        self.assertNotIn("Alva", response.content.decode())
        self.assertTrue(AuditEntry.objects.filter(action=Action.EXPORT, outcome=Outcome.ALLOWED,
                                                  individual_id=self.alva.pk).exists())  # fmt: skip

    def test_audit_c_uses_its_own_code_and_dudit_has_none(self) -> None:
        _result, response = self.fhir("audit-c", [2, 1, 1])
        Bundle.model_validate(json.loads(response.content))
        self.assertIn('"75626-2"', response.content.decode())
        _result, response = self.fhir("dudit", [0] * 11)
        body = json.loads(response.content)
        Bundle.model_validate(body)
        self.assertNotIn("loinc", json.dumps(body["entry"][1]["resource"]["code"]))

    def test_others_and_unknown_ids_get_the_same_logged_404(self) -> None:
        result, _response = self.fhir("audit", AUDIT_7)
        sign_in(self.client, self.county.social_worker)
        refused = self.client.get(f"/api/v1/screenings/{result.uuid}/fhir")
        unknown = self.client.get("/api/v1/screenings/00000000-0000-0000-0000-000000000000/fhir")
        self.assertEqual((refused.status_code, unknown.status_code), (404, 404))
        self.assertEqual(refused.content, unknown.content)
        self.assertTrue(AuditEntry.objects.filter(outcome=Outcome.DENIED, individual_id=self.alva.pk,
                                                  object_type="screening.result").exists())  # fmt: skip
        self.client.logout()
        self.assertIn(self.client.get(f"/api/v1/screenings/{result.uuid}/fhir").status_code, (401, 403))

    def test_the_operation_is_in_the_openapi_description(self) -> None:
        schema = self.client.get("/api/v1/openapi.json").json()
        self.assertIn("/api/v1/screenings/{result_id}/fhir", schema["paths"])


class ChecklistRules(TestCase):
    """From the reference's table, not from the code."""

    def test_dsm5_substance_use_disorder(self) -> None:
        codes = [c.code for c in checklists.DSM5_SUD.criteria]
        expected = {0: (False, ""), 1: (False, ""), 2: (True, "mild"), 3: (True, "mild"), 4: (True, "moderate"),
                    5: (True, "moderate"), 6: (True, "severe"), 11: (True, "severe")}  # fmt: skip
        for count, (met, severity) in expected.items():
            outcome = checklists.evaluate(checklists.DSM5_SUD, codes[:count])
            self.assertEqual((outcome.count, outcome.met, outcome.severity), (count, met, severity), count)

    def test_tolerance_and_withdrawal_do_not_count_under_medical_supervision(self) -> None:
        ticked = ["tolerance", "withdrawal", "craving"]
        self.assertEqual(checklists.evaluate(checklists.DSM5_SUD, ticked).count, 3)
        supervised = checklists.evaluate(checklists.DSM5_SUD, ticked, supervised_treatment=True)
        self.assertEqual((supervised.count, supervised.met), (1, False))

    def test_icd10_three_of_six_and_icd11_two_of_three(self) -> None:
        icd10 = [c.code for c in checklists.ICD10_DEPENDENCE.criteria]
        self.assertEqual(len(icd10), 6)
        self.assertFalse(checklists.evaluate(checklists.ICD10_DEPENDENCE, icd10[:2]).met)
        self.assertTrue(checklists.evaluate(checklists.ICD10_DEPENDENCE, icd10[:3]).met)
        icd11 = [c.code for c in checklists.ICD11_DEPENDENCE.criteria]
        self.assertEqual(len(icd11), 3)
        self.assertFalse(checklists.evaluate(checklists.ICD11_DEPENDENCE, icd11[:1]).met)
        self.assertTrue(checklists.evaluate(checklists.ICD11_DEPENDENCE, icd11[:2]).met)

    def test_dsm5_gambling_disorder(self) -> None:
        codes = [c.code for c in checklists.DSM5_GAMBLING.criteria]
        self.assertEqual(len(codes), 9)
        expected = {3: (False, ""), 4: (True, "mild"), 5: (True, "mild"), 6: (True, "moderate"),
                    7: (True, "moderate"), 8: (True, "severe"), 9: (True, "severe")}  # fmt: skip
        for count, (met, severity) in expected.items():
            outcome = checklists.evaluate(checklists.DSM5_GAMBLING, codes[:count])
            self.assertEqual((outcome.met, outcome.severity), (met, severity), count)

    def test_unknown_criteria_raise(self) -> None:
        with self.assertRaises(ValueError):
            checklists.evaluate(checklists.ICD11_DEPENDENCE, ["tolerance"])


class ChecklistAndInterviewPages(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = County()
        cls.alva = person(cls.county, 603)

    def setUp(self) -> None:
        sign_in(self.client, self.county.nurse)

    def test_a_dsm5_checklist_is_counted_and_shown(self) -> None:
        url = reverse("screening:checklist", args=[self.alva.uuid, "dsm5_sud"])
        self.assertEqual(self.client.get(url).status_code, 200)
        data = {"system": "dsm5_sud", "substance": "F10", "assessed_on": datetime.date.today().isoformat(),
                "criteria": ["craving", "tolerance", "withdrawal", "role_failure"],
                "supervised_treatment": "on"}  # fmt: skip
        self.assertRedirects(self.client.post(url, data), self.alva.get_absolute_url())
        record = Checklist.objects.get()
        self.assertEqual((record.count, record.met, record.severity), (2, True, "mild"))
        self.assertContains(self.client.get(self.alva.get_absolute_url()), "F10")

    def test_bad_checklist_input_is_refused_and_nothing_stored(self) -> None:
        url = reverse("screening:checklist", args=[self.alva.uuid, "dsm5_gambling"])
        today = datetime.date.today().isoformat()
        for data in (
            {"system": "dsm5_gambling", "substance": "F10", "assessed_on": today},  # gambling is F63.0
            {"system": "dsm5_gambling", "substance": "F63.0", "assessed_on": today, "criteria": ["craving"]},
            {"system": "dsm5_sud", "substance": "F63.0", "assessed_on": today},
            {"system": "dsm5_gambling", "substance": "F63.0", "assessed_on": "2999-01-01"},
        ):
            with self.subTest(data=data):
                self.assertEqual(self.client.post(url, data).status_code, 400)
        self.assertFalse(Checklist.objects.exists())
        self.assertEqual(
            self.client.get(reverse("screening:checklist", args=[self.alva.uuid, "dsm4"])).status_code, 404
        )

    def test_an_asi_interview_with_every_area_rated(self) -> None:
        url = reverse("screening:interview", args=[self.alva.uuid, "asi"])
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200)
        data = {"kind": "intake", "done_on": datetime.date.today().isoformat(), "interviewer": self.county.nurse.pk,
                "certification": "ASI-utbildning 2024"}  # fmt: skip
        areas = ["physical_health", "work_support", "alcohol", "drugs", "legal", "family_social", "mental_health"]
        bad = {**data, **{f"area_{a}": "5" for a in areas}, "area_alcohol": "10"}
        self.assertEqual(self.client.post(url, bad).status_code, 400)
        missing = {**data, **{f"area_{a}": "5" for a in areas[:-1]}}
        self.assertEqual(self.client.post(url, missing).status_code, 400)
        self.assertFalse(Interview.objects.exists())
        good = {**data, **{f"area_{a}": str(i) for i, a in enumerate(areas)}}
        self.assertRedirects(self.client.post(url, good), self.alva.get_absolute_url())
        self.assertEqual(Interview.objects.get().ratings["mental_health"], 6)
        self.assertContains(self.client.get(self.alva.get_absolute_url()), "ASI-utbildning 2024")

    def test_an_adad_interview_asks_nine_areas(self) -> None:
        page = self.client.get(reverse("screening:interview", args=[self.alva.uuid, "adad"]))
        self.assertEqual(len(page.context["form"].area_names), 9)


class Coverage(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = County()

    def test_the_manager_sees_the_share_of_new_visits(self) -> None:
        sign_in(self.client, self.county.social_worker)
        self.assertEqual(self.client.get(reverse("screening:coverage")).status_code, 403)
        # Two new visits at the adult unit this month; one given AUDIT at a new visit.
        from tests.screening.care_world import person as register

        first = register(self.county, 604)
        second = register(self.county, 605)
        for individual in (first, second):
            ActiveRelation.objects.create(individual=individual, unit=self.county.adult_unit, contact_kind="support",
                                          opened_by=self.county.social_worker)  # fmt: skip
        version = InstrumentVersion.objects.get(instrument__code="audit", is_current=True)
        result_give(individual=first, version=version, answers=AUDIT_7, sex="female", age=40, setting="new_visit",
                    mode="self", given_on=datetime.date.today(), unit=self.county.adult_unit,
                    user=self.county.social_worker)  # fmt: skip
        sign_in(self.client, self.county.manager)
        page = self.client.get(reverse("screening:coverage"))
        self.assertEqual(page.status_code, 200)
        row = next(r for r in page.context["rows"] if r.unit_name == self.county.adult_unit.name)
        self.assertEqual((row.new_relations, row.audit, row.audit_share, row.dudit_share), (2, 1, 50, 0))
        self.assertNotContains(page, "Alva")


class FhirWithoutACareRole(TestCase):
    def test_a_user_without_a_care_role_gets_the_logged_404(self) -> None:
        county = County()
        alva = person(county, 610)
        version = InstrumentVersion.objects.get(instrument__code="audit", is_current=True)
        result = result_give(individual=alva, version=version, answers=AUDIT_7, sex="female", age=40,
                             setting="new_visit", mode="self", given_on=datetime.date.today(),
                             unit=county.addiction_unit, user=county.nurse)  # fmt: skip
        for user in (county.analyst, county.no_membership):
            sign_in(self.client, user)
            self.assertEqual(self.client.get(f"/api/v1/screenings/{result.uuid}/fhir").status_code, 404)
            self.assertTrue(AuditEntry.objects.filter(user_id=user.pk, outcome=Outcome.DENIED,
                                                      individual_id=alva.pk).exists())  # fmt: skip
