"""A SIP as a FHIR R4 Bundle (type "collection"): the CarePlan, its CareTeam and its Goals.

Built from sip.selectors.sip_page (what the SIP page shows, already redacted for the grant), so the
API gives nothing the page would not. No phone numbers or e-mail addresses, no minutes, no meeting
notes and nothing about violence or pregnancy: a plan for another system's worklist, not a record.
Resources are linked by ``urn:uuid:`` full URLs inside the bundle (FHIR R4, Bundle.entry.fullUrl).
"""

import datetime
import uuid
from typing import Any

from django.utils import timezone

from individuals.identity import IdentityKind
from sip.models import Goal, Outcome, Participant, ParticipantKind, SipStatus
from sip.selectors import SipPage

# The Swedish OIDs of identity numbers (Inera's identifier systems); a reserve number has no national system.
IDENTITY_SYSTEMS: dict[str, str] = {
    IdentityKind.PERSONNUMMER: "http://electronichealth.se/identifier/personnummer",
    IdentityKind.SAMORDNINGSNUMMER: "http://electronichealth.se/identifier/samordningsnummer",
}
# Our own code systems, as URNs (no web address of ours is promised).
INTERVENTION_SYSTEM = "urn:samverkan:fhir:intervention-type"
GOAL_TERM_SYSTEM = "urn:samverkan:fhir:goal-term"
ROLE_SYSTEM = "urn:samverkan:fhir:sip-role"
GOAL_ACHIEVEMENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/goal-achievement"
# A stable namespace for the ids of the parts that have no uuid of their own (CareTeam, Goals).
NAMESPACE = uuid.UUID("0b6c2f1e-6a55-4c8e-9a57-3f2b1d5e7c11")

CARE_PLAN_STATUS: dict[str, str] = {
    SipStatus.ASKED_FOR: "draft",
    SipStatus.INVITED: "draft",
    SipStatus.MEETING_PLANNED: "draft",
    SipStatus.AGREED: "active",
    SipStatus.FOLLOW_UP: "active",
}
# The outcome of a goal's latest evaluation → Goal.achievementStatus (goal-achievement code system).
ACHIEVEMENT: dict[str, str] = {
    Outcome.ACHIEVED: "achieved",
    Outcome.PARTLY: "improving",
    Outcome.NOT_ACHIEVED: "not-achieved",
    Outcome.NO_LONGER_RELEVANT: "not-attainable",
}


def _id(kind: str, sip_uuid: Any, key: Any = "") -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{sip_uuid}:{key}"))


def _date(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _unit_reference(unit: Any) -> dict[str, Any]:
    return {"type": "Organization", "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{unit.uuid}"},
            "display": unit.name}  # fmt: skip


def _subject(page: SipPage) -> dict[str, Any]:
    individual = page.sip.individual
    reference: dict[str, Any] = {"type": "Patient", "display": page.person.name}
    system = IDENTITY_SYSTEMS.get(individual.identity_kind)
    if system:
        reference["identifier"] = {"system": system, "value": individual.identity_number}
    return reference


def care_plan_status(page: SipPage) -> str:
    sip = page.sip
    if sip.status == SipStatus.CLOSED:
        return "completed" if sip.agreed_on else "revoked"
    return CARE_PLAN_STATUS.get(sip.status, "unknown")


def _care_plan(page: SipPage, team_id: str, goal_ids: list[str]) -> dict[str, Any]:
    sip = page.sip
    activities = [
        {"detail": {
            "kind": "ServiceRequest",
            "code": {"coding": [{"system": INTERVENTION_SYSTEM, "code": i.intervention_type.code,
                                 "display": i.intervention_type.name}], "text": i.intervention_type.name},
            "status": "completed" if i.ends_on and i.ends_on < timezone.localdate() else "in-progress"
            if i.starts_on <= timezone.localdate() else "scheduled",
            "description": i.description or i.intervention_type.name,
            "scheduledPeriod": {k: v for k, v in (("start", _date(i.starts_on)), ("end", _date(i.ends_on))) if v},
            "performer": [_unit_reference(i.unit)],
        }}
        for i in page.interventions
    ] + [
        # Part 3: measures by others than the municipality and the region.
        {"detail": {"status": "in-progress", "description": m.description, "performer": [{"display": m.by}]}}
        for m in page.other_measures
    ]  # fmt: skip
    plan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": str(sip.uuid),
        "identifier": [{"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{sip.uuid}"}],
        "status": care_plan_status(page),
        "intent": "plan",
        "title": "Samordnad individuell plan (SIP)",
        "subject": _subject(page),
        "created": sip.created_at.isoformat(),
        "author": _unit_reference(sip.coordinating_unit),
        "careTeam": [{"reference": f"urn:uuid:{team_id}"}],
        "goal": [{"reference": f"urn:uuid:{g}"} for g in goal_ids],
    }
    if sip.problem:
        plan["description"] = sip.problem
    period = {k: v for k, v in (("start", _date(sip.agreed_on)), ("end", _date(sip.closed_on))) if v}
    if period:
        plan["period"] = period
    if activities:
        plan["activity"] = activities
    notes = []
    if sip.overall_principal:
        notes.append(f"Övergripande ansvar: {sip.overall_principal.name}")
    if sip.next_follow_up_on and sip.status != SipStatus.CLOSED:
        notes.append(f"Nästa uppföljning: {sip.next_follow_up_on.isoformat()}")
    if notes:
        plan["note"] = [{"text": text} for text in notes]
    return plan


def _member(p: Participant) -> tuple[dict[str, Any], str]:
    if p.kind == ParticipantKind.UNIT:
        return _unit_reference(p.unit), "unit"
    if p.kind == ParticipantKind.STAFF:
        name = p.user.get_full_name() if p.user else ""
        return {"type": "Practitioner", "display": f"{name} ({p.unit.name})" if p.unit else name}, "staff"
    if p.kind == ParticipantKind.RELATIVE:
        return {"type": "RelatedPerson", "display": p.relative.name if p.relative else ""}, "relative"
    return {"type": "Organization", "display": p.organisation}, "external"


def _care_team(page: SipPage, team_id: str) -> dict[str, Any]:
    sip = page.sip
    participants = [{
        "role": [{"coding": [{"system": ROLE_SYSTEM, "code": "coordinator", "display": "Samordnare"}]}],
        "member": _unit_reference(sip.coordinating_unit),
    }]  # fmt: skip
    for p in page.participants:
        member, role = _member(p)
        participants.append({"role": [{"coding": [{"system": ROLE_SYSTEM, "code": role}]}], "member": member})
    return {
        "resourceType": "CareTeam",
        "id": team_id,
        "status": "inactive" if sip.status == SipStatus.CLOSED else "active",
        "name": "SIP",
        "subject": _subject(page),
        "participant": participants,
        "managingOrganization": [_unit_reference(sip.coordinating_unit)],
    }


def _latest_outcomes(page: SipPage) -> dict[int, str]:
    """Each goal's latest evaluated outcome (the follow-ups come oldest first)."""
    outcomes: dict[int, str] = {}
    for follow_up in page.follow_ups:
        for evaluation in follow_up.evaluations.all():
            if evaluation.goal_id is not None:
                outcomes[evaluation.goal_id] = evaluation.outcome
    return outcomes


def _goal(page: SipPage, goal: Goal, goal_id: str, outcome: str | None) -> dict[str, Any]:
    sip = page.sip
    if outcome == Outcome.NO_LONGER_RELEVANT:
        lifecycle = "cancelled"
    elif sip.status == SipStatus.CLOSED or outcome == Outcome.ACHIEVED:
        lifecycle = "completed"
    else:
        lifecycle = "active" if sip.agreed_on else "proposed"
    resource: dict[str, Any] = {
        "resourceType": "Goal",
        "id": goal_id,
        "lifecycleStatus": lifecycle,
        "category": [{"coding": [{"system": GOAL_TERM_SYSTEM, "code": goal.term}]}],
        "description": {"text": goal.text},
        "subject": _subject(page),
    }
    if outcome:
        resource["achievementStatus"] = {
            "coding": [
                {"system": "http://terminology.hl7.org/CodeSystem/goal-achievement", "code": ACHIEVEMENT[outcome]}
            ]
        }
    if goal.own_words:
        # Said by the individual: expressed by the plan's subject.
        resource["expressedBy"] = _subject(page)
    return resource


def bundle(page: SipPage) -> dict[str, Any]:
    """The FHIR R4 Bundle of one SIP."""
    sip = page.sip
    team_id = _id("careteam", sip.uuid)
    goal_ids = [_id("goal", sip.uuid, g.pk) for g in page.goals]
    outcomes = _latest_outcomes(page)
    resources = [
        (str(sip.uuid), _care_plan(page, team_id, goal_ids)),
        (team_id, _care_team(page, team_id)),
        *[(gid, _goal(page, g, gid, outcomes.get(g.pk))) for g, gid in zip(page.goals, goal_ids, strict=True)],
    ]
    return {
        "resourceType": "Bundle",
        "id": _id("bundle", sip.uuid, sip.revision),
        "type": "collection",
        "timestamp": timezone.now().isoformat(),
        "entry": [{"fullUrl": f"urn:uuid:{rid}", "resource": resource} for rid, resource in resources],
    }
