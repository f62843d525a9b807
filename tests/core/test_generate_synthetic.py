"""The synthetic county for benchmarks: valid, scaled to N, and the same for the same seed."""

import datetime
import re
from collections import Counter
from io import StringIO

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase
from django.utils import timezone

from accounts.backends import StaffModelBackend
from accounts.models import User
from audit.models import Action, AuditEntry, AuditLink, Ground, Outcome
from audit.sequencer import audit_chain_pending
from audit.services import Actor, audit_record
from core import synthetic, synthetic_registry
from core.crypto import keyed_hash
from individuals.identity import IdentityKind, parse_identity_number
from individuals.models import ActiveRelation, Consent, Individual
from organisations.models import Membership, Principal, PrincipalKind, Unit
from organisations.roles import Role

N = 2000


def snapshot() -> dict[str, list[tuple]]:
    """Everything generated, without database ids and timestamps."""
    return {
        "principals": list(
            Principal.objects.order_by("uuid").values_list(
                "uuid", "name", "kind", "municipality_code", "organisation_number"
            )
        ),
        "units": list(
            Unit.objects.order_by("uuid").values_list(
                "uuid", "principal__uuid", "name", "unit_type", "city", "postal_code", "phone", "age_min", "age_max"
            )
        ),
        "unit_services": sorted(Unit.services.through.objects.values_list("unit__uuid", "service__code")),
        "unit_serves": sorted(
            Unit.serves_municipalities.through.objects.values_list("unit__uuid", "principal__municipality_code")
        ),
        "users": list(
            User.objects.order_by("username").values_list(
                "username", "email", "first_name", "last_name", "title", "password", "is_demo"
            )
        ),
        "memberships": sorted(Membership.objects.values_list("user__username", "unit__uuid", "role", "ended_at")),
    }


def delete_all() -> None:
    _delete_audit_log()  # entries protect the users and units they name
    Consent.objects.all().delete()
    ActiveRelation.objects.all().delete()
    Individual.objects.all().delete()
    Membership.objects.all().delete()
    User.objects.all().delete()
    Unit.objects.all().delete()
    Principal.objects.all().delete()
    _delete_audit_log()  # the role changes that deleting the memberships logged (audit/signals.py)


def _delete_audit_log() -> None:
    """Only for regenerating in one test: PostgreSQL's append-only guard is lifted (table owner's right)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
            cursor.execute("ALTER TABLE audit_auditlink DISABLE TRIGGER audit_link_append_only")
        cursor.execute("DELETE FROM audit_auditlink")
        cursor.execute("DELETE FROM audit_auditentry")
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")
            cursor.execute("ALTER TABLE audit_auditlink ENABLE TRIGGER audit_link_append_only")


def generate(seed: int, individuals: int = N, audit_entries: int = 0) -> str:
    """The county itself: the other apps' generators are tested in their own tests."""
    out = StringIO()
    with synthetic_registry.only():
        call_command("generate_synthetic", individuals=individuals, audit_entries=audit_entries, seed=seed, stdout=out)
    return out.getvalue()


def verify() -> str:
    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


class GenerateSyntheticTests(TestCase):
    def test_counts_follow_the_scale(self) -> None:
        output = generate(seed=1)
        scale = synthetic.Scale.for_individuals(N)
        self.assertEqual(Principal.objects.filter(kind=PrincipalKind.REGION).count(), 1)
        self.assertEqual(Principal.objects.filter(kind=PrincipalKind.MUNICIPALITY).count(), 20)
        self.assertEqual(Unit.objects.count(), scale.units)
        self.assertEqual(User.objects.count(), scale.staff)
        self.assertEqual(EmailAddress.objects.count(), scale.staff)
        # Every unit has a manager, every user at least one active membership.
        self.assertEqual(
            Membership.objects.filter(role=Role.UNIT_MANAGER).values("unit").distinct().count(), scale.units
        )
        self.assertFalse(User.objects.filter(memberships__isnull=True).exists())
        self.assertGreater(Membership.objects.count(), scale.staff)
        self.assertIn(f"{scale.units} units, {scale.staff} staff", output)
        self.assertIn(f"{N} individuals", output)
        self.assertEqual(Individual.objects.count(), N)

        bigger = synthetic.Scale.for_individuals(50_000)
        self.assertEqual((bigger.units, bigger.staff), (376, 3000))

    def test_rows_pass_the_models_validation_and_cannot_sign_in(self) -> None:
        generate(seed=2)
        for principal in Principal.objects.all():
            principal.full_clean()
        for unit in Unit.objects.all()[:100]:
            unit.full_clean()
        user = User.objects.first()
        assert user is not None
        self.assertFalse(user.has_usable_password())
        self.assertFalse(StaffModelBackend().user_can_authenticate(user))

    def test_same_seed_same_data_other_seed_other_data(self) -> None:
        generate(seed=7)
        first = snapshot()
        delete_all()
        generate(seed=7)
        self.assertEqual(snapshot(), first)
        delete_all()
        generate(seed=8)
        other = snapshot()
        self.assertNotEqual(other["units"], first["units"])
        self.assertNotEqual(other["users"], first["users"])

    def test_refuses_a_database_that_has_data(self) -> None:
        generate(seed=1, individuals=100)
        before = Unit.objects.count()
        with self.assertRaisesMessage(CommandError, "empty"):
            generate(seed=2, individuals=100)
        self.assertEqual(Unit.objects.count(), before)


SMALL = 300
ENTRIES = 3000


def people_snapshot() -> dict[str, list[tuple]]:
    """Individuals, relations, consents and the audit log, by uuid and user name instead of ids."""
    uuids = dict(Individual.objects.values_list("pk", "uuid"))
    usernames = dict(User.objects.values_list("pk", "username"))
    unit_uuids = dict(Unit.objects.values_list("pk", "uuid"))
    return {
        "individuals": sorted(
            (
                i.uuid,
                i.identity_number,
                i.identity_hash,
                i.first_name,
                i.last_name,
                i.birth_date,
                i.legal_sex,
                i.municipality.uuid if i.municipality else None,
                i.address,
                i.phone,
                i.protected_identity,
            )
            for i in Individual.objects.select_related("municipality")
        ),  # fmt: skip
        "relations": sorted(
            (
                uuids[r.individual_id],
                unit_uuids[r.unit_id],
                r.contact_kind,
                r.started_on,
                r.ended_on,
                usernames[r.opened_by_id],
                usernames.get(r.closed_by_id),
            )
            for r in ActiveRelation.objects.all()
        ),  # fmt: skip
        "consents": sorted(
            (
                c.uuid,
                uuids[c.individual_id],
                c.for_sip,
                c.for_sharing,
                c.form,
                c.valid_from,
                c.valid_until,
                usernames[c.recorded_by_id],
                tuple(sorted(unit_uuids[u] for u in c.parties.values_list("pk", flat=True))),
            )
            for c in Consent.objects.all()
        ),  # fmt: skip
        "audit": [
            (
                e.at,
                usernames[e.user_id],
                unit_uuids[e.unit_id],
                e.role,
                e.action,
                uuids.get(e.individual_id),
                e.object_type,
                e.object_id,
                e.ground,
                e.outcome,
                # A list names individuals by internal id, which differs between databases.
                sorted(uuids[int(pk)] for pk in e.details["listed"]) if "listed" in e.details else e.details,
            )
            for e in AuditEntry.objects.order_by("id")
        ],  # fmt: skip
    }


class GenerateIndividualsTests(TestCase):
    def test_counts_relations_and_consents(self) -> None:
        output = generate(seed=3, individuals=SMALL, audit_entries=ENTRIES)
        self.assertEqual(Individual.objects.count(), SMALL)
        self.assertFalse(Individual.objects.filter(is_fictional=False).exists())
        self.assertIn(f"{SMALL} individuals", output)
        self.assertIn(f"{ENTRIES} audit entries", output)
        # One or two relations each, never two open at one unit; most current.
        per_individual = Counter(ActiveRelation.objects.values_list("individual_id", flat=True))
        self.assertEqual(len(per_individual), SMALL)
        self.assertLessEqual(set(per_individual.values()), {1, 2})
        current = ActiveRelation.objects.current()
        self.assertEqual(current.count(), ActiveRelation.objects.filter(ended_on__isnull=True).count())
        self.assertGreater(current.count(), 0.8 * SMALL)
        self.assertLess(current.count(), 1.2 * SMALL)
        # Spread over the units: every unit has some, none has most.
        per_unit = Counter(current.values_list("unit_id", flat=True))
        units = Unit.objects.count()
        self.assertGreater(len(per_unit), 0.8 * units)
        self.assertLess(max(per_unit.values()), 4 * SMALL / units)
        for relation in ActiveRelation.objects.all()[:50]:
            relation.full_clean()
        # A few SIP consents in force, each naming a unit where the individual is current.
        consents = Consent.objects.all()
        self.assertGreater(consents.count(), 0)
        self.assertLess(consents.count(), 0.15 * SMALL)
        for consent in consents:
            self.assertTrue(consent.for_sip and consent.is_in_force())
            parties = set(consent.parties.values_list("pk", flat=True))
            self.assertTrue(parties & set(current.filter(individual=consent.individual).values_list("unit", flat=True)))

    def test_reserve_numbers_hashes_and_encrypted_names(self) -> None:
        generate(seed=4, individuals=SMALL)
        numbers = set()
        for individual in Individual.objects.all():
            number = parse_identity_number(individual.identity_number)
            self.assertEqual(number.kind, IdentityKind.RESERVNUMMER)
            self.assertRegex(individual.identity_number, settings.RESERVNUMMER_PATTERN)
            self.assertEqual(individual.identity_kind, IdentityKind.RESERVNUMMER)
            self.assertEqual(individual.identity_hash, keyed_hash(number.value))
            # The date part is the date of birth, as for the demo's reserve numbers; all adults.
            self.assertEqual(individual.identity_number[:8], individual.birth_date.strftime("%Y%m%d"))
            self.assertGreaterEqual((timezone.localdate() - individual.birth_date).days, 18 * 365)
            self.assertIn(individual.first_name, synthetic._FIRST_NAMES)
            self.assertIn(individual.last_name, synthetic._LAST_NAMES)
            self.assertIsNotNone(individual.municipality)
            numbers.add(individual.identity_number)
        self.assertEqual(len(numbers), SMALL)
        # Stored encrypted: the raw column holds no name or number.
        with connection.cursor() as cursor:
            cursor.execute("SELECT identity_number, first_name, last_name FROM individuals_individual")
            raw = cursor.fetchall()
        self.assertFalse(any(re.fullmatch(settings.RESERVNUMMER_PATTERN, value) for value, _f, _l in raw))
        self.assertFalse(any(first in synthetic._FIRST_NAMES for _n, first, _l in raw))

    def test_same_seed_same_individuals_relations_and_log(self) -> None:
        generate(seed=5, individuals=SMALL, audit_entries=ENTRIES)
        first = people_snapshot()
        delete_all()
        generate(seed=5, individuals=SMALL, audit_entries=ENTRIES)
        self.assertEqual(people_snapshot(), first)
        delete_all()
        generate(seed=6, individuals=SMALL, audit_entries=ENTRIES)
        other = people_snapshot()
        self.assertNotEqual(other["individuals"], first["individuals"])
        self.assertNotEqual(other["audit"], first["audit"])


class GenerateAuditLogTests(TestCase):
    def test_the_chain_passes_audit_verify_and_continues(self) -> None:
        generate(seed=9, individuals=SMALL, audit_entries=ENTRIES)
        self.assertEqual(AuditEntry.objects.count(), ENTRIES)
        self.assertIn(f"{ENTRIES} entries verified", verify())
        self.assertIn(f"{ENTRIES} chained", verify())
        last = AuditEntry.objects.order_by("-id").first()
        head = AuditLink.objects.order_by("-seq").first()
        assert last is not None and head is not None
        self.assertEqual((head.seq, head.entry_id), (ENTRIES, last.pk))
        # The application's own writes go on after the generated ones, and the sequencer chains them.
        written = audit_record(actor=Actor.system(), action=Action.READ, ground=Ground.RELATION, individual_id=1)
        self.assertGreater(written.pk, last.pk)
        self.assertEqual(audit_chain_pending(full=True), 1)
        self.assertIn(f"{ENTRIES + 1} entries verified", verify())
        self.assertIn(f"{ENTRIES + 1} chained", verify())

    def test_entries_look_like_the_applications(self) -> None:
        generate(seed=10, individuals=SMALL, audit_entries=ENTRIES)
        entries = list(AuditEntry.objects.order_by("id"))
        # Oldest first, over about two years, all in the past.
        times = [e.at for e in entries]
        self.assertEqual(times, sorted(times))
        self.assertLess(times[-1], timezone.now())
        self.assertGreater(times[-1] - times[0], datetime.timedelta(days=700))
        grounds = Counter(e.ground for e in entries)
        self.assertGreater(grounds[Ground.RELATION], 0.8 * ENTRIES)
        self.assertGreater(grounds[Ground.SIP_CONSENT], 0)
        self.assertGreater(Counter(e.outcome for e in entries)[Outcome.DENIED], 0)
        self.assertGreater(Counter(e.action for e in entries)[Action.SEARCH], 0)
        individuals = set(Individual.objects.values_list("pk", flat=True))
        care = set(Membership.objects.filter(role__in=[r for r in Role if r.sees_personal_data]).values_list(
            "user_id", "unit_id", "role"))  # fmt: skip
        lists = [e for e in entries if e.individual_id is None]
        self.assertTrue(lists, "the unit's list is read too, as one entry naming the listed")
        for entry in entries:
            named = (
                {int(pk) for pk in entry.details["listed"]} if entry.individual_id is None else {entry.individual_id}
            )
            self.assertTrue(named and named <= individuals)
            # Staff act from their own unit, in their own role.
            self.assertIn((entry.user_id, entry.unit_id, entry.role), care)
        # Allowed on a relation: the individual has (or had) one at that unit.
        relation = next(e for e in entries if e.ground == Ground.RELATION and e.individual_id)
        self.assertTrue(
            ActiveRelation.objects.filter(individual_id=relation.individual_id, unit_id=relation.unit_id).exists()
        )

    def test_a_broken_generated_chain_is_found(self) -> None:
        generate(seed=11, individuals=50, audit_entries=200)
        entry = AuditEntry.objects.order_by("id")[100]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
            cursor.execute("UPDATE audit_auditentry SET role = %s WHERE id = %s", ["x", entry.pk])
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")
        with self.assertRaisesMessage(CommandError, f"entry {entry.pk}: content"):
            verify()

    def test_no_entries_when_asked_for_none(self) -> None:
        output = generate(seed=12, individuals=100, audit_entries=0)
        self.assertIn("0 audit entries", output)
        self.assertFalse(AuditEntry.objects.exists())
        self.assertIn("0 entries verified", verify())
