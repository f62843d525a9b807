"""Writes about individuals. Each takes the acting request's Actor, runs atomically, validates,
and writes its audit entry in the same transaction (nothing half-saved, nothing unlogged)."""

import datetime
from collections.abc import Iterable
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access.policy import individual_access
from accounts.models import User
from audit.models import Action, Ground, Outcome
from audit.services import Actor, audit_record, audit_search
from core.crypto import keyed_hash
from individuals.identity import IdentityNumber, LegalSex
from individuals.models import ActiveRelation, Child, Consent, ContactKind, Individual, PreviousIdentity, Relative
from organisations.models import Principal, Unit


def individual_find(*, number: IdentityNumber) -> Individual | None:
    """By exact number only (no browsing of the population); follows earlier numbers and merges."""
    digest = keyed_hash(number.value)
    individual = Individual.objects.filter(identity_hash=digest).first()
    if individual is None:
        previous = PreviousIdentity.objects.filter(identity_hash=digest).select_related("individual").first()
        individual = previous.individual if previous else None
    while individual is not None and individual.merged_into_id is not None:
        individual = individual.merged_into
    return individual


class AlreadyRegistered(ValidationError):
    """The number belongs to a registered person: nothing was stored, and nothing about them shown."""


def _refuse(
    *, actor: Actor, action: Action, ground: Ground, individual_id: int, reason: str, message: str,
    field: str | None = None, obj: Any = None, details: dict[str, Any] | None = None,
) -> NoReturn:  # fmt: skip
    """Log a refused attempt (what happened, not an update) and raise the message for the form.

    Called outside the write's transaction, so the entry stays although nothing else is written."""
    audit_record(actor=actor, action=action, ground=ground, outcome=Outcome.DENIED, individual_id=individual_id,
                 obj=obj, details={"refused": reason, **(details or {})})  # fmt: skip
    raise ValidationError({field: message} if field else message, code=reason)


def acting_user(actor: Actor) -> User:
    """The user behind ``actor``: who a row names (opened, recorded, closed by) is always who the
    log names, so services take the actor alone, never a separate user."""
    if actor.user_id is None:
        raise ValueError("A change about an individual needs a signed-in user.")
    return User.objects.get(pk=actor.user_id)


def individual_register(
    *,
    number: IdentityNumber,
    first_name: str,
    last_name: str,
    municipality: Principal | None,
    unit: Unit,
    contact_kind: str,
    actor: Actor,
) -> Individual:
    """Register someone not yet known and open an active relation at the user's unit.

    A number that is already registered is refused with AlreadyRegistered (the names typed are not
    stored, and the existing record is neither changed nor shown): taking that person on at the
    unit is its own, explicit step (individual_take_on), flagged for the manager's review."""
    user = acting_user(actor)
    if individual_find(number=number) is not None:
        _already_registered(actor=actor, number=number)
    try:
        return _register_new(number=number, first_name=first_name, last_name=last_name, municipality=municipality,
                             unit=unit, contact_kind=contact_kind, actor=actor, user=user)  # fmt: skip
    except IntegrityError:  # registered by someone else in the meantime
        _already_registered(actor=actor, number=number)


def _already_registered(*, actor: Actor, number: IdentityNumber) -> NoReturn:
    existing = individual_find(number=number)
    audit_search(actor=actor, individual_id=existing.pk if existing else None, ground=None,
                 details={"refused": "already_registered"})  # fmt: skip
    raise AlreadyRegistered(
        {"number": _("This number belongs to a person who is already registered. The names you typed have not "
                     "been saved.")},
        code="already_registered",
    )  # fmt: skip


@transaction.atomic
def _register_new(
    *, number: IdentityNumber, first_name: str, last_name: str, municipality: Principal | None, unit: Unit,
    contact_kind: str, actor: Actor, user: User,
) -> Individual:  # fmt: skip
    individual = Individual(
        identity_kind=number.kind,
        identity_number=number.value,
        identity_hash=keyed_hash(number.value),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        birth_date=number.birth_date,
        legal_sex=number.legal_sex,
        municipality=municipality,
    )
    individual.full_clean(validate_unique=False)
    individual.save()
    audit_record(
        actor=actor, action=Action.CREATE, ground=Ground.REGISTRATION, individual_id=individual.pk, obj=individual
    )
    _relation_open(individual=individual, unit=unit, contact_kind=contact_kind, actor=actor, user=user)
    return individual


def individual_take_on(*, number: IdentityNumber, unit: Unit, contact_kind: str, actor: Actor) -> Individual:
    """Take an already registered person on at the user's unit: opens a relation, and the entry is
    flagged (details.taken_on_existing) so that the manager's log review lists it first."""
    individual = individual_find(number=number)
    if individual is None:
        raise ValidationError({"number": _("No individual with this number is registered. Check the number.")})
    relation_open(individual=individual, unit=unit, contact_kind=contact_kind, actor=actor,
                  taken_on_existing=True)  # fmt: skip
    return individual


def relation_open(
    *,
    individual: Individual,
    unit: Unit,
    contact_kind: str,
    actor: Actor,
    started_on: datetime.date | None = None,
    taken_on_existing: bool = False,
) -> ActiveRelation:
    """Open an active relation. Refused while the user's only way in is emergency access: a
    relation would let the reads go on, unflagged, after the emergency access has expired."""
    user = acting_user(actor)
    access = individual_access(user, individual)
    if access is not None and access.ground == Ground.EMERGENCY:
        _refuse(
            actor=actor, action=Action.CREATE, ground=Ground.EMERGENCY, individual_id=individual.pk,
            reason="only_emergency_access", obj=individual,
            message=_("You see this individual only under emergency access, so you cannot open a relation. Ask "
                      "your unit manager: a relation needs a ground of its own, such as a referral or a request."),
        )  # fmt: skip
    return _relation_open(individual=individual, unit=unit, contact_kind=contact_kind, actor=actor, user=user,
                          started_on=started_on, taken_on_existing=taken_on_existing)  # fmt: skip


@transaction.atomic
def _relation_open(
    *, individual: Individual, unit: Unit, contact_kind: str, actor: Actor, user: User,
    started_on: datetime.date | None = None, taken_on_existing: bool = False,
) -> ActiveRelation:  # fmt: skip
    if contact_kind not in ContactKind.values:
        raise ValidationError({"contact_kind": _("Choose a kind of contact from the list.")})
    if ActiveRelation.objects.filter(individual=individual, unit=unit, ended_on__isnull=True).exists():
        raise ValidationError(_("The individual already has an open relation with %(unit)s.") % {"unit": unit.name})
    relation = ActiveRelation(
        individual=individual,
        unit=unit,
        contact_kind=contact_kind,
        started_on=started_on or timezone.localdate(),
        opened_by=user,
    )
    relation.full_clean(validate_constraints=False)
    relation.save()
    audit_record(
        actor=actor, action=Action.CREATE, ground=Ground.REGISTRATION, individual_id=individual.pk, obj=relation,
        details={"taken_on_existing": True} if taken_on_existing else None,
    )  # fmt: skip
    return relation


@transaction.atomic
def relation_close(*, relation: ActiveRelation, actor: Actor, ground: Ground) -> ActiveRelation:
    """Closing ends access at once (ended_at), not at the end of the day."""
    user = acting_user(actor)
    if relation.ended_on is not None or relation.ended_at is not None:
        raise ValidationError(_("The relation is already closed."))
    relation.ended_on = max(timezone.localdate(), relation.started_on)
    relation.ended_at = timezone.now()
    relation.closed_by = user
    relation.save(update_fields=["ended_on", "ended_at", "closed_by"])
    audit_record(actor=actor, action=Action.UPDATE, ground=ground, individual_id=relation.individual_id, obj=relation)
    return relation


@transaction.atomic
def consent_record(
    *,
    individual: Individual,
    given_by: str,
    guardian_name: str,
    for_sip: bool,
    for_sharing: bool,
    for_relatives: bool,
    parties: Iterable[Unit],
    relatives: Iterable[Relative],
    form: str,
    valid_from: datetime.date,
    valid_until: datetime.date | None,
    actor: Actor,
    ground: Ground,
) -> Consent:
    parties = list(parties)
    user = acting_user(actor)
    relatives = list(relatives)
    errors: dict[str, str] = {}
    if not parties:
        errors["parties"] = _("Choose at least one party the consent is given to.")
    if not (for_sip or for_sharing or for_relatives):
        errors["for_sip"] = _("Choose at least one thing the consent is for.")
    if for_relatives and not relatives:
        errors["relatives"] = _("Choose the relatives who may take part.")
    if any(r.individual_id != individual.pk for r in relatives):
        errors["relatives"] = _("Choose only the individual's own relatives.")
    if valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = _("The consent cannot end before it starts.")
    if given_by == "guardian" and not guardian_name.strip():
        errors["guardian_name"] = _("Write the name of the guardian who gave the consent.")
    if errors:
        raise ValidationError(errors)
    consent = Consent(
        individual=individual,
        given_by=given_by,
        guardian_name=guardian_name.strip(),
        for_sip=for_sip,
        for_sharing=for_sharing,
        for_relatives=for_relatives,
        form=form,
        valid_from=valid_from,
        valid_until=valid_until,
        recorded_by=user,
        unit_id=actor.unit_id,  # the unit that records it (its block hides it; access.policy)
    )
    consent.full_clean()
    consent.save()
    consent.parties.set(parties)
    consent.relatives.set(relatives)
    audit_record(
        actor=actor,
        action=Action.CREATE,
        ground=ground,
        individual_id=individual.pk,
        obj=consent,
        details={"parties": sorted(u.pk for u in parties)},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, actor: Actor, ground: Ground) -> Consent:
    """Withdrawal takes effect at once: the policy stops counting the consent from this moment."""
    user = acting_user(actor)
    if consent.withdrawn_at is not None:
        raise ValidationError(_("The consent is already withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = user
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit_record(actor=actor, action=Action.UPDATE, ground=ground, individual_id=consent.individual_id, obj=consent)
    return consent


@transaction.atomic
def relative_add(
    *,
    individual: Individual,
    name: str,
    relation: str,
    phone: str,
    may_be_contacted: bool,
    actor: Actor,
    ground: Ground,
) -> Relative:
    relative = Relative(individual=individual, name=name.strip(), relation=relation, phone=phone.strip(),
                        may_be_contacted=may_be_contacted, unit_id=actor.unit_id)  # fmt: skip
    relative.full_clean()
    relative.save()
    audit_record(actor=actor, action=Action.CREATE, ground=ground, individual_id=individual.pk, obj=relative)
    return relative


@transaction.atomic
def child_add(
    *, individual: Individual, birth_year: int, lives_with_individual: bool, note: str, actor: Actor, ground: Ground
) -> Child:
    if not 1990 <= birth_year <= timezone.localdate().year:
        raise ValidationError({"birth_year": _("Give a year of birth between 1990 and this year.")})
    child = Child(individual=individual, birth_year=birth_year, lives_with_individual=lives_with_individual, note=note,
                  unit_id=actor.unit_id)  # fmt: skip
    child.full_clean()
    child.save()
    audit_record(actor=actor, action=Action.CREATE, ground=ground, individual_id=individual.pk, obj=child)
    return child


def identity_replace(*, individual: Individual, number: IdentityNumber, actor: Actor, ground: Ground) -> Individual:
    """A samordningsnummer replaced by a personnummer: the old number is kept for look-up.

    Never a merge: a number that is or was another record's is refused (and the attempt logged),
    without a word about that record. If they are the same person, a unit manager merges them."""
    digest = keyed_hash(number.value)
    if digest == individual.identity_hash:
        raise ValidationError({"number": _("This is already the individual's number.")})
    if PreviousIdentity.objects.filter(individual=individual, identity_hash=digest).exists():
        raise ValidationError({"number": _("This was the individual's number before; it cannot be taken back here.")})
    if number_in_use(digest):
        _refuse_identity(actor=actor, ground=ground, individual=individual)
    try:
        return _identity_replace(individual=individual, number=number, actor=actor, ground=ground)
    except IntegrityError:  # taken by another record in the meantime
        individual.refresh_from_db()
        _refuse_identity(actor=actor, ground=ground, individual=individual)


def number_in_use(digest: str) -> bool:
    """Whether any record has, or had, the number with this keyed hash."""
    return (
        Individual.objects.filter(identity_hash=digest).exists()
        or PreviousIdentity.objects.filter(identity_hash=digest).exists()
    )


def _refuse_identity(*, actor: Actor, ground: Ground, individual: Individual) -> NoReturn:
    _refuse(
        actor=actor, action=Action.UPDATE, ground=ground, individual_id=individual.pk, obj=individual,
        reason="number_of_another_record", field="number",
        message=_("This number belongs to another record. If the two records are the same person, a unit manager "
                  "can merge them."),
    )  # fmt: skip


@transaction.atomic
def _identity_replace(*, individual: Individual, number: IdentityNumber, actor: Actor, ground: Ground) -> Individual:
    PreviousIdentity.objects.create(
        individual=individual,
        identity_kind=individual.identity_kind,
        identity_number=individual.identity_number,
        identity_hash=individual.identity_hash,
    )
    individual.identity_kind = number.kind
    individual.identity_number = number.value
    individual.identity_hash = keyed_hash(number.value)
    # A reserve number says nothing of birth or sex: what the record knows is kept.
    if number.birth_date is not None:
        individual.birth_date = number.birth_date
    if number.legal_sex != LegalSex.UNKNOWN:
        individual.legal_sex = number.legal_sex
    individual.save(update_fields=["identity_kind", "identity_number", "identity_hash", "birth_date", "legal_sex"])
    audit_record(actor=actor, action=Action.UPDATE, ground=ground, individual_id=individual.pk, obj=individual,
                 details={"identity_replaced": True})  # fmt: skip
    return individual
