"""The county administrator's account work in the product (issue 8, first hour 4; issue 7, section 2):
pending invitations, roles and memberships, a link to choose a password, a reset second factor."""

import re

from allauth.mfa.models import Authenticator
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.services import staff_invite
from audit.models import Action, AuditEntry, Ground
from organisations.models import Membership
from organisations.roles import Role
from tests.accounts.signin import post_code, post_password, totp_code
from tests.factories import UserFactory
from tests.personas import CountyTestCase, with_second_factor

LINK = re.compile(r"https?://testserver(/accounts/password/reset/key/\S+)")
NEW_PASSWORD = "a fresh and long staff password 42"


def newest_id() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def changes_since(start: int):  # type: ignore[no-untyped-def]
    return AuditEntry.objects.filter(id__gt=start, action=Action.ROLE_CHANGE).order_by("id")


class StaffAdministrationCase(CountyTestCase):
    def setUp(self) -> None:
        self.sign_in(self.county.admin)
        self.client.cookies["django_language"] = "en"  # the messages below are checked in English

    def invite(self, email: str = "alva.nyberg@example.invalid") -> User:
        with self.captureOnCommitCallbacks(execute=True):
            user = staff_invite(
                first_name="Alva", last_name="Nyberg", email=email, title="", unit=self.county.adult_unit,
                role=Role.SOCIAL_WORKER, acting_user=self.county.admin, base_url="http://testserver/",
            )  # fmt: skip
        return user

    def post(self, name: str, pk: int, data: dict | None = None):  # type: ignore[no-untyped-def]
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(reverse(name, args=[pk]), data or {})

    def last_link(self) -> str:
        match = LINK.search(mail.outbox[-1].body)
        assert match is not None, mail.outbox[-1].body
        return match.group(1)

    def assert_link_fails(self, link: str) -> None:
        response = Client().get(link, follow=True)
        self.assertTrue(response.context["token_fail"])

    def assert_refused(self, response, message: str) -> None:  # type: ignore[no-untyped-def]
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, message, status_code=400)


class InvitationTests(StaffAdministrationCase):
    def test_pending_invitations_are_listed_with_their_unit(self) -> None:
        alva = self.invite()
        page = self.client.get(reverse("staff_invitations"))
        self.assertContains(page, "Alva Nyberg")
        self.assertContains(page, reverse("staff_invitation_resend", args=[alva.pk]))
        self.assertContains(page, self.county.adult_unit.name)
        self.assertNotContains(page, self.county.nurse.email)  # has signed in? no: has a password
        staff = self.client.get(reverse("staff_list"))
        self.assertContains(staff, reverse("staff_invitations"))
        self.assertContains(staff, reverse("staff_person", args=[self.county.nurse.pk]))

    def test_resend_sends_a_new_link_and_the_old_one_stops_working(self) -> None:
        alva = self.invite()
        old = self.last_link()
        start = newest_id()
        response = self.post("staff_invitation_resend", alva.pk)
        self.assertRedirects(response, reverse("staff_person", args=[alva.pk]), fetch_redirect_response=False)
        self.assertEqual(len(mail.outbox), 2)
        new = self.last_link()
        self.assertNotEqual(old, new)
        self.assert_link_fails(old)
        self.assertEqual(Client().get(new).status_code, 302)
        (event,) = changes_since(start)
        self.assertEqual((event.user_id, event.ground, event.details),
                         (self.county.admin.pk, Ground.ADMINISTRATION, {"event": "invitation_resent"}))  # fmt: skip

    def test_revoke_closes_the_account_and_the_link(self) -> None:
        alva = self.invite()
        link = self.last_link()
        start = newest_id()
        self.post("staff_invitation_revoke", alva.pk)
        alva.refresh_from_db()
        self.assertFalse(alva.is_active)
        self.assertFalse(Membership.objects.active().filter(user=alva).exists())
        self.assert_link_fails(link)
        self.assertNotContains(self.client.get(reverse("staff_invitations")), f"/staff/{alva.pk}/")
        details = [e.details for e in changes_since(start)]
        self.assertIn({"old": {"is_active": True}, "new": {"is_active": False}}, details)
        self.assertIn({"event": "invitation_revoked"}, details)
        self.assertTrue(any(d.get("old") == {"ended_at": None} for d in details))
        # Revoked once: a second time, or a resend, is refused with the reason.
        for name in ("staff_invitation_revoke", "staff_invitation_resend"):
            self.assert_refused(self.post(name, alva.pk), "no longer pending")
        self.assertEqual(len(mail.outbox), 1)

    def test_someone_who_has_signed_in_has_no_invitation_to_resend(self) -> None:
        for name in ("staff_invitation_resend", "staff_invitation_revoke"):
            self.assert_refused(self.post(name, self.county.nurse.pk), "no longer pending")
        self.assertTrue(User.objects.get(pk=self.county.nurse.pk).is_active)
        self.assertEqual(len(mail.outbox), 0)


class MembershipTests(StaffAdministrationCase):
    def membership(self, user: User) -> Membership:
        return Membership.objects.active().get(user=user)

    def test_change_a_role(self) -> None:
        old = self.membership(self.county.colleague)
        page = self.client.get(reverse("staff_person", args=[self.county.colleague.pk]))
        self.assertContains(page, reverse("staff_membership_role", args=[old.pk]))
        start = newest_id()
        response = self.post("staff_membership_role", old.pk, {f"m{old.pk}-role": Role.PSYCHOLOGIST})
        self.assertRedirects(response, reverse("staff_person", args=[self.county.colleague.pk]),
                             fetch_redirect_response=False)  # fmt: skip
        old.refresh_from_db()
        self.assertIsNotNone(old.ended_at)
        new = self.membership(self.county.colleague)
        self.assertEqual((new.unit, new.role), (self.county.adult_unit, Role.PSYCHOLOGIST))
        ended, started = changes_since(start)
        self.assertEqual((ended.object_id, ended.details["old"]), (str(old.pk), {"ended_at": None}))
        self.assertEqual(started.details["new"]["role"], Role.PSYCHOLOGIST)
        self.assertEqual({ended.user_id, started.user_id}, {self.county.admin.pk})

    def test_end_a_membership(self) -> None:
        membership = self.membership(self.county.colleague)
        start = newest_id()
        self.post("staff_membership_end", membership.pk)
        membership.refresh_from_db()
        self.assertIsNotNone(membership.ended_at)
        (ended,) = changes_since(start)
        self.assertEqual((ended.user_id, ended.details["old"]), (self.county.admin.pk, {"ended_at": None}))
        self.assert_refused(self.post("staff_membership_end", membership.pk), "already ended")
        self.assert_refused(
            self.post("staff_membership_role", membership.pk, {f"m{membership.pk}-role": Role.NURSE}), "already ended"
        )

    def test_bad_roles_are_refused_with_a_message(self) -> None:
        membership = self.membership(self.county.colleague)
        key = f"m{membership.pk}-role"
        cases = [{}, {key: ""}, {key: "superuser"}, {key: "x" * 10_000}, {key: "<script>alert(1)</script>"},
                 {"role": Role.NURSE}]  # fmt: skip
        for data in cases:
            response = self.post("staff_membership_role", membership.pk, data)
            self.assert_refused(response, "choose one of the roles")
            self.assertNotContains(response, "<script>alert(1)", status_code=400)
        self.assert_refused(self.post("staff_membership_role", membership.pk, {key: Role.THERAPIST}), "already has")
        self.assertEqual(self.membership(self.county.colleague).pk, membership.pk)

    def test_unknown_and_hostile_ids(self) -> None:
        missing = (Membership.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
        for name in ("staff_membership_role", "staff_membership_end"):
            self.assertEqual(self.post(name, missing, {}).status_code, 404)
        for url in ("/staff/memberships/abc/end/", "/staff/memberships/-1/end/", "/staff/1%20OR%201=1/",
                    "/staff/99999999999999999999999/password-link/", "/staff/0x1/password-link/"):  # fmt: skip
            self.assertEqual(self.client.post(url).status_code, 404, url)
        for pk in (missing, 0, 2**63, 10**30):
            self.assertEqual(self.client.get(f"/staff/{pk}/").status_code, 404, pk)
            self.assertEqual(self.client.post(f"/staff/memberships/{pk}/end/").status_code, 404, pk)
        # The actions change things only by POST.
        membership = self.membership(self.county.colleague)
        self.assertEqual(self.client.get(reverse("staff_membership_end", args=[membership.pk])).status_code, 405)
        self.assertIsNone(self.membership(self.county.colleague).ended_at)

    def test_no_one_changes_their_own_membership(self) -> None:
        own = self.membership(self.county.admin)
        self.assert_refused(self.post("staff_membership_end", own.pk), "your own membership")
        self.assert_refused(self.post("staff_membership_role", own.pk, {f"m{own.pk}-role": Role.NURSE}),
                            "your own membership")  # fmt: skip
        self.assertEqual(self.membership(self.county.admin).role, Role.COUNTY_ADMIN)

    def test_a_superusers_account_is_for_superusers(self) -> None:
        root = with_second_factor(UserFactory(username="root", is_superuser=True, is_staff=True))
        membership = Membership.objects.create(user=root, unit=self.county.office, role=Role.ANALYST)
        self.assert_refused(self.post("staff_membership_end", membership.pk), "superuser")
        self.assert_refused(self.post("staff_second_factor_reset", root.pk), "superuser")
        self.assert_refused(self.post("staff_password_link", root.pk), "superuser")
        self.assertTrue(Authenticator.objects.filter(user=root).exists())


class SignInHelpTests(StaffAdministrationCase):
    def test_send_a_link_to_choose_a_new_password(self) -> None:
        nurse = self.county.nurse
        before = User.objects.get(pk=nurse.pk).password
        start = newest_id()
        self.post("staff_password_link", nurse.pk)
        self.assertEqual(User.objects.get(pk=nurse.pk).password, before)  # nothing set for the person
        self.assertEqual(mail.outbox[-1].to, [nurse.email])
        link = self.last_link()
        (event,) = changes_since(start)
        self.assertEqual((event.user_id, event.object_id, event.details),
                         (self.county.admin.pk, str(nurse.pk), {"event": "password_reset_sent"}))  # fmt: skip
        # The nurse chooses the password; the administrator never sees it.
        nurse_client = Client()
        form_url = nurse_client.get(link)["Location"]
        nurse_client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
        self.assertTrue(User.objects.get(pk=nurse.pk).check_password(NEW_PASSWORD))
        changed = changes_since(start).get(details__event="password_changed")
        self.assertEqual((changed.user_id, changed.ground, changed.details["by"]),
                         (nurse.pk, Ground.OWN_ACCOUNT, "reset_link"))  # fmt: skip

    def test_reset_second_factor_forces_a_new_one_at_the_next_sign_in(self) -> None:
        nurse = self.county.nurse
        nurse_client = Client()
        post_password(nurse_client, nurse.username)
        post_code(nurse_client, totp_code())
        self.assertEqual(nurse_client.get(reverse("home")).status_code, 200)
        start = newest_id()
        response = self.post("staff_second_factor_reset", nurse.pk)
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Authenticator.objects.filter(user=nurse).exists())
        # The nurse's open session has ended, and the next sign-in leads to setting up a new one.
        self.assertNotEqual(nurse_client.get(reverse("home")).status_code, 200)
        self.assertIsNone(nurse_client.session.get(SESSION_KEY))
        post_password(nurse_client, nurse.username)
        self.assertRedirects(nurse_client.get(reverse("home")), reverse("mfa_activate_totp"),
                             fetch_redirect_response=False)  # fmt: skip
        events = [e.details for e in changes_since(start)]
        self.assertEqual(events[0], {"event": "second_factor_removed", "type": "totp"})
        self.assertEqual(events[-1], {"event": "second_factor_reset", "types": ["totp"], "sessions_ended": 1})
        self.assert_refused(self.post("staff_second_factor_reset", nurse.pk), "no two-step verification")

    def test_the_page_shows_no_secret(self) -> None:
        nurse = self.county.nurse
        totp = Authenticator.objects.get(user=nurse, type=Authenticator.Type.TOTP)
        page = self.client.get(reverse("staff_person", args=[nurse.pk]))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, totp.wrap().instance.data["secret"])
        self.assertContains(page, reverse("staff_second_factor_reset", args=[nurse.pk]))

    def test_not_for_ones_own_account_or_a_closed_one(self) -> None:
        admin = self.county.admin
        self.assert_refused(self.post("staff_second_factor_reset", admin.pk), "your own account page")
        self.assert_refused(self.post("staff_password_link", admin.pk), "your own account page")
        self.assertTrue(Authenticator.objects.filter(user=admin).exists())
        closed = self.county.colleague
        User.objects.filter(pk=closed.pk).update(is_active=False)
        self.assert_refused(self.post("staff_password_link", closed.pk), "closed")
        self.assertEqual(len(mail.outbox), 0)


class PermissionTests(StaffAdministrationCase):
    def requests(self) -> list[tuple[str, str, dict]]:
        alva = self.invite()
        membership = Membership.objects.active().get(user=self.county.colleague)
        nurse = self.county.nurse.pk
        return [
            ("get", reverse("staff_invitations"), {}),
            ("get", reverse("staff_person", args=[nurse]), {}),
            ("post", reverse("staff_password_link", args=[nurse]), {}),
            ("post", reverse("staff_second_factor_reset", args=[nurse]), {}),
            ("post", reverse("staff_invitation_resend", args=[alva.pk]), {}),
            ("post", reverse("staff_invitation_revoke", args=[alva.pk]), {}),
            ("post", reverse("staff_membership_role", args=[membership.pk]), {f"m{membership.pk}-role": Role.NURSE}),
            ("post", reverse("staff_membership_end", args=[membership.pk]), {}),
        ]

    def test_only_the_county_administrator(self) -> None:
        requests = self.requests()
        mail.outbox.clear()
        start = newest_id()
        for name, persona in self.county.staff.items():
            if name == "admin":
                continue
            self.sign_in(persona)
            for method, url, data in requests:
                response = getattr(self.client, method)(url, data)
                self.assertEqual(response.status_code, 403, f"{name} {url}")
        self.client.logout()
        for method, url, data in requests:
            response = getattr(self.client, method)(url, data)
            self.assertEqual(response.status_code, 302, url)
            self.assertTrue(response["Location"].startswith(reverse("account_login")), url)
        self.assertFalse(changes_since(start).exists())
        self.assertEqual(len(mail.outbox), 0)
        self.assertTrue(Authenticator.objects.filter(user=self.county.nurse).exists())
        self.assertTrue(Membership.objects.active().filter(user=self.county.colleague, role=Role.THERAPIST).exists())
        # The directory shows no administration links to others.
        self.sign_in(self.county.manager)
        staff = self.client.get(reverse("staff_list"))
        self.assertNotContains(staff, reverse("staff_invitations"))
        self.assertNotContains(staff, reverse("staff_person", args=[self.county.nurse.pk]))
