"""A synthetic county at scale, for benchmarks (README, "Benchmarks"). Everything is fictional.

``generate(individuals=N, seed=S)`` fills an empty database: one region, 20 municipalities, a few
contracted providers and non-profits, several hundred units and a few thousand staff with their
memberships, scaled to N (N = 50 000 individuals gives about 375 units and 3 000 staff). The same
seed gives the same rows: every choice, name and UUID comes from one ``random.Random(seed)``.
Staff are demo users with unusable passwords, so production refuses them (accounts.backends).
"""

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from stdnum import luhn

from accounts.models import User
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


class NotEmptyError(Exception):
    pass


def generate(*, individuals: int = DEFAULT_INDIVIDUALS, seed: int = DEFAULT_SEED) -> Generated:
    """Fill an empty database with a synthetic county; refuses if any principal, unit or user exists."""
    if Principal.objects.exists() or Unit.objects.exists() or User.objects.exists():
        raise NotEmptyError("The database already has principals, units or users; use an empty one.")
    scale = Scale.for_individuals(individuals)
    rng = random.Random(seed)  # noqa: S311 - reproducible fiction, not secrets
    with transaction.atomic():
        principals = _principals(rng, scale)
        units = _units(rng, scale, principals)
        users, memberships = _staff(rng, scale, units)
        made = generate_individuals(rng, count=individuals, municipalities=principals[1 : MUNICIPALITY_COUNT + 1])
    return Generated(len(principals), len(units), len(users), memberships, made)


def generate_individuals(rng: random.Random, *, count: int, municipalities: Sequence[Principal]) -> int:
    """Individuals (with relations, consents and so on) at county scale.

    Generates no individuals yet: ``count`` only sets the scale of units and staff. The issue that
    brings individuals' pages into the benchmark fills this in and returns how many it made.
    """
    return 0


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
