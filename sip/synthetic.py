"""Synthetic SIPs for the benchmark (core.synthetic_registry; issue 9, "Performance").

At the default scale of 50 000 individuals: 30 000 SIPs and about 150 000 versions (0.6 SIP per
person, 5 versions per SIP on average), with participants, invitations, meetings, goals,
interventions, measures by others and follow-ups in the numbers a living county would have.

A SIP needs a SIP consent in force that names its units (sip.access). core.synthetic gives a SIP
consent to a few people only (CONSENT_SHARE); a SIP is made for each of them first, and further
people with a current relation get a SIP consent of their own here (parties: their current unit
and one or two others), so that every plan stands on a consent that names its units, as in the
product. Everything is fiction; rows go in with bulk_create, BATCH at a time, through the model
fields (so free text is encrypted as the services would write it).
"""

import datetime
import json
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from agreements.models import InterventionType
from core import synthetic_registry
from core.synthetic_registry import County
from individuals.models import Consent, ConsentForm, ConsentGiver
from organisations.models import Membership
from organisations.roles import Role
from sip.models import (
    FollowUp,
    FollowUpDecision,
    Goal,
    GoalTerm,
    Intervention,
    Invitation,
    InvitationAnswer,
    Meeting,
    MeetingMode,
    OtherMeasure,
    Participant,
    ParticipantKind,
    RequestedBy,
    Sip,
    SipStatus,
    SipVersion,
    VersionReason,
)

SIPS_PER_PERSON = 0.6
VERSIONS_PER_SIP = 5
SECOND_SIP_SHARE = 0.15  # people with an older, closed plan besides the current one
BATCH = 1000

# Status and its share: most plans are agreed or being followed up; a fifth are closed.
STATUSES = (
    (SipStatus.ASKED_FOR, 5),
    (SipStatus.INVITED, 8),
    (SipStatus.MEETING_PLANNED, 7),
    (SipStatus.AGREED, 30),
    (SipStatus.FOLLOW_UP, 32),
    (SipStatus.CLOSED, 18),
)
AGREED = {SipStatus.AGREED, SipStatus.FOLLOW_UP, SipStatus.CLOSED}

_PROBLEMS = (
    "Riskbruk av alkohol och svårt att klara boendet.",
    "Beroende av opioider; behöver stöd med boende och sysselsättning.",
    "Spelproblem och skulder; oro för barnen.",
    "Psykisk ohälsa och missbruk; många kontakter som inte hänger ihop.",
    "Vill bli drogfri och få ett arbete.",
)
_GOALS = ("Sova bättre", "Ha kvar lägenheten", "Dricka mindre", "Ha ett arbete", "Träffa barnen oftare",
          "Betala av skulderna", "Klara vardagen själv", "Må bättre psykiskt")  # fmt: skip
_OTHERS = (("Arbetsförmedlingen", "Praktikplats"), ("Försäkringskassan", "Utreder sjukpenning"),
           ("Kriminalvården", "Frivårdsinspektör"), ("Skolan", "Elevhälsan följer upp närvaron"))  # fmt: skip


@dataclass
class _Plan:
    """One SIP to be written, with what its child rows need."""

    sip: Sip
    parties: tuple[int, ...]
    coordinator_id: int
    versions: int


def _care_staff() -> dict[int, list[int]]:
    roles = [role for role in Role if role.sees_personal_data]
    staff: dict[int, list[int]] = defaultdict(list)
    for unit_id, user_id in Membership.objects.filter(role__in=roles).order_by("id").values_list("unit_id", "user_id"):
        staff[unit_id].append(user_id)
    return staff


def _consents(county: County, staff: dict[int, list[int]]) -> dict[int, tuple[int, tuple[int, ...]]]:
    """individual pk → (consent pk, parties): the SIP consents core.synthetic made, then new ones
    for further people with a current relation, until enough people can have a plan."""
    rng = county.rng
    today = county.today
    existing = dict(
        Consent.objects.filter(individual_id__in=[p.pk for p in county.people if p.consent_units], for_sip=True)
        .order_by("individual_id", "-pk")
        .values_list("individual_id", "pk")
    )
    found = {p.pk: (existing[p.pk], p.consent_units) for p in county.people if p.pk in existing}
    wanted = round(len(county.people) * SIPS_PER_PERSON / (1 + SECOND_SIP_SHARE))
    others = [p for p in county.people if p.pk not in found and p.current_units and staff.get(p.current_units[0])]
    rng.shuffle(others)
    unit_ids = [u.pk for u in county.units]
    for start in range(0, max(0, wanted - len(found)), BATCH):
        batch = others[start : min(start + BATCH, wanted - len(found))]
        made = []
        for person in batch:
            parties = tuple(sorted({person.current_units[0], *rng.sample(unit_ids, rng.randint(1, 2))}))
            consent = Consent(
                uuid=uuid.UUID(int=rng.getrandbits(128), version=4), individual_id=person.pk,
                given_by=ConsentGiver.INDIVIDUAL, for_sip=True, for_sharing=True, form=rng.choice(ConsentForm.values),
                valid_from=today - datetime.timedelta(days=rng.randrange(900, 1200)),
                valid_until=None if rng.random() < 0.7 else today + datetime.timedelta(days=rng.randrange(30, 365)),
                recorded_by_id=rng.choice(staff[person.current_units[0]]),
            )  # fmt: skip
            made.append((consent, parties))
        Consent.objects.bulk_create([c for c, _p in made], batch_size=BATCH)
        Consent.parties.through.objects.bulk_create(
            [Consent.parties.through(consent_id=c.pk, unit_id=u) for c, parties in made for u in parties],
            batch_size=BATCH,
        )
        found.update({c.individual_id: (c.pk, parties) for c, parties in made})
    return found


def _plan(county: County, individual_id: int, consent_id: int, parties: tuple[int, ...], status: str,
          staff: dict[int, list[int]], principal_of: dict[int, int]) -> _Plan | None:  # fmt: skip
    rng = county.rng
    today = county.today
    with_staff = [u for u in parties if staff.get(u)]
    if not with_staff:
        return None
    unit_id = with_staff[0]
    coordinator_id = rng.choice(staff[unit_id])
    agreed = status in AGREED
    need = today - datetime.timedelta(days=rng.randrange(400, 800) if agreed else rng.randrange(1, 60))
    invited = need + datetime.timedelta(days=rng.randrange(0, 14)) if status != SipStatus.ASKED_FOR else None
    met = invited + datetime.timedelta(days=rng.randrange(5, 30)) if agreed and invited else None
    closed_on = today - datetime.timedelta(days=rng.randrange(1, 200)) if status == SipStatus.CLOSED else None
    follow_up = today + datetime.timedelta(days=rng.randrange(-45, 180)) if agreed and not closed_on else None
    sip = Sip(
        uuid=uuid.UUID(int=rng.getrandbits(128), version=4), individual_id=individual_id, status=status,
        consent_id=consent_id, requested_by=rng.choice(RequestedBy.values), requested_on=need, need_recognised_on=need,
        first_invited_on=invited, first_meeting_on=met, agreed_on=met, coordinating_unit_id=unit_id,
        coordinator_id=coordinator_id if agreed or rng.random() < 0.8 else None, next_follow_up_on=follow_up,
        overall_principal_id=principal_of[unit_id] if agreed else None, no_other_measures=rng.random() < 0.6,
        problem=rng.choice(_PROBLEMS), closed_on=closed_on, close_reason="Målen är nådda." if closed_on else "",
        created_by_id=coordinator_id, target_groups=["comorbidity"] if rng.random() < 0.3 else [],
    )  # fmt: skip
    versions = rng.randint(1, 2 * VERSIONS_PER_SIP * 100 // 80 - 1) if agreed else 0  # 80 % agreed: 5 on average
    return _Plan(sip, parties, coordinator_id, versions)


def _children(county: County, plans: Sequence[_Plan], types: Sequence[int]) -> dict[str, list[Any]]:
    """The rows under a batch of saved plans: participants, invitations, meetings, the parts, versions."""
    rng = county.rng
    today = county.today
    rows: dict[str, list[Any]] = defaultdict(list)
    for plan in plans:
        sip, agreed = plan.sip, plan.sip.status in AGREED
        unit_id, by = sip.coordinating_unit_id, plan.coordinator_id
        rows["participants"].append(Participant(sip=sip, kind=ParticipantKind.STAFF, unit_id=unit_id, user_id=by,
                                                added_by_id=by))  # fmt: skip
        for party in plan.parties:
            participant = Participant(sip=sip, kind=ParticipantKind.UNIT, unit_id=party, added_by_id=by)
            rows["participants"].append(participant)
            if party != unit_id and sip.first_invited_on:
                answered = agreed or rng.random() < 0.5
                rows["invitations"].append((participant, Invitation(
                    sip=sip, answer_by=sip.first_invited_on + datetime.timedelta(days=14), sent_by_id=by,
                    answer=InvitationAnswer.ACCEPTED if answered else InvitationAnswer.PENDING)))  # fmt: skip
        if rng.random() < 0.15:
            rows["participants"].append(Participant(
                sip=sip, kind=ParticipantKind.EXTERNAL, external_kind="employment", organisation="Arbetsförmedlingen",
                contact_phone="010-486 00 00", added_by_id=by))  # fmt: skip
        meetings = rng.randint(1, 3) if agreed else 1 if sip.status == SipStatus.MEETING_PLANNED else 0
        for n in range(meetings):
            held = agreed
            day = (sip.first_meeting_on or today) + datetime.timedelta(days=90 * n if held else rng.randrange(1, 20))
            starts = datetime.datetime.combine(min(day, today) if held else day, datetime.time(9 + n), datetime.UTC)
            rows["meetings"].append(Meeting(sip=sip, starts_at=starts, mode=rng.choice(MeetingMode.values), held=held,
                                            individual_attended=True if held else None, created_by_id=by,
                                            minutes="Gick igenom planen." if held else ""))  # fmt: skip
        for order in range(rng.randint(2, 4) if agreed else rng.randint(0, 1)):
            rows["goals"].append(Goal(sip=sip, term=GoalTerm.SHORT if order % 2 == 0 else GoalTerm.LONG,
                                      text=rng.choice(_GOALS), own_words=rng.random() < 0.5, order=order))  # fmt: skip
        for order in range(rng.randint(1, 4) if agreed else 0):
            start = sip.agreed_on or today
            rows["interventions"].append(Intervention(
                sip=sip, unit_id=rng.choice(plan.parties), intervention_type_id=rng.choice(types), order=order,
                starts_on=start, ends_on=start + datetime.timedelta(days=365) if rng.random() < 0.4 else None,
            ))  # fmt: skip
        if agreed and not sip.no_other_measures:
            by_whom, what = rng.choice(_OTHERS)
            rows["measures"].append(OtherMeasure(sip=sip, by=by_whom, description=what))
        for number in range(1, plan.versions + 1):
            reason = VersionReason.AGREED if number == 1 else rng.choice((VersionReason.REVISED,
                                                                         VersionReason.FOLLOWED_UP))  # fmt: skip
            if number == plan.versions and sip.status == SipStatus.CLOSED and number > 1:
                reason = VersionReason.CLOSED
            snapshot = {"problem": sip.problem, "coordination": {"next_follow_up_on": str(sip.next_follow_up_on or "")},
                        "version": number}  # fmt: skip
            version = SipVersion(sip=sip, number=number, reason=reason, snapshot=json.dumps(snapshot),
                                 changed=[] if number == 1 else ["goals"], created_by_id=by,
                                 created_unit_id=unit_id)  # fmt: skip
            rows["versions"].append(version)
            if reason == VersionReason.FOLLOWED_UP:
                held_on = min(today, (sip.agreed_on or today) + datetime.timedelta(days=90 * number))
                rows["follow_ups"].append(FollowUp(sip=sip, version=version, held_on=held_on,
                                                   decision=FollowUpDecision.CONTINUE, reason="Fortsätter enligt plan.",
                                                   recorded_by_id=by))  # fmt: skip
    return rows


def _save_children(rows: dict[str, list[Any]]) -> dict[str, int]:
    """In the order of the foreign keys: participants and versions before what points at them."""
    Participant.objects.bulk_create(rows["participants"], batch_size=BATCH)
    for participant, invitation in rows["invitations"]:
        invitation.participant = participant
    Invitation.objects.bulk_create([i for _p, i in rows["invitations"]], batch_size=BATCH)
    SipVersion.objects.bulk_create(rows["versions"], batch_size=BATCH)
    # Meetings, goals, … and follow-ups were built pointing at unsaved plans and versions: Django takes
    # the saved objects' new keys when they are written (Model._prepare_related_fields_for_save).
    for model, key in ((Meeting, "meetings"), (Goal, "goals"), (Intervention, "interventions"),
                       (OtherMeasure, "measures"), (FollowUp, "follow_ups")):  # fmt: skip
        model.objects.bulk_create(rows[key], batch_size=BATCH)  # type: ignore[attr-defined]
    return {key: len(value) for key, value in rows.items()}


def generate_sips(county: County) -> dict[str, int]:
    rng = county.rng
    staff = _care_staff()
    principal_of = {u.pk: u.principal_id for u in county.units}
    types = list(InterventionType.objects.filter(is_active=True).values_list("pk", flat=True))
    consents = _consents(county, staff)
    statuses, weights = zip(*STATUSES, strict=True)
    target = round(len(county.people) * SIPS_PER_PERSON)
    wanted: list[tuple[int, str]] = []
    for individual_id in sorted(consents):
        if rng.random() < SECOND_SIP_SHARE:
            wanted.append((individual_id, SipStatus.CLOSED))  # an older plan, closed, before the current one
        wanted.append((individual_id, rng.choices(statuses, weights)[0]))
    counts: dict[str, int] = defaultdict(int)
    for start in range(0, min(target, len(wanted)), BATCH):
        chunk = wanted[start : min(start + BATCH, target)]
        plans = [p for i, status in chunk
                 if (p := _plan(county, i, consents[i][0], consents[i][1], status, staff, principal_of))]  # fmt: skip
        Sip.objects.bulk_create([p.sip for p in plans], batch_size=BATCH)
        counts["sips"] += len(plans)
        for key, made in _save_children(_children(county, plans, types)).items():
            counts[key] += made
    counts["sip_consents_added"] = len(consents) - sum(1 for p in county.people if p.consent_units)
    return dict(counts)


synthetic_registry.register("sip", generate_sips, order=30)
