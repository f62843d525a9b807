"""The URL walk on the SIP's routes alone (the same walk as tests/access/test_url_walk.py, which
tries them among all routes): every route of the kinds "sip", "sip_start" and "sip_invitation" logs
who was let in and who was refused, answers outsiders and unknown keys with 404, and shows nothing."""

from tests.access import test_url_walk as walk


class SipUrlWalkTests(walk.UrlWalkTests):
    # Run here only the SIP's part; the whole walk runs in its own module.
    test_every_individual_route_logs_who_was_let_in_and_who_was_refused = None  # type: ignore[assignment]
    test_the_walk_catches_a_view_that_skips_the_door = None  # type: ignore[assignment]

    def test_every_sip_route_is_walked_and_logs(self) -> None:
        routes = [r for r in walk.individual_routes() if r.route.startswith("sip/")]
        names = {r.name for r in routes}
        from sip.urls import urlpatterns

        expected = {p.name for p in urlpatterns if "uuid" in p.pattern.converters}
        self.assertLessEqual(expected, names, "every SIP route with a key is found by the walk")
        self.assertGreaterEqual(len(names), 15)
        self.assertEqual(self.problems(routes), [])
