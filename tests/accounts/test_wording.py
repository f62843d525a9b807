"""Sign-in and invitation wording (issue 8, first hour 3): no way to the closed sign-up page, one word
for the second factor, "E-post", "Sök", the secret shown whole and a way on from the recovery codes."""

import re

from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.core import mail
from django.urls import reverse
from django.utils import translation

from organisations.roles import Role
from tests.accounts.signin import post_password, sign_in_fresh
from tests.factories import MembershipFactory
from tests.personas import CountyTestCase

SIGNUP = reverse("account_signup")
OTHER_WORDS = re.compile(r"two-factor|second factor|2fa|tvåfaktor|andra faktor", re.I)


def visible(html: str) -> str:
    """The page's text and link targets, without the address bar's own /accounts/2fa/ paths."""
    main = html.split("<main", 1)[-1].split("</main>", 1)[0]
    return re.sub(r'(href|action)="[^"]*"', "", main)


class SignInWordingTests(CountyTestCase):
    def test_the_sign_in_page_has_no_sign_up(self) -> None:
        for language in ("sv", "en"):
            self.client.cookies["django_language"] = language
            page = self.client.get(reverse("account_login"))
            self.assertEqual(page.status_code, 200)
            self.assertNotContains(page, SIGNUP)
            self.assertNotContains(page, "Har du redan ett konto")
            self.assertNotContains(page, "sign up", msg_prefix=language)
            self.assertContains(page, reverse("account_reset_password"))
            self.assertContains(page, 'name="login"')
        self.assertContains(page, "User name or e-mail")

    def test_a_wrong_password_is_said_on_the_page(self) -> None:
        self.client.cookies["django_language"] = "en"
        response = post_password(self.client, self.county.nurse.username, "fel")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'class="error-summary"')

    def test_a_reset_for_an_unknown_address_does_not_offer_sign_up(self) -> None:
        for language in ("sv", "en"):
            self.client.cookies["django_language"] = language
            self.client.post(reverse("account_reset_password"), {"email": f"okand.{language}@example.invalid"})
        self.assertEqual(len(mail.outbox), 2)
        for message in mail.outbox:
            self.assertNotIn(SIGNUP, message.body)
            self.assertNotIn("/signup", message.body)
            self.assertNotRegex(message.body, r"(?i)sign up|registrera")
        self.assertIn("administrator", mail.outbox[1].body)

    def test_the_reset_page_says_e_post(self) -> None:
        self.client.cookies["django_language"] = "sv"
        page = self.client.get(reverse("account_reset_password"))
        self.assertContains(page, ">E-post</label>")
        text = re.sub(r"<[^>]+>", " ", visible(page.content.decode()))
        self.assertNotRegex(text, r"(?i)epost|(?<![-\w])mail\b")  # allauth's Swedish says "epost-adress" and "mail"

    def test_a_used_link_says_what_to_do(self) -> None:
        self.client.cookies["django_language"] = "en"
        page = self.client.get(reverse("account_reset_password_from_key", args=["zz", "bad-key"]), follow=True)
        self.assertTrue(page.context["token_fail"])
        self.assertContains(page, "The link does not work")
        self.assertContains(page, reverse("account_reset_password"))


class SecondFactorWordingTests(CountyTestCase):
    def pages(self) -> list[str]:
        return [reverse("mfa_index"), reverse("account_settings"), reverse("mfa_view_recovery_codes"),
                reverse("staff_person", args=[self.county.nurse.pk])]  # fmt: skip

    def test_one_word_for_the_second_factor(self) -> None:
        from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

        RecoveryCodes.activate(self.county.admin)
        for language in ("en", "sv"):
            sign_in_fresh(self.client, self.county.admin)  # the recovery codes need a recent sign-in
            self.client.cookies["django_language"] = language
            for url in self.pages():
                page = self.client.get(url)
                self.assertEqual(page.status_code, 200, url)
                self.assertIsNone(OTHER_WORDS.search(visible(page.content.decode())), f"{language} {url}")
        self.client.cookies["django_language"] = "en"
        self.assertContains(self.client.get(reverse("mfa_index")), "Two-step verification")

    def test_the_code_page_at_sign_in(self) -> None:
        self.client.cookies["django_language"] = "en"
        post_password(self.client, self.county.nurse.username)
        page = self.client.get(reverse("mfa_authenticate"))
        self.assertContains(page, "two-step verification")
        self.assertIsNone(OTHER_WORDS.search(visible(page.content.decode())))

    def test_the_secret_is_shown_whole_and_the_codes_lead_on(self) -> None:
        user = MembershipFactory(role=Role.NURSE).user
        self.client.cookies["django_language"] = "en"
        post_password(self.client, user.username)
        page = self.client.get(reverse("mfa_activate_totp"))
        self.assertEqual(page.status_code, 200)
        secret = self.client.session[SECRET_SESSION_KEY]
        self.assertEqual(len(secret), 32)
        self.assertContains(page, f'data-testid="totp-secret">{secret}</code>')
        self.assertContains(page, "Set up two-step verification")
        self.assertIsNone(OTHER_WORDS.search(visible(page.content.decode())))


class CatalogueWordingTests(CountyTestCase):
    """The Swedish words themselves (locale/pending/accounts.po until it is merged into the catalogue)."""

    def test_swedish_words(self) -> None:
        with translation.override("sv"):
            self.assertEqual(translation.pgettext("button", "Search"), "Sök")
            for msgid in ("Two-step verification", "Set up two-step verification", "Reset two-step verification"):
                self.assertIn("tvåstegsverifiering", translation.gettext(msgid).lower(), msgid)
            self.assertEqual(translation.gettext("User name or e-mail"), "Användarnamn eller e-post")


class NoPlaceholderTests(CountyTestCase):
    def test_sign_in_and_reset_pages_have_labels_not_allauths_placeholders(self) -> None:
        for url in ("/accounts/login/", "/accounts/password/reset/"):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            html = response.content.decode()
            self.assertNotIn("placeholder=", html, url)
            self.assertNotIn("epost", html.lower(), url)
