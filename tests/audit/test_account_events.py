"""Sign-in, sign-out, failed sign-in and role or permission changes are logged, without credentials."""

import json

from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import User
from audit.models import Action, AuditEntry, Ground, Outcome
from organisations.models import Membership
from organisations.roles import Role
from organisations.services import membership_end
from tests.accounts.signin import post_code, post_password, totp_code, wrong_totp_code
from tests.personas import PASSWORD, CountyTestCase


def entries(action: Action):  # type: ignore[no-untyped-def]
    return AuditEntry.objects.filter(action=action).order_by("id")


class SignInEventTests(CountyTestCase):
    def test_sign_in_and_sign_out_are_logged(self) -> None:
        user = self.county.nurse
        post_password(self.client, user.username)
        post_code(self.client, totp_code())
        signed_in = entries(Action.SIGN_IN).get()
        self.assertEqual((signed_in.user_id, signed_in.ground, signed_in.outcome),
                         (user.pk, Ground.OWN_ACCOUNT, Outcome.ALLOWED))  # fmt: skip
        self.client.post(reverse("account_logout"))
        self.assertEqual(entries(Action.SIGN_OUT).get().user_id, user.pk)

    def test_failures_are_logged_without_what_was_typed(self) -> None:
        user = self.county.nurse
        post_password(self.client, user.username, "Fel-lösenord-123")
        post_password(self.client, "ingen.sadan@example.invalid", PASSWORD)
        post_password(self.client, user.username)
        post_code(self.client, wrong_totp_code())
        failures = list(entries(Action.SIGN_IN_FAILED))
        self.assertEqual([f.outcome for f in failures], [Outcome.DENIED] * 3)
        self.assertEqual([f.user_id for f in failures], [user.pk, None, user.pk])
        self.assertEqual([f.details.get("known_account") for f in failures[:2]], [True, False])
        self.assertEqual(failures[2].details["second_factor"], "totp")
        self.assertFalse(entries(Action.SIGN_IN).exists())
        logged = json.dumps(list(AuditEntry.objects.values()), default=str)
        for secret in ("Fel-lösenord-123", PASSWORD, "ingen.sadan"):
            self.assertNotIn(secret, logged)


class RoleChangeTests(CountyTestCase):
    def test_invitation_logs_the_new_role_and_who_gave_it(self) -> None:
        admin = self.county.admin
        self.sign_in(admin)
        form = {"first_name": "Alva", "last_name": "Nyberg", "email": "alva.nyberg@example.invalid",
                "unit": str(self.county.adult_unit.uuid), "role": Role.SOCIAL_WORKER}  # fmt: skip
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(self.client.post(reverse("staff_invite"), form).status_code, 302)
        membership = Membership.objects.get(user__email="alva.nyberg@example.invalid")
        change = entries(Action.ROLE_CHANGE).get(object_type="organisations.membership", object_id=membership.pk)
        self.assertEqual((change.user_id, change.unit_id, change.object_id),
                         (admin.pk, self.county.office.pk, str(membership.pk)))  # fmt: skip
        self.assertEqual(change.details["old"], {"role": None, "unit_id": None, "user_id": None})
        self.assertEqual(change.details["new"]["role"], Role.SOCIAL_WORKER)
        self.assertEqual(change.details["new"]["unit_id"], self.county.adult_unit.pk)

    def test_ending_and_changing_a_membership_logs_old_and_new_values(self) -> None:
        membership = Membership.objects.get(user=self.county.colleague)
        membership.role = Role.PSYCHOLOGIST
        membership.save()
        membership_end(membership=membership, acting_user=None)
        created, changed, ended = entries(Action.ROLE_CHANGE).filter(object_id=str(membership.pk))
        self.assertEqual(created.details["new"]["role"], Role.THERAPIST)
        self.assertEqual(changed.details, {"old": {"role": Role.THERAPIST}, "new": {"role": Role.PSYCHOLOGIST}})
        self.assertEqual(ended.details["old"], {"ended_at": None})
        self.assertIsNotNone(ended.details["new"]["ended_at"])
        self.assertIsNone(ended.user_id)  # outside a request the system acts

    def test_saving_without_a_change_logs_nothing(self) -> None:
        before = entries(Action.ROLE_CHANGE).count()
        Membership.objects.get(user=self.county.nurse).save()
        self.county.nurse.save()
        self.county.nurse.save(update_fields=["last_login"])
        self.assertEqual(entries(Action.ROLE_CHANGE).count(), before)

    def test_permission_flags_and_groups(self) -> None:
        user: User = self.county.analyst
        user.is_superuser = True
        user.is_staff = True
        user.save()
        flags = entries(Action.ROLE_CHANGE).get(object_type="accounts.user")
        self.assertEqual(flags.details, {"old": {"is_staff": False, "is_superuser": False},
                                         "new": {"is_staff": True, "is_superuser": True}})  # fmt: skip
        group = Group.objects.create(name="Granskare")
        user.groups.add(group)
        user.groups.remove(group)
        details = [e.details for e in entries(Action.ROLE_CHANGE).filter(object_type="accounts.user")[1:]]
        self.assertEqual(details, [{"groups": {"added": [group.pk]}}, {"groups": {"removed": [group.pk]}}])

    def test_deactivating_an_account_is_logged(self) -> None:
        user = self.county.colleague
        user.is_active = False
        user.save(update_fields=["is_active"])
        change = entries(Action.ROLE_CHANGE).get(object_type="accounts.user")
        self.assertEqual(change.details, {"old": {"is_active": True}, "new": {"is_active": False}})
