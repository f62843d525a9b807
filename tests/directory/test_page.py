"""The public guide at /hjalp/: the questions, the answer, errors kept and explained, nothing stored."""

from django.test import TestCase, override_settings

from tests.directory.world import GuideCounty

URL = "/hjalp/"
ASK = {"municipality": "2281", "age": "40", "whom": "myself", "concern": "alcohol", "urgency": "soon"}


class GuidePageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = GuideCounty()

    def setUp(self) -> None:
        self.client.cookies["django_language"] = "en"

    def test_the_questions(self) -> None:
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn('<form method="get" action="/hjalp/"', html)
        self.assertIn('<option value="2281">Guideby kommun</option>', html)
        for legend in ("Whom does it concern?", "What is it about?", "How urgent is it?"):
            self.assertIn(f"<legend>{legend}</legend>", html)
        self.assertIn('href="/hjalp/sjalvtest/"', html)
        self.assertIn('href="tel:020505050"', html, "the helplines are there before any question")
        self.assertNotContains(response, "error-summary")

    def test_the_answer(self) -> None:
        response = self.client.get(URL, ASK)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("Where you can turn in Guideby kommun", html)
        joint, addiction = html.index("Gemensam mottagning Guideby"), html.index("Beroendecentrum Guideby")
        self.assertLess(joint, addiction, "the joint reception first")
        self.assertIn('href="tel:0701740605"', html)
        self.assertIn("Talk to someone who has been there", html)
        self.assertNotIn("In an emergency: call now", html)
        self.assertIn('href="/hjalp/sjalvtest/"', html)
        self.assertEqual(response["Cache-Control"], "no-store")

    def test_emergency(self) -> None:
        html = self.client.get(URL, {**ASK, "urgency": "emergency"}).content.decode()
        box = html[html.index("In an emergency: call now") :]
        self.assertLess(box.index('href="tel:112"'), box.index("Gemensam mottagning Guideby"))
        self.assertIn('href="tel:90101"', box)

    def test_a_relative_gets_relatives_support(self) -> None:
        html = self.client.get(URL, {**ASK, "whom": "relative", "age": "15"}).content.decode()
        self.assertIn("Vuxenenheten Guideby", html)

    def test_wrong_answers_are_explained_and_kept(self) -> None:
        response = self.client.get(URL, {**ASK, "age": "130", "municipality": "9999", "urgency": "<script>x</script>"})
        self.assertEqual(response.status_code, 400)
        html = response.content.decode()
        self.assertIn('class="error-summary"', html)
        self.assertIn('<a href="#id_age">How old is the person it concerns?: Give an age between 0 and 120.</a>', html)
        self.assertIn('href="#id_municipality"', html)
        self.assertIn('href="#id_urgency"', html)
        self.assertIn('value="130"', html, "what was typed is kept")
        self.assertIn(
            'name="concern" value="alcohol" id="id_concern_0" required checked', html.replace('type="radio" ', "")
        )
        self.assertNotIn("<script>x</script>", html)
        self.assertIn('aria-invalid="true"', html)

    def test_oversized_and_hostile_input(self) -> None:
        response = self.client.get(URL, {**ASK, "age": "9" * 5000, "concern": "\x00"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Give the age in whole years, e.g. 34.", status_code=400)

    def test_only_get(self) -> None:
        self.assertEqual(self.client.post(URL, ASK).status_code, 405)

    def test_no_session_and_no_cookie_of_its_own(self) -> None:
        self.client.cookies.clear()
        response = self.client.get(URL, ASK)
        self.assertNotIn("sessionid", response.cookies)
        # The shared public layout's language button is a CSRF-protected form: its token cookie is
        # the only one, and it holds nothing about the visitor.
        self.assertLessEqual(set(response.cookies), {"csrftoken"})

    @override_settings(LANGUAGE_CODE="sv")
    def test_swedish_by_default(self) -> None:
        self.client.cookies.clear()
        response = self.client.get(URL)
        self.assertContains(response, '<html lang="sv">')
