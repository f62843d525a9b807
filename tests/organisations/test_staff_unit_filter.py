"""The staff directory's unit filter: a search-as-you-type field (HTMX) that works without
JavaScript as a plain GET search, instead of a <select> of every unit."""

from django.urls import reverse

from organisations.roles import Role
from tests.factories import MembershipFactory, UnitFactory
from tests.personas import CountyTestCase


class StaffUnitFilterTests(CountyTestCase):
    def setUp(self) -> None:
        self.client.cookies["django_language"] = "en"
        self.sign_in(self.county.nurse)

    def test_no_select_of_every_unit(self) -> None:
        response = self.client.get(reverse("staff_list"))
        self.assertNotContains(response, "<select")
        self.assertContains(response, 'role="combobox"')
        self.assertContains(response, 'aria-controls="unit-options"')

    def test_a_chosen_unit_filters_the_staff(self) -> None:
        response = self.client.get(reverse("staff_list"), {"unit": str(self.county.addiction_unit.uuid)})
        self.assertContains(response, self.county.nurse.get_full_name())
        self.assertNotContains(response, f"<td>{self.county.social_worker.get_full_name()}</td>")
        self.assertContains(response, f'value="{self.county.addiction_unit.name}"')

    def test_typed_text_without_a_choice_finds_staff_at_every_matching_unit(self) -> None:
        response = self.client.get(reverse("staff_list"), {"unit_q": "vuxenenheten"})
        self.assertContains(response, self.county.social_worker.get_full_name())
        self.assertContains(response, self.county.other_municipality_worker.get_full_name())
        self.assertNotContains(response, f"<td>{self.county.nurse.get_full_name()}</td>")
        self.assertContains(response, f"unit={self.county.adult_unit.uuid}", msg_prefix="offered to narrow down")
        response = self.client.get(reverse("staff_list"), {"unit_q": "nothing matches this"})
        self.assertContains(response, "No one matches")

    def test_the_options_as_you_type(self) -> None:
        url = reverse("staff_unit_options")
        response = self.client.get(url, {"unit_q": "Beroende"}, HTTP_HX_REQUEST="true")
        self.assertContains(response, 'role="option"')
        self.assertContains(response, f'data-value="{self.county.addiction_unit.uuid}"')
        self.assertNotContains(response, "<html")
        self.assertContains(self.client.get(url, {"unit_q": "zzz"}, HTTP_HX_REQUEST="true"), "No unit matches")
        plain = self.client.get(url, {"unit_q": "Beroende"})
        self.assertRedirects(plain, reverse("staff_list") + "?unit_q=Beroende", fetch_redirect_response=False)
        for query in ({"unit_q": "x" * 10_000}, {"unit_q": "<script>"}, {}):
            with self.subTest(query=query):
                response = self.client.get(url, query, HTTP_HX_REQUEST="true")
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "<script>")

    def test_options_are_limited_and_queries_constant(self) -> None:
        for i in range(15):
            UnitFactory(principal=self.county.sundsvall, name=f"Boendestöd {i:02d}")
        response = self.client.get(reverse("staff_unit_options"), {"unit_q": "Boendestöd"}, HTTP_HX_REQUEST="true")
        self.assertEqual(response.content.decode().count("data-value="), 10)
        self.assertContains(response, "More units match")

    def test_query_count_does_not_grow_with_units(self) -> None:
        url = reverse("staff_list")
        params = {"unit_q": "enhet"}
        self.client.get(url, params)
        before = self._count(url, params)
        for i in range(30):
            unit = UnitFactory(principal=self.county.sundsvall, name=f"Enhet {i}")
            MembershipFactory(unit=unit, role=Role.NURSE)
        self.assertEqual(self._count(url, params), before)

    def _count(self, url: str, params: dict[str, str]) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            self.client.get(url, params)
        return len(queries)
