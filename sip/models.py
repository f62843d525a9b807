"""The coordinated individual plan (SIP, SoL 2 kap 7 §, HSL 16 kap 4 §), from recognised need to follow-up.

The plan's five legal contents are structured data, never one free-text blob:
  (1) the problem (``Sip.problem``) and the goals, short and long term (``Goal``), in the individual's
      own words where they give them;
  (2) the interventions each participating unit is responsible for (``Intervention``, from the county's
      one list, agreements.InterventionType, plus free text, with start and end);
  (3) the measures taken by others than the municipality and the region (``OtherMeasure``);
  (4) which principal has the overall responsibility (``Sip.overall_principal``);
  (5) who coordinates and follows up, and when (``Sip.coordinating_unit``, ``Sip.coordinator``,
      ``Sip.next_follow_up_on``).

Every change after the plan is agreed is a new ``SipVersion`` (a snapshot of the whole plan), so the
history shows who changed what and when, and any two versions can be compared (sip.versions).
Free text about the individual is encrypted at rest (core.fields.EncryptedTextField).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements.models import InterventionType
from core.fields import EncryptedTextField
from individuals.models import Consent, Individual, Relative
from organisations.models import Principal, Unit

TEXT_MAX = 4000
MINUTES_MAX = 20000  # minutes of one meeting, in characters: a long meeting's notes, not a record dump
SHORT_MAX = 200


class SipStatus(models.TextChoices):
    ASKED_FOR = "asked_for", _("Asked for")
    INVITED = "invited", _("Invited")
    MEETING_PLANNED = "meeting_planned", _("Meeting planned")
    AGREED = "agreed", _("Agreed")
    FOLLOW_UP = "follow_up", _("Being followed up")
    CLOSED = "closed", _("Closed")


ACTIVE_STATUSES = frozenset(SipStatus.values) - {SipStatus.CLOSED}


class RequestedBy(models.TextChoices):
    """Who asked for the plan: either principal starts one; the individual, a guardian or the school may ask."""

    INDIVIDUAL = "individual", _("The individual")
    GUARDIAN = "guardian", _("A guardian")
    SCHOOL = "school", _("The school")
    MUNICIPALITY = "municipality", _("The municipality")
    REGION = "region", _("The region")


class ChildrenConsidered(models.TextChoices):
    NOT_YET = "not_yet", _("Not yet considered")
    NO_CHILDREN = "no_children", _("No children in the household")
    CONSIDERED = "considered", _("Children in the household: considered")


class ViolenceResult(models.TextChoices):
    NOT_ASKED = "not_asked", _("The question has not been asked")
    NONE = "none", _("Asked: no violence")
    EXPOSED = "exposed", _("Asked: exposed to violence")
    USES = "uses", _("Asked: uses violence")
    DECLINED = "declined", _("Asked: did not want to answer")


class Pregnancy(models.TextChoices):
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    NOT_PREGNANT = "not_pregnant", _("Not pregnant")
    PREGNANT = "pregnant", _("Pregnant")
    UNKNOWN = "unknown", _("Not known")


class TargetGroup(models.TextChoices):
    """The agreement's special target groups (seed 002, "Särskilda målgrupper att uppmärksamma")."""

    CHILDREN_YOUNG = "children_young", _("Children and young people")
    VIOLENCE = "violence", _("People exposed to violence")
    PREGNANT = "pregnant", _("Pregnant women with risky use, abuse or dependence")
    COMORBIDITY = "comorbidity", _("People with co-morbidity")


class Sip(models.Model):
    """One coordinated individual plan for one individual; the URL carries only ``uuid``."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    individual = models.ForeignKey(Individual, on_delete=models.PROTECT, related_name="sips")
    status = models.CharField(_("status"), max_length=20, choices=SipStatus.choices, default=SipStatus.ASKED_FOR)
    # The consent to a SIP that named the parties; withdrawing it ends sharing (sip.access).
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="sips", verbose_name=_("consent"))
    requested_by = models.CharField(_("asked for by"), max_length=20, choices=RequestedBy.choices)
    requested_on = models.DateField(_("asked for on"))
    need_recognised_on = models.DateField(_("need recognised on"))
    # Timeliness ("without delay"): set once by the services when each step first happens.
    first_invited_on = models.DateField(_("first invitation sent"), null=True, blank=True)
    first_meeting_on = models.DateField(_("first meeting held"), null=True, blank=True)
    agreed_on = models.DateField(_("first agreed"), null=True, blank=True)
    # Part 5: who coordinates and follows up, and when.
    coordinating_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="coordinated_sips", verbose_name=_("coordinating unit")
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("coordinator"),
    )  # fmt: skip
    next_follow_up_on = models.DateField(_("next follow-up"), null=True, blank=True)
    # Part 4: the principal with the overall responsibility.
    overall_principal = models.ForeignKey(
        Principal, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("principal with overall responsibility"),
    )  # fmt: skip
    # Part 3 may be empty only when that is said: "no measures by others" is a statement, not a gap.
    no_other_measures = models.BooleanField(_("no measures by others than the municipality and the region"),
                                            default=False)  # fmt: skip
    # Part 1: the problem, as the parties and the individual describe it.
    problem = EncryptedTextField(_("the problem"), max_length=TEXT_MAX, blank=True)
    # Also asked by the agreement: the child perspective, violence, pregnancy, special target groups.
    children_considered = models.CharField(
        _("children in the household"), max_length=20, choices=ChildrenConsidered.choices,
        default=ChildrenConsidered.NOT_YET,
    )  # fmt: skip
    child_perspective = EncryptedTextField(_("how the children's needs are met"), max_length=TEXT_MAX, blank=True)
    violence_result = models.CharField(
        _("the question about violence"), max_length=20, choices=ViolenceResult.choices,
        default=ViolenceResult.NOT_ASKED,
    )  # fmt: skip
    violence_note = EncryptedTextField(_("violence: what was agreed"), max_length=TEXT_MAX, blank=True)
    pregnancy = models.CharField(
        _("pregnancy"), max_length=20, choices=Pregnancy.choices, default=Pregnancy.NOT_APPLICABLE
    )
    target_groups = models.JSONField(_("special target groups"), default=list, blank=True)
    # Optimistic concurrency: every save of the plan bumps it; a form carries the one it was read at.
    revision = models.PositiveIntegerField(default=1)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = EncryptedTextField(_("reason for closing"), max_length=TEXT_MAX, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("coordinated individual plan")
        verbose_name_plural = _("coordinated individual plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False)
                | (~Q(status="closed") & Q(closed_on__isnull=True)),
                name="sip_closed_has_date",
            ),
            models.CheckConstraint(condition=Q(status__in=list(SipStatus.values)), name="sip_status_known"),
        ]  # fmt: skip
        indexes = [
            models.Index(fields=["coordinating_unit", "status"], name="sip_unit_status"),
            models.Index(fields=["status", "next_follow_up_on"], name="sip_status_follow_up"),
        ]

    def __str__(self) -> str:
        return f"SIP {str(self.uuid)[:8]}"

    def get_absolute_url(self) -> str:
        return reverse("sip:detail", args=[self.uuid])

    @property
    def is_active(self) -> bool:
        return self.status != SipStatus.CLOSED


class ParticipantKind(models.TextChoices):
    UNIT = "unit", _("Unit")
    STAFF = "staff", _("Named staff")
    EXTERNAL = "external", _("External party")
    RELATIVE = "relative", _("Relative")


class ExternalKind(models.TextChoices):
    PROBATION = "probation", _("Kriminalvården (probation service)")
    EMPLOYMENT = "employment", _("Arbetsförmedlingen (employment service)")
    INSURANCE = "insurance", _("Försäkringskassan (social insurance)")
    SCHOOL = "school", _("School")
    OTHER = "other", _("Other")


class Participant(models.Model):
    """A party to the plan: a unit, named staff at a unit, an external party, or a relative the
    individual accepted. ``left_at`` ends the participation (a former participant sees nothing)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sip = models.ForeignKey(Sip, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("kind"), max_length=20, choices=ParticipantKind.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="sip_participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    relative = models.ForeignKey(Relative, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    external_kind = models.CharField(_("kind of party"), max_length=20, choices=ExternalKind.choices, blank=True)
    organisation = models.CharField(_("organisation"), max_length=SHORT_MAX, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=SHORT_MAX, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("SIP participant")
        verbose_name_plural = _("SIP participants")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="unit") & Q(unit__isnull=False) & Q(user__isnull=True) & Q(relative__isnull=True))
                | (Q(kind="staff") & Q(unit__isnull=False) & Q(user__isnull=False) & Q(relative__isnull=True))
                | (Q(kind="external") & Q(unit__isnull=True) & Q(relative__isnull=True) & ~Q(organisation=""))
                | (Q(kind="relative") & Q(unit__isnull=True) & Q(relative__isnull=False)),
                name="sip_participant_kind_fields",
            ),
            models.UniqueConstraint(
                fields=["sip", "unit"], condition=Q(kind="unit", left_at__isnull=True), name="sip_unit_once"
            ),
            models.UniqueConstraint(
                fields=["sip", "user"], condition=Q(kind="staff", left_at__isnull=True), name="sip_staff_once"
            ),
            models.UniqueConstraint(
                fields=["sip", "relative"],
                condition=Q(kind="relative", left_at__isnull=True),
                name="sip_relative_once",
            ),  # fmt: skip
        ]
        indexes = [models.Index(fields=["unit", "left_at"], name="sip_participant_unit")]


class InvitationAnswer(models.TextChoices):
    PENDING = "pending", _("Not answered")
    ACCEPTED = "accepted", _("Accepted")
    OTHER_TIME = "other_time", _("Proposed another time")
    DECLINED = "declined", _("Declined")


class Invitation(models.Model):
    """An invitation to a party to take part in the plan, answered by the invited unit (or recorded
    for parties outside the product). No personal data leaves in its e-mail: only a link."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sip = models.ForeignKey(Sip, on_delete=models.CASCADE, related_name="invitations")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="invitations")
    meeting = models.ForeignKey("Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations")
    answer_by = models.DateField(_("answer by"))
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(
        _("answer"), max_length=20, choices=InvitationAnswer.choices, default=InvitationAnswer.PENDING
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed_time = models.DateTimeField(_("proposed time"), null=True, blank=True)
    # Free text that may name the person: encrypted; required for a decline (sip.services; an
    # encrypted field cannot be checked by the database).
    decline_reason = EncryptedTextField(_("reason"), max_length=TEXT_MAX, blank=True)

    class Meta:
        verbose_name = _("SIP invitation")
        verbose_name_plural = _("SIP invitations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(answer="other_time") | Q(proposed_time__isnull=False),
                name="sip_invitation_other_time_has_time",
            ),
        ]
        indexes = [models.Index(fields=["answer", "answer_by"], name="sip_invitation_pending")]

    def get_absolute_url(self) -> str:
        return reverse("sip:detail", args=[self.sip.uuid]) + "#invitations"


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video")
    PHONE = "phone", _("Phone")


class Meeting(models.Model):
    """A SIP meeting. The individual's attendance and own words are fields of their own."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sip = models.ForeignKey(Sip, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("time"))
    mode = models.CharField(_("how"), max_length=20, choices=MeetingMode.choices)
    place = models.CharField(_("place or link"), max_length=SHORT_MAX, blank=True)
    held = models.BooleanField(_("held"), default=False)
    individual_attended = models.BooleanField(_("the individual took part"), null=True, blank=True)
    individual_words = EncryptedTextField(_("the individual's own words"), max_length=TEXT_MAX, blank=True)
    minutes = EncryptedTextField(_("minutes"), max_length=MINUTES_MAX, blank=True)
    attendees = models.ManyToManyField(Participant, blank=True, related_name="meetings_attended")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("SIP meeting")
        verbose_name_plural = _("SIP meetings")
        ordering = ["starts_at", "pk"]


class GoalTerm(models.TextChoices):
    SHORT = "short", _("Short term")
    LONG = "long", _("Long term")


class Goal(models.Model):
    """Part 1: a goal, in the individual's own words where they give them."""

    sip = models.ForeignKey(Sip, on_delete=models.CASCADE, related_name="goals")
    term = models.CharField(_("term"), max_length=10, choices=GoalTerm.choices)
    text = EncryptedTextField(_("goal"), max_length=TEXT_MAX)
    own_words = models.BooleanField(_("in the individual's own words"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]


class Intervention(models.Model):
    """Part 2: an intervention a participating unit is responsible for."""

    sip = models.ForeignKey(Sip, on_delete=models.CASCADE, related_name="interventions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible unit"))
    intervention_type = models.ForeignKey(
        InterventionType, on_delete=models.PROTECT, related_name="+", verbose_name=_("intervention")
    )
    description = EncryptedTextField(_("what, in words"), max_length=TEXT_MAX, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="sip_intervention_dates"
            )
        ]


class OtherMeasure(models.Model):
    """Part 3: a measure taken by someone other than the municipality and the region."""

    sip = models.ForeignKey(Sip, on_delete=models.CASCADE, related_name="other_measures")
    by = models.CharField(_("by whom"), max_length=SHORT_MAX)
    description = EncryptedTextField(_("what"), max_length=TEXT_MAX)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]


class VersionReason(models.TextChoices):
    AGREED = "agreed", _("Agreed at a meeting")
    REVISED = "revised", _("Changed after agreement")
    FOLLOWED_UP = "followed_up", _("Followed up")
    CLOSED = "closed", _("Closed")


class SipVersion(models.Model):
    """A version of the whole plan, from its agreement on: a snapshot of the five parts and the rest.

    ``snapshot`` is the plan as JSON (personal data, so encrypted); ``changed`` names the parts that
    differ from the version before (codes only)."""

    sip = models.ForeignKey(Sip, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    reason = models.CharField(_("why"), max_length=20, choices=VersionReason.choices)
    snapshot = EncryptedTextField()
    changed = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["sip", "number"], name="sip_version_number_once")]


class Confirmation(models.Model):
    """A participant's confirmation of an agreed version; for the individual (participant empty),
    either a confirmation or the reason they did not confirm."""

    version = models.ForeignKey(SipVersion, on_delete=models.CASCADE, related_name="confirmations")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, null=True, blank=True, related_name="confirmations"
    )
    confirmed = models.BooleanField(default=True)
    # Required when not confirmed (sip.services; an encrypted field cannot be checked by the database).
    reason = EncryptedTextField(_("why not"), max_length=TEXT_MAX, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "participant"], name="sip_confirm_once"),
            models.UniqueConstraint(
                fields=["version"], condition=Q(participant__isnull=True), name="sip_confirm_individual_once"
            ),
        ]


class FollowUpDecision(models.TextChoices):
    CONTINUE = "continue", _("Continue the plan")
    REVISE = "revise", _("Revise the plan")
    CLOSE = "close", _("Close the plan")


class FollowUp(models.Model):
    """A follow-up: each goal and intervention evaluated, then continue, revise or close, with a reason."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sip = models.ForeignKey(Sip, on_delete=models.CASCADE, related_name="follow_ups")
    version = models.ForeignKey(SipVersion, on_delete=models.PROTECT, related_name="follow_ups")
    held_on = models.DateField(_("held on"))
    decision = models.CharField(_("decision"), max_length=20, choices=FollowUpDecision.choices)
    reason = EncryptedTextField(_("reason"), max_length=TEXT_MAX)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "pk"]


class Outcome(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    PARTLY = "partly", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")
    NO_LONGER_RELEVANT = "no_longer_relevant", _("No longer relevant")


class Evaluation(models.Model):
    """One goal's or intervention's outcome at a follow-up."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="evaluations")
    goal = models.ForeignKey(Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="evaluations")
    intervention = models.ForeignKey(
        Intervention, on_delete=models.SET_NULL, null=True, blank=True, related_name="evaluations"
    )
    # What was evaluated, in the words of the time (the goal or intervention may change later).
    subject = EncryptedTextField(max_length=TEXT_MAX)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(goal__isnull=True) | Q(intervention__isnull=True), name="sip_evaluation_one_subject"
            )
        ]
