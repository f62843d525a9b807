"""Reads about individuals. Callers have been let through the door (access.door) first.

``individual_page`` returns the individual's data already redacted for the grant: only the sections
and records the grant opens (access.policy, "What a grant opens"), without what a block hides, and
without contact details under a protected identity. Pages, PDFs and exports render what they get,
so none of them can forget a rule. It returns plain values, not model instances, so that nothing
reaches past the redaction through a relation (``consent.parties.all`` and the like)."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from access.models import Block, DisclosureDecision
from access.policy import Grant, Section
from audit.models import Ground
from audit.services import Actor, audit_list_read
from individuals.models import ActiveRelation, Child, Consent, Individual, Relative
from organisations.models import Unit

# What a list read's audit entry names as its object: the unit's current relations.
LIST_OBJECT = "individuals.activerelation"


def current_relations_at(*, unit: Unit) -> QuerySet[ActiveRelation]:
    """The unit's current individuals: the usual way in."""
    return (
        ActiveRelation.objects.current()
        .filter(unit=unit, individual__merged_into__isnull=True)
        .select_related("individual")
        .order_by("started_on", "id")
    )


def log_list_read(*, actor: Actor, relations: Any) -> None:
    """A list that shows names reads each listed individual's data (one entry naming them all)."""
    ids = [r.individual_id for r in relations]
    audit_list_read(actor=actor, ground=Ground.RELATION, individual_ids=ids, object_type=LIST_OBJECT)


# --- The individual's page, redacted for the grant ---------------------------------------------


@dataclass(frozen=True)
class Person:
    uuid: Any
    first_name: str
    last_name: str
    identity_kind: str
    identity_display: str
    birth_date: datetime.date | None
    legal_sex: str
    municipality: str
    protected_identity: bool
    is_fictional: bool
    sees_contact_details: bool
    address: str = ""  # empty unless sees_contact_details
    phone: str = ""
    email: str = ""

    def get_absolute_url(self) -> str:
        return reverse("individual_detail", args=[self.uuid])


@dataclass(frozen=True)
class RelationRow:
    pk: int
    unit_id: int
    unit_name: str
    contact_kind: str
    started_on: datetime.date
    ended_on: datetime.date | None
    is_open: bool
    own: bool  # at one of the user's units: the user may close it


@dataclass(frozen=True)
class ConsentRow:
    uuid: Any
    status: str  # "withdrawn", "in_force", "not_in_force"
    given_by: str
    guardian_name: str
    form: str
    valid_from: datetime.date
    valid_until: datetime.date | None
    for_sip: bool
    for_sharing: bool
    for_relatives: bool
    parties: list[str]
    hidden_parties: int  # parties the user may not know of (blocked units)
    relatives: list[str]
    recorded_by: str
    recorded_at: datetime.datetime
    withdrawn_at: datetime.datetime | None
    withdrawn_by: str


@dataclass(frozen=True)
class RelativeRow:
    name: str
    relation: str
    phone: str  # empty under a protected identity (unless named staff)
    may_be_contacted: bool


@dataclass(frozen=True)
class ChildRow:
    birth_year: int
    lives_with_individual: bool
    note: str


@dataclass(frozen=True)
class DisclosureRow:
    decided_at: datetime.datetime
    legal_ground: str
    recipient: str
    unit_name: str
    decided_by: str


@dataclass(frozen=True)
class BlockRow:
    pk: int
    unit_name: str


@dataclass
class IndividualPage:
    person: Person
    relations: list[RelationRow] = field(default_factory=list)
    consents: list[ConsentRow] = field(default_factory=list)
    relatives: list[RelativeRow] = field(default_factory=list)
    children: list[ChildRow] = field(default_factory=list)
    disclosures: list[DisclosureRow] = field(default_factory=list)
    own_blocks: list[BlockRow] = field(default_factory=list)  # the user's units' blocks, to lift them
    # That something is hidden shows (never what): a block, or records the grant does not open.
    blocked: bool = False

    def as_context(self) -> dict[str, Any]:
        return {"person": self.person, "page": self}


def individual_page(*, grant: Grant) -> IndividualPage:
    """The individual's page as ``grant`` may see it."""
    individual = grant.individual
    page = IndividualPage(person=_person(individual, grant))
    page.relations, _hidden = _relations(individual, grant)
    page.consents, _hidden = _consents(individual, grant)
    page.relatives, _hidden = _records(grant, Section.RELATIVES, individual.relatives.order_by("id"),
                                                lambda r: _relative(r, grant))  # fmt: skip
    page.children, _hidden = _records(grant, Section.CHILDREN, individual.children.order_by("birth_year", "id"),
                                              _child)  # fmt: skip
    disclosures = DisclosureDecision.objects.filter(individual=individual).select_related("decided_by", "unit")
    page.disclosures, _hidden = _records(grant, Section.DISCLOSURES, disclosures.order_by("-decided_at"),
                                              _disclosure)  # fmt: skip
    if grant.shows(Section.BLOCKS):
        blocks = Block.objects.filter(individual=individual, lifted_at__isnull=True, unit_id__in=grant.unit_ids)
        page.own_blocks = [BlockRow(b.pk, b.unit.name) for b in blocks.select_related("unit")]
    # That another unit has blocked its information shows; what it is does not.
    page.blocked = bool(grant.blocked_unit_ids)
    return page


def _person(individual: Individual, grant: Grant) -> Person:
    contact = grant.shows(Section.CONTACT)
    return Person(
        uuid=individual.uuid,
        first_name=individual.first_name,
        last_name=individual.last_name,
        identity_kind=individual.get_identity_kind_display(),
        identity_display=individual.identity_display,
        birth_date=individual.birth_date,
        legal_sex=individual.get_legal_sex_display(),
        municipality=individual.municipality.name if individual.municipality else "",
        protected_identity=individual.protected_identity,
        is_fictional=individual.is_fictional,
        sees_contact_details=contact,
        address=individual.address if contact else "",
        phone=individual.phone if contact else "",
        email=individual.email if contact else "",
    )


def _records(grant: Grant, section: str, rows: Any, convert: Any) -> tuple[list[Any], int]:
    """The rows of ``section`` the grant opens (converted), and how many it hides."""
    if section not in grant.opens.sections:
        return [], 0
    shown, hidden = [], 0
    for row in rows:
        if grant.shows_record(section, row.unit_id):
            shown.append(convert(row))
        else:
            hidden += 1
    return shown, hidden


def _relations(individual: Individual, grant: Grant) -> tuple[list[RelationRow], int]:
    rows = ActiveRelation.objects.filter(individual=individual).select_related("unit").order_by("-started_on", "-id")
    current = set(ActiveRelation.objects.current().filter(individual=individual).values_list("pk", flat=True))

    def convert(r: ActiveRelation) -> RelationRow:
        return RelationRow(r.pk, r.unit_id, r.unit.name, r.get_contact_kind_display(), r.started_on, r.ended_on,
                           r.pk in current, r.unit_id in grant.unit_ids)  # fmt: skip

    return _records(grant, Section.RELATIONS, rows, convert)


def _consents(individual: Individual, grant: Grant) -> tuple[list[ConsentRow], int]:
    rows = (
        Consent.objects.filter(individual=individual)
        .prefetch_related(Prefetch("parties", queryset=Unit.objects.order_by("name")), "relatives")
        .select_related("recorded_by", "withdrawn_by")
        .order_by("-recorded_at")
    )

    def convert(c: Consent) -> ConsentRow:
        # A blocked unit named as a party would tell that the individual is known there.
        parties = [u for u in c.parties.all() if grant.may_see_unit_records(u.pk)]
        relatives = [r for r in c.relatives.all() if grant.shows_record(Section.RELATIVES, r.unit_id)]
        status = "withdrawn" if c.withdrawn_at else "in_force" if c.is_in_force() else "not_in_force"
        return ConsentRow(
            uuid=c.uuid, status=status, given_by=c.given_by, guardian_name=c.guardian_name,
            form=c.get_form_display(), valid_from=c.valid_from, valid_until=c.valid_until, for_sip=c.for_sip,
            for_sharing=c.for_sharing, for_relatives=c.for_relatives, parties=[u.name for u in parties],
            hidden_parties=len(c.parties.all()) - len(parties), relatives=[r.name for r in relatives],
            recorded_by=c.recorded_by.get_full_name(), recorded_at=c.recorded_at, withdrawn_at=c.withdrawn_at,
            withdrawn_by=c.withdrawn_by.get_full_name() if c.withdrawn_by else "",
        )  # fmt: skip

    return _records(grant, Section.CONSENTS, rows, convert)


def _relative(r: Relative, grant: Grant) -> RelativeRow:
    phone = r.phone if grant.shows(Section.CONTACT) else ""
    return RelativeRow(r.name, r.get_relation_display(), phone, r.may_be_contacted)


def _child(c: Child) -> ChildRow:
    return ChildRow(c.birth_year, c.lives_with_individual, c.note)


def _disclosure(d: DisclosureDecision) -> DisclosureRow:
    return DisclosureRow(d.decided_at, d.get_legal_ground_display(), d.recipient, d.unit.name,
                         d.decided_by.get_full_name())  # fmt: skip
