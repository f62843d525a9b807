"""The access matrix: every persona × every view of an individual × every relation state
(security.md, "Access control": "tests cover every role × every endpoint × each relation state").

The expectations are written out below, not computed with the policy's rules, so that an inverted
or a missing check fails as a named cell (persona × view × state). For each cell: the status; that
a refusal looks exactly like an unknown uuid and carries none of the individual's data; and the
audit entries the attempt wrote, denied attempts included.
"""

import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Max
from django.http import HttpResponse
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from access.models import Block, DisclosureDecision
from access.policy import Section, individual_grant, managing_membership
from audit.models import Action, AuditEntry, Ground, Outcome
from individuals.models import ActiveRelation, Child, Consent, Individual, PreviousIdentity, Relative
from tests.access.world import (
    OWN_OPEN_RELATION,
    PERSONAS,
    STATES,
    Subject,
    World,
    build_world,
    display,
    identity_number,
)
from tests.personas import County, sign_in

# --- Who gets in -------------------------------------------------------------------------------
# Rows: personas. Columns: the individual's state at the persona's own unit (tests/access/world.py).
#   R  let in on the active relation          S  let in on the SIP consent
#   E  let in on the persona's own emergency access
#   -  refused: 404 exactly as for an unknown uuid, nothing of the individual in it, logged as denied
#   L  not signed in: sent to sign-in, nothing logged
# Analyst and administrator meet individuals with a relation, a SIP consent naming their unit and
# an emergency access of their own: their role still keeps them out.
MATRIX_TEXT = """
persona                   none relation ended sip sip_withdrawn sip_other emergency emergency_expired protected blocked
social_worker             -    R        -     S   -             -         E         -                 R         R
colleague                 -    R        -     S   -             -         E         -                 R         R
nurse                     -    R        -     S   -             -         E         -                 R         R
other_municipality_worker -    R        -     S   -             -         E         -                 R         R
manager                   -    R        -     S   -             -         E         -                 R         R
analyst                   -    -        -     -   -             -         -         -                 -         -
admin                     -    -        -     -   -             -         -         -                 -         -
no_membership             -    -        -     -   -             -         -         -                 -         -
anonymous                 L    L        L     L   L             L         L         L                 L         L
"""

# The protected-identity page is the unit manager's (access.policy: manager_only). The manager is
# let in (M) where the individual is current at the manager's unit; anyone else who may see the
# individual is refused with 403 (they know the individual exists; nothing leaks) and the attempt
# is logged as denied with the ground they had: 403R, 403S, 403E.
MANAGER_ONLY_TEXT = """
persona                   none relation ended sip  sip_withdrawn sip_other emergency emergency_expired protected blocked
social_worker             -    403R     -     403S -             -         403E      -                 403R      403R
colleague                 -    403R     -     403S -             -         403E      -                 403R      403R
nurse                     -    403R     -     403S -             -         403E      -                 403R      403R
other_municipality_worker -    403R     -     403S -             -         403E      -                 403R      403R
manager                   -    M        -     403S -             -         403E      -                 M         M
analyst                   -    -        -     -    -             -         -         -                 -         -
admin                     -    -        -     -    -             -         -         -                 -         -
no_membership             -    -        -     -    -             -         -         -                 -         -
anonymous                 L    L        L     L    L             L         L         L                 L         L
"""

# Find (by number) and emergency access are pages for care staff: other roles are refused (403)
# before the number is read, so no individual is involved and nothing is logged. Emergency access
# is the way in without a relation: care staff get it in every state.
ROLE_GATED = {"analyst": 403, "admin": 403, "no_membership": 403}

# The states walked over HTTP (every view, every persona). The others (an ended relation, a
# withdrawn consent, an expired emergency access) refuse through the same door as "none": their
# decisions are checked as pure functions in test_decisions, every persona × every state.
HTTP_STATES = ("none", "relation", "sip", "sip_other", "emergency", "protected", "blocked")

# Named in ProtectedIdentityAccess on every individual with a protected identity.
PROTECTED_NAMED = {"social_worker"}

GROUND = {"R": Ground.RELATION, "S": Ground.SIP_CONSENT, "E": Ground.EMERGENCY, "M": Ground.RELATION}


def parse_matrix(text: str) -> dict[str, dict[str, str]]:
    header, *rows = text.strip().splitlines()
    columns = header.split()[1:]
    assert tuple(columns) == STATES, columns
    table = {}
    for row in rows:
        persona, *cells = row.split()
        table[persona] = dict(zip(columns, cells, strict=True))
    assert tuple(table) == PERSONAS, list(table)
    return table


MATRIX = parse_matrix(MATRIX_TEXT)
MANAGER_ONLY = parse_matrix(MANAGER_ONLY_TEXT)


# --- The views ---------------------------------------------------------------------------------
Effects = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class View:
    name: str
    method: str
    action: Action  # what the door logs
    own: tuple[int, Effects]  # when let in and the persona's unit has an open relation: status, further entries
    other: tuple[int, Effects]  # when let in without one
    manager_only: bool = False  # MANAGER_ONLY decides who gets in, not MATRIX
    by_state: tuple[tuple[str, tuple[int, Effects]], ...] = ()  # where a state answers otherwise
    managers_only: bool = False  # unit managers per MATRIX; everyone else refused like an unknown uuid


READ, UPDATE, CREATE = Action.READ, Action.UPDATE, Action.CREATE
PAGE = (200, ())
# fmt: off
VIEWS = (
    # name                method  door logs  let in, own open relation               let in, no own open relation
    View("individual_detail", "GET",  READ,   PAGE,                                        PAGE),
    # Already open at the unit: refused explicitly (400). Under emergency access alone: refused, and
    # the service logs the refused attempt itself (issue 7 §5).
    View("relation_open",     "POST", UPDATE, (400, ()),                                   (302, ((CREATE, "individuals.activerelation"),)),  # noqa: E501
         by_state=(("emergency", (400, ((CREATE, "individuals.individual"),))),)),
    # Closes the unit's own relation if it has one; otherwise tries the holder's and is refused.
    View("relation_close",    "POST", UPDATE, (302, ((UPDATE, "individuals.activerelation"),)), (404, ())),
    View("consent_create",    "GET",  READ,   PAGE,                                        PAGE),
    View("consent_create",    "POST", UPDATE, (302, ((CREATE, "individuals.consent"),)),   (302, ((CREATE, "individuals.consent"),))),  # noqa: E501
    # The holder unit's consent: hidden (and so not withdrawable) under its block.
    View("consent_withdraw",  "POST", UPDATE, (302, ((UPDATE, "individuals.consent"),)),   (302, ((UPDATE, "individuals.consent"),)),  # noqa: E501
         by_state=(("blocked", (404, ())),)),
    View("relative_create",   "GET",  READ,   PAGE,                                        PAGE),
    View("relative_create",   "POST", UPDATE, (302, ((CREATE, "individuals.relative"),)),  (302, ((CREATE, "individuals.relative"),))),  # noqa: E501
    View("child_create",      "GET",  READ,   PAGE,                                        PAGE),
    View("child_create",      "POST", UPDATE, (302, ((CREATE, "individuals.child"),)),     (302, ((CREATE, "individuals.child"),))),  # noqa: E501
    View("identity_change",   "GET",  READ,   PAGE,                                        PAGE),
    View("identity_change",   "POST", UPDATE, (302, ((UPDATE, "individuals.individual"),)), (302, ((UPDATE, "individuals.individual"),))),  # noqa: E501
    View("block_create",      "GET",  READ,   PAGE,                                        PAGE),
    # A unit blocks only what it holds itself: without a relation there is no unit to choose.
    View("block_create",      "POST", UPDATE, (302, ((UPDATE, "access.block"),)),          (400, ())),
    View("disclosure_create", "GET",  READ,   PAGE,                                        PAGE),
    View("disclosure_create", "POST", UPDATE, (302, ((Action.DISCLOSE, "access.disclosuredecision"),)), (302, ((Action.DISCLOSE, "access.disclosuredecision"),))),  # noqa: E501
    # Only the holder unit's block (or none) exists: the door lets them in, the view refuses.
    View("block_lift",        "POST", UPDATE, (404, ()),                                   (404, ())),
    View("protection_edit",   "GET",  READ,   PAGE,                                        PAGE, manager_only=True),
    View("protection_edit",   "POST", UPDATE, (302, ((UPDATE, "individuals.individual"),)), (302, ((UPDATE, "individuals.individual"),)), manager_only=True),  # noqa: E501
    # Merging records is a unit manager's step; the POST without a number changes nothing (400),
    # and undoing a merge that does not exist is refused (404): both logged as invalid attempts.
    View("merge_start",       "GET",  READ,   PAGE,                                        PAGE, managers_only=True),
    View("merge_start",       "POST", UPDATE, (400, ()),                                   (400, ()), managers_only=True),  # noqa: E501
    View("merge_undo",        "POST", UPDATE, (404, ()),                                   (404, ()), managers_only=True),  # noqa: E501
)
# fmt: on

NEW_NUMBER = identity_number(90)  # for identity_change; nobody has it
UNKNOWN_NUMBER = identity_number(91)  # for find; nobody has it
NO_SUCH_BLOCK = 987_654
NO_SUCH_MERGE = uuid.UUID("00000000-0000-4000-8000-000000000000")


def view_url(view: View, subject: Subject, individual_uuid: Any) -> str:
    kwargs: dict[str, Any] = {"uuid": individual_uuid}
    if view.name == "relation_close":
        kwargs["relation_id"] = subject.own_relation_id or subject.holder_relation_id
    elif view.name == "consent_withdraw":
        kwargs["consent_uuid"] = subject.consent_uuid
    elif view.name == "block_lift":
        kwargs["block_id"] = subject.block_id or NO_SUCH_BLOCK
    elif view.name == "merge_undo":
        kwargs["merge_uuid"] = NO_SUCH_MERGE
    return reverse(view.name, kwargs=kwargs)


def post_data(view: View, subject: Subject) -> dict[str, Any]:
    unit = str(subject.unit.uuid)
    today = timezone.localdate().isoformat()
    return {
        "relation_open": {"contact_kind": "support"},
        "consent_create": {"given_by": "individual", "for_sharing": "on", "parties": [unit], "form": "oral",
                           "valid_from": today},
        "relative_create": {"name": "Ny Anhörig", "relation": "friend", "phone": ""},
        "child_create": {"birth_year": "2018", "lives_with_individual": "on", "note": ""},
        "identity_change": {"number": display(NEW_NUMBER)},
        "block_create": {"unit": unit},
        "disclosure_create": {"legal_ground": "osl_10_2", "recipient": "Frivården", "assessment": "Nödvändigt."},
        "protection_edit": {"protected": "on"},
    }.get(view.name, {})  # fmt: skip


# --- Helpers -----------------------------------------------------------------------------------
# CSRF tokens (in forms and the htmx header) differ from response to response.
_TOKEN = re.compile(rb"[A-Za-z0-9]{64}")


def normalised(content: bytes) -> bytes:
    return _TOKEN.sub(b"<token>", content)


def summary(entry: AuditEntry) -> tuple:
    return (entry.action, entry.ground, entry.outcome, entry.individual_id, entry.user_id, entry.unit_id,
            entry.role, entry.object_type, entry.object_id)  # fmt: skip


def fingerprint(individual: Individual) -> tuple:
    """What a write could change about the individual: refused writes must change nothing."""
    individual.refresh_from_db()
    return (
        individual.identity_hash,
        individual.protected_identity,
        list(ActiveRelation.objects.filter(individual=individual).values_list("pk", "ended_on")),
        list(Consent.objects.filter(individual=individual).values_list("pk", "withdrawn_at")),
        Relative.objects.filter(individual=individual).count(),
        Child.objects.filter(individual=individual).count(),
        list(Block.objects.filter(individual=individual).values_list("pk", "lifted_at")),
        DisclosureDecision.objects.filter(individual=individual).count(),
        PreviousIdentity.objects.filter(individual=individual).count(),
    )


def section_of(content: bytes, section: str) -> bytes:
    """One section of the detail page (data-section="...": relations, consents, relatives, ...)."""
    match = re.search(rb'<(table|section) data-section="' + section.encode() + rb'">.*?</\1>', content, re.S)
    assert match is not None, section
    return match.group(0)


class AccessMatrixTests(TestCase):
    world: World

    @classmethod
    def setUpTestData(cls) -> None:
        cls.world = build_world(County())

    def setUp(self) -> None:
        self.refusals: dict[tuple[str, str], tuple[int, bytes]] = {}
        self.unknown_find: bytes | None = None

    # One test per persona; each cell is a subTest named persona × view × state.
    def test_social_worker(self) -> None:
        self.walk("social_worker")

    def test_colleague(self) -> None:
        self.walk("colleague")

    def test_nurse(self) -> None:
        self.walk("nurse")

    def test_other_municipality_worker(self) -> None:
        self.walk("other_municipality_worker")

    def test_manager(self) -> None:
        self.walk("manager")

    def test_analyst(self) -> None:
        self.walk("analyst")

    def test_admin(self) -> None:
        self.walk("admin")

    def test_no_membership(self) -> None:
        self.walk("no_membership")

    def test_anonymous(self) -> None:
        self.walk("anonymous")

    def test_decisions(self) -> None:
        """Every persona × every state as the policy's own decision (no HTTP, about 1 ms a cell):
        who gets in, on which ground, through which unit, and what the grant shows."""
        for persona in PERSONAS:
            user = self.world.user(persona) or AnonymousUser()
            for state in STATES:
                subject = self.world.subject(persona, state)
                with self.subTest(persona=persona, state=state):
                    self.check_decision(persona, user, subject, MATRIX[persona][state])

    def check_decision(self, persona: str, user: Any, subject: Subject, expected: str) -> None:
        grant = individual_grant(user, subject.individual)
        managing = managing_membership(user, subject.individual)
        if expected in ("-", "L"):
            self.assertIsNone(grant)
            return
        assert grant is not None
        self.assertEqual((grant.ground, grant.unit_id), (GROUND[expected], self.world.persona_unit[persona].pk))
        self.assertEqual(managing is not None, MANAGER_ONLY[persona][subject.state] == "M")
        protected = subject.state == "protected" and persona not in PROTECTED_NAMED
        self.assertEqual(grant.shows(Section.CONTACT), not protected)
        holder = self.world.holder_unit.pk
        self.assertEqual(holder in grant.blocked_unit_ids, subject.state == "blocked")
        self.assertEqual(grant.shows_record(Section.RELATIVES, holder), subject.state != "blocked")
        self.assertEqual(grant.shows_record(Section.DISCLOSURES, holder), subject.state in ("sip", "emergency"))

    def test_the_table_covers_every_view_with_a_uuid(self) -> None:
        from individuals.urls import urlpatterns

        with_uuid = {p.name for p in urlpatterns if "uuid" in p.pattern.converters}
        self.assertEqual(with_uuid, {v.name for v in VIEWS})

    # --- walking ---------------------------------------------------------------------------------
    def walk(self, persona: str) -> None:
        self.persona = persona
        self.user = self.world.user(persona)
        if self.user is not None:
            sign_in(self.client, self.user)
            membership = next(iter(self.user.active_memberships), None)
            self.unit_id = membership.unit_id if membership else None
            self.role = membership.role if membership else ""
        for state in HTTP_STATES:
            subject = self.world.subject(persona, state)
            expected = MATRIX[persona][state]
            for view in VIEWS:
                cell = MANAGER_ONLY[persona][state] if view.manager_only else expected
                if view.managers_only and persona != "manager" and cell != "L":
                    cell = "-"
                with self.subTest(persona=persona, view=f"{view.method} {view.name}", state=state):
                    self.check_view(view, subject, cell)
            with self.subTest(persona=persona, view="POST individual_find", state=state):
                self.check_find(subject, expected)
            with self.subTest(persona=persona, view="POST emergency_access", state=state):
                self.check_emergency(subject)

    def request(self, method: str, url: str, data: dict | None = None, *, watch: Individual | None = None):  # type: ignore[no-untyped-def]
        """One attempt, rolled back afterwards so that every cell starts from the same county."""
        with transaction.atomic():
            last = AuditEntry.objects.aggregate(last=Max("pk"))["last"] or 0
            before = fingerprint(watch) if watch is not None else None
            response = self.client.get(url) if method == "GET" else self.client.post(url, data or {})
            entries = list(AuditEntry.objects.filter(pk__gt=last).order_by("pk"))
            after = fingerprint(watch) if watch is not None else None
            transaction.set_rollback(True)
        return response, entries, before == after

    def expected_entry(self, action: str, ground: str, outcome: str, individual_id: int | None, object_type: str,
                       object_id: str) -> tuple:  # fmt: skip
        assert self.user is not None
        return (action, ground, outcome, individual_id, self.user.pk, self.unit_id, self.role, object_type, object_id)

    # --- the individual's own views --------------------------------------------------------------
    def check_view(self, view: View, subject: Subject, expected: str) -> None:
        individual = subject.individual
        url = view_url(view, subject, individual.uuid)
        # Refused writes must change nothing; only they are watched (it costs queries).
        watch = individual if view.method == "POST" and expected[0] in "-4" else None
        response, entries, unchanged = self.request(view.method, url, post_data(view, subject), watch=watch)
        if expected == "L":
            self.assert_sent_to_sign_in(response, entries, subject)
        elif expected == "-":
            self.assertEqual(response.status_code, 404, response.content[:300])
            status, body = self.refusal(view, subject)
            self.assertEqual((response.status_code, normalised(response.content)), (status, body),
                             "a refusal must look exactly like an unknown uuid")  # fmt: skip
            self.assert_nothing_of(subject, response)
            self.assertEqual([summary(e) for e in entries], [self.expected_entry(
                view.action, Ground.NONE, Outcome.DENIED, individual.pk, "individuals.individual",
                str(individual.uuid))])  # fmt: skip
            self.assertTrue(unchanged, "a refused write changed the individual")
        elif expected.startswith("403"):
            self.assertEqual(response.status_code, 403, response.content[:300])
            self.assert_nothing_of(subject, response)
            self.assertEqual([summary(e) for e in entries], [self.expected_entry(
                view.action, GROUND[expected[3]], Outcome.DENIED, individual.pk, "individuals.individual",
                str(individual.uuid))])  # fmt: skip
            self.assertTrue(unchanged, "a refused write changed the individual")
        else:
            self.assert_let_in(view, subject, response, entries, GROUND[expected])

    def assert_let_in(self, view: View, subject: Subject, response: HttpResponse, entries: list[AuditEntry],
                      ground: Ground) -> None:  # fmt: skip
        individual = subject.individual
        status, effects = dict(view.by_state).get(subject.state) or (
            view.own if subject.state in OWN_OPEN_RELATION else view.other
        )
        self.assertEqual(response.status_code, status, response.content[:300])
        self.assertGreaterEqual(len(entries), 1, "no audit entry for an allowed access")
        # A write is logged for what happened, after it: an update with the change, or, when nothing
        # changed (an invalid form, no such object at the user's unit), a denied update marked invalid.
        changed = status == 302
        door_entry, rest = (entries[-1], entries[:-1]) if view.method == "POST" else (entries[0], entries[1:])
        door = self.expected_entry(view.action, ground, Outcome.ALLOWED if view.method == "GET" or changed
                                   else Outcome.DENIED, individual.pk, "individuals.individual",
                                   str(individual.uuid))  # fmt: skip
        self.assertEqual(summary(door_entry), door)
        if view.method == "POST" and not changed:
            self.assertTrue(door_entry.details.get("invalid"), "an invalid attempt is marked as such")
        self.assertEqual([(e.action, e.object_type) for e in rest], list(effects))
        for entry in rest:
            # Opening a relation is taking the individual on (Ground.REGISTRATION); other writes name the door's ground.
            own_ground = (
                Ground.REGISTRATION
                if entry.object_type == "individuals.activerelation" and entry.action == CREATE
                else ground
            )
            outcome = Outcome.ALLOWED if changed else Outcome.DENIED  # a service's own refusal
            self.assertEqual(summary(entry)[:7], self.expected_entry(entry.action, own_ground, outcome,
                                                                     individual.pk, "", "")[:7])  # fmt: skip
        if response.status_code == 302:
            self.assertNotIn(subject.number[2:8], response["Location"])
        content = response.content.decode()
        if subject.state == "protected" and self.persona not in PROTECTED_NAMED:
            for text in subject.contact:
                self.assert_not_in(text, content, "contact details of a protected identity")
        if (view.name, view.method) != ("individual_detail", "GET"):
            return
        # The page itself: the individual's data is there (so the absence checks above can see it).
        for text in [*subject.name, display(subject.number)]:
            self.assert_in(text, content, "the individual's data on the page")
        if subject.state == "protected" and self.persona not in PROTECTED_NAMED:
            self.assert_in('data-testid="protected"', content, "that contact details are hidden shows")
        else:
            for text in subject.contact[:3]:  # the relative's phone: assert_sections
                self.assert_in(text, content, "contact details (named staff see a protected identity's)")
        self.assert_sections(subject, response.content)

    def assert_sections(self, subject: Subject, page: bytes) -> None:
        """Every section of the page, as the grant opens it (access.policy, "What a grant opens").

        The holder unit recorded the relative, the child, the guardian's consent and the disclosure.
        A block on it hides them all; a relation opens every unit's shared basics but only its own
        unit's records (the disclosure); a SIP consent naming the holder unit, and an emergency
        access, open the holder unit's records too."""
        content = page.decode()
        holder = self.world.holder_unit.name
        relative, guardian, child_note, recipient = subject.other_data
        blocked = subject.state == "blocked"
        if blocked:
            self.assert_in('data-testid="blocked"', content, "that something is blocked shows")
        else:
            self.assert_not_in('data-testid="blocked"', content, "nothing is blocked")
        shared = not blocked
        unit_record = subject.state in ("sip", "emergency")
        for section, text, shown in (
            ("relations", holder, shared),
            ("consents", guardian, shared),
            ("consents", holder, shared),  # the party list names the holder unit
            ("relatives", relative, shared),
            ("children", child_note, shared),
            ("disclosures", recipient, unit_record),
        ):
            body = section_of(page, section).decode()
            if shown:
                self.assert_in(text, body, f"{section} ({subject.state})")
            else:
                self.assert_not_in(text, body, f"{section} ({subject.state})")
            if not shown:
                self.assert_not_in(text, content, f"{section} ({subject.state}) anywhere on the page")
        relative_phone = subject.contact[3]
        contact_shown = shared and not (subject.state == "protected" and self.persona not in PROTECTED_NAMED)
        (self.assert_in if contact_shown else self.assert_not_in)(relative_phone, content, "the relative's phone")

    def refusal(self, view: View, subject: Subject) -> tuple[int, bytes]:
        """The same request for an individual that does not exist (once per persona and view)."""
        key = (view.name, view.method)
        if key not in self.refusals:
            unknown = uuid.uuid4()
            response, entries, _same = self.request(view.method, view_url(view, subject, unknown),
                                                    post_data(view, subject))  # fmt: skip
            self.assertEqual([summary(e) for e in entries], [self.expected_entry(
                view.action, Ground.NONE, Outcome.DENIED, None, "individuals.individual", str(unknown))])  # fmt: skip
            self.refusals[key] = (response.status_code, normalised(response.content))
        return self.refusals[key]

    # --- finding by number and emergency access --------------------------------------------------
    def check_find(self, subject: Subject, expected: str) -> None:
        individual = subject.individual
        typed = display(subject.number)
        response, entries, _same = self.request("POST", reverse("individual_find"), {"number": typed})
        if expected == "L":
            self.assert_sent_to_sign_in(response, entries, subject)
        elif self.persona in ROLE_GATED:
            self.assertEqual(response.status_code, ROLE_GATED[self.persona])
            self.assert_nothing_of(subject, response)
            self.assertEqual(entries, [])
        elif expected == "-":
            self.assertEqual(response.status_code, 200)
            # What the user typed is kept in the form; apart from that, exactly the page for an unknown number.
            self.assertEqual(normalised(response.content).replace(typed.encode(), b"<number>"),
                             self.unknown_number_page())  # fmt: skip
            self.assert_nothing_of(subject, response, typed_number=True)
            searches = [summary(e) for e in entries if e.action == Action.SEARCH]
            self.assertEqual(searches, [self.expected_entry(Action.SEARCH, Ground.NONE, Outcome.DENIED,
                                                            individual.pk, "", "")])  # fmt: skip
            # Besides the search, only the unit's own list is logged, and the individual is not on it.
            others = {(e.action, e.ground, e.outcome) for e in entries if e.action != Action.SEARCH}
            self.assertLessEqual(others, {(Action.READ, Ground.RELATION, Outcome.ALLOWED)})
            self.assertNotIn(individual.pk, [e.individual_id for e in entries if e.action != Action.SEARCH])
        else:
            self.assertEqual(response.status_code, 302)
            self.assertEqual(response["Location"], individual.get_absolute_url())
            self.assertEqual([summary(e) for e in entries], [self.expected_entry(
                Action.SEARCH, GROUND[expected], Outcome.ALLOWED, individual.pk, "", "")])  # fmt: skip

    def unknown_number_page(self) -> bytes:
        if self.unknown_find is None:
            typed = display(UNKNOWN_NUMBER)
            response, entries, _same = self.request("POST", reverse("individual_find"), {"number": typed})
            self.assertEqual(response.status_code, 200)
            searches = [summary(e) for e in entries if e.action == Action.SEARCH]
            self.assertEqual(searches, [self.expected_entry(Action.SEARCH, Ground.NONE, Outcome.DENIED, None, "", "")])
            self.unknown_find = normalised(response.content).replace(typed.encode(), b"<number>")
        return self.unknown_find

    def check_emergency(self, subject: Subject) -> None:
        individual = subject.individual
        data = {"number": display(subject.number), "reason": "life_or_health", "explanation": "Medvetslös."}
        response, entries, _same = self.request("POST", reverse("emergency_access"), data)
        if self.persona == "anonymous":
            self.assert_sent_to_sign_in(response, entries, subject)
        elif self.persona in ROLE_GATED:
            self.assertEqual(response.status_code, ROLE_GATED[self.persona])
            self.assert_nothing_of(subject, response)
            self.assertEqual(entries, [])
        else:
            self.assertEqual(response.status_code, 302)
            self.assertEqual(response["Location"], individual.get_absolute_url())
            self.assertEqual([summary(e)[:8] for e in entries], [self.expected_entry(
                Action.EMERGENCY_ACCESS, Ground.EMERGENCY, Outcome.ALLOWED, individual.pk, "access.emergencyaccess",
                "")[:8]])  # fmt: skip

    # --- shared assertions -----------------------------------------------------------------------
    def assert_sent_to_sign_in(self, response: HttpResponse, entries: list[AuditEntry], subject: Subject) -> None:
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("account_login") + "?next="), response["Location"])
        self.assert_nothing_of(subject, response)
        self.assertEqual(entries, [], "nothing to log before anyone has signed in")

    def assert_nothing_of(self, subject: Subject, response: HttpResponse, *, typed_number: bool = False) -> None:
        """No name, number (any format), address, phone, e-mail or relative in the refused response."""
        content = response.content.decode() + response.get("Location", "")
        for text in subject.secrets:
            if typed_number and text in display(subject.number):
                continue  # what the user typed into the search form is kept there
            self.assert_not_in(text, content, "the individual's data in a refused response")

    # The pages are long: name what is (not) there instead of printing the whole page.
    def assert_in(self, text: str, content: str, what: str) -> None:
        self.assertTrue(text in content, f"{what}: {text!r} is missing")

    def assert_not_in(self, text: str, content: str, what: str) -> None:
        self.assertFalse(text in content, f"{what}: {text!r} is there")
