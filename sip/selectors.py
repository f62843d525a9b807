"""Reads about SIPs. Callers have been let through the door (sip.access.sip_for_request) first.

``sip_page(grant)`` returns everything the SIP page shows, already redacted for the grant
(contact details under a protected identity), in a constant number of queries whatever the
number of participants, meetings, versions and follow-ups. The print view, the PDF and the API
render the same values. ``my_sips`` is the overview, one query for the list."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from access.policy import Grant
from audit.models import Ground
from audit.services import Actor, audit_list_read
from sip import access
from sip.models import (
    ACTIVE_STATUSES,
    Confirmation,
    FollowUp,
    Goal,
    Intervention,
    Invitation,
    InvitationAnswer,
    Meeting,
    OtherMeasure,
    Participant,
    ParticipantKind,
    Sip,
    SipStatus,
    SipVersion,
    TargetGroup,
)
from sip.reminders import not_agreed_days


@dataclass(frozen=True)
class Timeliness:
    """Days from the recognised need to each step ("without delay"); None: not reached yet."""

    need_recognised_on: datetime.date
    to_invitation: int | None
    to_first_meeting: int | None
    to_agreed_plan: int | None
    waiting_days: int  # days since the need while the plan is not agreed (0 once agreed)


def timeliness(sip: Sip, today: datetime.date | None = None) -> Timeliness:
    today = today or timezone.localdate()
    need = sip.need_recognised_on

    def days(day: datetime.date | None) -> int | None:
        return (day - need).days if day is not None else None

    waiting = 0 if sip.agreed_on is not None else (min(today, sip.closed_on or today) - need).days
    return Timeliness(need, days(sip.first_invited_on), days(sip.first_meeting_on), days(sip.agreed_on), waiting)


@dataclass(frozen=True)
class PersonView:
    uuid: Any
    name: str
    identity_display: str
    protected_identity: bool
    is_fictional: bool
    phone: str  # empty unless the grant sees contact details


@dataclass
class SipPage:
    sip: Sip
    person: PersonView
    participants: list[Participant]
    former_participants: list[Participant]
    invitations: list[Invitation]
    meetings: list[Meeting]
    goals: list[Goal]
    interventions: list[Intervention]
    other_measures: list[OtherMeasure]
    versions: list[SipVersion]
    confirmations: list[Confirmation]
    follow_ups: list[FollowUp]
    consent_parties: list[str]
    consent_in_force: bool
    timeliness: Timeliness
    missing_parts: list[str] = field(default_factory=list)
    sees_contact_details: bool = False
    writable: bool = False

    @property
    def latest_version(self) -> SipVersion | None:
        return self.versions[-1] if self.versions else None

    @property
    def target_group_labels(self) -> list[str]:
        labels = dict(TargetGroup.choices)
        return [str(labels.get(code, code)) for code in self.sip.target_groups]

    @property
    def held_meetings(self) -> list[Meeting]:
        return [m for m in self.meetings if m.held]

    @property
    def unit_participants(self) -> list[Participant]:
        return [p for p in self.participants if p.kind == ParticipantKind.UNIT]

    def as_context(self) -> dict[str, Any]:
        return {"page": self, "sip": self.sip, "person": self.person}


def sip_page(grant: Grant) -> SipPage:
    """Everything the SIP page shows, for ``grant`` (a "sip" grant)."""
    sip: Sip = (
        Sip.objects.select_related("individual", "coordinating_unit", "coordinator", "overall_principal", "consent")
        .prefetch_related("consent__parties")
        .get(pk=grant.obj.pk)
    )
    everyone = list(
        Participant.objects.filter(sip=sip).select_related("unit", "user", "relative").order_by("kind", "pk")
    )
    versions = list(SipVersion.objects.filter(sip=sip).select_related("created_by", "created_unit").defer("snapshot"))
    latest = versions[-1] if versions else None
    goals = list(Goal.objects.filter(sip=sip))
    interventions = list(Intervention.objects.filter(sip=sip).select_related("unit", "intervention_type"))
    measures = list(OtherMeasure.objects.filter(sip=sip))
    individual = sip.individual
    sees_contact = grant.sees_contact_details
    person = PersonView(individual.uuid, f"{individual.first_name} {individual.last_name}",
                        individual.identity_display, individual.protected_identity, individual.is_fictional,
                        individual.phone if sees_contact else "")  # fmt: skip
    page = SipPage(
        sip=sip,
        person=person,
        participants=[p for p in everyone if p.left_at is None],
        former_participants=[p for p in everyone if p.left_at is not None],
        invitations=list(Invitation.objects.filter(sip=sip).select_related("participant__unit", "answered_by")
                         .order_by("-sent_at", "-pk")),
        meetings=list(Meeting.objects.filter(sip=sip).prefetch_related(
            Prefetch("attendees", queryset=Participant.objects.select_related("unit", "user", "relative")))),
        goals=goals,
        interventions=interventions,
        other_measures=measures,
        versions=versions,
        confirmations=list(Confirmation.objects.filter(version=latest).select_related("participant__unit",
                                                                                      "participant__user",
                                                                                      "participant__relative"))
        if latest else [],
        follow_ups=list(FollowUp.objects.filter(sip=sip).select_related("recorded_by", "version")
                        .prefetch_related("evaluations")),
        consent_parties=[u.name for u in sip.consent.parties.all()],
        consent_in_force=sip.consent.is_in_force(),
        timeliness=timeliness(sip),
        sees_contact_details=sees_contact,
        writable=access.is_writable(grant) and sip.is_active,
    )  # fmt: skip
    page.missing_parts = missing_parts_of(page)
    return page


def missing_parts_of(page: SipPage) -> list[str]:
    """sip.services.missing_parts on the rows already read."""
    from django.utils.translation import gettext as _

    sip = page.sip
    missing = []
    if not sip.problem.strip() or not page.goals:
        missing.append(_("Part 1: describe the problem and at least one goal, in the individual's own words where "
                         "they give them."))  # fmt: skip
    if not page.interventions:
        missing.append(_("Part 2: add at least one intervention and the unit responsible for it."))
    if not page.other_measures and not sip.no_other_measures:
        missing.append(_("Part 3: add the measures taken by others, or tick that there are none."))
    if sip.overall_principal_id is None:
        missing.append(_("Part 4: choose the principal with the overall responsibility."))
    if sip.coordinator_id is None or sip.next_follow_up_on is None:
        missing.append(_("Part 5: name the coordinator and the date of the next follow-up."))
    return missing


# --- My SIPs -------------------------------------------------------------------------------------


class Show:
    ACTIVE = "active"
    WAITING = "waiting"  # invitations waiting for an answer
    OVERDUE = "overdue"  # follow-up overdue, or not agreed in time
    CLOSED = "closed"
    ALL = "all"
    CHOICES = (ACTIVE, WAITING, OVERDUE, CLOSED, ALL)


@dataclass(frozen=True)
class SipRow:
    sip: Sip
    name: str
    pending_invitations: int
    follow_up_overdue: bool
    not_agreed_late: bool
    urgency: int  # lower is more urgent


def my_sips_queryset(user: Any, *, show: str = Show.ACTIVE, coordinated_by: frozenset[int] | None = None,
                     today: datetime.date | None = None) -> QuerySet[Sip]:  # fmt: skip
    today = today or timezone.localdate()
    pending = Invitation.objects.filter(sip=OuterRef("pk"), answer=InvitationAnswer.PENDING)
    rows = (
        access.sips_visible_to(user)
        .select_related("individual", "coordinating_unit")
        .annotate(pending=Count("invitations", filter=Q(invitations__answer=InvitationAnswer.PENDING)),
                  has_pending=Exists(pending))
    )  # fmt: skip
    late_need = today - datetime.timedelta(days=not_agreed_days())
    overdue = Q(next_follow_up_on__lt=today) | Q(agreed_on__isnull=True, need_recognised_on__lt=late_need)
    if show == Show.ACTIVE:
        rows = rows.filter(status__in=list(ACTIVE_STATUSES))
    elif show == Show.WAITING:
        rows = rows.filter(status__in=list(ACTIVE_STATUSES), has_pending=True)
    elif show == Show.OVERDUE:
        rows = rows.filter(overdue, status__in=list(ACTIVE_STATUSES))
    elif show == Show.CLOSED:
        rows = rows.filter(status=SipStatus.CLOSED)
    if coordinated_by is not None:
        rows = rows.filter(coordinating_unit_id__in=coordinated_by)
    return rows


def my_sips(user: Any, *, actor: Actor, show: str = Show.ACTIVE, coordinated_by: frozenset[int] | None = None,
            limit: int = 200, today: datetime.date | None = None) -> list[SipRow]:  # fmt: skip
    """The coordinator's and the unit's overview, the most urgent first: follow-up overdue, then not
    agreed in time, then waiting for answers, then by the next follow-up. One query for the rows
    (whatever the number of participants and versions), and one audit entry naming the individuals shown."""
    today = today or timezone.localdate()
    late_need = today - datetime.timedelta(days=not_agreed_days())
    result = []
    rows = my_sips_queryset(user, show=show, coordinated_by=coordinated_by, today=today)
    for sip in rows.order_by("next_follow_up_on", "need_recognised_on", "pk")[:limit]:
        active = sip.status != SipStatus.CLOSED
        overdue = active and sip.next_follow_up_on is not None and sip.next_follow_up_on < today
        late = active and sip.agreed_on is None and sip.need_recognised_on < late_need
        pending = int(getattr(sip, "pending", 0))
        urgency = 0 if overdue else 1 if late else 2 if pending and active else 3 if active else 4
        name = f"{sip.individual.first_name} {sip.individual.last_name}"
        result.append(SipRow(sip, name, pending, overdue, late, urgency))
    result.sort(key=lambda r: (r.urgency, r.sip.next_follow_up_on or datetime.date.max, r.sip.need_recognised_on))
    if result:
        audit_list_read(actor=actor, ground=Ground.SIP_CONSENT, individual_ids=[r.sip.individual_id for r in result],
                        object_type="sip.sip")  # fmt: skip
    return result
