"""Sign-in, sign-out, failed sign-in and role or permission changes are logged, without credentials."""

import json

from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from audit.models import Action, AuditEntry, Ground, Outcome
from organisations.models import Membership
from organisations.roles import Role
from organisations.services import membership_end
from tests.accounts.signin import post_code, post_password, sign_in_fresh, totp_code, wrong_totp_code
from tests.personas import PASSWORD, CountyTestCase

MD5 = "django.contrib.auth.hashers.MD5PasswordHasher"


def entries(action: Action, after: int = 0):  # type: ignore[no-untyped-def]
    return AuditEntry.objects.filter(action=action, id__gt=after).order_by("id")


def newest_id() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


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


class ThrottledSignInTests(CountyTestCase):
    """Attempts the throttle refuses never reach the password check, yet each is logged (issue 7, 7)."""

    def test_attempts_after_the_lockout_are_logged_as_throttled(self) -> None:
        user = self.county.nurse
        for _ in range(5):
            post_password(self.client, user.username, "Fel-lösenord-123")
        start = newest_id()
        post_password(self.client, user.username, PASSWORD)
        post_password(self.client, "ingen.sadan@example.invalid", "Gissning-456")
        self.assertIsNone(self.client.session.get("_auth_user_id"))
        throttled, other = entries(Action.SIGN_IN_FAILED, start)
        self.assertEqual((throttled.user_id, throttled.outcome), (user.pk, Outcome.DENIED))
        self.assertEqual(throttled.details, {"known_account": True, "throttled": True})
        # Another account's attempt is an ordinary failure, not throttled.
        self.assertEqual((other.user_id, other.details), (None, {"known_account": False}))
        self.assert_nothing_typed_is_logged()

    @override_settings(ACCOUNT_RATE_LIMITS={"login": "2/m/ip", "login_failed": "20/m/ip,5/300s/key"})
    def test_attempts_refused_per_address_are_logged_as_throttled(self) -> None:
        user = self.county.nurse
        post_password(self.client, user.username, "Fel-lösenord-123")
        post_password(self.client, "ingen.sadan@example.invalid", "Gissning-456")
        start = newest_id()
        response = post_password(self.client, user.email, PASSWORD)
        self.assertEqual(response.status_code, 429)
        response = post_password(self.client, "ingen.sadan@example.invalid", "Gissning-456")
        self.assertEqual(response.status_code, 429)
        throttled = list(entries(Action.SIGN_IN_FAILED, start))
        self.assertEqual([e.user_id for e in throttled], [user.pk, None])
        self.assertEqual([e.details for e in throttled], [{"known_account": True, "throttled": True},
                                                          {"known_account": False, "throttled": True}])  # fmt: skip
        self.assert_nothing_typed_is_logged()

    def assert_nothing_typed_is_logged(self) -> None:
        logged = json.dumps(list(AuditEntry.objects.values()), default=str)
        for typed in ("Fel-lösenord-123", PASSWORD, "ingen.sadan", "Gissning-456"):
            self.assertNotIn(typed, logged)


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
        self.assertTrue(entries(Action.ROLE_CHANGE).filter(object_id=str(membership.pk)).exists())
        membership.role = Role.PSYCHOLOGIST
        membership.save()
        membership_end(membership=membership, acting_user=None)
        created, changed, ended = entries(Action.ROLE_CHANGE).filter(
            object_type="organisations.membership", object_id=str(membership.pk)
        )
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
        start = newest_id()
        user.is_superuser = True
        user.is_staff = True
        user.save()
        flags = entries(Action.ROLE_CHANGE, start).get(object_type="accounts.user")
        self.assertEqual(flags.details, {"old": {"is_staff": False, "is_superuser": False},
                                         "new": {"is_staff": True, "is_superuser": True}})  # fmt: skip
        group = Group.objects.create(name="Granskare")
        user.groups.add(group)
        user.groups.remove(group)
        details = [e.details for e in entries(Action.ROLE_CHANGE, start).filter(object_type="accounts.user")[1:]]
        self.assertEqual(details, [{"groups": {"added": [group.pk]}}, {"groups": {"removed": [group.pk]}}])
        # A group's permissions are its members' permissions.
        permission = Permission.objects.get(codename="change_user")
        group.permissions.add(permission)
        change = entries(Action.ROLE_CHANGE, start).get(object_type="auth.group")
        self.assertEqual(
            (change.object_id, change.details), (str(group.pk), {"permissions": {"added": [permission.pk]}})
        )

    def test_deactivating_an_account_is_logged(self) -> None:
        user = self.county.colleague
        start = newest_id()
        user.is_active = False
        user.save(update_fields=["is_active"])
        change = entries(Action.ROLE_CHANGE, start).get(object_type="accounts.user")
        self.assertEqual(change.details, {"old": {"is_active": True}, "new": {"is_active": False}})


class AccountChangeTests(CountyTestCase):
    """Credentials and addresses: who changed what, with old and new values, never a secret."""

    def account_events(self, user: User, start: int) -> list[dict]:
        found = entries(Action.ROLE_CHANGE, start).filter(object_type="accounts.user", object_id=str(user.pk))
        return [e.details for e in found]

    def test_email_and_username_changes_keep_old_and_new(self) -> None:
        user = self.county.colleague
        start = newest_id()
        user.email = "ny.adress@example.invalid"
        user.username = "ny.adress"
        user.save()
        self.assertEqual(self.account_events(user, start), [{
            "old": {"email": "colleague@example.invalid", "username": "colleague"},
            "new": {"email": "ny.adress@example.invalid", "username": "ny.adress"},
        }])  # fmt: skip

    def test_an_address_for_reset_links_is_logged(self) -> None:
        user = self.county.colleague
        start = newest_id()
        address = EmailAddress.objects.get(user=user)
        address.email = "angripare@example.invalid"
        address.save()
        (event,) = self.account_events(user, start)
        self.assertEqual(event["event"], "email_address_changed")
        self.assertEqual((event["old"]["email"], event["new"]["email"]),
                         ("colleague@example.invalid", "angripare@example.invalid"))  # fmt: skip

    def test_own_password_change_is_logged_without_the_password(self) -> None:
        user = self.county.nurse
        sign_in_fresh(self.client, user)
        start = newest_id()
        new = "ett helt nytt och långt lösenord 7"
        response = self.client.post(
            reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": new, "password2": new}
        )
        self.assertEqual(response.status_code, 302)
        change = entries(Action.ROLE_CHANGE, start).get(object_type="accounts.user", details__event="password_changed")
        self.assertEqual((change.user_id, change.ground, change.details["by"]), (user.pk, Ground.OWN_ACCOUNT, "self"))
        user.refresh_from_db()
        logged = json.dumps(list(AuditEntry.objects.values()), default=str)
        for secret in (new, PASSWORD, user.password, user.password.split("$")[-1]):
            self.assertNotIn(secret, logged)

    def test_a_password_change_by_the_system_says_so(self) -> None:
        user = self.county.nurse
        start = newest_id()
        user.set_password("satt av ett kommando 123")
        user.save()
        (event,) = self.account_events(user, start)
        self.assertEqual(event, {"event": "password_changed", "by": "system"})

    @override_settings(PASSWORD_HASHERS=[MD5, "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher"])
    def test_a_rehash_at_sign_in_is_not_a_password_change(self) -> None:
        user = self.county.analyst
        User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha1"))
        start = newest_id()
        post_password(self.client, user.username)
        user.refresh_from_db()
        self.assertTrue(user.password.startswith("md5$"))  # the hash was upgraded at sign-in
        self.assertEqual([e for e in self.account_events(user, start) if e.get("event")], [])

    def test_second_factor_added_removed_and_codes_regenerated(self) -> None:
        user = self.county.analyst
        start = newest_id()
        totp = TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ")
        codes = RecoveryCodes.activate(user)
        sign_in_fresh(self.client, user)
        with self.captureOnCommitCallbacks(execute=True):  # allauth signals the new codes on commit
            response = self.client.post(reverse("mfa_generate_recovery_codes"))
        self.assertEqual(response.status_code, 302)
        totp.instance.delete()
        events = [(e["event"], e.get("type")) for e in self.account_events(user, start)]
        self.assertEqual(events, [
            ("second_factor_added", "totp"), ("second_factor_added", "recovery_codes"),
            ("second_factor_removed", "recovery_codes"), ("second_factor_added", "recovery_codes"),
            ("recovery_codes_regenerated", None), ("second_factor_removed", "totp"),
        ])  # fmt: skip
        logged = json.dumps(list(AuditEntry.objects.values()), default=str)
        for secret in ("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ", codes.instance.data["seed"], *codes.generate_codes()):
            self.assertNotIn(secret, logged)
