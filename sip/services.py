"""Writes to a SIP. Each takes the acting Actor and the ground the access went through, runs
atomically, validates (a ValidationError names the field and says what to fix), and writes its
audit entry in the same transaction. Views and the API only parse input and call these.

The law: SoL 2 kap 7 § and HSL 16 kap 4 § (the plan, with consent; started "without delay"; the
five contents); OSL 12 kap 2 § (sharing between the principals needs the individual's consent).
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import InterventionType
from audit.models import Action, Ground
from audit.services import Actor, audit_record
from individuals.models import Consent, Individual, Relative
from individuals.services import acting_user
from organisations.models import Principal, Unit
from sip import reminders, versions
from sip.models import (
    ACTIVE_STATUSES,
    MINUTES_MAX,
    TEXT_MAX,
    Confirmation,
    Evaluation,
    FollowUp,
    FollowUpDecision,
    Goal,
    Intervention,
    Invitation,
    InvitationAnswer,
    Meeting,
    OtherMeasure,
    Outcome,
    Participant,
    ParticipantKind,
    Sip,
    SipStatus,
    SipVersion,
    VersionReason,
)


def _log(actor: Actor, ground: Ground | str, sip: Sip, obj: Any = None, action: Action = Action.UPDATE) -> None:
    audit_record(actor=actor, action=action, ground=ground, individual_id=sip.individual_id, obj=obj or sip)


# --- Consent: what is missing before a SIP can start ---------------------------------------------


def sip_consents(individual: Individual) -> list[Consent]:
    """The individual's SIP consents in force, newest first, with their parties."""
    today = timezone.localdate()
    rows = (
        Consent.objects.filter(individual=individual, for_sip=True, withdrawn_at__isnull=True, valid_from__lte=today)
        .prefetch_related("parties")
        .order_by("-valid_from", "-pk")
    )
    return [c for c in rows if c.valid_until is None or c.valid_until >= today]  # fmt: skip


def consent_missing(individual: Individual, units: Iterable[Unit]) -> list[str]:
    """What is missing for a SIP with ``units`` as parties, in words (empty: nothing)."""
    consents = sip_consents(individual)
    if not consents:
        return [_("There is no consent in force to a coordinated individual plan (SIP). Record the individual's "
                  "consent to a SIP, naming the units to invite.")]  # fmt: skip
    named = {u.pk for c in consents for u in c.parties.all()}
    missing = [u for u in units if u.pk not in named]
    return [_("The SIP consent does not name %(unit)s. Record a consent that names it before inviting it.")
            % {"unit": u.name} for u in missing]  # fmt: skip


def consent_for(individual: Individual, unit: Unit) -> Consent | None:
    return next((c for c in sip_consents(individual) if any(p.pk == unit.pk for p in c.parties.all())), None)


# --- Starting ------------------------------------------------------------------------------------


@transaction.atomic
def sip_start(
    *,
    individual: Individual,
    requested_by: str,
    requested_on: datetime.date,
    need_recognised_on: datetime.date,
    coordinating_unit: Unit,
    actor: Actor,
    ground: Ground | str,
) -> Sip:
    """Start a SIP at ``coordinating_unit`` (either principal may; SoL 2 kap 7 §, HSL 16 kap 4 §).
    Needs a SIP consent in force that names the coordinating unit; the user becomes the coordinator."""
    user = acting_user(actor)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if need_recognised_on > today:
        errors["need_recognised_on"] = [_("The need cannot be recognised in the future.")]
    if requested_on > today:
        errors["requested_on"] = [_("The plan cannot have been asked for in the future.")]
    consent = consent_for(individual, coordinating_unit)
    if consent is None:
        errors["__all__"] = consent_missing(individual, [coordinating_unit])
    if errors:
        raise ValidationError(errors)
    assert consent is not None
    sip = Sip(individual=individual, consent=consent, requested_by=requested_by, requested_on=requested_on,
              need_recognised_on=need_recognised_on, coordinating_unit=coordinating_unit, coordinator=user,
              created_by=user)  # fmt: skip
    sip.full_clean()
    sip.save()
    Participant.objects.create(sip=sip, kind=ParticipantKind.UNIT, unit=coordinating_unit, added_by=user)
    Participant.objects.create(sip=sip, kind=ParticipantKind.STAFF, unit=coordinating_unit, user=user, added_by=user)
    _log(actor, ground, sip, action=Action.CREATE)
    reminders.schedule_not_agreed(sip, actor)
    reminders.schedule_consent_expiring(sip, actor)
    return sip


def _check_active(sip: Sip) -> None:
    if sip.status not in ACTIVE_STATUSES:
        raise ValidationError(_("The plan is closed: it can no longer be changed."))


# --- Participants --------------------------------------------------------------------------------


@transaction.atomic
def participant_add_unit(*, sip: Sip, unit: Unit, user_at_unit: Any = None, actor: Actor,
                         ground: Ground | str) -> Participant:  # fmt: skip
    """Add a unit from the county's directory (and, through it, named staff)."""
    _check_active(sip)
    missing = consent_missing(sip.individual, [unit])
    if missing:
        raise ValidationError({"unit": missing})
    if not unit.is_active:
        raise ValidationError({"unit": _("The unit is no longer active.")})
    by = acting_user(actor)
    participant = Participant.objects.filter(sip=sip, kind=ParticipantKind.UNIT, unit=unit, left_at=None).first()
    if participant is None:
        participant = Participant.objects.create(sip=sip, kind=ParticipantKind.UNIT, unit=unit, added_by=by)
    if user_at_unit is not None:
        if not user_at_unit.memberships.filter(unit=unit, ended_at__isnull=True).exists():
            raise ValidationError({"user": _("The person you named does not work at that unit.")})
        if not Participant.objects.filter(sip=sip, kind=ParticipantKind.STAFF, user=user_at_unit,
                                          left_at=None).exists():  # fmt: skip
            Participant.objects.create(sip=sip, kind=ParticipantKind.STAFF, unit=unit, user=user_at_unit, added_by=by)
    _log(actor, ground, sip, participant)
    return participant


@transaction.atomic
def participant_add_external(*, sip: Sip, external_kind: str, organisation: str, contact_name: str,
                             contact_phone: str, contact_email: str, actor: Actor,
                             ground: Ground | str) -> Participant:  # fmt: skip
    """A party outside the two principals (Kriminalvården, Arbetsförmedlingen, Försäkringskassan, school)."""
    _check_active(sip)
    participant = Participant(sip=sip, kind=ParticipantKind.EXTERNAL, external_kind=external_kind,
                              organisation=organisation.strip(), contact_name=contact_name.strip(),
                              contact_phone=contact_phone.strip(), contact_email=contact_email.strip(),
                              added_by=acting_user(actor))  # fmt: skip
    if not (participant.contact_phone or participant.contact_email):
        raise ValidationError({"contact_phone": _("Give a phone number or an e-mail address to reach the party.")})
    participant.full_clean()
    participant.save()
    _log(actor, ground, sip, participant)
    return participant


def relative_accepted(sip: Sip, relative: Relative) -> bool:
    """The individual accepted the relative's taking part: a consent in force for relatives that names them."""
    today = timezone.localdate()
    return any(
        c.is_in_force()
        for c in Consent.objects.filter(individual_id=sip.individual_id, for_relatives=True, relatives=relative,
                                        withdrawn_at__isnull=True, valid_from__lte=today)
    )  # fmt: skip


@transaction.atomic
def participant_add_relative(*, sip: Sip, relative: Relative, actor: Actor, ground: Ground | str) -> Participant:
    """A relative takes part only if the individual accepts it (consent for relatives naming them)."""
    _check_active(sip)
    if relative.individual_id != sip.individual_id:
        raise ValidationError({"relative": _("Choose one of the individual's own relatives.")})
    if not relative_accepted(sip, relative):
        raise ValidationError({"relative": _(
            "The individual has not accepted that this relative takes part. Record a consent for relatives that "
            "names them first.")})  # fmt: skip
    participant, _created = Participant.objects.get_or_create(
        sip=sip, kind=ParticipantKind.RELATIVE, relative=relative, left_at=None,
        defaults={"added_by": acting_user(actor)},
    )  # fmt: skip
    _log(actor, ground, sip, participant)
    return participant


@transaction.atomic
def participant_remove(*, participant: Participant, actor: Actor, ground: Ground | str) -> None:
    """The party leaves the plan: from now on its staff no longer reach it (a former participant)."""
    sip = participant.sip
    if participant.kind == ParticipantKind.UNIT and participant.unit_id == sip.coordinating_unit_id:
        raise ValidationError(_("The coordinating unit cannot leave the plan; hand the coordination over first."))
    now = timezone.now()
    Participant.objects.filter(pk=participant.pk).update(left_at=now)
    if participant.kind == ParticipantKind.UNIT:  # its named staff leave with it
        Participant.objects.filter(sip=sip, kind=ParticipantKind.STAFF, unit=participant.unit_id,
                                   left_at=None).update(left_at=now)  # fmt: skip
    _log(actor, ground, sip, participant)


# --- Invitations ---------------------------------------------------------------------------------


@transaction.atomic
def invitation_send(*, sip: Sip, participant: Participant, answer_by: datetime.date, meeting: Meeting | None = None,
                    actor: Actor, ground: Ground | str) -> Invitation:  # fmt: skip
    """Invite a party. The invited unit sees it on its start page and by e-mail (a link, no personal data)."""
    _check_active(sip)
    if participant.sip_id != sip.pk or participant.left_at is not None:
        raise ValidationError({"participant": _("Invite a party that takes part in the plan.")})
    if answer_by < timezone.localdate():
        raise ValidationError({"answer_by": _("The answer date has already passed. Choose today or a later day.")})
    if meeting is not None and meeting.sip_id != sip.pk:
        raise ValidationError({"meeting": _("Choose one of this plan's meetings.")})
    invitation = Invitation.objects.create(sip=sip, participant=participant, answer_by=answer_by, meeting=meeting,
                                           sent_by=acting_user(actor))  # fmt: skip
    updates: dict[str, Any] = {}
    if sip.first_invited_on is None:
        updates["first_invited_on"] = timezone.localdate()
    if sip.status == SipStatus.ASKED_FOR:
        updates["status"] = SipStatus.INVITED
    if updates:
        Sip.objects.filter(pk=sip.pk).update(**updates)
        for key, value in updates.items():
            setattr(sip, key, value)
    _log(actor, ground, sip, invitation, action=Action.CREATE)
    reminders.schedule_invitation(invitation, actor)
    return invitation


@transaction.atomic
def invitation_answer(*, invitation: Invitation, answer: str, proposed_time: datetime.datetime | None,
                      reason: str, actor: Actor, ground: Ground | str) -> Invitation:  # fmt: skip
    """Accept, propose another time, or decline with a reason. A decline ends the party's participation."""
    _check_active(invitation.sip)
    if invitation.answer != InvitationAnswer.PENDING:
        raise ValidationError(_("The invitation has already been answered."))
    errors: dict[str, str] = {}
    if answer not in (InvitationAnswer.ACCEPTED, InvitationAnswer.OTHER_TIME, InvitationAnswer.DECLINED):
        errors["answer"] = _("Choose an answer.")
    if answer == InvitationAnswer.OTHER_TIME:
        if proposed_time is None:
            errors["proposed_time"] = _("Give the time you propose.")
        elif proposed_time < timezone.now():
            errors["proposed_time"] = _("The proposed time has already passed.")
    if answer == InvitationAnswer.DECLINED and not reason.strip():
        errors["reason"] = _("Say why you decline: the coordinator needs it to find another way.")
    if len(reason) > TEXT_MAX:
        errors["reason"] = _("Write at most %(max)d characters.") % {"max": TEXT_MAX}
    if errors:
        raise ValidationError(errors)
    invitation.answer = answer
    invitation.proposed_time = proposed_time if answer == InvitationAnswer.OTHER_TIME else None
    invitation.decline_reason = reason.strip()
    invitation.answered_at = timezone.now()
    invitation.answered_by = acting_user(actor)
    invitation.save()
    if answer == InvitationAnswer.DECLINED:
        Participant.objects.filter(pk=invitation.participant_id).update(left_at=timezone.now())
    _log(actor, ground, invitation.sip, invitation)
    reminders.invitation_answered(invitation, actor)
    return invitation


# --- Meetings ------------------------------------------------------------------------------------


@transaction.atomic
def meeting_plan(*, sip: Sip, starts_at: datetime.datetime, mode: str, place: str, actor: Actor,
                 ground: Ground | str) -> Meeting:  # fmt: skip
    _check_active(sip)
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": _("A planned meeting cannot be in the past. Choose a later time.")})
    meeting = Meeting(sip=sip, starts_at=starts_at, mode=mode, place=place.strip(), created_by=acting_user(actor))
    meeting.full_clean()
    meeting.save()
    if sip.status in (SipStatus.ASKED_FOR, SipStatus.INVITED):
        Sip.objects.filter(pk=sip.pk).update(status=SipStatus.MEETING_PLANNED)
        sip.status = SipStatus.MEETING_PLANNED
    _log(actor, ground, sip, meeting, action=Action.CREATE)
    return meeting


@transaction.atomic
def meeting_record(*, meeting: Meeting, individual_attended: bool | None, individual_words: str, minutes: str,
                   attendees: Sequence[Participant], actor: Actor, ground: Ground | str) -> Meeting:  # fmt: skip
    """Record a held meeting: who attended, the individual's attendance and own words, the minutes."""
    sip = meeting.sip
    _check_active(sip)
    errors: dict[str, str] = {}
    if meeting.starts_at > timezone.now():
        errors["__all__"] = _("The meeting has not taken place yet.")
    if len(minutes) > MINUTES_MAX:
        errors["minutes"] = _(
            "The minutes are %(length)d characters long; at most %(max)d fit. Shorten them, "
            "or keep the details in your own record."
        ) % {"length": len(minutes), "max": MINUTES_MAX}
    if len(individual_words) > TEXT_MAX:
        errors["individual_words"] = _("Write at most %(max)d characters.") % {"max": TEXT_MAX}
    if any(p.sip_id != sip.pk for p in attendees):
        errors["attendees"] = _("Choose attendees among the plan's participants.")
    if errors:
        raise ValidationError(errors)  # fmt: skip
    meeting.held = True
    meeting.individual_attended = individual_attended
    meeting.individual_words = individual_words.strip()
    meeting.minutes = minutes.strip()
    meeting.save()
    meeting.attendees.set(attendees)
    held_on = timezone.localtime(meeting.starts_at).date()
    if sip.first_meeting_on is None or held_on < sip.first_meeting_on:
        Sip.objects.filter(pk=sip.pk).update(first_meeting_on=held_on)
        sip.first_meeting_on = held_on
    _log(actor, ground, sip, meeting)
    return meeting


# --- The plan ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalInput:
    term: str
    text: str
    own_words: bool


@dataclass(frozen=True)
class InterventionInput:
    unit: Unit
    intervention_type: InterventionType
    description: str
    starts_on: datetime.date
    ends_on: datetime.date | None


@dataclass(frozen=True)
class MeasureInput:
    by: str
    description: str


@dataclass(frozen=True)
class PlanInput:
    problem: str
    goals: list[GoalInput]
    interventions: list[InterventionInput]
    other_measures: list[MeasureInput]
    no_other_measures: bool
    overall_principal: Principal | None
    coordinator: Any  # accounts.User or None
    next_follow_up_on: datetime.date | None
    children_considered: str
    child_perspective: str
    violence_result: str
    violence_note: str
    pregnancy: str
    target_groups: list[str]


class StalePlan(ValidationError):
    """Someone else saved the plan after the form was read: nothing was stored."""

    def __init__(self, current_revision: int) -> None:
        super().__init__(_("Someone else saved the plan while you were editing it. Nothing of yours was lost: "
                           "your text is still in the form. Look at what changed, then save again."))  # fmt: skip
        self.current_revision = current_revision


def participant_unit_ids(sip: Sip) -> set[int]:
    return set(Participant.objects.filter(sip=sip, left_at=None, kind=ParticipantKind.UNIT)
               .values_list("unit_id", flat=True))  # fmt: skip


def _check_plan(sip: Sip, plan: PlanInput) -> None:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if plan.next_follow_up_on is not None and plan.next_follow_up_on < today:
        errors["next_follow_up_on"] = [_("The next follow-up cannot be in the past. Choose today or a later day.")]
    units = participant_unit_ids(sip)
    for index, item in enumerate(plan.interventions, start=1):
        if item.unit.pk not in units:
            errors.setdefault("interventions", []).append(
                _("Intervention %(n)d: %(unit)s does not take part in the plan. Invite the unit first, or choose a "
                  "participating unit.") % {"n": index, "unit": item.unit.name})  # fmt: skip
        if item.ends_on is not None and item.ends_on < item.starts_on:
            errors.setdefault("interventions", []).append(_("Intervention %(n)d ends before it starts.") % {"n": index})
    if plan.coordinator is not None and not plan.coordinator.memberships.filter(
            unit_id__in=units, ended_at__isnull=True).exists():  # fmt: skip
        errors["coordinator"] = [_("The coordinator must work at a participating unit.")]
    if plan.overall_principal is not None and plan.overall_principal.kind not in ("municipality", "region"):
        errors["overall_principal"] = [_("The overall responsibility lies with the municipality or the region.")]
    for field, text in (("problem", plan.problem), ("child_perspective", plan.child_perspective),
                        ("violence_note", plan.violence_note)):  # fmt: skip
        if len(text) > TEXT_MAX:
            errors[field] = [_("Write at most %(max)d characters.") % {"max": TEXT_MAX}]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_save(*, sip: Sip, revision: int, plan: PlanInput, actor: Actor, ground: Ground | str) -> Sip:
    """Save the plan's parts. ``revision`` is the one the form was read at: if someone saved in between,
    nothing is stored (StalePlan) and the caller shows what changed. After agreement, every save is a
    new version."""
    _check_active(sip)
    locked = Sip.objects.select_for_update().get(pk=sip.pk)
    if locked.revision != revision:
        raise StalePlan(locked.revision)
    _check_plan(sip, plan)
    before = versions.snapshot(locked) if locked.agreed_on is not None else None
    for field in ("problem", "no_other_measures", "overall_principal", "coordinator", "next_follow_up_on",
                  "children_considered", "child_perspective", "violence_result", "violence_note", "pregnancy",
                  "target_groups"):  # fmt: skip
        setattr(locked, field, getattr(plan, field))
    locked.revision = F("revision") + 1
    locked.full_clean(exclude=["revision"])
    locked.save()
    locked.refresh_from_db()
    locked.goals.all().delete()
    Goal.objects.bulk_create([Goal(sip=locked, term=g.term, text=g.text.strip(), own_words=g.own_words, order=n)
                              for n, g in enumerate(plan.goals)])  # fmt: skip
    locked.interventions.all().delete()
    Intervention.objects.bulk_create([
        Intervention(sip=locked, unit=i.unit, intervention_type=i.intervention_type,
                     description=i.description.strip(), starts_on=i.starts_on, ends_on=i.ends_on, order=n)
        for n, i in enumerate(plan.interventions)])  # fmt: skip
    locked.other_measures.all().delete()
    OtherMeasure.objects.bulk_create([OtherMeasure(sip=locked, by=m.by.strip(), description=m.description.strip(),
                                                   order=n) for n, m in enumerate(plan.other_measures)])  # fmt: skip
    if before is not None:
        _version(locked, VersionReason.REVISED, actor, before=before)
    _log(actor, ground, locked)
    reminders.schedule_follow_up(locked, actor)
    return locked


def _version(sip: Sip, reason: str, actor: Actor, *, before: dict[str, Any] | None = None) -> SipVersion:
    """A new version of the whole plan, naming the parts that differ from the last one."""
    after = versions.snapshot(sip)
    last = sip.versions.order_by("-number").first()
    if before is None:
        before = versions.loads(last.snapshot) if last is not None else {}
    return SipVersion.objects.create(
        sip=sip, number=(last.number + 1) if last else 1, reason=reason, snapshot=versions.dumps(after),
        changed=versions.changed_parts(before, after), created_by=acting_user(actor),
        created_unit_id=actor.unit_id,
    )  # fmt: skip


def missing_parts(sip: Sip) -> list[str]:
    """The legal parts the plan lacks, each saying what to add (empty: the plan is complete)."""
    missing = []
    if not sip.problem.strip() or not sip.goals.exists():
        missing.append(_("Part 1: describe the problem and at least one goal, in the individual's own words where "
                         "they give them."))  # fmt: skip
    if not sip.interventions.exists():
        missing.append(_("Part 2: add at least one intervention and the unit responsible for it."))
    if not sip.other_measures.exists() and not sip.no_other_measures:
        missing.append(_("Part 3: add the measures taken by others, or tick that there are none."))
    if sip.overall_principal_id is None:
        missing.append(_("Part 4: choose the principal with the overall responsibility."))
    if sip.coordinator_id is None or sip.next_follow_up_on is None:
        missing.append(_("Part 5: name the coordinator and the date of the next follow-up."))
    return missing


@transaction.atomic
def plan_agree(*, sip: Sip, meeting: Meeting, actor: Actor, ground: Ground | str) -> SipVersion:
    """The plan is agreed at a held meeting, with all five parts in place; it becomes a version."""
    sip.refresh_from_db()  # decide on the plan as saved, not on the caller's copy
    _check_active(sip)
    errors: dict[str, list[str]] = {}
    missing = missing_parts(sip)
    if missing:
        errors["__all__"] = [_("The plan cannot be agreed yet:"), *missing]
    if meeting.sip_id != sip.pk or not meeting.held:
        errors["meeting"] = [_("A plan is agreed at a meeting: record the meeting as held first.")]
    if sip.next_follow_up_on is not None and sip.next_follow_up_on < timezone.localdate():
        errors["next_follow_up_on"] = [_("The next follow-up cannot be in the past. Choose today or a later day.")]
    if errors:
        raise ValidationError(errors)
    reason = VersionReason.AGREED
    version = _version(sip, reason, actor)
    agreed_on = timezone.localtime(meeting.starts_at).date()
    Sip.objects.filter(pk=sip.pk).update(status=SipStatus.AGREED, revision=F("revision") + 1,
                                         agreed_on=sip.agreed_on or agreed_on)  # fmt: skip
    sip.refresh_from_db()
    _log(actor, ground, sip, version)
    reminders.plan_agreed(sip, actor)
    return version


@transaction.atomic
def confirmation_record(*, version: SipVersion, participant: Participant | None, confirmed: bool, reason: str,
                        actor: Actor, ground: Ground | str) -> Confirmation:  # fmt: skip
    """A participant confirms the agreed version; for the individual (participant None), a confirmation
    or the reason they did not."""
    if participant is not None and (participant.sip_id != version.sip_id or participant.left_at is not None):
        raise ValidationError({"participant": _("Choose one of the plan's participants.")})
    if not confirmed and not reason.strip():
        raise ValidationError({"reason": _("Say why the plan was not confirmed.")})
    if len(reason) > TEXT_MAX:
        raise ValidationError({"reason": _("Write at most %(max)d characters.") % {"max": TEXT_MAX}})
    Confirmation.objects.filter(version=version, participant=participant).delete()
    confirmation = Confirmation.objects.create(version=version, participant=participant, confirmed=confirmed,
                                               reason=reason.strip() if not confirmed else "",
                                               recorded_by=acting_user(actor))  # fmt: skip
    _log(actor, ground, version.sip, version)
    return confirmation


# --- Follow-up -----------------------------------------------------------------------------------


@transaction.atomic
def follow_up_record(*, sip: Sip, held_on: datetime.date, goal_outcomes: dict[int, str],
                     intervention_outcomes: dict[int, str], decision: str, reason: str,
                     next_follow_up_on: datetime.date | None, actor: Actor,
                     ground: Ground | str) -> FollowUp:  # fmt: skip
    """Evaluate each goal and intervention, then continue, revise or close the plan with a reason."""
    sip.refresh_from_db()  # decide on the plan as saved, not on the caller's copy
    _check_active(sip)
    errors: dict[str, list[str]] = {}
    last = sip.versions.order_by("-number").first()
    if sip.agreed_on is None or last is None:
        errors["__all__"] = [_("Only an agreed plan can be followed up.")]
    if held_on > timezone.localdate():
        errors["held_on"] = [_("A follow-up that has not taken place cannot be recorded.")]
    goals = list(sip.goals.all())
    interventions = list(sip.interventions.select_related("intervention_type"))
    valid = set(Outcome.values)
    if any(goal_outcomes.get(g.pk) not in valid for g in goals) or any(
            intervention_outcomes.get(i.pk) not in valid for i in interventions):  # fmt: skip
        errors["evaluations"] = [_("Evaluate every goal and every intervention.")]
    if decision not in FollowUpDecision.values:
        errors["decision"] = [_("Choose whether the plan continues, is revised or is closed.")]
    if not reason.strip():
        errors["reason"] = [_("Give the reason for the decision.")]
    elif len(reason) > TEXT_MAX:
        errors["reason"] = [_("Write at most %(max)d characters.") % {"max": TEXT_MAX}]
    if decision in (FollowUpDecision.CONTINUE, FollowUpDecision.REVISE):
        if next_follow_up_on is None:
            errors["next_follow_up_on"] = [_("Give the date of the next follow-up.")]
        elif next_follow_up_on < timezone.localdate():
            errors["next_follow_up_on"] = [_("The next follow-up cannot be in the past. Choose today or a later day.")]
    if errors:
        raise ValidationError(errors)
    assert last is not None
    follow_up = FollowUp.objects.create(sip=sip, version=last, held_on=held_on, decision=decision,
                                        reason=reason.strip(), recorded_by=acting_user(actor))  # fmt: skip
    Evaluation.objects.bulk_create(
        [Evaluation(follow_up=follow_up, goal=g, subject=g.text, outcome=goal_outcomes[g.pk]) for g in goals]
        + [Evaluation(follow_up=follow_up, intervention=i, subject=i.intervention_type.name_sv,
                      outcome=intervention_outcomes[i.pk]) for i in interventions]
    )  # fmt: skip
    if decision == FollowUpDecision.CLOSE:
        sip.status, sip.closed_on, sip.close_reason = SipStatus.CLOSED, held_on, reason.strip()
        sip.next_follow_up_on = None
    else:
        sip.status = SipStatus.AGREED if decision == FollowUpDecision.CONTINUE else SipStatus.FOLLOW_UP
        sip.next_follow_up_on = next_follow_up_on
    sip.save(update_fields=["status", "closed_on", "close_reason", "next_follow_up_on", "updated_at"])
    Sip.objects.filter(pk=sip.pk).update(revision=F("revision") + 1)
    sip.refresh_from_db()
    _version(sip, VersionReason.CLOSED if decision == FollowUpDecision.CLOSE else VersionReason.FOLLOWED_UP, actor)
    _log(actor, ground, sip, follow_up, action=Action.CREATE)
    if decision == FollowUpDecision.CLOSE:
        reminders.plan_closed(sip, actor)
    else:
        reminders.schedule_follow_up(sip, actor)
    return follow_up


@transaction.atomic
def sip_close(*, sip: Sip, reason: str, actor: Actor, ground: Ground | str) -> Sip:
    """Close a plan that was never agreed (e.g. the individual withdrew), with a reason."""
    sip.refresh_from_db()  # decide on the plan as saved, not on the caller's copy
    _check_active(sip)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for closing the plan.")})
    if len(reason) > TEXT_MAX:
        raise ValidationError({"reason": _("Write at most %(max)d characters.") % {"max": TEXT_MAX}})
    sip.status, sip.closed_on, sip.close_reason = SipStatus.CLOSED, timezone.localdate(), reason.strip()
    sip.save(update_fields=["status", "closed_on", "close_reason", "updated_at"])
    if sip.agreed_on is not None:
        _version(sip, VersionReason.CLOSED, actor)
    _log(actor, ground, sip)
    reminders.plan_closed(sip, actor)
    return sip
