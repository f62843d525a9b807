"""The manager's log review lists account changes of the staff at the manager's units (issue 7, section 2)."""

from allauth.mfa.models import Authenticator
from django.urls import reverse

from audit.models import Action, AuditEntry, Ground
from organisations.models import Membership
from organisations.roles import Role
from organisations.services import membership_end
from tests.personas import TOTP_SECRET, CountyTestCase


class AccountChangesReviewTests(CountyTestCase):
    def test_the_manager_sees_changes_to_own_staff_with_old_and_new_values(self) -> None:
        colleague, nurse = self.county.colleague, self.county.nurse  # adult unit; another unit
        self.sign_in(self.county.admin)
        membership = Membership.objects.active().get(user=colleague)
        key = f"m{membership.pk}-role"
        self.client.post(reverse("staff_membership_role", args=[membership.pk]), {key: Role.PSYCHOLOGIST})
        self.client.post(reverse("staff_second_factor_reset", args=[nurse.pk]))
        colleague.email = "ny.adress@example.invalid"
        colleague.save()
        Authenticator.objects.filter(user=colleague).delete()

        self.sign_in(self.county.manager)
        self.client.cookies["django_language"] = "en"
        review = self.client.get(reverse("log_review"))
        self.assertContains(review, reverse("account_changes"))
        page = self.client.get(reverse("account_changes"))
        self.assertEqual(page.status_code, 200)
        text = page.content.decode()
        for expected in ("Therapist", "Psychologist", "colleague@example.invalid", "ny.adress@example.invalid",
                         str(colleague), str(self.county.admin)):  # fmt: skip
            self.assertIn(expected, text)
        self.assertIn("Two-step verification removed", text)
        self.assertNotIn(TOTP_SECRET, text)
        # The nurse works at another unit: her reset is not this manager's to see.
        rows = page.context["rows"]
        self.assertTrue(rows)
        self.assertNotIn(nurse, [r["subject"] for r in rows])
        self.assertIn(colleague, [r["subject"] for r in rows])
        # The visit is itself logged, through the manager's membership.
        visit = AuditEntry.objects.filter(action=Action.LOG_REVIEW).latest("id")
        expected = (self.county.manager.pk, self.county.adult_unit.pk, Ground.MANAGEMENT, "account_changes")
        self.assertEqual((visit.user_id, visit.unit_id, visit.ground, visit.details["page"]), expected)

    def test_ended_staff_stay_listed(self) -> None:
        membership = Membership.objects.active().get(user=self.county.colleague)
        membership_end(membership=membership, acting_user=None)
        self.sign_in(self.county.manager)
        subjects = [r["subject"] for r in self.client.get(reverse("account_changes")).context["rows"]]
        self.assertIn(self.county.colleague, subjects)

    def test_only_unit_managers(self) -> None:
        for name, persona in self.county.staff.items():
            if name == "manager":
                continue
            self.sign_in(persona)
            self.assertEqual(self.client.get(reverse("account_changes")).status_code, 403, name)
        self.client.logout()
        self.assertEqual(self.client.get(reverse("account_changes")).status_code, 302)
        self.sign_in(self.county.manager)
        self.assertEqual(self.client.post(reverse("account_changes")).status_code, 405)
        self.assertEqual(self.client.get(reverse("account_changes"), {"page": "x" * 500}).status_code, 200)
