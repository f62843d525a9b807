"""A synthetic county at scale, for benchmarks (README, "Benchmarks"). Everything is fictional.

``generate(individuals=N, seed=S)`` fills an empty database: one region, 20 municipalities, a few
contracted providers and non-profits, several hundred units and a few thousand staff with their
memberships, scaled to N (N = 50 000 individuals gives about 375 units and 3 000 staff). The same
seed gives the same rows: every choice, name and UUID comes from one ``random.Random(seed)``.
Staff are demo users with unusable passwords, so production refuses them (accounts.backends).

Then N individuals (reserve numbers in a series of their own, encrypted like any individual's),
each with one or two relations at units, a few with a SIP consent, and an audit log of 100 entries
per individual over the past two years, MACed and chained as the application and its sequencer
do (audit.chain), so that `manage.py audit_verify` passes.
On PostgreSQL the log is written with COPY, streamed: 5 million entries never sit in memory.
"""

import bisect
import datetime
import itertools
import json
import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone
from stdnum import luhn

from access.models import EmergencyReason
from accounts.models import User
from audit.chain import GENESIS, entry_mac_of, link_hash
from audit.keys import current_mac_key
from audit.models import Action, AuditEntry, AuditLink, Ground, Outcome
from audit.services import LISTED
from core import synthetic_registry
from core.crypto import keyed_hash
from individuals.identity import IdentityKind, LegalSex, parse_identity_number
from individuals.models import ActiveRelation, Consent, ConsentForm, ConsentGiver, ContactKind, Individual
from individuals.selectors import LIST_OBJECT
from organisations.models import Membership, Principal, PrincipalKind, Service, ServiceCode, Unit, UnitType
from organisations.roles import Role
from organisations.services import services_ensure

DEFAULT_SEED = 20260101
DEFAULT_INDIVIDUALS = 50_000
MUNICIPALITY_COUNT = 20
# Per individual in the county's services: about 0.6 % staff, one unit per 133 individuals.
STAFF_PER_INDIVIDUAL = 0.06
INDIVIDUALS_PER_UNIT = 133
SECOND_MEMBERSHIP_SHARE = 0.1
BATCH = 1000

# Individuals. Relations are spread evenly over the units: with one current relation per individual
# on average (0.85 + 0.3 × 0.5), a unit has about INDIVIDUALS_PER_UNIT current individuals.
RESERVE_LETTER = "S"  # the reserve-number series letter: S for syntetisk
MIN_AGE, MODE_AGE, MAX_AGE = 18, 38, 85
_LEGAL_SEXES = (LegalSex.MALE, LegalSex.FEMALE, LegalSex.UNKNOWN)
_LEGAL_SEX_WEIGHTS = (60, 38, 2)
PROTECTED_SHARE = 0.01
CURRENT_SHARE = 0.85
SECOND_RELATION_SHARE = 0.3
SECOND_CURRENT_SHARE = 0.5
CONSENT_SHARE = 0.05

# The audit log: entries per individual, over how many days, and what share is denied, emergency
# access, or read on a SIP consent (of the individuals who have one).
AUDIT_ENTRIES_PER_INDIVIDUAL = 100
AUDIT_DAYS = 730
DENIED_SHARE = 0.005
EMERGENCY_SHARE = 0.001
SIP_CONSENT_SHARE = 0.3

REGION_NAME = "Region Syntetland (syntetisk)"
# A county code that the validator accepts (organisations.validators); the municipalities are invented.
COUNTY_CODE = "14"

_TOWN_HEADS = "Björk Gran Ek Sjö Berg Älv Lund Strand Hög Norr Söder Väster Öster Mal Råd Lid Ny Kall Ljus Tall".split()
_TOWN_TAILS = "ås by vik holm sund dal köping fors berga stad".split()
_FIRST_NAMES = (
    "Anna Eva Maria Karin Sara Lena Emma Ida Elin Johanna Linnea Maja Sofia Hanna Frida Klara Stina Ebba Tove "
    "Moa Erik Lars Karl Anders Johan Per Nils Olof Mikael Jonas Oskar Viktor Axel Emil Gustav Hugo Isak Leo "
    "Ali Sam Alex Robin Kim Noor Amir Yasmin Mohammed Fatima Leila Omar Aino Juha Sami Elsa"
).split()
_LAST_NAMES = (
    "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Pettersson "
    "Jonsson Jansson Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson Olofsson Lindström Lindqvist "
    "Lindgren Berg Axelsson Bergström Lundberg Lind Lundgren Lundqvist Mattsson Berglund Fredriksson Sandberg "
    "Henriksson Forsberg Sjöberg Wallin Engström Eklund Danielsson Lundin Håkansson Björk Bergman Gunnarsson "
    "Holm Wikström Samuelsson Isaksson Fransson Bergqvist Nyström Holmberg Arvidsson Löfgren Söderberg Nyberg"
).split()

# Unit types by principal kind, with the Swedish name each unit starts with and its usual services.
S = ServiceCode
_UNIT_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    UnitType.ADULT_SOCIAL_SERVICES: ("Vuxenenheten", (S.INVESTIGATION, S.COUNSELLING, S.HOUSING_SUPPORT)),
    UnitType.JOINT_RECEPTION: ("Gemensam mottagning", (S.COUNSELLING, S.SCREENING, S.SIP_COORDINATION)),
    UnitType.ADDICTION_UNIT: ("Beroendemottagningen", (S.WITHDRAWAL_TREATMENT, S.MEDICATION_ASSISTED)),
    UnitType.PSYCHIATRY_OUTPATIENT: ("Psykiatriska öppenvården", (S.PSYCHIATRIC_CARE, S.PSYCHOSOCIAL_TREATMENT)),
    UnitType.PSYCHIATRY_INPATIENT: ("Psykiatriska avdelningen", (S.PSYCHIATRIC_CARE,)),
    UnitType.PRIMARY_CARE: ("Hälsocentralen", (S.SCREENING, S.COUNSELLING)),
    UnitType.MATERNITY_CARE: ("Barnmorskemottagningen", (S.PREGNANCY_SUPPORT, S.SCREENING)),
    UnitType.CHILD_HEALTH_CARE: ("Barnavårdscentralen", (S.RELATIVES_SUPPORT,)),
    UnitType.YOUTH_CLINIC: ("Ungdomsmottagningen", (S.YOUTH_SUPPORT, S.COUNSELLING)),
    UnitType.USER_ORGANISATION: ("Brukarstödet", (S.PEER_SUPPORT, S.RELATIVES_SUPPORT)),
    UnitType.OTHER: ("Boendestödet", (S.HOUSING_SUPPORT, S.EMPLOYMENT_SUPPORT)),
}
_TYPES_BY_KIND: dict[str, tuple[tuple[str, int], ...]] = {
    PrincipalKind.MUNICIPALITY: (
        (UnitType.ADULT_SOCIAL_SERVICES, 5),
        (UnitType.JOINT_RECEPTION, 1),
        (UnitType.OTHER, 3),
        (UnitType.YOUTH_CLINIC, 1),
    ),
    PrincipalKind.REGION: (
        (UnitType.PRIMARY_CARE, 6),
        (UnitType.ADDICTION_UNIT, 2),
        (UnitType.PSYCHIATRY_OUTPATIENT, 2),
        (UnitType.PSYCHIATRY_INPATIENT, 1),
        (UnitType.MATERNITY_CARE, 2),
        (UnitType.CHILD_HEALTH_CARE, 2),
        (UnitType.YOUTH_CLINIC, 1),
    ),
    PrincipalKind.PRIVATE_PROVIDER: ((UnitType.ADDICTION_UNIT, 2), (UnitType.OTHER, 1)),
    PrincipalKind.NON_PROFIT: ((UnitType.USER_ORGANISATION, 1),),
}
# Roles of staff beyond each unit's manager, with weights; a few county administrators come on top.
_ROLE_WEIGHTS: tuple[tuple[Role, int], ...] = (
    (Role.SOCIAL_WORKER, 30),
    (Role.NURSE, 16),
    (Role.THERAPIST, 10),
    (Role.PHYSICIAN, 8),
    (Role.PSYCHOLOGIST, 7),
    (Role.SIP_COORDINATOR, 7),
    (Role.ANALYST, 3),
    (Role.COUNCIL_MEMBER, 2),
    (Role.USER_COUNCIL_REP, 2),
)
_TITLES = {
    Role.SOCIAL_WORKER: "Socialsekreterare",
    Role.THERAPIST: "Behandlare",
    Role.NURSE: "Sjuksköterska",
    Role.PHYSICIAN: "Läkare",
    Role.PSYCHOLOGIST: "Psykolog",
    Role.SIP_COORDINATOR: "SIP-samordnare",
    Role.UNIT_MANAGER: "Enhetschef",
    Role.ANALYST: "Processledare",
    Role.COUNCIL_MEMBER: "Ledamot, samverkansråd",
    Role.USER_COUNCIL_REP: "Brukarrådsrepresentant",
    Role.COUNTY_ADMIN: "Länsadministratör",
}
COUNTY_ADMINS = 3


@dataclass(frozen=True)
class Scale:
    individuals: int
    units: int
    staff: int
    providers: int
    non_profits: int

    @classmethod
    def for_individuals(cls, individuals: int) -> "Scale":
        units = max(MUNICIPALITY_COUNT + 2, round(individuals / INDIVIDUALS_PER_UNIT))
        staff = max(units + COUNTY_ADMINS + 5, round(individuals * STAFF_PER_INDIVIDUAL))
        providers, non_profits = min(40, max(1, units // 100)), min(40, max(1, units // 150))
        return cls(individuals, units, staff, providers, non_profits)


@dataclass(frozen=True)
class Generated:
    principals: int
    units: int
    staff: int
    memberships: int
    individuals: int
    relations: int
    current_relations: int
    consents: int
    audit_entries: int
    # What each app's registered generator made (core.synthetic_registry), by app and kind.
    by_apps: dict[str, dict[str, int]] = field(default_factory=dict)


class NotEmptyError(Exception):
    pass


def generate(
    *, individuals: int = DEFAULT_INDIVIDUALS, seed: int = DEFAULT_SEED, audit_entries: int | None = None
) -> Generated:
    """Fill an empty database with a synthetic county; refuses if any principal, unit or user exists.

    ``audit_entries`` defaults to AUDIT_ENTRIES_PER_INDIVIDUAL per individual.
    """
    if Principal.objects.exists() or Unit.objects.exists() or User.objects.exists():
        raise NotEmptyError("The database already has principals, units or users; use an empty one.")
    if audit_entries is None:
        audit_entries = AUDIT_ENTRIES_PER_INDIVIDUAL * individuals
    scale = Scale.for_individuals(individuals)
    rng = random.Random(seed)  # noqa: S311 - reproducible fiction, not secrets
    today = timezone.localdate()
    with transaction.atomic():
        principals = _principals(rng, scale)
        units = _units(rng, scale, principals)
        users, memberships = _staff(rng, scale, units)
        people = generate_individuals(
            rng, count=individuals, municipalities=principals[1 : MUNICIPALITY_COUNT + 1], units=units, today=today
        )
        written = generate_audit_entries(rng, count=audit_entries, people=people, units=units, today=today)
        by_apps = synthetic_registry.run_all(seed=seed, scale=scale, units=units, people=people, today=today)
    return Generated(
        principals=len(principals),
        units=len(units),
        staff=len(users),
        memberships=memberships,
        individuals=len(people),
        relations=sum(len(p.units) for p in people),
        current_relations=sum(len(p.current_units) for p in people),
        consents=sum(1 for p in people if p.consent_units),
        audit_entries=written,
        by_apps=by_apps,
    )


# --- Individuals -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """What the audit log generator needs to know about one generated individual."""

    pk: int
    uuid: str
    units: tuple[int, ...]  # every unit with a relation, current or ended
    current_units: tuple[int, ...]
    consent_units: tuple[int, ...]  # parties to the individual's SIP consent, if any


def generate_individuals(
    rng: random.Random,
    *,
    count: int,
    municipalities: Sequence[Principal],
    units: Sequence[Unit],
    today: datetime.date,
) -> list[Person]:
    """``count`` fictional individuals with 1–2 relations at units each, and a few SIP consents.

    Identity numbers are reserve numbers (the region's own format) with an invented series letter,
    so none can be a real person's. Rows are written as individual_register writes them (the same
    number parser, encrypted fields and keyed hash), but in batches rather than one by one.
    """
    staff = _care_staff(units)
    unit_ids = [u.pk for u in units]
    taken: set[str] = set()
    people: list[Person] = []
    for start in range(0, count, BATCH):
        batch = [_individual(rng, municipalities, today, taken) for _ in range(min(BATCH, count - start))]
        batch = Individual.objects.bulk_create(batch)
        relations: list[ActiveRelation] = []
        consents: list[tuple[Consent, list[int]]] = []
        for individual in batch:
            mine = _relations(rng, individual, unit_ids, staff, today)
            relations += mine
            current = tuple(r.unit_id for r in mine if r.ended_on is None)
            parties: list[int] = []
            if current and rng.random() < CONSENT_SHARE:
                parties = sorted({current[0], *rng.sample(unit_ids, rng.randint(1, 2))})
                consents.append((_consent(rng, individual, current[0], staff, today), parties))
            people.append(
                Person(individual.pk, str(individual.uuid), tuple(r.unit_id for r in mine), current, tuple(parties))
            )
        ActiveRelation.objects.bulk_create(relations)
        created = Consent.objects.bulk_create([consent for consent, _parties in consents])
        Consent.parties.through.objects.bulk_create(
            [
                Consent.parties.through(consent_id=consent.pk, unit_id=unit_id)
                for consent, (_c, parties) in zip(created, consents, strict=True)
                for unit_id in parties
            ]
        )
    return people


def _care_staff(units: Sequence[Unit]) -> dict[int, list[tuple[int, str]]]:
    """Per unit, the (user id, role) of everyone there who may see personal data (managers included)."""
    roles = [role for role in Role if role.sees_personal_data]
    staff: dict[int, list[tuple[int, str]]] = {u.pk: [] for u in units}
    rows = Membership.objects.filter(unit__in=units, role__in=roles).order_by("id")
    for unit_id, user_id, role in rows.values_list("unit_id", "user_id", "role"):
        staff[unit_id].append((user_id, role))
    return staff


def _individual(
    rng: random.Random, municipalities: Sequence[Principal], today: datetime.date, taken: set[str]
) -> Individual:
    age_days = round(rng.triangular(MIN_AGE, MAX_AGE, MODE_AGE) * 365.25)
    birth = today - datetime.timedelta(days=age_days)
    while True:
        text = f"{birth:%Y%m%d}-{RESERVE_LETTER}{rng.randrange(1000):03d}"
        if text not in taken:
            taken.add(text)
            break
    number = parse_identity_number(text)
    if number.kind != IdentityKind.RESERVNUMMER:
        raise ImproperlyConfigured(f"RESERVNUMMER_PATTERN does not accept the synthetic reserve number {text}.")
    municipality = rng.choice(municipalities)
    town = municipality.name.removesuffix(" kommun")
    individual = Individual(
        uuid=_uuid(rng),
        identity_kind=number.kind,
        identity_number=number.value,
        identity_hash=keyed_hash(number.value),
        first_name=rng.choice(_FIRST_NAMES),
        last_name=rng.choice(_LAST_NAMES),
        # A reserve number carries no date or sex; like the demo, the date part is the birth date.
        birth_date=birth,
        legal_sex=rng.choices(_LEGAL_SEXES, _LEGAL_SEX_WEIGHTS)[0],
        municipality=municipality,
        address=f"Syntetgatan {rng.randint(1, 99)}, {town}",
        phone=f"070-174 06 {rng.randint(5, 99):02d}",
        protected_identity=rng.random() < PROTECTED_SHARE,
        is_fictional=True,
    )
    # Field validation as individual_register's full_clean, without its per-row queries
    # (uniqueness is the database's job here, and the municipality is one of ours).
    individual.full_clean(exclude=["municipality"], validate_unique=False, validate_constraints=False)
    return individual


def _relations(
    rng: random.Random,
    individual: Individual,
    unit_ids: list[int],
    staff: dict[int, list[tuple[int, str]]],
    today: datetime.date,
) -> list[ActiveRelation]:
    """One relation, current or ended, and for some a second at another unit."""
    first = rng.choice(unit_ids)
    plans = [(first, rng.random() < CURRENT_SHARE)]
    if rng.random() < SECOND_RELATION_SHARE:
        second = rng.choice(unit_ids)
        if second != first:
            plans.append((second, rng.random() < SECOND_CURRENT_SHARE))
    relations = []
    for unit_id, current in plans:
        opened_by = rng.choice(staff[unit_id])[0]
        if current:
            started = today - datetime.timedelta(days=rng.randrange(AUDIT_DAYS))
            ended, closed_by = None, None
        else:
            started = today - datetime.timedelta(days=rng.randrange(60, 2 * AUDIT_DAYS))
            ended = started + datetime.timedelta(days=rng.randrange(14, 60))
            closed_by = rng.choice(staff[unit_id])[0]
        relations.append(
            ActiveRelation(
                individual=individual,
                unit_id=unit_id,
                contact_kind=rng.choice(ContactKind.values),
                started_on=started,
                ended_on=ended,
                opened_by_id=opened_by,
                closed_by_id=closed_by,
            )
        )
    return relations


def _consent(
    rng: random.Random,
    individual: Individual,
    unit_id: int,
    staff: dict[int, list[tuple[int, str]]],
    today: datetime.date,
) -> Consent:
    """A SIP consent in force, recorded at the individual's current unit."""
    return Consent(
        uuid=_uuid(rng),
        individual=individual,
        given_by=ConsentGiver.INDIVIDUAL,
        for_sip=True,
        for_sharing=rng.random() < 0.5,
        form=rng.choice(ConsentForm.values),
        valid_from=today - datetime.timedelta(days=rng.randrange(365)),
        valid_until=None if rng.random() < 0.5 else today + datetime.timedelta(days=rng.randrange(30, 365)),
        recorded_by_id=rng.choice(staff[unit_id])[0],
    )


# --- The audit log -------------------------------------------------------------------------------
# What staff did with the individuals over the past AUDIT_DAYS, in time order, each entry MACed as
# audit.services.audit_record does and chained as audit.sequencer does, so that
# `manage.py audit_verify` passes over it.

# (action, object type, weight); the object types are those the views write.
_AUDIT_ACTIONS: tuple[tuple[str, str, int], ...] = (
    (Action.READ, "individuals.individual", 45),  # the individual's page
    (Action.READ, LIST_OBJECT, 30),  # the unit's list: one entry naming the listed (audit_list_read)
    (Action.SEARCH, "", 6),
    (Action.UPDATE, "individuals.activerelation", 4),
    (Action.UPDATE, "individuals.individual", 2),
    (Action.CREATE, "individuals.consent", 3),
    (Action.CREATE, "individuals.relative", 3),
    (Action.PRINT, "individuals.individual", 2),
    (Action.EXPORT, "individuals.individual", 1),
)
LIST_PAGE = 25  # individuals.views.finding.PAGE_SIZE
_ACTION_CUMULATIVE = list(itertools.accumulate(weight for _a, _o, weight in _AUDIT_ACTIONS))
_COPY_COLUMNS = (
    "id", "at", "user_id", "unit_id", "role", "action", "individual_id",
    "object_type", "object_id", "ground", "outcome", "details", "key_id", "mac",
)  # fmt: skip
_LINK_COLUMNS = ("seq", "entry_id", "prev_hash", "hash", "key_id")
# Entries and their links are copied in parts of this many (two COPYs cannot run at once).
COPY_PART = 50_000


def generate_audit_entries(
    rng: random.Random, *, count: int, people: Sequence[Person], units: Sequence[Unit], today: datetime.date
) -> int:
    """Append ``count`` entries to the audit log after the chain's newest link; returns how many.

    Ids are given here (after the highest in use) so that the links can be written with the
    entries; nothing else may write to the log meanwhile (PostgreSQL: the table is locked)."""
    if count <= 0 or not people:
        return 0
    staff = _care_staff(units)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE audit_auditentry, audit_auditlink IN EXCLUSIVE MODE")
            cursor.execute("SELECT nextval(pg_get_serial_sequence('audit_auditentry', 'id'))")
            first_id = max(cursor.fetchone()[0], _highest_entry_id() + 1)
    else:
        first_id = _highest_entry_id() + 1
    head = AuditLink.objects.order_by("-seq").values_list("seq", "hash").first() or (0, GENESIS)
    end = datetime.datetime.combine(today, datetime.time.min, tzinfo=datetime.UTC)
    entries = _chained(_audit_fields(rng, count, people, staff, end), first_id, head)
    written = _copy_entries(entries) if connection.vendor == "postgresql" else _bulk_create_entries(entries)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('audit_auditentry', 'id'), %s)", [first_id + written - 1]
            )
    return written


def _highest_entry_id() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _audit_fields(
    rng: random.Random,
    count: int,
    people: Sequence[Person],
    staff: dict[int, list[tuple[int, str]]],
    end: datetime.datetime,
) -> Iterator[dict[str, Any]]:
    """The entries' fields (as audit_record builds them), evenly spread in time, oldest first."""
    unit_ids = list(staff)
    listed: dict[int, list[int]] = {}
    for person in people:
        for unit_id in person.current_units:
            if len(listed.setdefault(unit_id, [])) < LIST_PAGE:
                listed[unit_id].append(person.pk)
    step = AUDIT_DAYS * 86_400_000_000 / count  # microseconds between entries
    start = end - datetime.timedelta(days=AUDIT_DAYS)
    total_weight = _ACTION_CUMULATIVE[-1]
    action: str
    for index in range(count):
        at = start + datetime.timedelta(microseconds=int((index + rng.random()) * step))
        person = people[rng.randrange(len(people))]
        draw = rng.random()
        details: dict[str, Any] = {}
        outcome = Outcome.ALLOWED
        if draw < DENIED_SHARE:
            # Someone at an unrelated unit tries the individual's page: the policy's 404, logged.
            unit_id, ground = rng.choice(unit_ids), Ground.NONE
            action, object_type, outcome = Action.READ, "individuals.individual", Outcome.DENIED
        elif draw < DENIED_SHARE + EMERGENCY_SHARE:
            unit_id, ground = rng.choice(unit_ids), Ground.EMERGENCY
            action, object_type = Action.EMERGENCY_ACCESS, "access.emergencyaccess"
            details = {"reason": rng.choice(EmergencyReason.values), "expires_at": _later(at, hours=4)}
        else:
            if person.consent_units and draw > 1 - SIP_CONSENT_SHARE:
                unit_id, ground = rng.choice(person.consent_units), Ground.SIP_CONSENT
            else:
                unit_id, ground = rng.choice(person.units), Ground.RELATION
            position = bisect.bisect_right(_ACTION_CUMULATIVE, rng.random() * total_weight)
            action, object_type, _weight = _AUDIT_ACTIONS[position]
        individual_id: int | None = person.pk
        if object_type == LIST_OBJECT and action == Action.READ:
            # A page of the unit's list names up to a page of its current individuals.
            individual_id, details = None, {LISTED: {str(pk): True for pk in listed.get(unit_id, [person.pk])}}
        user_id, role = rng.choice(staff[unit_id])
        yield {
            "at": at,
            "user_id": user_id,
            "unit_id": unit_id,
            "role": role,
            "action": str(action),
            "individual_id": individual_id,
            "object_type": object_type,
            "object_id": _object_id(rng, object_type, person),
            "ground": str(ground),
            "outcome": str(outcome),
            "details": details,
        }


def _later(at: datetime.datetime, *, hours: int) -> str:
    return (at + datetime.timedelta(hours=hours)).isoformat()


def _object_id(rng: random.Random, object_type: str, person: Person) -> str:
    if object_type == "individuals.individual":
        return person.uuid
    if object_type == "individuals.consent":
        return str(_uuid(rng))
    if object_type in {"individuals.relative", "access.emergencyaccess"}:
        return str(rng.randrange(1, 1_000_000))
    return ""  # lists and searches name no single object


# (entry id, its fields, key id, MAC, its link: seq, prev_hash, hash)
_Chained = tuple[int, dict[str, Any], str, str, int, str, str]


def _chained(rows: Iterator[dict[str, Any]], first_id: int, head: tuple[int, str]) -> Iterator[_Chained]:
    """Each row with its id, its MAC (as audit_record makes it) and its link (as the sequencer does)."""
    key_id, key = current_mac_key()
    seq, prev_hash = head
    for entry_id, fields in enumerate(rows, first_id):
        mac = entry_mac_of(key, fields)
        seq += 1
        digest = link_hash(key, seq, entry_id, prev_hash, mac)
        yield entry_id, fields, key_id, mac, seq, prev_hash, digest
        prev_hash = digest


def _copy_entries(entries: Iterator[_Chained]) -> int:
    """PostgreSQL: COPY, streamed, entries then their links, a part at a time."""
    written = 0
    entry_columns, link_columns = ", ".join(_COPY_COLUMNS), ", ".join(_LINK_COLUMNS)
    with connection.cursor() as cursor:
        while part := list(itertools.islice(entries, COPY_PART)):
            with cursor.cursor.copy(f"COPY audit_auditentry ({entry_columns}) FROM STDIN") as copy:
                for entry_id, fields, key_id, mac, _seq, _prev, _hash in part:
                    details = json.dumps(fields["details"]) if fields["details"] else "{}"
                    copy.write_row(
                        (
                            entry_id, fields["at"], fields["user_id"], fields["unit_id"], fields["role"],
                            fields["action"], fields["individual_id"], fields["object_type"], fields["object_id"],
                            fields["ground"], fields["outcome"], details, key_id, mac,
                        )
                    )  # fmt: skip
            with cursor.cursor.copy(f"COPY audit_auditlink ({link_columns}) FROM STDIN") as copy:
                for entry_id, _fields, key_id, _mac, seq, prev_hash, digest in part:
                    copy.write_row((seq, entry_id, prev_hash, digest, key_id))
            written += len(part)
    return written


def _bulk_create_entries(entries: Iterator[_Chained]) -> int:
    """Other databases (the tests' SQLite): bulk_create, BATCH at a time."""
    written = 0
    while batch := list(itertools.islice(entries, BATCH)):
        AuditEntry.objects.bulk_create(
            [AuditEntry(id=entry_id, key_id=key_id, mac=mac, **fields) for entry_id, fields, key_id, mac, *_l in batch]
        )
        AuditLink.objects.bulk_create(
            [
                AuditLink(seq=seq, entry_id=entry_id, prev_hash=prev_hash, hash=digest, key_id=key_id)
                for entry_id, _f, key_id, _m, seq, prev_hash, digest in batch
            ]
        )
        written += len(batch)
    return written


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _orgnr(rng: random.Random, prefix: str, taken: set[str]) -> str:
    while True:
        body = prefix + "".join(rng.choice("0123456789") for _ in range(9 - len(prefix)))
        number = body + luhn.calc_check_digit(body)
        if number not in taken:
            taken.add(number)
            return number


def _town_names(rng: random.Random, count: int) -> list[str]:
    names = sorted({head + tail for head in _TOWN_HEADS for tail in _TOWN_TAILS})
    return rng.sample(names, count)


def _principals(rng: random.Random, scale: Scale) -> list[Principal]:
    """The region first, then the municipalities, then providers and non-profits."""
    taken: set[str] = set()
    rows = [
        Principal(
            uuid=_uuid(rng),
            name=REGION_NAME,
            kind=PrincipalKind.REGION,
            organisation_number=_orgnr(rng, "232100", taken),
        )
    ]
    towns = _town_names(rng, MUNICIPALITY_COUNT + scale.providers + scale.non_profits)
    codes = sorted(rng.sample(range(1, 100), MUNICIPALITY_COUNT))
    for town, code in zip(towns, codes, strict=False):
        rows.append(
            Principal(
                uuid=_uuid(rng),
                name=f"{town} kommun",
                kind=PrincipalKind.MUNICIPALITY,
                municipality_code=f"{COUNTY_CODE}{code:02d}",
            )
        )
    extra = towns[MUNICIPALITY_COUNT:]
    for town in extra[: scale.providers]:
        rows.append(
            Principal(
                uuid=_uuid(rng),
                name=f"{town} Vård AB (syntetisk)",
                kind=PrincipalKind.PRIVATE_PROVIDER,
                organisation_number=_orgnr(rng, "556", taken),
            )
        )
    for town in extra[scale.providers :]:
        rows.append(
            Principal(
                uuid=_uuid(rng),
                name=f"Brukarföreningen {town} (syntetisk)",
                kind=PrincipalKind.NON_PROFIT,
                organisation_number=_orgnr(rng, "802", taken),
            )
        )
    for row in rows:
        row.full_clean(validate_unique=False, validate_constraints=False)
    return Principal.objects.bulk_create(rows)


def _units(rng: random.Random, scale: Scale, principals: list[Principal]) -> list[Unit]:
    region, municipalities = principals[0], principals[1 : MUNICIPALITY_COUNT + 1]
    others = principals[MUNICIPALITY_COUNT + 1 :]
    # Every municipality gets two units, every other principal one; the rest: region 40 %, municipalities 50 %.
    owners: list[Principal] = [m for m in municipalities for _ in range(2)] + [region, *others]
    while len(owners) < scale.units:
        draw = rng.random()
        owners.append(region if draw < 0.4 else rng.choice(municipalities) if draw < 0.9 else rng.choice(others))
    owners = owners[: scale.units]
    towns = [m.name.removesuffix(" kommun") for m in municipalities]

    services_ensure()
    services = {s.code: s for s in Service.objects.all()}
    used_names: set[tuple[int, str]] = set()
    units: list[Unit] = []
    plans: list[tuple[list[str], list[Principal]]] = []
    for index, owner in enumerate(owners):
        types, weights = zip(*_TYPES_BY_KIND[owner.kind], strict=True)
        unit_type = rng.choices(types, weights)[0]
        home = rng.randrange(len(municipalities))
        town = owner.name.removesuffix(" kommun") if owner.kind == PrincipalKind.MUNICIPALITY else towns[home]
        base, usual = _UNIT_KINDS[unit_type]
        name, number = f"{base} {town}", 1
        while (owner.pk, name.lower()) in used_names:
            number += 1
            name = f"{base} {town} {number}"
        used_names.add((owner.pk, name.lower()))
        youth = unit_type in {UnitType.YOUTH_CLINIC, UnitType.CHILD_HEALTH_CARE}
        units.append(
            Unit(
                uuid=_uuid(rng),
                principal=owner,
                # HSA-id-like for the region and organisations (SE + orgnr), the SCB code for municipalities.
                code=(
                    f"K{owner.municipality_code}-S{index + 1}"
                    if owner.municipality_code
                    else f"SE{owner.organisation_number}-S{index + 1}"
                ),
                name=name,
                unit_type=unit_type,
                description=f"{base} i {town}. Syntetisk enhet för prestandamätning.",
                street_address=f"Exempelgatan {rng.randint(1, 99)}",
                postal_code=f"{rng.randint(100, 989)}{rng.randint(0, 99):02d}",
                city=town,
                phone=f"070-174 06 {5 + index % 95:02d}",
                email=f"enhet{index + 1}@synthetic.invalid",
                opening_hours="Mån–fre 8–16.30",
                age_min=13 if youth else 18,
                age_max=25 if youth else None,
            )
        )
        extra = rng.sample(list(ServiceCode), rng.randint(0, 2))
        codes = list(dict.fromkeys([*usual, *extra]))
        if owner.kind == PrincipalKind.MUNICIPALITY:
            served = [owner]
        else:
            served = [municipalities[home], *rng.sample(municipalities, rng.randint(0, 5))]
        plans.append((codes, list(dict.fromkeys(served))))
    units = Unit.objects.bulk_create(units, batch_size=BATCH)
    Unit.services.through.objects.bulk_create(
        [
            Unit.services.through(unit_id=unit.pk, service_id=services[code].pk)
            for unit, (codes, _served) in zip(units, plans, strict=True)
            for code in codes
        ],
        batch_size=BATCH,
    )
    Unit.serves_municipalities.through.objects.bulk_create(
        [
            Unit.serves_municipalities.through(unit_id=unit.pk, principal_id=m.pk)
            for unit, (_codes, served) in zip(units, plans, strict=True)
            for m in served
        ],
        batch_size=BATCH,
    )
    return units


def _staff(rng: random.Random, scale: Scale, units: list[Unit]) -> tuple[list[User], int]:
    """One manager per unit, a few county administrators, the rest in weighted roles and unit sizes."""
    roles, role_weights = zip(*_ROLE_WEIGHTS, strict=True)
    # Some units are much bigger than others, as in a real county.
    unit_weights = [rng.paretovariate(1.5) for _ in units]
    office = next((u for u in units if u.principal.kind == PrincipalKind.REGION), units[0])
    assignments: list[tuple[Unit, Role]] = [(unit, Role.UNIT_MANAGER) for unit in units]
    assignments += [(office, Role.COUNTY_ADMIN)] * COUNTY_ADMINS
    while len(assignments) < scale.staff:
        assignments.append((rng.choices(units, unit_weights)[0], rng.choices(roles, role_weights)[0]))

    users: list[User] = []
    for index, (_unit, role) in enumerate(assignments, start=1):
        username = f"syn{index:05d}"
        users.append(
            User(
                username=username,
                email=f"{username}@synthetic.invalid",
                first_name=rng.choice(_FIRST_NAMES),
                last_name=rng.choice(_LAST_NAMES),
                title=_TITLES[role],
                work_phone=f"070-174 06 {5 + index % 95:02d}",
                # Unusable password and marked as demo: production never lets these sign in.
                password=f"!{rng.getrandbits(160):040x}",
                is_demo=True,
            )
        )
    users = User.objects.bulk_create(users, batch_size=BATCH)
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in users], batch_size=BATCH
    )
    memberships = [Membership(user=u, unit=unit, role=role) for u, (unit, role) in zip(users, assignments, strict=True)]
    for user, (unit, role) in zip(users, assignments, strict=True):
        if role.sees_personal_data and role is not Role.UNIT_MANAGER and rng.random() < SECOND_MEMBERSHIP_SHARE:
            other = rng.choices(units, unit_weights)[0]
            if other.pk != unit.pk:
                memberships.append(Membership(user=user, unit=other, role=role))
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    return users, len(memberships)
