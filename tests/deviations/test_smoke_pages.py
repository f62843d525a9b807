from django.test import TestCase
from django.urls import reverse

from tests.deviations.world import DeviationCounty
from tests.personas import sign_in


class PagesRender(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = DeviationCounty()
        cls.report = cls.county.submit()

    def test_pages(self) -> None:
        c = self.county
        sign_in(self.client, c.social_worker)
        for url in [reverse("deviations:index"), reverse("deviations:new"), self.report.get_absolute_url()]:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
        sign_in(self.client, c.council_member)
        for url in [
            reverse("deviations:analysis"),
            reverse("deviations:councils"),
            reverse("deviations:council_detail", args=[c.local_council.uuid]),
            reverse("deviations:council_agenda", args=[c.local_council.uuid]),
            reverse("deviations:council_action_new", args=[c.local_council.uuid]),
            self.report.get_absolute_url(),
            reverse("home"),
        ]:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
