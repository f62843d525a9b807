"""A base for tests that take an individual on through the real register view."""

from django.urls import reverse

from individuals.models import Individual
from tests.personas import CountyTestCase

NUMBER = "19121212-1212"


class IndividualTestCase(CountyTestCase):
    def register(self, number: str = NUMBER) -> Individual:
        response = self.client.post(
            reverse("individual_register"),
            {"number": number, "first_name": "Fia", "last_name": "Fiktiv", "contact_kind": "investigation"},
        )
        self.assertEqual(response.status_code, 302, response.content[:2000])
        return Individual.objects.get(uuid=response["Location"].rstrip("/").split("/")[-1])


# Pages in English, so that tests can read the English messages whatever the Swedish catalogue says.
ENGLISH = {"django_language": "en"}
