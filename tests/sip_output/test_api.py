"""GET /api/v1/sips and GET /api/v1/sips/{id}/fhir: the fixed contract, through HTTP (issue 9, item 10).

FHIR: the bundle is FHIR R4. fhir.resources 8 models R5 by default (fhir.resources.bundle), where
CarePlan.activity.detail no longer exists; its R4B package is the closest to R4 it has (CarePlan,
CareTeam and Goal are the same as in R4), so the bundle and each resource are validated with it."""

import datetime

from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.careteam import CareTeam
from fhir.resources.R4B.goal import Goal as FhirGoal

from access.models import EmergencyAccess
from audit.models import Action, AuditEntry, Ground, Outcome
from audit.services import LISTED
from individuals.models import Consent
from sip import services
from sip.models import Outcome as SipOutcome
from sip.models import Sip
from tests.personas import CountyTestCase
from tests.sip import world
from tests.sip_output.helpers import agreed_sip

LIST = "/api/v1/sips"
KEYS = {"id", "status", "next_follow_up", "coordinating_unit"}
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def fhir_url(key: object) -> str:
    return f"{LIST}/{key}/fhir"


class ApiTestCase(CountyTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.sip, cls.version = agreed_sip(cls.county, 320)

    def new_entries(self, before: int) -> list[AuditEntry]:
        return list(AuditEntry.objects.order_by("pk")[before:])


class ListTests(ApiTestCase):
    def test_the_exact_shape(self) -> None:
        self.sign_in(self.county.social_worker)
        response = self.client.get(LIST)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        body = response.json()
        self.assertEqual(set(body), {"items", "count", "page", "pages", "limit"})
        self.assertEqual((body["count"], body["page"], body["pages"], body["limit"]), (1, 1, 1, 25))
        unit = self.county.adult_unit
        self.assertEqual(body["items"], [{
            "id": str(self.sip.uuid), "status": "agreed", "next_follow_up": self.sip.next_follow_up_on.isoformat(),
            "coordinating_unit": {"id": str(unit.uuid), "code": unit.code, "name": "Vuxenenheten Sundsvall"},
        }])  # fmt: skip
        self.assertEqual(set(body["items"][0]), KEYS)
        # Nothing that names the person.
        self.assertNotIn("Planssondotter", response.content.decode())
        self.assertNotIn(str(self.sip.individual.uuid), response.content.decode())

    def test_the_nurse_of_the_other_principal_sees_the_same_plan(self) -> None:
        self.sign_in(self.county.nurse)
        self.assertEqual([i["id"] for i in self.client.get(LIST).json()["items"]], [str(self.sip.uuid)])

    def test_the_list_read_is_logged_naming_every_listed_individual(self) -> None:
        second = world.full_sip(self.county, 321)
        self.sign_in(self.county.social_worker)
        before = AuditEntry.objects.count()
        self.client.get(LIST)
        [entry] = self.new_entries(before)
        self.assertEqual(
            (entry.action, entry.outcome, entry.ground, entry.object_type, entry.unit_id),
            (Action.READ, Outcome.ALLOWED, Ground.SIP_CONSENT, "sip.sip", self.county.adult_unit.pk),
        )
        self.assertEqual(set(entry.details[LISTED]), {str(self.sip.individual_id), str(second.individual_id)})
        # Only those on the page are named.
        before = AuditEntry.objects.count()
        self.client.get(LIST, {"limit": 1, "page": 2})
        [entry] = self.new_entries(before)
        self.assertEqual(len(entry.details[LISTED]), 1)
        # An empty page names no one, so it writes nothing.
        before = AuditEntry.objects.count()
        self.assertEqual(self.client.get(LIST, {"page": 9}).json()["items"], [])
        self.assertEqual(self.new_entries(before), [])

    def test_pages_and_the_status_filter(self) -> None:
        sips = [world.full_sip(self.county, 330 + n) for n in range(4)]
        today = timezone.localdate()
        for n, sip in enumerate(sips[:2]):
            Sip.objects.filter(pk=sip.pk).update(next_follow_up_on=today + datetime.timedelta(days=1 + n))
        self.sign_in(self.county.social_worker)
        seen = []
        for page in (1, 2, 3):
            body = self.client.get(LIST, {"limit": 2, "page": page}).json()
            self.assertEqual((body["count"], body["pages"], body["page"], body["limit"]), (5, 3, page, 2))
            seen += [i["id"] for i in body["items"]]
        self.assertEqual(len(seen), 5)
        self.assertEqual(set(seen), {str(s.uuid) for s in [self.sip, *sips]})
        # The next follow-up first; those without one last, by id.
        self.assertEqual(seen[:3], [str(sips[0].uuid), str(sips[1].uuid), str(self.sip.uuid)])
        invited = self.client.get(LIST, {"status": "invited"}).json()
        self.assertEqual({i["id"] for i in invited["items"]}, {str(s.uuid) for s in sips})
        self.assertEqual(self.client.get(LIST, {"status": "closed"}).json()["count"], 0)

    def test_other_units_and_withdrawn_consent_list_nothing(self) -> None:
        for user in (self.county.other_municipality_worker, self.county.analyst, self.county.admin):
            with self.subTest(user=user.username):
                self.sign_in(user)
                body = self.client.get(LIST).json()
                self.assertEqual((body["items"], body["count"], body["pages"]), ([], 0, 0))
        Consent.objects.filter(pk=self.sip.consent_id).update(withdrawn_at=timezone.now())
        self.sign_in(self.county.nurse)
        self.assertEqual(self.client.get(LIST).json()["count"], 0)

    def test_no_query_per_sip_participant_or_version(self) -> None:
        self.sign_in(self.county.social_worker)
        self.client.get(LIST)

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(LIST).status_code, 200)
            return len(captured)

        before = queries()
        for n in range(5):
            sip, _version = agreed_sip(self.county, 340 + n)
            services.participant_add_external(sip=sip, external_kind="school", organisation="Skolan", contact_name="",
                                              contact_phone="060-1", contact_email="",
                                              actor=world.actor(self.county.social_worker, self.county.adult_unit),
                                              ground="sip_consent")  # fmt: skip
        self.assertEqual(queries(), before)

    def test_bad_parameters_are_400_json_naming_the_field(self) -> None:
        self.sign_in(self.county.social_worker)
        cases = {"page": ["0", "-1", "x", "10001", "1" * 400], "limit": ["0", "101", "ten", ""],
                 "status": ["open", "<script>", "x" * 5000]}  # fmt: skip
        for field, values in cases.items():
            for value in values:
                with self.subTest(field=field, value=value[:20]):
                    response = self.client.get(LIST, {field: value}, HTTP_ACCEPT_LANGUAGE="en")
                    self.assertEqual(response.status_code, 400)
                    body = response.json()
                    self.assertEqual([e["field"] for e in body["errors"]], [field])
                    self.assertNotIn("<script>", response.content.decode())


class FhirTests(ApiTestCase):
    def test_the_bundle_is_valid_fhir_r4_with_the_care_plan_team_and_goals(self) -> None:
        self.sign_in(self.county.nurse)
        response = self.client.get(fhir_url(self.sip.uuid))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/fhir+json; charset=utf-8")
        self.assertEqual(response["Cache-Control"], "no-store")
        body = response.json()
        bundle = Bundle.model_validate(body)
        self.assertEqual(bundle.type, "collection")
        kinds = [e["resource"]["resourceType"] for e in body["entry"]]
        self.assertEqual(kinds, ["CarePlan", "CareTeam", "Goal", "Goal"])
        plan = CarePlan.model_validate(body["entry"][0]["resource"])
        team = CareTeam.model_validate(body["entry"][1]["resource"])
        goals = [FhirGoal.model_validate(e["resource"]) for e in body["entry"][2:]]
        self.assertEqual((plan.id, plan.status, plan.intent), (str(self.sip.uuid), "active", "plan"))
        self.assertEqual(plan.description, "Dricker mycket; vill behålla lägenheten.")
        self.assertEqual(plan.subject.identifier.value, self.sip.individual.identity_number)
        self.assertEqual(plan.careTeam[0].reference, body["entry"][1]["fullUrl"])
        self.assertEqual([g.reference for g in plan.goal], [e["fullUrl"] for e in body["entry"][2:]])
        self.assertEqual([a.detail.code.coding[0].code for a in plan.activity[:2]],
                         ["housing-support", "medication-assisted"])  # fmt: skip
        self.assertEqual(plan.activity[2].detail.performer[0].display, "Arbetsförmedlingen")
        self.assertEqual(plan.period.start.isoformat(), self.sip.agreed_on.isoformat())
        members = [p.member.display for p in team.participant]
        roles = [p.role[0].coding[0].code for p in team.participant]
        self.assertEqual(sorted(zip(roles, members, strict=True)), [
            ("coordinator", "Vuxenenheten Sundsvall"),
            ("staff", f"{self.county.social_worker.get_full_name()} (Vuxenenheten Sundsvall)"),
            ("unit", "Beroendecentrum"), ("unit", "Vuxenenheten Sundsvall")])  # fmt: skip
        self.assertEqual(team.status, "active")
        self.assertEqual([(g.description.text, g.lifecycleStatus) for g in goals],
                         [("Sova bättre", "active"), ("Ha ett arbete", "active")])  # fmt: skip
        self.assertEqual(goals[0].expressedBy.display, "Sippa Planssondotter")  # in the individual's own words
        self.assertIsNone(goals[1].expressedBy)
        # Nothing about violence, no minutes, no phone numbers.
        text = response.content.decode()
        for absent in ("violence", "none", "Jag vill sova bättre", "phone", "telecom"):
            self.assertNotIn(absent, text)

    def test_ids_are_stable_and_an_evaluated_goal_carries_its_outcome(self) -> None:
        self.sign_in(self.county.social_worker)
        first = self.client.get(fhir_url(self.sip.uuid)).json()
        goals = list(self.sip.goals.order_by("order", "pk"))
        services.follow_up_record(
            sip=self.sip, held_on=timezone.localdate(), goal_outcomes={goals[0].pk: SipOutcome.ACHIEVED,
                                                                       goals[1].pk: SipOutcome.PARTLY},
            intervention_outcomes={i.pk: SipOutcome.PARTLY for i in self.sip.interventions.all()},
            decision="continue", reason="Går framåt.",
            next_follow_up_on=timezone.localdate() + datetime.timedelta(days=90),
            actor=world.actor(self.county.social_worker, self.county.adult_unit), ground="sip_consent")  # fmt: skip
        second = self.client.get(fhir_url(self.sip.uuid)).json()
        self.assertEqual([e["fullUrl"] for e in first["entry"]], [e["fullUrl"] for e in second["entry"]])
        Bundle.model_validate(second)
        achieved = [FhirGoal.model_validate(e["resource"]) for e in second["entry"][2:]]
        self.assertEqual([g.achievementStatus.coding[0].code for g in achieved], ["achieved", "improving"])
        self.assertEqual(achieved[0].lifecycleStatus, "completed")

    def test_a_plan_not_agreed_is_a_draft_and_a_closed_one_is_revoked(self) -> None:
        sip = world.full_sip(self.county, 322)
        self.sign_in(self.county.social_worker)
        body = self.client.get(fhir_url(sip.uuid)).json()
        Bundle.model_validate(body)
        self.assertEqual(body["entry"][0]["resource"]["status"], "draft")
        self.assertEqual(len(body["entry"]), 2)  # no goals yet
        services.sip_close(sip=sip, reason="Vill inte längre.", actor=world.actor(self.county.social_worker,
                           self.county.adult_unit), ground="sip_consent")  # fmt: skip
        body = self.client.get(fhir_url(sip.uuid)).json()
        Bundle.model_validate(body)
        self.assertEqual(body["entry"][0]["resource"]["status"], "revoked")
        self.assertEqual(body["entry"][1]["resource"]["status"], "inactive")

    def test_the_read_is_logged_as_an_export_through_the_consent(self) -> None:
        self.sign_in(self.county.nurse)
        before = AuditEntry.objects.count()
        self.client.get(fhir_url(self.sip.uuid))
        [entry] = self.new_entries(before)
        self.assertEqual((entry.action, entry.outcome, entry.ground, entry.individual_id, entry.unit_id),
                         (Action.EXPORT, Outcome.ALLOWED, Ground.SIP_CONSENT, self.sip.individual_id,
                          self.county.addiction_unit.pk))  # fmt: skip


class FhirRefusalTests(ApiTestCase):
    def assert_logged_404(self, key: object, individual_id: int | None) -> dict:  # type: ignore[type-arg]
        before = AuditEntry.objects.count()
        response = self.client.get(fhir_url(key), HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 404)
        self.assertTrue(response["Content-Type"].startswith("application/json"))
        [entry] = self.new_entries(before)
        self.assertEqual((entry.outcome, entry.individual_id, entry.object_type, entry.object_id),
                         (Outcome.DENIED, individual_id, "sip.sip", str(key)))  # fmt: skip
        return response.json()

    def test_another_unit_gets_the_same_404_as_an_unknown_id_and_it_is_logged(self) -> None:
        self.sign_in(self.county.other_municipality_worker)
        theirs = self.assert_logged_404(self.sip.uuid, self.sip.individual_id)
        unknown = self.assert_logged_404(UNKNOWN, None)
        self.assertEqual(theirs, unknown)
        self.assertEqual(theirs, {"detail": "Not found."})

    def test_roles_without_care_access_get_the_404(self) -> None:
        for user in (self.county.analyst, self.county.admin):
            with self.subTest(user=user.username):
                self.sign_in(user)
                self.assert_logged_404(self.sip.uuid, self.sip.individual_id)

    def test_after_withdrawal_sharing_ends_at_once(self) -> None:
        Consent.objects.filter(pk=self.sip.consent_id).update(withdrawn_at=timezone.now())
        self.sign_in(self.county.nurse)
        self.assert_logged_404(self.sip.uuid, self.sip.individual_id)

    def test_emergency_access_gets_no_export(self) -> None:
        EmergencyAccess.objects.create(
            user=self.county.other_municipality_worker, unit=self.county.other_municipality_unit,
            individual=self.sip.individual, reason="unconscious", explanation="Medvetslös vid ankomst",
            expires_at=timezone.now() + datetime.timedelta(hours=4),
        )  # fmt: skip
        self.sign_in(self.county.other_municipality_worker)
        before = AuditEntry.objects.count()
        response = self.client.get(fhir_url(self.sip.uuid), HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json(), {"detail": "You may not do this."})
        [entry] = self.new_entries(before)
        self.assertEqual((entry.action, entry.outcome, entry.ground), (Action.EXPORT, Outcome.DENIED, "emergency"))
        # Nor is the plan in the list: emergency access opens one plan by its id, never a list.
        self.assertEqual(self.client.get(LIST).json()["count"], 0)

    def test_a_malformed_id_is_the_json_404_of_an_unknown_id(self) -> None:
        # The route takes only a UUID (so the URL walk tries it through the door); anything else
        # names no plan, and gets the answer an unknown plan gets.
        self.sign_in(self.county.social_worker)
        unknown = self.client.get(fhir_url(UNKNOWN), HTTP_ACCEPT_LANGUAGE="en")
        for bad in ("nope", "1", "0" * 300, "%3Cscript%3E", str(self.sip.uuid)[:-1]):
            with self.subTest(bad=bad[:20]):
                response = self.client.get(fhir_url(bad), HTTP_ACCEPT_LANGUAGE="en")
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response.json(), unknown.json())

    def test_anonymous_and_no_second_factor_are_401(self) -> None:
        for url in (LIST, fhir_url(self.sip.uuid)):
            with self.subTest(url=url):
                self.client.logout()
                response = self.client.get(url, HTTP_ACCEPT_LANGUAGE="en")
                self.assertEqual((response.status_code, response.json()), (401, {"detail": "Sign in first."}))
                self.sign_in(self.county.nurse, second_factor=False)
                response = self.client.get(url, HTTP_ACCEPT_LANGUAGE="en")
                self.assertEqual(response.status_code, 401)
                self.assertIn("second factor", response.json()["detail"])
                self.assertNotIn(str(self.sip.uuid), response.content.decode())

    def test_no_membership_is_403_on_the_list_a_logged_404_on_a_plan_and_writes_are_405(self) -> None:
        self.sign_in(self.county.no_membership, second_factor=False)
        self.assertEqual(self.client.get(LIST).status_code, 403)
        last = AuditEntry.objects.aggregate(last=Max("pk"))["last"] or 0
        self.assertEqual(self.client.get(fhir_url(self.sip.uuid)).status_code, 404)
        refused = AuditEntry.objects.filter(pk__gt=last, individual_id=self.sip.individual_id)
        self.assertEqual([e.outcome for e in refused], [Outcome.DENIED])
        self.sign_in(self.county.social_worker)
        for url in (LIST, fhir_url(self.sip.uuid)):
            for method in ("post", "put", "delete"):
                with self.subTest(url=url, method=method):
                    response = getattr(self.client, method)(url)
                    self.assertEqual((response.status_code, response["Allow"]), (405, "GET"))


class OpenApiTests(CountyTestCase):
    def test_both_operations_are_described(self) -> None:
        document = self.client.get("/api/v1/openapi.json").json()
        paths = document["paths"]
        listing = paths["/api/v1/sips"]["get"]
        self.assertEqual({p["name"] for p in listing["parameters"]}, {"page", "limit", "status"})
        schemas = document["components"]["schemas"]
        self.assertEqual(set(schemas["SipOut"]["properties"]), KEYS)
        self.assertEqual(set(schemas["SipOut"]["required"]), KEYS)
        self.assertIn("security", listing)
        fhir = paths["/api/v1/sips/{id}/fhir"]["get"]
        self.assertEqual([p["name"] for p in fhir["parameters"]], ["id"])
        self.assertEqual(fhir["parameters"][0]["schema"]["format"], "uuid")
        self.assertIn("application/fhir+json", fhir["responses"]["200"]["content"])
        self.assertIn("404", fhir["responses"])
