"""The organisations services log through the actor they are given (issue 8, shared mechanism 3)."""

from audit.models import Action, AuditEntry, Ground
from audit.services import Actor
from organisations import services
from organisations.roles import Role
from tests.factories import UserFactory
from tests.personas import CountyTestCase


class OrganisationActorTests(CountyTestCase):
    def setUp(self) -> None:
        admin = self.county.admin
        self.admin_membership = admin.memberships.get(role=Role.COUNTY_ADMIN)
        self.actor = Actor.for_membership(admin, self.admin_membership)

    def latest(self, action: str) -> AuditEntry:
        return AuditEntry.objects.filter(action=action).latest("pk")

    def assert_by_admin(self, entry: AuditEntry) -> None:
        expected = (self.county.admin.pk, self.county.office.pk, Role.COUNTY_ADMIN, Ground.ADMINISTRATION)
        self.assertEqual((entry.user_id, entry.unit_id, entry.role, entry.ground), expected)

    def test_unit_and_principal_changes_are_logged_through_the_actor(self) -> None:
        unit = self.county.adult_unit
        unit.name = "Vuxenenheten Sundsvall centrum"
        services.unit_save(unit=unit, actor=self.actor)
        entry = self.latest(Action.UPDATE)
        self.assert_by_admin(entry)
        self.assertEqual((entry.object_type, entry.object_id), ("organisations.unit", str(unit.uuid)))
        services.principal_save(principal=self.county.harnosand, actor=self.actor)
        self.assertEqual(self.latest(Action.UPDATE).object_type, "organisations.principal")

    def test_membership_changes_name_the_actor_not_the_system(self) -> None:
        person = UserFactory(username="newcomer")
        membership = services.membership_start(user=person, unit=self.county.adult_unit, role=Role.NURSE,
                                               actor=self.actor)  # fmt: skip
        self.assert_by_admin(self.latest(Action.ROLE_CHANGE))
        services.membership_end(membership=membership, actor=self.actor)
        entry = self.latest(Action.ROLE_CHANGE)
        self.assert_by_admin(entry)
        self.assertIn("ended_at", entry.details["new"])

    def test_a_caller_that_names_only_the_user_acts_in_the_administering_membership(self) -> None:
        person = UserFactory(username="another")
        services.membership_start(user=person, unit=self.county.adult_unit, role=Role.NURSE,
                                  acting_user=self.county.admin)  # fmt: skip
        self.assert_by_admin(self.latest(Action.ROLE_CHANGE))
