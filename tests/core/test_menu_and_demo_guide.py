"""Each app brings its own menu entries and demo data (core/menu.py, core/demo_registry.py); in demo
mode the sign-in, second-factor and start pages tell a newcomer where to start."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from accounts.models import User
from core import demo_registry, menu
from individuals.demo import INDIVIDUALS
from tests.personas import CountyTestCase, sign_in


def nav(response) -> str:  # type: ignore[no-untyped-def]
    body = response.content.decode()
    return body[body.index('<nav class="site-nav"') : body.index("</nav>", body.index('<nav class="site-nav"'))]


class MenuTests(CountyTestCase):
    def test_each_role_sees_the_entries_its_apps_registered_for_it(self) -> None:
        county = self.county
        expected = {
            county.social_worker: ({reverse("my_individuals")}, {reverse("log_review"), reverse("staff_invite")}),
            county.manager: ({reverse("my_individuals"), reverse("log_review")}, {reverse("staff_invite")}),
            county.admin: ({reverse("staff_invite")}, {reverse("my_individuals"), reverse("log_review")}),
            county.analyst: (set(), {reverse("my_individuals"), reverse("log_review"), reverse("staff_invite")}),
        }
        common = {reverse("home"), reverse("unit_list"), reverse("principal_list"), reverse("staff_list")}
        for user, (shown, hidden) in expected.items():
            with self.subTest(user.username):
                self.sign_in(user)
                menu_html = nav(self.client.get(reverse("unit_list")))
                for url in common | shown:
                    self.assertIn(f'href="{url}"', menu_html)
                for url in hidden:
                    self.assertNotIn(f'href="{url}"', menu_html)
                self.assertIn(f'href="{reverse("unit_list")}" aria-current="page"', menu_html)

    def test_a_new_app_adds_an_entry_without_editing_the_layout(self) -> None:
        menu.register("test_entry", "Testpost", "healthz", order=15, visible=lambda user: user.username == "nurse")
        try:
            self.sign_in(self.county.nurse)
            entries = nav(self.client.get(reverse("home")))
            self.assertIn(f'href="{reverse("healthz")}">Testpost</a>', entries)
            self.assertLess(entries.index("Testpost"), entries.index(f'href="{reverse("unit_list")}"'))
            self.sign_in(self.county.social_worker)
            self.assertNotIn("Testpost", nav(self.client.get(reverse("home"))))
        finally:
            menu._entries.pop("test_entry")

    def test_anonymous_gets_no_menu(self) -> None:
        self.assertEqual(menu.links(self.client.get(reverse("account_login")).wsgi_request), [])


class DemoRegistryTests(TestCase):
    def test_individuals_bring_their_own_loader_and_showcase(self) -> None:
        self.assertIn("individuals", [loader.name for loader in demo_registry.loaders()])
        lines = [str(line) for s in demo_registry.showcases() for line in s.lines]
        for spec in INDIVIDUALS:
            self.assertTrue(any(spec.number in line for line in lines), spec.number)


@override_settings(DEMO_MODE=True)
class DemoGuideTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("load_demo", stdout=StringIO())

    def test_sign_in_page_lists_users_first_steps_and_individuals(self) -> None:
        response = self.client.get(reverse("account_login"))
        self.assertContains(response, 'data-testid="demo-guide"')
        self.assertContains(response, "demo.unit_manager")
        self.assertContains(response, "Samverkan-demo-2026")
        for spec in INDIVIDUALS:
            self.assertContains(response, spec.number)
        self.assertContains(response, 'data-label="')  # the table keeps its labels on a phone

    def test_second_factor_page_says_how_to_get_the_code(self) -> None:
        response = self.client.post(
            reverse("account_login"), {"login": "demo.social_worker", "password": "Samverkan-demo-2026"}
        )
        page = self.client.get(response["Location"])
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "make demo-code")
        self.assertContains(page, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")

    def test_home_page_gives_the_roles_first_step(self) -> None:
        sign_in(self.client, User.objects.get(username="demo.unit_manager"))
        self.client.cookies["django_language"] = "en"
        response = self.client.get(reverse("home"))
        self.assertContains(response, "An emergency access waits in Log review")
        self.assertContains(response, "19800101-D001")
        self.assertNotContains(response, "Take emergency access to Elva")  # another role's step

    @override_settings(DEMO_MODE=False)
    def test_nothing_of_it_outside_demo_mode(self) -> None:
        response = self.client.get(reverse("account_login"))
        self.assertNotContains(response, "demo-guide")
        self.assertNotContains(response, "Samverkan-demo-2026")
        self.assertNotContains(response, "19800101-D001")
