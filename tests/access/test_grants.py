"""The door's grants: through which membership, what they open, and the decisions as pure functions.

Issue 7 §3: a user with two memberships (analyst at the regional office, current in the session,
and social worker elsewhere) reading through the social-work unit is logged with that unit and
role, for every ground. Issue 7 §8: a SIP consent that names only other units opens nothing, and a
merged-away record's old id is a 404. Issue 7 §7: an invalid form POST is logged as a denied,
invalid attempt, never as an allowed update."""

from django.urls import reverse
from django.utils import timezone

from access import services as access_services
from access.models import EmergencyReason
from access.policy import Section, individual_grant, log_extract_grant, sip_party_units
from audit.models import Action, AuditEntry, Ground, Outcome
from audit.services import Actor
from individuals import services
from individuals.identity import parse_identity_number
from individuals.models import Individual
from organisations.middleware import SESSION_KEY
from organisations.roles import Role
from tests.access.world import identity_number
from tests.factories import MembershipFactory
from tests.personas import CountyTestCase


class TwoMembershipTests(CountyTestCase):
    """The analyst also works as a social worker at the other municipality's unit; the session's
    current membership stays the analyst's."""

    def setUp(self) -> None:
        county = self.county
        self.analyst = county.analyst
        self.social_work = MembershipFactory(user=self.analyst, unit=county.other_municipality_unit,
                                             role=Role.SOCIAL_WORKER)  # fmt: skip
        self.by_nurse = Actor(user_id=county.nurse.pk, unit_id=county.addiction_unit.pk, role="nurse")
        self.robin = services.individual_register(
            number=parse_identity_number(identity_number(40)), first_name="Robin", last_name="Provsson",
            municipality=None, unit=county.addiction_unit, contact_kind="care", actor=self.by_nurse,

        )  # fmt: skip
        self.sign_in(self.analyst)
        session = self.client.session
        session[SESSION_KEY] = self.analyst.memberships.get(role=Role.ANALYST).pk
        session.save()

    def read(self) -> AuditEntry:
        response = self.client.get(self.robin.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        return AuditEntry.objects.filter(user=self.analyst, action=Action.READ).latest("pk")

    def assert_through_social_work(self, entry: AuditEntry, ground: Ground) -> None:
        expected = (self.county.other_municipality_unit.pk, Role.SOCIAL_WORKER, ground, Outcome.ALLOWED)
        self.assertEqual((entry.unit_id, entry.role, entry.ground, entry.outcome), expected)

    def test_relation(self) -> None:
        services.relation_open(individual=self.robin, unit=self.county.other_municipality_unit, contact_kind="care",
                               actor=self.by_nurse)  # fmt: skip
        self.assert_through_social_work(self.read(), Ground.RELATION)

    def test_sip_consent(self) -> None:
        services.consent_record(
            individual=self.robin, given_by="individual", guardian_name="", for_sip=True, for_sharing=False,
            for_relatives=False, parties=[self.county.addiction_unit, self.county.other_municipality_unit],
            relatives=[], form="oral", valid_from=timezone.localdate(), valid_until=None, actor=self.by_nurse,
            ground=Ground.RELATION,
        )  # fmt: skip
        self.assert_through_social_work(self.read(), Ground.SIP_CONSENT)

    def test_emergency_access_goes_through_its_own_unit(self) -> None:
        access_services.emergency_access_start(
            individual=self.robin, user=self.analyst, unit=self.county.other_municipality_unit,
            reason=EmergencyReason.LIFE_OR_HEALTH, explanation="Medvetslös.",
            actor=Actor.for_membership(self.analyst, self.social_work),
        )  # fmt: skip
        self.assert_through_social_work(self.read(), Ground.EMERGENCY)

    def test_a_write_goes_through_the_grant_and_the_record_carries_its_unit(self) -> None:
        services.relation_open(individual=self.robin, unit=self.county.other_municipality_unit, contact_kind="care",
                               actor=self.by_nurse)  # fmt: skip
        url = reverse("relative_create", args=[self.robin.uuid])
        response = self.client.post(url, {"name": "Ny Anhörig", "relation": "friend", "phone": ""})
        self.assertEqual(response.status_code, 302)
        created = AuditEntry.objects.filter(user=self.analyst, action=Action.CREATE).latest("pk")
        self.assertEqual((created.unit_id, created.role), (self.county.other_municipality_unit.pk, Role.SOCIAL_WORKER))
        self.assertEqual(self.robin.relatives.latest("pk").unit_id, self.county.other_municipality_unit.pk)

    def test_management_goes_through_the_managed_unit(self) -> None:
        # The manager also works as a therapist at the addiction unit, current in the session.
        manager = self.county.manager
        therapist = MembershipFactory(user=manager, unit=self.county.addiction_unit, role=Role.THERAPIST)
        services.relation_open(individual=self.robin, unit=self.county.adult_unit, contact_kind="care",
                               actor=self.by_nurse)  # fmt: skip
        self.sign_in(manager)
        session = self.client.session
        session[SESSION_KEY] = therapist.pk
        session.save()
        self.assertEqual(self.client.get(reverse("log_extract", args=[self.robin.uuid])).status_code, 200)
        self.client.get(reverse("log_review"))
        for action in (Action.LOG_EXTRACT, Action.LOG_REVIEW):
            entry = AuditEntry.objects.filter(user=manager, action=action).latest("pk")
            self.assertEqual((entry.unit_id, entry.role, entry.ground),
                             (self.county.adult_unit.pk, Role.UNIT_MANAGER, Ground.MANAGEMENT), action)  # fmt: skip


class DecisionTests(CountyTestCase):
    """The policy's decisions as pure functions (no HTTP): fast cells beside the matrix's walk."""

    def setUp(self) -> None:
        county = self.county
        self.by_nurse = Actor(user_id=county.nurse.pk, unit_id=county.addiction_unit.pk, role="nurse")
        self.individual = services.individual_register(
            number=parse_identity_number(identity_number(41)), first_name="Sam", last_name="Provsson",
            municipality=None, unit=county.addiction_unit, contact_kind="care", actor=self.by_nurse,

        )  # fmt: skip

    def sip(self, parties: list) -> None:
        services.consent_record(
            individual=self.individual, given_by="individual", guardian_name="", for_sip=True, for_sharing=False,
            for_relatives=False, parties=parties, relatives=[], form="oral", valid_from=timezone.localdate(),
            valid_until=None, actor=self.by_nurse, ground=Ground.RELATION,
        )  # fmt: skip

    def test_a_sip_consent_naming_only_other_units_opens_nothing(self) -> None:
        county = self.county
        self.sip([county.addiction_unit, county.other_municipality_unit])
        own = frozenset({county.adult_unit.pk})
        self.assertEqual(sip_party_units(self.individual.pk, own), {})
        for persona in (county.social_worker, county.colleague, county.manager):
            self.assertIsNone(individual_grant(persona, self.individual), persona)
        grant = individual_grant(county.other_municipality_worker, self.individual)
        assert grant is not None
        self.assertEqual(grant.ground, Ground.SIP_CONSENT)

    def test_a_sip_consent_opens_the_parties_records_not_every_units(self) -> None:
        county = self.county
        self.sip([county.addiction_unit, county.other_municipality_unit])
        grant = individual_grant(county.other_municipality_worker, self.individual)
        assert grant is not None
        self.assertTrue(grant.shows_record(Section.DISCLOSURES, county.addiction_unit.pk))
        self.assertFalse(grant.shows_record(Section.DISCLOSURES, county.adult_unit.pk))
        self.assertFalse(grant.shows_record(Section.RELATIVES, county.adult_unit.pk))

    def test_a_relation_opens_shared_basics_and_only_its_own_units_records(self) -> None:
        county = self.county
        services.relation_open(individual=self.individual, unit=county.adult_unit, contact_kind="care",
                               actor=self.by_nurse)  # fmt: skip
        grant = individual_grant(county.social_worker, self.individual)
        assert grant is not None
        self.assertTrue(grant.shows_record(Section.RELATIVES, county.addiction_unit.pk))
        self.assertTrue(grant.shows_record(Section.CONSENTS, None))  # legacy: everyone's basics
        self.assertTrue(grant.shows_record(Section.DISCLOSURES, county.adult_unit.pk))
        self.assertFalse(grant.shows_record(Section.DISCLOSURES, county.addiction_unit.pk))
        access_services.block_create(individual=self.individual, unit=county.addiction_unit, user=county.nurse,
                                     actor=self.by_nurse, ground=Ground.RELATION)  # fmt: skip
        grant = individual_grant(county.social_worker, self.individual)
        assert grant is not None
        self.assertFalse(grant.shows_record(Section.RELATIVES, county.addiction_unit.pk))
        self.assertFalse(grant.shows_record(Section.CONSENTS, county.addiction_unit.pk))

    def test_emergency_opens_every_unblocked_record(self) -> None:
        county = self.county
        access_services.emergency_access_start(
            individual=self.individual, user=county.social_worker, unit=county.adult_unit,
            reason=EmergencyReason.LIFE_OR_HEALTH, explanation="Medvetslös.",
            actor=Actor(user_id=county.social_worker.pk, unit_id=county.adult_unit.pk, role="social_worker"),
        )  # fmt: skip
        grant = individual_grant(county.social_worker, self.individual)
        assert grant is not None
        self.assertEqual(grant.ground, Ground.EMERGENCY)
        self.assertTrue(grant.shows_record(Section.DISCLOSURES, county.addiction_unit.pk))

    def test_the_log_extract_opens_no_record_section(self) -> None:
        county = self.county
        services.relation_open(individual=self.individual, unit=county.adult_unit, contact_kind="care",
                               actor=self.by_nurse)  # fmt: skip
        grant = log_extract_grant(county.manager, self.individual)
        assert grant is not None
        self.assertFalse(grant.shows(Section.RELATIVES) or grant.shows(Section.CONTACT))


class DoorTests(CountyTestCase):
    def setUp(self) -> None:
        county = self.county
        self.by_worker = Actor(user_id=county.social_worker.pk, unit_id=county.adult_unit.pk, role="social_worker")
        self.individual = services.individual_register(
            number=parse_identity_number(identity_number(42)), first_name="Kim", last_name="Provsson",
            municipality=None, unit=county.adult_unit, contact_kind="care", actor=self.by_worker,

        )  # fmt: skip
        self.sign_in(county.social_worker)

    def test_a_merged_away_records_old_id_is_a_404(self) -> None:
        survivor = services.individual_register(
            number=parse_identity_number(identity_number(43)), first_name="Kim", last_name="Provsson",
            municipality=None, unit=self.county.adult_unit, contact_kind="care", actor=self.by_worker,

        )  # fmt: skip
        Individual.objects.filter(pk=self.individual.pk).update(merged_into=survivor)
        response = self.client.get(self.individual.get_absolute_url())
        self.assertEqual(response.status_code, 404)
        entry = AuditEntry.objects.filter(user=self.county.social_worker).latest("pk")
        self.assertEqual((entry.outcome, entry.individual_id), (Outcome.DENIED, None))

    def test_an_invalid_form_is_logged_as_a_refused_attempt_not_an_update(self) -> None:
        last = AuditEntry.objects.latest("pk").pk
        url = reverse("child_create", args=[self.individual.uuid])
        response = self.client.post(url, {"birth_year": "1700", "note": "x" * 5000})
        self.assertEqual(response.status_code, 400)
        entries = list(AuditEntry.objects.filter(pk__gt=last))
        self.assertEqual([(e.action, e.outcome, e.details.get("invalid")) for e in entries],
                         [(Action.UPDATE, Outcome.DENIED, True)])  # fmt: skip
        self.assertFalse(self.individual.children.exists())

    def test_an_action_refused_by_the_service_is_explicit_and_logged(self) -> None:
        # The relation is already open at the unit: a 400 that says so, logged as an invalid attempt.
        last = AuditEntry.objects.latest("pk").pk
        response = self.client.post(reverse("relation_open", args=[self.individual.uuid]), {"contact_kind": "care"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Vuxenenheten", status_code=400)
        entries = list(AuditEntry.objects.filter(pk__gt=last))
        self.assertEqual([(e.action, e.outcome) for e in entries], [(Action.UPDATE, Outcome.DENIED)])

    def test_unknown_and_not_yours_run_the_same_queries(self) -> None:
        import uuid

        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        outsider = services.individual_register(
            number=parse_identity_number(identity_number(44)), first_name="Ola", last_name="Provsson",
            municipality=None, unit=self.county.addiction_unit, contact_kind="care",
            actor=Actor(user_id=self.county.nurse.pk, unit_id=self.county.addiction_unit.pk, role="nurse"),

        )  # fmt: skip
        self.client.get(reverse("individual_detail", args=[uuid.uuid4()]))  # one-time work out of the way
        counts = []
        for key in (outsider.uuid, uuid.uuid4()):
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(reverse("individual_detail", args=[key]))
            self.assertEqual(response.status_code, 404)
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])


class RedactedPageTests(CountyTestCase):
    """individuals.selectors.individual_page: what a block hides inside records that stay visible."""

    def test_a_blocked_unit_is_not_named_in_another_units_consent(self) -> None:
        from access.policy import individual_grant as decide
        from individuals.selectors import individual_page

        county = self.county
        by_nurse = Actor(user_id=county.nurse.pk, unit_id=county.addiction_unit.pk, role="nurse")
        by_worker = Actor(user_id=county.social_worker.pk, unit_id=county.adult_unit.pk, role="social_worker")
        individual = services.individual_register(
            number=parse_identity_number(identity_number(45)), first_name="Alva", last_name="Provsson",
            municipality=None, unit=county.addiction_unit, contact_kind="care", actor=by_nurse,
        )  # fmt: skip
        services.relation_open(individual=individual, unit=county.adult_unit, contact_kind="support",
                               actor=by_worker)  # fmt: skip
        services.relative_add(individual=individual, name="Syster Hemlig", relation="sibling", phone="070-1",
                              may_be_contacted=True, actor=by_nurse, ground=Ground.RELATION)  # fmt: skip
        services.consent_record(
            individual=individual, given_by="individual", guardian_name="", for_sip=False, for_sharing=True,
            for_relatives=False, parties=[county.adult_unit, county.addiction_unit], relatives=[], form="oral",
            valid_from=timezone.localdate(), valid_until=None, actor=by_worker,
            ground=Ground.RELATION,
        )  # fmt: skip
        access_services.block_create(individual=individual, unit=county.addiction_unit, user=county.nurse,
                                     actor=by_nurse, ground=Ground.RELATION)  # fmt: skip
        worker_grant = decide(county.social_worker, individual)
        assert worker_grant is not None
        page = individual_page(grant=worker_grant)
        self.assertEqual([(c.parties, c.hidden_parties) for c in page.consents], [([county.adult_unit.name], 1)])
        self.assertEqual(page.relatives, [])
        self.assertTrue(page.blocked)
        nurse_grant = decide(county.nurse, individual)
        assert nurse_grant is not None
        page = individual_page(grant=nurse_grant)  # the blocked unit's own staff see what it holds
        self.assertEqual([r.name for r in page.relatives], ["Syster Hemlig"])
        self.assertEqual(page.consents[0].hidden_parties, 0)
