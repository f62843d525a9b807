"""The URL walk: every route anywhere that takes an individual is tried, and must log (security.md,
"Logging and audit": every read and change of an individual's data, refusals included).

The walk goes through the whole resolver, so a new route is tried the day it is added: one that
reaches an individual without a door that logs (access.policy.individual_for_request, or the log
extract's door) fails here. Routes with parameters that are not an individual's are listed with
the reason; nothing is skipped silently. No route may carry a personal identity number.
"""

import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import Max
from django.http import HttpResponse
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, PathConverter, SlugConverter, StringConverter, UUIDConverter
from django.urls.resolvers import RegexPattern
from django.utils import timezone

from access import services as access_services
from access.door import Kind, kind_for_route
from accounts.models import User
from audit.models import AuditEntry, Ground, Outcome
from audit.services import Actor
from individuals import services
from individuals.identity import parse_identity_number
from individuals.models import Individual
from tests.access import walk_examples
from tests.access.world import identity_number
from tests.personas import CountyTestCase, sign_in

# Which route parameter names which kind of object comes from the door's registry
# (access.door.Kind.routes): a new kind (a SIP, a screening) registers its routes there, and the
# walk tries them with the key of an object of that kind about the target (Kind.example_key).

# Routes whose `uuid` is no kind's behind the door.
NOT_AN_INDIVIDUAL = {
    "unit_detail": "a unit's uuid (organisations: public to staff)",
    "unit_edit": "a unit's uuid (organisations: county administrator)",
    "principal_detail": "a principal's uuid (organisations: public to staff)",
    "principal_edit": "a principal's uuid (organisations: county administrator)",
    "unit_contact_edit": "a unit's uuid (organisations: the unit's manager, county administrator)",
    "unit_confirm": "a unit's uuid (organisations: the unit's manager, county administrator)",
    # agreements: no personal data; staff read, the process leader and the county administrator edit
    "agreement_detail": "an agreement's uuid (agreements)",
    "agreement_edit": "an agreement's uuid (agreements)",
    "document_upload": "an agreement's uuid (agreements)",
    "document_download": "a signed agreement's uuid (agreements)",
    "body_add": "an agreement's uuid (agreements)",
    "body_remove": "an agreement's uuid and a collaboration body's id (agreements)",
    "follow_up": "an agreement's uuid (agreements)",
    "responsibilities": "an agreement's uuid (agreements)",
    # deviations: reports hold no personal data; who sees which is access.policy.deviation_* (its own matrix)
    "report_detail": "a deficiency report's uuid (deviations)",
    "report_answer": "a deficiency report's uuid (deviations)",
    "report_resolve": "a deficiency report's uuid (deviations)",
    "report_escalate": "a deficiency report's uuid (deviations)",
    "report_reopen": "a deficiency report's uuid (deviations)",
    "report_comment": "a deficiency report's uuid (deviations)",
    "report_draft": "the user's own draft of a deficiency report (deviations)",
    "report_draft_discard": "the user's own draft of a deficiency report (deviations)",
    "council_detail": "a council's uuid (deviations)",
    "council_agenda": "a council's uuid (deviations)",
    "council_seat_add": "a council's uuid (deviations: county administrator)",
    "council_seat_end": "a council's uuid and a seat's id (deviations: county administrator)",
    "council_action_new": "a council's uuid (deviations)",
    "council_action": "a council's action's uuid (deviations)",
}

# Parameters other than an individual's uuid, by where they are.
OTHER_PARAMETERS = {
    "accounts/": "allauth: e-mail and password-reset keys, the user's own authenticators, the identity provider",
    "admin/": "the Django admin: it registers no model that holds individuals' data (asserted below)",
    "staff/": "staff accounts and memberships by internal id (the county administrator's pages; no individual)",
    "knowledge/": "knowledge pages by slug and an old version by its internal id (no personal data; staff)",
    "hjalp/kunskap/": "public knowledge pages by slug (anonymous; no personal data)",
    "hjalp/sjalvtest/": "the public self-test by instrument code (screening: anonymous, no individual, nothing stored)",
}

# Parameters next to the individual's uuid, and how to fill them with the individual's own objects.
FILLERS: dict[str, Callable[[Individual], Any]] = {
    "relation_id": lambda individual: individual.relations.order_by("pk").first().pk,  # type: ignore[union-attr]
    "consent_uuid": lambda individual: individual.consents.order_by("pk").first().uuid,  # type: ignore[union-attr]
    "block_id": lambda individual: individual.blocks.order_by("pk").first().pk,  # type: ignore[union-attr]
    # No merge into this record: the undo is refused (logged) whoever asks.
    "merge_uuid": lambda individual: "00000000-0000-4000-8000-00000000beef",
    # screening: which instrument, checklist or interview to give (screening/urls.py)
    "code": lambda individual: "audit",
    "system": lambda individual: "dsm5_sud",
    "instrument": lambda individual: "asi",
}

# Routes whose role check stands before their door: staff without the role get 403 and the
# attempt is not logged with the individual. Listed so that it is seen; remove a route when it logs.
ROLE_GATE_NOT_LOGGED: dict[str, str] = {}

# A parameter named like this would put a personal identity number in an address.
PERSONAL_NUMBER_NAME = re.compile(r"person|pnr|ssn|nummer|number|identity|birth|samordn|reserv", re.I)
# A pattern shaped like one: six, eight, ten or twelve digits in a row.
PERSONAL_NUMBER_SHAPE = re.compile(r"(\\d|\[0-9\])\{(6|8|10|12)(,\d*)?\}")
BUILT_IN_CONVERTERS = (IntConverter, StringConverter, UUIDConverter, SlugConverter, PathConverter)


@dataclass(frozen=True)
class Route:
    route: str  # the whole pattern, from the root
    name: str | None
    parameters: dict[str, Any]  # name → converter (None for a regular-expression group)
    regex_sources: tuple[str, ...]  # the regular expressions along the way, if any

    def url(self, values: dict[str, Any]) -> str:
        assert not self.regex_sources, self.route
        path = re.sub(r"<(?:[^>:]+:)?([^>]+)>", lambda m: self.parameters[m[1]].to_url(values[m[1]]), self.route)
        return "/" + path


def walk(patterns: list | None = None, prefix: str = "", converters: dict | None = None,
         regexes: tuple[str, ...] = ()) -> Iterator[Route]:  # fmt: skip
    """Every pattern of the resolver, with the parameters it collects on the way down."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    converters = converters or {}
    for entry in patterns:
        pattern = entry.pattern
        found = {**converters, **getattr(pattern, "converters", {})}
        found.update({name: None for name in pattern.regex.groupindex if name not in found})
        here = (*regexes, pattern.regex.pattern) if isinstance(pattern, RegexPattern) else regexes
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(pattern), found, here)
        else:
            assert isinstance(entry, URLPattern)
            yield Route(prefix + str(pattern), entry.name, found, here)


def takes_uuid(route: Route) -> bool:
    return any(isinstance(c, UUIDConverter) for c in route.parameters.values())


def individual_routes() -> list[Route]:
    return [r for r in walk() if door_parameter(r) is not None and r.name not in NOT_AN_INDIVIDUAL]


def door_parameter(route: Route) -> tuple[str, Kind] | None:
    """The route's parameter that carries the key of an object behind the door, and its kind."""
    for name in route.parameters:
        kind = kind_for_route(route.route, name)
        if kind is not None:
            return name, kind
    return None


def unplaced_routes() -> list[str]:
    """Routes with parameters that are neither tried as an individual's nor listed with a reason."""
    unplaced = []
    for route in walk():
        if not route.parameters or route.name in NOT_AN_INDIVIDUAL:
            continue
        found = door_parameter(route)
        if found is not None:
            parameter, _kind = found
            missing = set(route.parameters) - {parameter} - set(FILLERS)
            if missing:
                unplaced.append(f"{route.route}: no filler for {sorted(missing)} (add one to FILLERS)")
            if not isinstance(route.parameters[parameter], UUIDConverter):
                unplaced.append(f"{route.route}: `uuid` that is not <uuid:...>")
        # A uuid under another name could be an individual's: such a route is placed by its name only.
        elif takes_uuid(route) or not route.route.startswith(tuple(OTHER_PARAMETERS)):
            unplaced.append(f"{route.route} ({route.name}): takes {sorted(route.parameters)}")
    return unplaced


def personal_number_routes() -> list[str]:
    """Routes whose parameters could carry a personal identity number."""
    found = []
    for route in walk():
        for name, converter in route.parameters.items():
            if PERSONAL_NUMBER_NAME.search(name):
                found.append(f"{route.route}: parameter {name}")
            if converter is not None and not isinstance(converter, BUILT_IN_CONVERTERS):
                found.append(f"{route.route}: custom converter {converter!r} (what does it carry?)")
            # Twelve digits pass an int converter: only internal ids may use one.
            if isinstance(converter, IntConverter) and not re.search(r"(^|_)(id|pk)$", name):
                found.append(f"{route.route}: <int:{name}>")
        found.extend(f"{route.route}: {source}" for source in route.regex_sources
                     if PERSONAL_NUMBER_SHAPE.search(source))  # fmt: skip
    return found


class RouteListTests(CountyTestCase):
    """What the walk finds, and that everything it finds is placed."""

    def test_every_route_with_a_parameter_is_tried_or_listed_with_a_reason(self) -> None:
        self.assertEqual(unplaced_routes(), [], "name the individual's parameter `uuid` (and it is tried below), "
                                                "or list the route in NOT_AN_INDIVIDUAL / OTHER_PARAMETERS with "
                                                "the reason")  # fmt: skip

    def test_no_route_takes_a_personal_identity_number(self) -> None:
        self.assertEqual(personal_number_routes(), [])

    def test_the_lists_catch_new_routes(self) -> None:
        with override_settings(ROOT_URLCONF="tests.access.leaky_urls"):
            unplaced = unplaced_routes()
            numbers = personal_number_routes()
        self.assertEqual([p for p in unplaced if "by-other-name" in p], [
            "individuals/by-other-name/<uuid:individual>/ (by_other_name): takes ['individual']"])  # fmt: skip
        self.assertEqual([p for p in numbers if "by-number" in p], [
            "individuals/by-number/<str:personnummer>/: parameter personnummer"])  # fmt: skip

    def test_the_walk_finds_the_individuals_routes(self) -> None:
        from individuals.urls import urlpatterns

        found = {r.name for r in individual_routes()}
        expected = {p.name for p in urlpatterns if "uuid" in p.pattern.converters}
        self.assertGreaterEqual(len(expected), 12)
        self.assertLessEqual(expected, found)
        for name in ROLE_GATE_NOT_LOGGED:
            self.assertIn(name, found, f"{name} is listed in ROLE_GATE_NOT_LOGGED but is no route any more")

    def test_the_walk_learns_which_parameter_names_which_kind_from_the_door(self) -> None:
        """A kind registered for a route parameter (as a SIP's would be) makes its routes tried."""
        from dataclasses import replace

        from access.door import KINDS, register

        register(replace(KINDS["individual"], name="walk_test", routes=(("individuals/by-other-name/", "individual"),)))
        try:
            with override_settings(ROOT_URLCONF="tests.access.leaky_urls"):
                names = {r.name for r in individual_routes()}
                unplaced = unplaced_routes()
        finally:
            del KINDS["walk_test"]
        self.assertIn("by_other_name", names)
        self.assertFalse([p for p in unplaced if "by-other-name" in p])
        self.assertNotIn("unit_detail", {r.name for r in individual_routes()}, "a unit's uuid is no door's")
        self.assertIn("log_extract", {r.name for r in individual_routes()})

    def test_no_route_refuses_before_its_door(self) -> None:
        """Every route logs its refusals through the door; the exception list stays empty."""
        self.assertEqual(ROLE_GATE_NOT_LOGGED, {}, "a route that refuses without logging is a hole")

    def test_the_admin_registers_nothing_about_individuals(self) -> None:
        held = {"individuals", "access", "audit"}
        registered = sorted(m._meta.label for m in admin.site._registry if m._meta.app_label in held)
        self.assertEqual(registered, [], "the admin would show individuals' data (or their log) without a door")


class UrlWalkTests(CountyTestCase):
    """Every individual route, as found by the walk: let in → logged; refused → logged as denied."""

    target: Individual
    outsider: Individual

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        county = cls.county
        # The target is current at the adult unit (the social worker's, colleague's and manager's).
        cls.target = cls._individual("19121212-1212", county.social_worker, county.adult_unit, "Targetsson")
        # The outsider is known only at the addiction unit.
        cls.outsider = cls._individual(identity_number(3), county.nurse, county.addiction_unit, "Outsidersson")
        # Objects of the door's other kinds about both (a SIP, its invitation): tests/access/walk_examples.py.
        walk_examples.prepare(county, cls.target, cls.outsider)

    @classmethod
    def _individual(cls, number: str, user: User, unit: Any, last_name: str) -> Individual:
        actor = Actor(user_id=user.pk, unit_id=unit.pk, role="social_worker")
        individual = services.individual_register(
            number=parse_identity_number(number), first_name="Fia", last_name=last_name, municipality=None,
            unit=unit, contact_kind="support", actor=actor,
        )  # fmt: skip
        services.consent_record(
            individual=individual, given_by="individual", guardian_name="", for_sip=False, for_sharing=True,
            for_relatives=False, parties=[unit], relatives=[], form="oral", valid_from=timezone.localdate(),
            valid_until=None, actor=actor, ground=Ground.RELATION,
        )  # fmt: skip
        access_services.block_create(individual=individual, unit=unit, user=user, actor=actor, ground=Ground.RELATION)
        return individual

    def attempt(self, route: Route, user: User | None, individual_uuid: Any, individual: Individual):  # type: ignore[no-untyped-def]
        """GET, or POST with nothing if GET is not allowed; rolled back afterwards."""
        found = door_parameter(route)
        assert found is not None, route.route
        parameter, kind = found
        # The key of the kind's object about the individual; a key nobody has stays as given.
        known = individual_uuid == individual.uuid
        values = {parameter: kind.example_key(individual) if known else individual_uuid}
        values.update({name: fill(individual) for name, fill in FILLERS.items() if name in route.parameters})
        url = route.url(values)
        self.client.logout()
        if user is not None:
            sign_in(self.client, user)
        with transaction.atomic():
            last = AuditEntry.objects.aggregate(last=Max("pk"))["last"] or 0
            response: HttpResponse = self.client.get(url)
            if response.status_code == 405:
                response = self.client.post(url, {})
            entries = list(AuditEntry.objects.filter(pk__gt=last).order_by("pk"))
            transaction.set_rollback(True)
        return response, entries

    def test_every_individual_route_logs_who_was_let_in_and_who_was_refused(self) -> None:
        routes = individual_routes()
        self.assertEqual(self.problems(routes), [])

    def problems(self, routes: list[Route]) -> list[str]:
        """What is wrong with each route: tried as every persona on the target, then as those let in
        on an outsider and on a uuid nobody has, then signed out."""
        staff = {**self.county.staff, "no_membership": self.county.no_membership}
        found = []
        for route in routes:
            let_in = []
            for persona, user in staff.items():
                response, entries = self.attempt(route, user, self.target.uuid, self.target)
                mine = [(e.outcome, e.individual_id) for e in entries if e.user_id == user.pk]
                status = response.status_code
                # Let in, but the attempt changed nothing (e.g. a relation already open): logged as invalid.
                invalid = any(e.details.get("invalid") and e.individual_id == self.target.pk
                              for e in entries if e.user_id == user.pk)  # fmt: skip
                if (Outcome.ALLOWED, self.target.pk) in mine or invalid:
                    let_in.append(persona)
                elif route.name in ROLE_GATE_NOT_LOGGED and status == 403 and not mine:
                    pass  # listed above, with the reason
                elif status not in (403, 404):
                    found.append(f"{route.route}: {persona} got {status} with no allowed entry naming the individual")
                elif b"Targetsson" in response.content:
                    found.append(f"{route.route}: {persona} refused ({status}) with the individual's name in it")
                elif (Outcome.DENIED, self.target.pk) not in mine:
                    found.append(f"{route.route}: {persona} refused ({status}) without an entry naming the individual")
            if not let_in:
                found.append(f"{route.route}: nobody was let in with an audit entry naming the individual "
                             "(does the view go through access.policy.individual_for_request?)")  # fmt: skip
            for persona in let_in:
                user = staff[persona]
                response, entries = self.attempt(route, user, self.outsider.uuid, self.outsider)
                mine = [(e.outcome, e.individual_id) for e in entries if e.user_id == user.pk]
                unknown, unknown_entries = self.attempt(route, user, uuid.uuid4(), self.outsider)
                if response.status_code != 404 or unknown.status_code != 404:
                    found.append(f"{route.route}: {persona} on an outsider {response.status_code}, "
                                 f"on an unknown uuid {unknown.status_code} (both must be 404)")  # fmt: skip
                if b"Outsidersson" in response.content:
                    found.append(f"{route.route}: {persona} sees the outsider's name")
                if (Outcome.DENIED, self.outsider.pk) not in mine or (Outcome.ALLOWED, self.outsider.pk) in mine:
                    found.append(f"{route.route}: {persona} on an outsider: not logged as denied ({mine})")
                if (Outcome.DENIED, None) not in [(e.outcome, e.individual_id) for e in unknown_entries]:
                    found.append(f"{route.route}: {persona} on an unknown uuid: not logged as denied")
            response, entries = self.attempt(route, None, self.target.uuid, self.target)
            if route.route.startswith("api/"):  # the API answers 401 in JSON rather than redirect
                if response.status_code != 401:
                    found.append(f"{route.route}: signed out, got {response.status_code} instead of 401")
            elif response.status_code != 302 or not response["Location"].startswith(reverse("account_login")):
                found.append(f"{route.route}: signed out, got {response.status_code} instead of the sign-in page")
            if entries:
                found.append(f"{route.route}: signed out, yet {len(entries)} entries")
        return found

    def test_the_walk_catches_a_view_that_skips_the_door(self) -> None:
        """A route added without the door (tests/access/leaky_urls.py) is found by the walk."""
        with override_settings(ROOT_URLCONF="tests.access.leaky_urls"):
            leaky = [r for r in individual_routes() if r.name in ("leaky_page", "quiet_refusal")]
            self.assertEqual(len(leaky), 2)
            found = self.problems(leaky)
        self.assertTrue(any("leak/" in p and "nobody was let in" in p for p in found), found)
        self.assertTrue(any("leak/" in p and "got 200" in p for p in found), found)
        self.assertTrue(any("quiet/" in p and "without an entry" in p for p in found), found)
