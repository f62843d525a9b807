"""Nothing personal in the server's logs (security.md, "Data handling"): run the flows, read every record."""

import logging

from django.urls import reverse

from tests.individuals.base import NUMBER, IndividualTestCase

SECRETS = ("19121212", "121212-1212", "Fiktiv", "Storgatan 12")


class CollectAll(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record) + repr(record.__dict__.get("args")))


class NothingPersonalInLogsTests(IndividualTestCase):
    def test_flows_and_failures_leave_no_personal_data_in_logs(self) -> None:
        handler = CollectAll()
        root = logging.getLogger()
        old_level = root.level
        root.addHandler(handler)
        root.setLevel(logging.DEBUG)
        try:
            self._flows()
        finally:
            root.removeHandler(handler)
            root.setLevel(old_level)
        self.assertTrue(any("Not Found" in line for line in handler.lines), "the 404 must have been logged")
        for line in handler.lines:
            for secret in SECRETS:
                self.assertNotIn(secret, line)

    def _flows(self) -> None:
        county = self.county
        self.sign_in(county.social_worker)
        individual = self.register()
        individual.address = "Storgatan 12"
        individual.save()
        self.client.get(individual.get_absolute_url())
        self.client.post(reverse("individual_find"), {"number": NUMBER})
        self.client.post(reverse("individual_register"), {"number": NUMBER, "first_name": "", "last_name": "Fiktiv"})
        self.client.post(reverse("consent_create", args=[individual.uuid]), {"given_by": "x"})
        self.sign_in(county.other_municipality_worker)
        self.client.get(individual.get_absolute_url())  # 404, logged by Django as "Not Found"
        self.client.post(reverse("individual_find"), {"number": "19121212-1213"})
        self.sign_in(county.manager)
        self.client.post(reverse("log_extract_find"), {"number": NUMBER})
        self.client.get(reverse("log_extract_pdf", args=[individual.uuid]))
        self.client.get(reverse("log_review"), {"date_from": "x"})
