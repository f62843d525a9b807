"""No N+1: a page's query count does not grow with the rows it shows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisations.roles import Role
from tests.factories import MembershipFactory, UnitFactory
from tests.personas import CountyTestCase


class QueryCountTests(CountyTestCase):
    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def grow(self, n: int) -> None:
        for _ in range(n):
            unit = UnitFactory(principal=self.county.sundsvall)
            unit.serves_municipalities.add(self.county.sundsvall)
            MembershipFactory(unit=unit, role=Role.NURSE)
            MembershipFactory(unit=self.county.adult_unit, role=Role.THERAPIST)

    def test_main_pages_do_not_grow_with_rows(self) -> None:
        self.sign_in(self.county.nurse)
        urls = [reverse("unit_list"), self.county.adult_unit.get_absolute_url(), reverse("staff_list"),
                reverse("principal_list"), reverse("home")]  # fmt: skip
        self.grow(3)
        for url in urls:  # the first request of a session does a little more (session bookkeeping)
            self.client.get(url)
        before = {url: self.count(url) for url in urls}
        self.grow(20)
        after = {url: self.count(url) for url in urls}
        self.assertEqual(before, after)
        for url, n in after.items():
            self.assertLessEqual(n, 20, url)
