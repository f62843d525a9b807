"""Every view: anonymous → sign-in, wrong role → 403, unknown object → 404, wrong method → 405."""

import uuid

from django.urls import reverse

from tests.personas import CountyTestCase

UNKNOWN = uuid.uuid4()


class ViewAccessTests(CountyTestCase):
    def staff_views(self) -> list[tuple[str, str]]:
        unit = self.county.adult_unit
        principal = self.county.sundsvall
        return [
            ("GET", reverse("home")),
            ("GET", reverse("unit_list")),
            ("GET", reverse("unit_detail", args=[unit.uuid])),
            ("GET", reverse("principal_list")),
            ("GET", reverse("principal_detail", args=[principal.uuid])),
            ("GET", reverse("staff_list")),
            ("GET", reverse("account_settings")),
        ]

    def admin_views(self) -> list[str]:
        return [
            reverse("unit_create"),
            reverse("unit_edit", args=[self.county.adult_unit.uuid]),
            reverse("principal_create"),
            reverse("principal_edit", args=[self.county.sundsvall.uuid]),
            reverse("staff_invite"),
        ]

    def test_anonymous_is_sent_to_sign_in(self) -> None:
        for _method, url in self.staff_views():
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertTrue(response["Location"].startswith(reverse("account_login")), url)
        for url in self.admin_views():
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertTrue(response["Location"].startswith(reverse("account_login")), url)

    def test_every_persona_reaches_staff_views(self) -> None:
        for name, user in self.county.staff.items():
            self.sign_in(user)
            for _method, url in self.staff_views():
                self.assertEqual(self.client.get(url).status_code, 200, f"{name} {url}")

    def test_non_admins_get_403_on_admin_views(self) -> None:
        for name, user in self.county.staff.items():
            if name == "admin":
                continue
            self.sign_in(user)
            for url in self.admin_views():
                self.assertEqual(self.client.get(url).status_code, 403, f"{name} {url}")
                self.assertEqual(self.client.post(url, {}).status_code, 403, f"{name} POST {url}")

    def test_admin_reaches_admin_views(self) -> None:
        self.sign_in(self.county.admin)
        for url in self.admin_views():
            self.assertEqual(self.client.get(url).status_code, 200, url)

    def test_user_without_membership_gets_403(self) -> None:
        self.sign_in(self.county.no_membership, second_factor=False)
        for _method, url in self.staff_views():
            if url == reverse("account_settings"):
                continue
            self.assertEqual(self.client.get(url).status_code, 403, url)

    def test_unknown_objects_are_404(self) -> None:
        self.sign_in(self.county.admin)
        for name in ("unit_detail", "unit_edit", "principal_detail", "principal_edit"):
            self.assertEqual(self.client.get(reverse(name, args=[UNKNOWN])).status_code, 404, name)

    def test_inactive_unit_is_404_for_staff_but_visible_to_admin(self) -> None:
        unit = self.county.other_municipality_unit
        unit.is_active = False
        unit.save()
        self.sign_in(self.county.nurse)
        self.assertEqual(self.client.get(reverse("unit_detail", args=[unit.uuid])).status_code, 404)
        self.sign_in(self.county.admin)
        self.assertEqual(self.client.get(reverse("unit_detail", args=[unit.uuid])).status_code, 200)

    def test_wrong_method_is_405(self) -> None:
        self.sign_in(self.county.admin)
        for _method, url in self.staff_views():
            self.assertEqual(self.client.put(url).status_code, 405, url)
            if url != reverse("account_settings"):
                self.assertEqual(self.client.post(url).status_code, 405, url)
        for url in self.admin_views():
            self.assertEqual(self.client.delete(url).status_code, 405, url)
        self.assertEqual(self.client.get(reverse("membership_switch")).status_code, 405)
        self.assertEqual(self.client.post(reverse("healthz")).status_code, 405)
