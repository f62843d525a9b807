"""The individuals of the access tests, built with the real services (no mocks, no shortcuts into
the policy): one individual per relation state and per unit, so that every persona meets each
state at the persona's own unit.

Every individual is taken on by a "holder" unit outside the county's personas (a psychiatric
clinic), which also records a relative, a child, a consent and a disclosure: the data that must
never appear in a refused response. The state is then applied to the persona's unit.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from stdnum import luhn

from access import services as access_services
from access.models import EmergencyAccess, EmergencyReason
from accounts.models import User
from audit.models import Ground
from audit.services import Actor
from individuals import services
from individuals.identity import parse_identity_number
from individuals.models import ActiveRelation, Individual
from organisations.models import Unit, UnitType
from organisations.roles import Role
from tests.factories import MembershipFactory, UnitFactory, UserFactory
from tests.personas import County, with_second_factor

# The relation states of the individual, seen from the persona's own unit.
STATES = (
    "none",  # the individual is known only at the holder unit
    "relation",  # an active relation at the persona's unit
    "ended",  # the relation at the persona's unit ended yesterday
    "sip",  # a SIP consent (for_sip) that names the persona's unit as a party
    "sip_withdrawn",  # the same consent, withdrawn
    "sip_other",  # a SIP consent in force that names only other units (the holder and a third unit)
    "emergency",  # the persona's own emergency access, running
    "emergency_expired",  # the persona's own emergency access, expired an hour ago
    "protected",  # protected identity + active relation at the persona's unit
    "blocked",  # active relation at the persona's unit + a block on the holder unit
)

# States in which the persona's own unit has an open relation (what the views can close or block).
OWN_OPEN_RELATION = frozenset({"relation", "protected", "blocked"})

PERSONAS = (
    "social_worker",
    "colleague",
    "nurse",
    "other_municipality_worker",
    "manager",
    "analyst",
    "admin",
    "no_membership",
    "anonymous",
)


def identity_number(serial: int) -> str:
    """A valid, fictional twelve-digit personnummer, different for every serial."""
    born = datetime.date(1961, 1, 1) + datetime.timedelta(days=37 * serial)
    ten = f"{born:%y%m%d}{(serial % 90) + 10:02d}3"
    return f"{born:%Y}"[:2] + ten + luhn.calc_check_digit(ten)


def number_formats(number: str) -> list[str]:
    """A twelve-digit number as it could be written: 12 and 10 digits, with and without the dash."""
    return [number, f"{number[:8]}-{number[8:]}", number[2:], f"{number[2:8]}-{number[8:]}"]


def display(number: str) -> str:
    return f"{number[:8]}-{number[8:]}"


@dataclass
class Subject:
    """One individual of the matrix: its state, the unit the state applies to, and its data."""

    state: str
    unit: Unit
    individual: Individual
    number: str
    holder_relation_id: int
    consent_uuid: str
    name: list[str]
    contact: list[str]  # address, phone, e-mail, the relative's phone: hidden under protected identity
    other_data: list[str]  # relative's and guardian's names, the child note, a disclosure's recipient
    own_relation_id: int | None = None
    block_id: int | None = None

    @property
    def secrets(self) -> list[str]:
        """Everything that must not appear in a refused response."""
        return [*self.name, *number_formats(self.number), *self.contact, *self.other_data]


@dataclass
class World:
    county: County
    holder_unit: Unit
    holder: User
    subjects: dict[tuple[str, int], Subject] = field(default_factory=dict)
    persona_unit: dict[str, Unit | None] = field(default_factory=dict)

    def user(self, persona: str) -> User | None:
        if persona == "anonymous":
            return None
        return getattr(self.county, persona)

    def subject(self, persona: str, state: str) -> Subject:
        """The individual in ``state`` at the persona's unit (the social worker's, for those without one)."""
        unit = self.persona_unit[persona] or self.county.adult_unit
        return self.subjects[(state, unit.pk)]


def _actor(user: User, unit: Unit, role: Role) -> Actor:
    return Actor(user_id=user.pk, unit_id=unit.pk, role=str(role))


def build_world(county: County) -> World:
    holder_unit = UnitFactory(principal=county.region, name="Psykiatriska kliniken Sundsvall",
                              unit_type=UnitType.ADDICTION_UNIT)  # fmt: skip
    holder = with_second_factor(UserFactory(username="holder", first_name="Hedda"))
    MembershipFactory(user=holder, unit=holder_unit, role=Role.PHYSICIAN)
    world = World(county=county, holder_unit=holder_unit, holder=holder)
    world.persona_unit = {
        "social_worker": county.adult_unit,
        "colleague": county.adult_unit,
        "nurse": county.addiction_unit,
        "other_municipality_worker": county.other_municipality_unit,
        "manager": county.adult_unit,
        "analyst": county.office,
        "admin": county.office,
        "no_membership": None,
        "anonymous": None,
    }
    units = [county.adult_unit, county.addiction_unit, county.other_municipality_unit, county.office]
    serial = 0
    for state in STATES:
        for unit in units:
            serial += 1
            world.subjects[(state, unit.pk)] = _subject(world, state, unit, serial)
    return world


def _subject(world: World, state: str, unit: Unit, serial: int) -> Subject:
    county, holder_unit, holder = world.county, world.holder_unit, world.holder
    by_holder = _actor(holder, holder_unit, Role.PHYSICIAN)
    today = timezone.localdate()
    number = identity_number(serial)
    tag = f"{serial:02d}"
    individual = services.individual_register(
        number=parse_identity_number(number), first_name=f"Matrisfia{tag}", last_name=f"Provdotter{tag}q",
        municipality=county.sundsvall, unit=holder_unit, contact_kind="treatment", actor=by_holder,
    )  # fmt: skip
    # Contact details have no form of their own yet (they come from the population register).
    individual.address = f"Hemlighetsgatan {tag}B, 852 {tag} Sundsvall"
    individual.phone = f"070-555 {tag} {tag}"
    individual.email = f"matrisfia{tag}@example.invalid"
    individual.save(update_fields=["address", "phone", "email"])
    relative = services.relative_add(
        individual=individual, name=f"Anhörigrut{tag} Närstående", relation="sibling", phone=f"073-444 {tag} {tag}",
        may_be_contacted=True, actor=by_holder, ground=Ground.RELATION,
    )  # fmt: skip
    services.child_add(individual=individual, birth_year=2016, lives_with_individual=True,
                       note=f"Barnanteckning{tag}", actor=by_holder, ground=Ground.RELATION)  # fmt: skip
    consent = services.consent_record(
        individual=individual, given_by="guardian", guardian_name=f"Förmyndargustav{tag}", for_sip=False,
        for_sharing=False, for_relatives=True, parties=[holder_unit], relatives=[relative], form="written",
        valid_from=today, valid_until=None, actor=by_holder, ground=Ground.RELATION,
    )  # fmt: skip
    access_services.disclosure_record(
        individual=individual, legal_ground="osl_10_2", recipient=f"Mottagarfrivården{tag}",
        assessment="Nödvändigt för uppdraget.", user=holder, unit=holder_unit, actor=by_holder, ground=Ground.RELATION,
    )  # fmt: skip
    holder_relation = ActiveRelation.objects.get(individual=individual, unit=holder_unit)
    subject = Subject(
        state=state,
        unit=unit,
        individual=individual,
        number=number,
        holder_relation_id=holder_relation.pk,
        consent_uuid=str(consent.uuid),
        name=[individual.first_name, individual.last_name],
        contact=[individual.address, individual.phone, individual.email, relative.phone],
        other_data=[relative.name, consent.guardian_name, f"Barnanteckning{tag}", f"Mottagarfrivården{tag}"],
    )
    opener = _opener(world, unit)
    by_opener = _actor(opener, unit, Role.SOCIAL_WORKER)
    if state in OWN_OPEN_RELATION or state == "ended":
        relation = services.relation_open(individual=individual, unit=unit, contact_kind="support", actor=by_opener,
                                          started_on=today - datetime.timedelta(days=30))  # fmt: skip
        subject.own_relation_id = relation.pk
        if state == "ended":
            services.relation_close(relation=relation, actor=by_opener, ground=Ground.RELATION)
            # Closing today leaves the relation current until midnight (ended_on is inclusive):
            # the matrix looks at a relation that has really ended.
            ActiveRelation.objects.filter(pk=relation.pk).update(ended_on=today - datetime.timedelta(days=1))
    if state == "sip_other":
        third = next(u for u in (county.addiction_unit, county.other_municipality_unit) if u != unit)
        services.consent_record(
            individual=individual, given_by="individual", guardian_name="", for_sip=True, for_sharing=True,
            for_relatives=False, parties=[holder_unit, third], relatives=[], form="oral", valid_from=today,
            valid_until=None, actor=by_holder, ground=Ground.RELATION,
        )  # fmt: skip
    if state in ("sip", "sip_withdrawn"):
        sip = services.consent_record(
            individual=individual, given_by="individual", guardian_name="", for_sip=True, for_sharing=True,
            for_relatives=False, parties=[holder_unit, unit], relatives=[], form="oral", valid_from=today,
            valid_until=None, actor=by_holder, ground=Ground.RELATION,
        )  # fmt: skip
        if state == "sip_withdrawn":
            services.consent_withdraw(consent=sip, actor=by_holder, ground=Ground.RELATION)
    if state in ("emergency", "emergency_expired"):
        for persona, persona_unit in world.persona_unit.items():
            user = world.user(persona)
            if user is None or (persona_unit or county.adult_unit) != unit:
                continue
            access = access_services.emergency_access_start(
                individual=individual, user=user, unit=unit, reason=EmergencyReason.LIFE_OR_HEALTH,
                explanation="Medvetslös vid hembesök.", actor=_actor(user, unit, Role.SOCIAL_WORKER),
            )  # fmt: skip
            if state == "emergency_expired":
                started = timezone.now() - datetime.timedelta(hours=5)
                EmergencyAccess.objects.filter(pk=access.pk).update(
                    started_at=started, expires_at=started + datetime.timedelta(hours=4)
                )
    if state == "protected":
        access_services.protected_identity_set(individual=individual, protected=True,
                                               named_staff=[county.social_worker], user=holder, actor=by_holder,
                                               ground=Ground.RELATION)  # fmt: skip
    if state == "blocked":
        block = access_services.block_create(individual=individual, unit=holder_unit, user=holder, actor=by_holder,
                                             ground=Ground.RELATION)  # fmt: skip
        subject.block_id = block.pk
    individual.refresh_from_db()
    subject.individual = individual
    return subject


def _opener(world: World, unit: Unit) -> User:
    """Someone at the unit who opens its relation (who it is does not matter to the policy)."""
    county = world.county
    return {
        county.adult_unit.pk: county.social_worker,
        county.addiction_unit.pk: county.nurse,
        county.other_municipality_unit.pk: county.other_municipality_worker,
        county.office.pk: county.admin,
    }[unit.pk]


__all__ = ["OWN_OPEN_RELATION", "PERSONAS", "STATES", "Subject", "World", "build_world", "display"]
