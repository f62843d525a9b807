"""Writes about individuals. Each takes the acting request's Actor, runs atomically, validates,
and writes its audit entry in the same transaction (nothing half-saved, nothing unlogged)."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import Action, Ground
from audit.services import Actor, audit_record
from core.crypto import keyed_hash
from individuals.identity import IdentityNumber
from individuals.models import ActiveRelation, Child, Consent, Individual, PreviousIdentity, Relative
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


@transaction.atomic
def individual_register(
    *,
    number: IdentityNumber,
    first_name: str,
    last_name: str,
    municipality: Principal | None,
    unit: Unit,
    contact_kind: str,
    actor: Actor,
    user: User,
) -> Individual:
    """Register the individual if unknown, and open an active relation at the user's unit.

    Someone already known is not registered twice: the relation is opened on the existing record,
    and the names given here are not used (the record keeps what it has).
    """
    individual = individual_find(number=number)
    if individual is None:
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
        individual.full_clean()
        individual.save()
        audit_record(
            actor=actor, action=Action.CREATE, ground=Ground.REGISTRATION, individual_id=individual.pk, obj=individual
        )
    relation_open(individual=individual, unit=unit, contact_kind=contact_kind, actor=actor, user=user)
    return individual


@transaction.atomic
def relation_open(
    *,
    individual: Individual,
    unit: Unit,
    contact_kind: str,
    actor: Actor,
    user: User,
    started_on: datetime.date | None = None,
) -> ActiveRelation:
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
        actor=actor, action=Action.CREATE, ground=Ground.REGISTRATION, individual_id=individual.pk, obj=relation
    )
    return relation


@transaction.atomic
def relation_close(*, relation: ActiveRelation, actor: Actor, user: User, ground: str) -> ActiveRelation:
    if relation.ended_on is not None:
        raise ValidationError(_("The relation is already closed."))
    relation.ended_on = max(timezone.localdate(), relation.started_on)
    relation.closed_by = user
    relation.save(update_fields=["ended_on", "closed_by"])
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
    user: User,
    ground: str,
) -> Consent:
    parties = list(parties)
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
def consent_withdraw(*, consent: Consent, actor: Actor, user: User, ground: str) -> Consent:
    """Withdrawal takes effect at once: the policy stops counting the consent from this moment."""
    if consent.withdrawn_at is not None:
        raise ValidationError(_("The consent is already withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = user
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit_record(actor=actor, action=Action.UPDATE, ground=ground, individual_id=consent.individual_id, obj=consent)
    return consent


@transaction.atomic
def relative_add(
    *, individual: Individual, name: str, relation: str, phone: str, may_be_contacted: bool, actor: Actor, ground: str
) -> Relative:
    relative = Relative(individual=individual, name=name.strip(), relation=relation, phone=phone.strip(),
                        may_be_contacted=may_be_contacted, unit_id=actor.unit_id)  # fmt: skip
    relative.full_clean()
    relative.save()
    audit_record(actor=actor, action=Action.CREATE, ground=ground, individual_id=individual.pk, obj=relative)
    return relative


@transaction.atomic
def child_add(
    *, individual: Individual, birth_year: int, lives_with_individual: bool, note: str, actor: Actor, ground: str
) -> Child:
    if not 1990 <= birth_year <= timezone.localdate().year:
        raise ValidationError({"birth_year": _("Give a year of birth between 1990 and this year.")})
    child = Child(individual=individual, birth_year=birth_year, lives_with_individual=lives_with_individual, note=note,
                  unit_id=actor.unit_id)  # fmt: skip
    child.full_clean()
    child.save()
    audit_record(actor=actor, action=Action.CREATE, ground=ground, individual_id=individual.pk, obj=child)
    return child


@transaction.atomic
def identity_replace(*, individual: Individual, number: IdentityNumber, actor: Actor, ground: str) -> Individual:
    """A samordningsnummer replaced by a personnummer: keep the old number for look-up, and if the
    new number already has its own record, merge that record's history into this one."""
    if number.value == individual.identity_number:
        raise ValidationError({"number": _("This is already the individual's number.")})
    other = Individual.objects.filter(identity_hash=keyed_hash(number.value)).first()
    PreviousIdentity.objects.create(
        individual=individual,
        identity_kind=individual.identity_kind,
        identity_number=individual.identity_number,
        identity_hash=individual.identity_hash,
    )
    if other is not None:
        _merge(source=other, target=individual)
        # The other record's number is now this one's; free its hash for the update below.
        other.identity_hash = keyed_hash(f"merged:{other.uuid}")
        other.merged_into = individual
        other.save(update_fields=["identity_hash", "merged_into"])
    individual.identity_kind = number.kind
    individual.identity_number = number.value
    individual.identity_hash = keyed_hash(number.value)
    individual.birth_date = number.birth_date
    individual.legal_sex = number.legal_sex
    individual.save()
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        ground=ground,
        individual_id=individual.pk,
        obj=individual,
        details={"identity_replaced": True, "merged_individual_id": other.pk if other else None},
    )
    return individual


def _merge(*, source: Individual, target: Individual) -> None:
    # Two open relations at one unit would break the one-open-relation rule: end the duplicate.
    open_units = ActiveRelation.objects.filter(individual=target, ended_on__isnull=True).values("unit_id")
    ActiveRelation.objects.filter(individual=source, ended_on__isnull=True, unit_id__in=open_units).update(
        ended_on=timezone.localdate()
    )
    for model in (ActiveRelation, Consent, Relative, Child, PreviousIdentity):
        model.objects.filter(individual=source).update(individual=target)
    from access.models import Block, EmergencyAccess, ProtectedIdentityAccess, SecrecyAssessment

    for access_model in (Block, EmergencyAccess, SecrecyAssessment):
        access_model.objects.filter(individual=source).update(individual=target)  # type: ignore[attr-defined]
    for grant in ProtectedIdentityAccess.objects.filter(individual=source):
        ProtectedIdentityAccess.objects.get_or_create(
            individual=target, user_id=grant.user_id, defaults={"granted_by_id": grant.granted_by_id}
        )
    if source.protected_identity and not target.protected_identity:
        target.protected_identity = True
