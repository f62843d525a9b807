"""The case page's forms (answer, decisions, comment): missing, too long, hostile, identity numbers;
refused with the text kept, nothing stored; and the actions' 403/404/405."""

from django.conf import settings
from django.test import TestCase
from django.urls import reverse

from deviations.models import Answer, Comment, Report, State
from tests.deviations.world import DeviationCounty
from tests.personas import sign_in


class CaseForms(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = DeviationCounty()
        cls.report = cls.county.submit(anonymous=True)

    def setUp(self) -> None:
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def url(self, name: str) -> str:
        return reverse(f"deviations:report_{name}", args=[self.report.uuid])

    def test_the_answer_refuses_bad_input_and_keeps_it(self) -> None:
        sign_in(self.client, self.county.counterpart_manager)
        unit = self.county.addiction_unit.pk
        cases = [
            ({"unit": unit, "view": "", "measures": "x"}, "view", "Give your view"),
            ({"unit": unit, "view": "x" * 4001, "measures": "x"}, "view", "at most 4000"),
            ({"unit": unit, "view": "Gäller 19811218-9876.", "measures": "x"}, "view", "Remove the personal identity"),
            ({"unit": self.county.adult_unit.pk, "view": "x", "measures": "y"}, "unit", "Select a valid choice"),
        ]
        for data, field, message in cases:
            with self.subTest(field=field, message=message):
                response = self.client.post(self.url("answer"), data)
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, " ".join(response.context["answer_form"].errors[field]))
                self.assertContains(response, 'class="error-summary"', status_code=400)
        self.assertFalse(Answer.objects.exists())
        hostile = "<script>alert(1)</script>"
        self.client.post(self.url("answer"), {"unit": unit, "view": hostile, "measures": "Rutin."})
        page = self.client.get(self.report.get_absolute_url())
        self.assertNotContains(page, hostile)
        self.assertContains(page, "&lt;script&gt;alert(1)&lt;/script&gt;")

    def test_the_counterpart_does_not_see_the_anonymous_reporters_comment_name(self) -> None:
        sign_in(self.client, self.county.social_worker)
        self.client.post(self.url("comment"), {"text": "Fortfarande ingen tid."})
        sign_in(self.client, self.county.counterpart_manager)
        page = self.client.get(self.report.get_absolute_url())
        self.assertContains(page, "The reporter")
        self.assertNotContains(page, self.county.social_worker.get_full_name())

    def test_comments_and_decisions_refuse_bad_input(self) -> None:
        sign_in(self.client, self.county.social_worker)
        for text in ("", "x" * 4001, "Ring 811218 9876"):
            with self.subTest(text=text[:20]):
                self.assertEqual(self.client.post(self.url("comment"), {"text": text}).status_code, 400)
                response = self.client.post(self.url("resolve"), {"resolve-text": text})
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, 'id="id_resolve-text"', status_code=400)
        self.assertFalse(Comment.objects.exists())
        self.report.refresh_from_db()
        self.assertEqual(self.report.state, State.SUBMITTED)

    def test_refusals(self) -> None:
        c = self.county
        sign_in(self.client, c.nurse)  # works at the counterpart unit, but is not its manager: sees nothing
        for name in ("answer", "resolve", "escalate", "reopen", "comment"):
            self.assertEqual(self.client.post(self.url(name), {"text": "x"}).status_code, 404)
        sign_in(self.client, c.social_worker)
        self.assertEqual(self.client.post(self.url("answer"), {"view": "x"}).status_code, 403)
        self.assertEqual(self.client.get(self.url("resolve")).status_code, 405)
        self.assertEqual(self.client.post(self.url("reopen"), {"reopen-text": "Igen."}).status_code, 403)
        self.assertEqual(Report.objects.get().state, State.SUBMITTED)
