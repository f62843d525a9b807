"""The server-side check on forms (core.forms.check_fields, PersonalDataCheckMixin), the live
check's view (POST /text-check/) and its template snippet (core/_text_check.html)."""

from django import forms
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from core.forms import PersonalDataCheckMixin, check_fields, text_field_names
from core.personal_data import MAX_TEXT_LENGTH
from tests.personas import CountyTestCase, sign_in

NUMBER = "19121212-1212"  # Skatteverket's example personnummer (fictional)
TEXT = f"Klienten {NUMBER} ringde från 070-123 45 67."


class ReportForm(PersonalDataCheckMixin, forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea, required=False)
    contact = forms.EmailField(required=False)
    own_number = forms.CharField(required=False)
    count = forms.IntegerField(required=False)

    personal_data_exempt = ("own_number",)

    def clean(self):  # type: ignore[no-untyped-def]
        return self.cleaned_data  # does not call super(): the check runs all the same


def test_the_free_text_fields() -> None:
    assert text_field_names(ReportForm()) == ["title", "description", "own_number"]


def test_an_identity_number_is_an_error_on_its_field_and_the_text_is_kept() -> None:
    with translation.override("en"):
        form = ReportForm({"title": "Möte", "description": TEXT, "own_number": NUMBER, "contact": "a@example.se"})
        assert not form.is_valid()
        assert form.errors == {
            "description": [
                "Remove the personal identity number at characters 10–22: no personal data may be written here."
            ]
        }
    assert form["description"].value() == TEXT  # shown again as typed
    assert form.errors.as_data()["description"][0].code == "identity_number"
    assert [(w.field, w.finding.kind) for w in form.personal_data_warnings] == [("description", "phone")]
    assert form.personal_data_warning_fields == {"description"}


def test_warnings_alone_leave_the_form_valid() -> None:
    form = ReportForm({"title": "Storgatan 12", "description": "Tel 070-123 45 67", "contact": "a@example.se"})
    assert form.is_valid()
    assert [(w.field, w.label, w.finding.kind) for w in form.personal_data_warnings] == [
        ("title", "Title", "address"),
        ("description", "Description", "phone"),
    ]
    assert all("070" not in w.message and "Storgatan" not in w.message for w in form.personal_data_warnings)


def test_every_text_field_is_checked_and_each_number_named() -> None:
    form = ReportForm({"title": f"Om {NUMBER}", "description": f"{NUMBER} och 900161-9981"})
    assert not form.is_valid()
    assert set(form.errors) == {"title", "description"}
    assert len(form.errors["description"]) == 2


def test_an_unbound_form_has_no_warnings() -> None:
    form = ReportForm()
    assert not form.is_valid()
    assert list(form.personal_data_warnings) == []


def test_check_fields_on_a_plain_form_and_only_the_named_fields() -> None:
    class Plain(forms.Form):
        a = forms.CharField()
        b = forms.CharField()

    form = Plain({"a": NUMBER, "b": NUMBER})
    assert form.is_valid()
    warnings = check_fields(form, ["a"])
    assert warnings == []
    assert set(form.errors) == {"a"}
    assert not form.is_valid()
    assert check_fields(Plain({"a": NUMBER}), None) == []  # not cleaned yet: nothing to check


class TextCheckViewTests(CountyTestCase):
    url = "/text-check/?field=description"

    def test_the_url_name(self) -> None:
        self.assertEqual(reverse("text_check"), "/text-check/")

    def test_findings_as_a_fragment_with_places_and_kinds_never_the_text(self) -> None:
        self.sign_in(self.county.social_worker)
        self.client.cookies["django_language"] = "en"
        response = self.client.post(self.url, {"description": TEXT, "title": "Storgatan 12"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])
        html = response.content.decode()
        self.assertIn("Must be removed:", html)
        self.assertIn("personal identity number at characters 10–22", html)
        self.assertIn("Characters 36–48 are a phone number", html)
        self.assertNotIn("1212", html)
        self.assertNotIn("123 45", html)
        self.assertNotIn("Storgatan", html)  # only the named field is read
        self.assertNotIn("<html", html)

    def test_nothing_found_is_an_empty_fragment(self) -> None:
        self.sign_in(self.county.social_worker)
        for url, data in ((self.url, {"description": "Dnr 2024-0123"}), ("/text-check/", {"description": NUMBER})):
            with self.subTest(url=url):
                response = self.client.post(url, data)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.content.decode().strip(), "")

    def test_a_text_too_long_to_check_live_says_so(self) -> None:
        self.sign_in(self.county.social_worker)
        self.client.cookies["django_language"] = "en"
        response = self.client.post(self.url, {"description": "x" * (MAX_TEXT_LENGTH + 1)})
        self.assertContains(response, "too long to check as you type")

    def test_who_may_use_it(self) -> None:
        self.assertEqual(self.client.post(self.url, {"description": NUMBER}).status_code, 302)  # to sign-in
        self.sign_in(self.county.no_membership, second_factor=False)
        self.assertEqual(self.client.post(self.url, {"description": NUMBER}).status_code, 403)
        self.sign_in(self.county.social_worker, second_factor=False)
        self.assertNotEqual(self.client.post(self.url, {"description": NUMBER}).status_code, 200)
        for user in self.county.staff.values():
            with self.subTest(user=user.username):
                self.sign_in(user)
                self.assertEqual(self.client.post(self.url, {"description": NUMBER}).status_code, 200)

    def test_only_post_and_with_the_csrf_token(self) -> None:
        self.sign_in(self.county.social_worker)
        self.assertEqual(self.client.get(self.url).status_code, 405)
        client = Client(enforce_csrf_checks=True)
        sign_in(client, self.county.social_worker)
        client.get("/")
        self.assertEqual(client.post(self.url, {"description": NUMBER}).status_code, 403)
        token = client.cookies["csrftoken"].value
        self.assertEqual(client.post(self.url, {"description": NUMBER}, HTTP_X_CSRFTOKEN=token).status_code, 200)


class SnippetTests(CountyTestCase):
    def render(self, form: forms.Form) -> str:
        template = Template('{% include "core/_text_check.html" with field=form.description %}')
        request = RequestFactory().get("/")
        return template.render(Context({"form": form, "request": request}))

    def test_the_snippet_wires_the_field_to_the_live_check(self) -> None:
        html = self.render(ReportForm())
        self.assertIn('hx-post="/text-check/?field=description"', html)
        self.assertIn('hx-trigger="keyup changed delay:500ms from:#id_description, change from:#id_description"', html)
        self.assertIn('hx-params="description"', html)
        self.assertIn('hx-target="#id_description-findings"', html)
        self.assertIn('id="id_description-findings" class="text-check__findings" aria-live="polite"', html)
        self.assertNotIn("<ul", html)

    def test_the_servers_warnings_are_shown_in_the_region(self) -> None:
        with translation.override("en"):
            form = ReportForm({"title": "Storgatan 12", "description": "Tel 070-123 45 67"})
            form.is_valid()
            html = self.render(form)
        self.assertIn("Characters 5–17 are a phone number", html)
        self.assertNotIn("street address", html)  # the title's warning goes beside the title
        self.assertNotIn("070", html)
