"""The demo county's SIPs (core/demo_registry.py): one in every state, so that demo.sip_coordinator,
demo.social_worker (Vuxenenheten, Sundsvall) and demo.nurse (Beroendecentrum Sundsvall) open a
living list. The people are fictional, with reserve numbers; Tolvan Testsson (individuals/demo.py)
is left without a SIP, to take from recognised need to follow-up by hand.

The rows are made by the real services; dates are then moved back in time (a plan agreed 100 days
ago, a follow-up overdue), as the services refuse to plan in the past."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from agreements.models import InterventionType
from audit.models import Ground
from audit.services import Actor
from core import demo_registry
from core.demo import SUNDSVALL_ADULT
from individuals.identity import parse_identity_number
from individuals.models import Individual
from individuals.services import consent_record, individual_find, individual_register
from organisations.models import Principal, Unit
from sip import services
from sip.models import Meeting, Sip, SipStatus

ADDICTION = "Beroendecentrum Sundsvall"
PSYCHIATRY = "Psykiatrisk öppenvård Sundsvall"
GROUND = Ground.SIP_CONSENT


@dataclass(frozen=True)
class DemoSip:
    number: str
    first_name: str
    last_name: str
    state: str  # asked_for, invited, meeting_planned, agreed, overdue, closed
    need_days_ago: int


PLANS = [
    DemoSip("19830214-D011", "Saga", "Sipström", "asked_for", 2),
    DemoSip("19760909-D012", "Ivar", "Inbjudensson", "invited", 12),
    DemoSip("19951111-D013", "Mona", "Mötesdotter", "meeting_planned", 9),
    DemoSip("19690303-D014", "Arne", "Avtalsson", "agreed", 40),
    DemoSip("19880808-D015", "Frida", "Uppföljare", "overdue", 130),
    DemoSip("19721224-D016", "Sten", "Stängd", "closed", 300),
]


def load() -> int:
    return sum(_plan(spec) for spec in PLANS)


def _actor(username: str) -> tuple[User, Actor]:
    user = User.objects.get(username=username)
    membership = user.memberships.filter(ended_at__isnull=True).select_related("unit").first()
    assert membership is not None
    return user, Actor(user_id=user.pk, unit_id=membership.unit_id, role=membership.role,
                       membership_id=membership.pk)  # fmt: skip


@transaction.atomic
def _plan(spec: DemoSip) -> int:
    number = parse_identity_number(spec.number)
    if individual_find(number=number) is not None:
        return 0  # loaded before
    units = {u.name: u for u in Unit.objects.filter(name__in=[SUNDSVALL_ADULT, ADDICTION, PSYCHIATRY])}
    _coordinator, by = _actor("demo.sip_coordinator")
    _nurse, as_nurse = _actor("demo.nurse")
    today = timezone.localdate()
    individual = individual_register(number=number, first_name=spec.first_name, last_name=spec.last_name,
                                     municipality=Principal.objects.get(name="Sundsvalls kommun"),
                                     unit=units[SUNDSVALL_ADULT], contact_kind="investigation", actor=by)  # fmt: skip
    Individual.objects.filter(pk=individual.pk).update(is_fictional=True, birth_date=datetime.date(
        int(spec.number[:4]), int(spec.number[4:6]), int(spec.number[6:8])))  # fmt: skip
    consent_record(individual=individual, given_by="individual", guardian_name="", for_sip=True, for_sharing=True,
                   for_relatives=False, parties=list(units.values()), relatives=[], form="written",
                   valid_from=today - datetime.timedelta(days=spec.need_days_ago), valid_until=None, actor=by,
                   ground=Ground.RELATION)  # fmt: skip
    need = today - datetime.timedelta(days=spec.need_days_ago)
    sip = services.sip_start(individual=individual, requested_by="municipality", requested_on=need,
                             need_recognised_on=need, coordinating_unit=units[SUNDSVALL_ADULT], actor=by,
                             ground=Ground.RELATION)  # fmt: skip
    if spec.state == "asked_for":
        return 1
    nurse_unit = services.participant_add_unit(sip=sip, unit=units[ADDICTION], actor=by, ground=GROUND)
    invitation = services.invitation_send(sip=sip, participant=nurse_unit, answer_by=today + datetime.timedelta(
        days=5), actor=by, ground=GROUND)  # fmt: skip
    Sip.objects.filter(pk=sip.pk).update(first_invited_on=need + datetime.timedelta(days=2))
    if spec.state == "invited":
        # A second unit declined: the plan page offers a collaboration-deficiency report.
        psychiatry = services.participant_add_unit(sip=sip, unit=units[PSYCHIATRY], actor=by, ground=GROUND)
        declined = services.invitation_send(sip=sip, participant=psychiatry, answer_by=today, actor=by, ground=GROUND)
        services.invitation_answer(invitation=declined, answer="declined", proposed_time=None,
                                   reason="Ingen ledig tid inom en månad (fiktivt).",
                                   actor=_actor("demo.psychologist")[1], ground=GROUND)  # fmt: skip
        return 1
    services.invitation_answer(invitation=invitation, answer="accepted", proposed_time=None, reason="",
                               actor=as_nurse, ground=GROUND)  # fmt: skip
    meeting = services.meeting_plan(sip=sip, starts_at=timezone.now() + datetime.timedelta(days=3), mode="in_person",
                                    place="Vuxenenheten, rum 2 (fiktivt)", actor=by, ground=GROUND)  # fmt: skip
    if spec.state == "meeting_planned":
        return 1
    _agree(sip, meeting, by, need, spec)
    return 1


def _agree(sip: Sip, meeting: Meeting, by: Actor, need: datetime.date, spec: DemoSip) -> None:
    today = timezone.localdate()
    held_at = timezone.now() - datetime.timedelta(days=max(spec.need_days_ago - 10, 1))
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=held_at)
    meeting.refresh_from_db()
    services.meeting_record(meeting=meeting, individual_attended=True,
                            individual_words="Jag vill ha ett eget boende och slippa åka in akut. (fiktivt)",
                            minutes="Genomgång av behov; planen skrevs tillsammans. (fiktivt)",
                            attendees=list(sip.participants.filter(left_at=None)), actor=by, ground=GROUND)  # fmt: skip
    sip.refresh_from_db()
    units = {u.name: u for u in Unit.objects.filter(sip_participations__sip=sip, sip_participations__kind="unit")}
    types = {t.code: t for t in InterventionType.objects.filter(code__in=["housing-support", "medication-assisted"])}
    plan = services.PlanInput(
        problem="Alkoholberoende och risk att förlora bostaden; återkommande akutbesök. (fiktivt)",
        goals=[services.GoalInput("short", "Sova hela nätter och komma till mina tider", True),
               services.GoalInput("long", "Ha kvar min lägenhet och ett arbete", True)],
        interventions=[
            services.InterventionInput(units[SUNDSVALL_ADULT], types["housing-support"],
                                       "Boendestöd två dagar i veckan", today, None),
            services.InterventionInput(units[ADDICTION], types["medication-assisted"], "", today,
                                       today + datetime.timedelta(days=180)),
        ],
        other_measures=[services.MeasureInput("Arbetsförmedlingen", "Arbetsträning (fiktivt)")],
        no_other_measures=False, overall_principal=Principal.objects.get(name="Sundsvalls kommun"),
        coordinator=User.objects.get(pk=by.user_id or 0), next_follow_up_on=today + datetime.timedelta(days=50),
        children_considered="no_children", child_perspective="", violence_result="none", violence_note="",
        pregnancy="not_applicable", target_groups=["comorbidity"],
    )  # fmt: skip
    sip = services.plan_save(sip=sip, revision=sip.revision, plan=plan, actor=by, ground=GROUND)
    version = services.plan_agree(sip=sip, meeting=meeting, actor=by, ground=GROUND)
    services.confirmation_record(version=version, participant=None, confirmed=True, reason="", actor=by,
                                 ground=GROUND)  # fmt: skip
    agreed_on = timezone.localtime(held_at).date()
    Sip.objects.filter(pk=sip.pk).update(first_meeting_on=agreed_on, agreed_on=agreed_on)
    if spec.state == "overdue":
        Sip.objects.filter(pk=sip.pk).update(next_follow_up_on=today - datetime.timedelta(days=5))
    if spec.state == "closed":
        sip.refresh_from_db()
        goals = {g.pk: "achieved" for g in sip.goals.all()}
        interventions = {i.pk: "achieved" for i in sip.interventions.all()}
        services.follow_up_record(sip=sip, held_on=today, goal_outcomes=goals, intervention_outcomes=interventions,
                                  decision="close", reason="Målen är nådda; stödet fortsätter utan SIP. (fiktivt)",
                                  next_follow_up_on=None, actor=by, ground=GROUND)  # fmt: skip
    assert Sip.objects.get(pk=sip.pk).status in (SipStatus.AGREED, SipStatus.CLOSED)


def _showcase_lines() -> list[Promise]:
    return [format_lazy("{}  {} {} – {}", s.number, s.first_name, s.last_name, _state_label(s.state)) for s in PLANS]


def _state_label(state: str) -> Promise:
    labels = {"asked_for": _("Asked for"), "invited": _("Invited"), "meeting_planned": _("Meeting planned"),
              "agreed": _("Agreed"), "overdue": _("Follow-up overdue"), "closed": _("Closed")}  # fmt: skip
    return labels[state]


demo_registry.register_loader("sip", load, order=50)
demo_registry.register_showcase("sip", _("Fictional SIPs (My SIPs: demo.sip_coordinator, demo.social_worker, "
                                         "demo.nurse)"), _showcase_lines(), order=50)  # fmt: skip
