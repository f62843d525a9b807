"""Writes that change who may see an individual: emergency access, blocks, protected identity."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access.models import (
    EMERGENCY_ACCESS_DURATION,
    Block,
    DisclosureDecision,
    EmergencyAccess,
    ProtectedIdentityAccess,
    SecrecyAssessment,
)
from accounts.models import User
from audit.models import Action, Ground
from audit.services import Actor, audit_record
from individuals.models import Individual
from organisations.models import Unit


@transaction.atomic
def emergency_access_start(
    *, individual: Individual, user: User, unit: Unit, reason: str, explanation: str, actor: Actor
) -> EmergencyAccess:
    """Nödåtkomst (PDL 6 kap 3 §): only at serious risk when consent cannot be had; four hours;
    flagged in the log and listed first for the manager's review."""
    if not explanation.strip():
        raise ValidationError({"explanation": _("Explain why emergency access is needed.")})
    now = timezone.now()
    access = EmergencyAccess(
        user=user,
        unit=unit,
        individual=individual,
        reason=reason,
        explanation=explanation.strip(),
        started_at=now,
        expires_at=now + EMERGENCY_ACCESS_DURATION,
    )
    access.full_clean(exclude=["started_at"])
    access.save()
    audit_record(
        actor=actor,
        action=Action.EMERGENCY_ACCESS,
        ground=Ground.EMERGENCY,
        individual_id=individual.pk,
        obj=access,
        details={"reason": reason, "expires_at": access.expires_at.isoformat()},
    )
    return access


@transaction.atomic
def block_create(*, individual: Individual, unit: Unit, user: User, actor: Actor, ground: str) -> Block:
    if Block.objects.filter(individual=individual, unit=unit, lifted_at__isnull=True).exists():
        raise ValidationError(_("The information at this unit is already blocked."))
    block = Block.objects.create(individual=individual, unit=unit, created_by=user)
    audit_record(actor=actor, action=Action.UPDATE, ground=ground, individual_id=individual.pk, obj=block)
    return block


@transaction.atomic
def block_lift(*, block: Block, user: User, actor: Actor, ground: str) -> Block:
    if block.lifted_at is not None:
        raise ValidationError(_("The block is already lifted."))
    block.lifted_at = timezone.now()
    block.lifted_by = user
    block.save(update_fields=["lifted_at", "lifted_by"])
    audit_record(actor=actor, action=Action.UPDATE, ground=ground, individual_id=block.individual_id, obj=block)
    return block


@transaction.atomic
def protected_identity_set(
    *, individual: Individual, protected: bool, named_staff: list[User], user: User, actor: Actor, ground: str
) -> Individual:
    individual.protected_identity = protected
    individual.save(update_fields=["protected_identity"])
    ProtectedIdentityAccess.objects.filter(individual=individual).exclude(user__in=named_staff).delete()
    for person in named_staff:
        ProtectedIdentityAccess.objects.get_or_create(individual=individual, user=person, defaults={"granted_by": user})
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        ground=ground,
        individual_id=individual.pk,
        obj=individual,
        details={"protected_identity": protected, "named_staff": sorted(p.pk for p in named_staff)},
    )
    return individual


@transaction.atomic
def secrecy_assessment_record(
    *,
    individual: Individual,
    user: User,
    purpose: str,
    disclosure_allowed: bool,
    reasoning: str,
    actor: Actor,
    ground: str,
) -> SecrecyAssessment:
    if not reasoning.strip():
        raise ValidationError({"reasoning": _("Write the reasoning of the secrecy assessment.")})
    assessment = SecrecyAssessment.objects.create(
        individual=individual, user=user, purpose=purpose, disclosure_allowed=disclosure_allowed, reasoning=reasoning
    )
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        ground=ground,
        individual_id=individual.pk,
        obj=assessment,
        details={"purpose": purpose, "disclosure_allowed": disclosure_allowed},
    )
    return assessment


@transaction.atomic
def disclosure_record(
    *, individual: Individual, legal_ground: str, recipient: str, assessment: str, user: User, unit: Unit,
    actor: Actor, ground: str,
) -> DisclosureDecision:  # fmt: skip
    """A disclosure without consent is its own decision: legal ground, recipient and assessment
    are recorded, and the disclosure is logged (Action.DISCLOSE)."""
    errors = {}
    if not recipient.strip():
        errors["recipient"] = _("Write who receives the information.")
    if not assessment.strip():
        errors["assessment"] = _("Write the assessment that supports the disclosure.")
    if errors:
        raise ValidationError(errors)
    decision = DisclosureDecision(
        individual=individual, legal_ground=legal_ground, recipient=recipient.strip(),
        assessment=assessment.strip(), decided_by=user, unit=unit,
    )  # fmt: skip
    decision.full_clean()
    decision.save()
    audit_record(
        actor=actor, action=Action.DISCLOSE, ground=ground, individual_id=individual.pk, obj=decision,
        details={"legal_ground": legal_ground},
    )  # fmt: skip
    return decision
