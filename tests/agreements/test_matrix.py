"""The responsibility matrix and the search "who does X for a person in municipality Y"."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import services
from agreements.models import InterventionType
from tests.agreements.helpers import actor_of, make_agreement, make_row
from tests.factories import UnitFactory
from tests.personas import CountyTestCase


class MatrixTests(CountyTestCase):
    def setUp(self) -> None:
        self.client.cookies["django_language"] = "en"
        self.agreement = make_agreement(self.county)
        self.row = make_row(self.county, self.agreement, "withdrawal-treatment", "region")
        services.provision_set(responsibility=self.row, unit=self.county.addiction_unit,
                               municipalities=[self.county.sundsvall, self.county.harnosand],
                               actor=actor_of(self.county))  # fmt: skip
        self.county.addiction_unit.how_to_refer = "Remiss från vårdcentralen"
        self.county.addiction_unit.whom_to_call = "Sjuksköterskan 8–10"
        self.county.addiction_unit.save()

    def who(self, **params: str):  # type: ignore[no-untyped-def]
        return self.client.get(reverse("agreements:who_does"), params)

    def test_who_does_it_for_a_person_in_a_municipality(self) -> None:
        self.sign_in(self.county.social_worker)
        response = self.who(intervention="withdrawal-treatment", municipality="2280")
        self.assertContains(response, self.county.addiction_unit.name)
        self.assertContains(response, "Remiss från vårdcentralen")
        self.assertContains(response, "Sjuksköterskan 8–10")
        self.assertContains(response, self.agreement.title)
        response = self.who(intervention="outreach", municipality="2280")
        self.assertContains(response, "No unit is recorded as providing it there")
        self.assertNotContains(response, self.county.addiction_unit.name)

    def test_bad_questions_get_400_with_a_message(self) -> None:
        self.sign_in(self.county.social_worker)
        for params, message in (({"intervention": "nope", "municipality": "2280"}, "Choose an intervention"),
                                ({"intervention": "outreach", "municipality": "9999"}, "Choose a municipality"),
                                ({"intervention": "<script>", "municipality": "x" * 5000}, "Choose an intervention"),
                                ({"municipality": "2280"}, "Choose the intervention")):  # fmt: skip
            with self.subTest(params=params):
                response = self.who(**params)
                self.assertContains(response, message, status_code=400)
                self.assertNotContains(response, "<script>", status_code=400)
        self.assertEqual(self.who().status_code, 200, "an empty form is a question not yet asked")

    def test_the_matrix_page_has_headers_for_every_municipality_and_intervention(self) -> None:
        self.sign_in(self.county.nurse)
        response = self.client.get(reverse("agreements:matrix"))
        self.assertContains(response, '<th scope="col">Sundsvalls kommun</th>', html=False)
        for intervention in InterventionType.objects.filter(is_active=True):
            self.assertContains(response, f'<th scope="row">{intervention.name_en}</th>')
        self.assertContains(response, self.county.addiction_unit.get_absolute_url())
        filtered = self.client.get(reverse("agreements:matrix"), {"municipality": self.county.harnosand.uuid,
                                                                   "agreement": "not-a-uuid"})  # fmt: skip
        self.assertEqual(filtered.status_code, 200)
        htmx = self.client.get(reverse("agreements:matrix"), HTTP_HX_REQUEST="true")
        self.assertContains(htmx, 'id="results"')
        self.assertNotContains(htmx, "<html")

    def count(self, url: str, params: dict[str, str] | None = None) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url, params or {}).status_code, 200)
        return len(queries)

    def grow(self, n: int) -> None:
        for _ in range(n):
            unit = UnitFactory(principal=self.county.region)
            services.provision_set(responsibility=self.row, unit=unit, municipalities=[self.county.sundsvall,
                                   self.county.harnosand], actor=actor_of(self.county))  # fmt: skip
            other = make_row(self.county, make_agreement(self.county, title=f"Avtal {unit.pk}"), "outreach",
                             "municipality")  # fmt: skip
            services.provision_set(responsibility=other, unit=unit, municipalities=[self.county.sundsvall],
                                   actor=actor_of(self.county))  # fmt: skip

    def test_query_counts_do_not_grow_with_rows(self) -> None:
        self.sign_in(self.county.nurse)
        pages = [
            (reverse("agreements:matrix"), None),
            (reverse("agreements:who_does"), {"intervention": "withdrawal-treatment", "municipality": "2281"}),
            (reverse("agreements:agreement_list"), None),
            (self.agreement.get_absolute_url(), None),
            (self.county.addiction_unit.get_absolute_url(), None),
        ]
        self.grow(2)
        for url, params in pages:
            self.client.get(url, params or {})
        before = [self.count(url, params) for url, params in pages]
        self.grow(8)
        self.assertEqual([self.count(url, params) for url, params in pages], before)
