"""Collaboration deficiencies (samverkansbrister, issue 11): reports, their steps, history and actions.

A report holds no personal data (the detector in core.personal_data refuses identity numbers in
every free-text field). Nothing here is ever deleted: a report moves through steps, each closed
with a decision, and every change is an Event row (the history table).
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organisations.models import Council, Principal, Unit

TEXT_MAX = 4000
SHORT_MAX = 300

# The county's agreements with a deficiency procedure began with the written agreements the law has
# required since 2013 (HSL 16 kap 3 §, SoL 5 kap 8 a §; seed 002 is Västernorrland's of 2014-03-12).
# Nothing earlier can have happened "under an agreement", so the form refuses earlier dates.
EARLIEST_DATE = datetime.date(2013, 7, 1)


class Agreement(models.TextChoices):
    PSYCHIATRY = "psychiatry", _("Psychiatric illness or disability")
    ADDICTION = "addiction", _("Addiction")
    GAMBLING = "gambling", _("Gambling")
    # Storsthlm: "gäller bara mellan kommunerna" (seed 003).
    HOMELESSNESS = "homelessness", _("Homelessness (between municipalities only)")


class Category(models.TextChoices):
    ACCESSIBILITY = "accessibility", _("Accessibility (e.g. no appointment in time)")
    COORDINATION = "coordination", _("Coordination/SIP (e.g. not attending, interventions not carried out)")
    INFORMATION = "information", _("Information transfer")
    RESPONSIBILITY = "responsibility", _("Division of responsibility")
    DISCHARGE = "discharge", _("Discharge planning")
    TREATMENT = "treatment", _("Treatment of the individual")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    LOW = "low", _("Low: an inconvenience")
    MEDIUM = "medium", _("Medium: care or support was delayed")
    HIGH = "high", _("High: the individual went without care or support")


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for the counterpart's answer")
    ANSWERED = "answered", _("Answered: waiting for the reporting side's decision")
    LOCAL_COUNCIL = "local_council", _("With the local council")
    REGIONAL_COUNCIL = "regional_council", _("With the regional council")
    RESOLVED = "resolved", _("Resolved")


class Level(models.TextChoices):
    COUNTERPART = "counterpart", _("Counterpart's answer")
    REPORTER = "reporter", _("Reporting side's decision")
    LOCAL_COUNCIL = "local_council", _("Local council")
    REGIONAL_COUNCIL = "regional_council", _("Regional council")


class Report(models.Model):
    """One submitted deficiency report. Created only by deviations.services.report_submit."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement = models.CharField(_("agreement"), max_length=20, choices=Agreement.choices)
    happened_on = models.DateField(_("when it happened"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deviation_reports", verbose_name=_("reporter")
    )
    reporting_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="deviation_reports", verbose_name=_("reporting unit")
    )
    # Denormalised from the unit, so analysis groups without a join and a unit moving never rewrites history.
    reporting_principal = models.ForeignKey(Principal, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    what_happened = models.TextField(_("what happened"), max_length=TEXT_MAX)
    consequence = models.TextField(_("consequence for the individual"), max_length=TEXT_MAX)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    improvement = models.TextField(_("suggested improvement"), max_length=TEXT_MAX, blank=True)
    anonymous = models.BooleanField(_("anonymous to the counterpart"), default=False)
    source = models.CharField(_("started from"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    # The local council (the municipality's) the case goes to; None: none exists, straight to the regional.
    local_council = models.ForeignKey(
        Council, on_delete=models.PROTECT, null=True, blank=True, related_name="deviation_reports"
    )
    submitted_at = models.DateTimeField(_("submitted"))
    first_answer_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    # Whole days, kept when the moment comes, so the analysis averages without date arithmetic in SQL.
    days_to_first_answer = models.PositiveIntegerField(null=True, blank=True)
    days_to_resolution = models.PositiveIntegerField(null=True, blank=True)
    escalated = models.BooleanField(_("escalated"), default=False)

    class Meta:
        verbose_name = _("deficiency report")
        verbose_name_plural = _("deficiency reports")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(happened_on__gte=EARLIEST_DATE), name="deviation_not_before_agreements"),
            models.CheckConstraint(condition=Q(agreement__in=Agreement.values), name="deviation_agreement_known"),
            models.CheckConstraint(condition=Q(category__in=Category.values), name="deviation_category_known"),
            models.CheckConstraint(condition=Q(state__in=State.values), name="deviation_state_known"),
            models.CheckConstraint(
                condition=Q(state=State.RESOLVED, resolved_at__isnull=False) | ~Q(state=State.RESOLVED),
                name="deviation_resolved_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["submitted_at"], name="deviation_submitted"),
            models.Index(fields=["state", "submitted_at"], name="deviation_state"),
            # A local council's agenda: its new cases, oldest first.
            models.Index(fields=["local_council", "submitted_at"], name="deviation_council_submitted"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("deviations:report_detail", args=[self.uuid])

    @property
    def reference(self) -> str:
        return reference_of(self.pk)


def reference_of(pk: int | None) -> str:
    """A report's reference as people quote it (also built from a bare id, for lists read as values)."""
    return f"SB-{pk:06d}" if pk else "SB-"


class Counterpart(models.Model):
    """A party the report is about: a unit (and its principal), or a principal alone."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="counterparts")
    principal = models.ForeignKey(Principal, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "principal", "unit"], name="deviation_counterpart_once"),
        ]
        indexes = [models.Index(fields=["unit", "report"], name="deviation_counterpart_unit")]


DECISIONS = {"answered": _("Answered"), "resolved": _("Resolved"), "escalated": _("Escalated")}


class Step(models.Model):
    """One step of the workflow: who owns it (a unit or a council), by when, and how it ended."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="steps")
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    owner_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    owner_council = models.ForeignKey(Council, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    opened_at = models.DateTimeField()
    deadline = models.DateTimeField(_("deadline"))
    closed_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=20, blank=True)
    decision_text = models.TextField(_("decision"), max_length=TEXT_MAX, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Set once, by the one periodic run that flags the step overdue and reminds its owner.
    overdue_flagged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["opened_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_unit__isnull=True) | Q(owner_council__isnull=True), name="deviation_step_one_owner"
            ),
            models.CheckConstraint(condition=Q(deadline__gte=models.F("opened_at")), name="deviation_step_deadline"),
        ]
        indexes = [
            models.Index(fields=["deadline"], name="deviation_step_open", condition=Q(closed_at__isnull=True)),
            # The cases on a council's table (its agenda and its page): its open steps only.
            models.Index(
                fields=["owner_council", "deadline"],
                name="deviation_step_council_open",
                condition=Q(closed_at__isnull=True),
            ),  # fmt: skip
        ]

    def get_absolute_url(self) -> str:
        # Reminders link here (reminders.Reminder.object_url): the page asks the policy as always.
        return self.report.get_absolute_url()

    @property
    def decision_label(self) -> str:
        return str(DECISIONS.get(self.decision, self.decision))

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def is_overdue(self, now: datetime.datetime) -> bool:
        return self.closed_at is None and self.deadline < now


class Answer(models.Model):
    """The counterpart manager's view and measures (one per counterpart step answered)."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="answers")
    step = models.OneToOneField(Step, on_delete=models.PROTECT, related_name="answer")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    view = models.TextField(_("your view of what happened"), max_length=TEXT_MAX)
    measures = models.TextField(_("measures taken or planned"), max_length=TEXT_MAX)
    created_at = models.DateTimeField()


class Comment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    text = models.TextField(_("comment"), max_length=TEXT_MAX)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ANSWERED = "answered", _("Answered by the counterpart")
    RESOLVED = "resolved", _("Resolved")
    ESCALATED_LOCAL = "escalated_local", _("Escalated to the local council")
    ESCALATED_REGIONAL = "escalated_regional", _("Escalated to the regional council")
    REOPENED = "reopened", _("Reopened")
    COMMENTED = "commented", _("Comment added")
    OVERDUE = "overdue", _("Step overdue")
    ACTION_LINKED = "action_linked", _("Linked to an action")


class Event(models.Model):
    """The history: one row per change, appended, never edited or deleted."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]


class Draft(models.Model):
    """What a reporter has typed so far, saved as they type (autosave) until submitted.

    Values are stored as the form's strings. A free-text field that holds an identity number is not
    saved (the form keeps it in the browser and says what to remove), so no draft holds one."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deviation_drafts")
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def get_absolute_url(self) -> str:
        return reverse("deviations:report_draft", args=[self.uuid])


class SeatRole(models.TextChoices):
    MEMBER = "member", _("Member")
    CHAIR = "chair", _("Chair")


class CouncilMember(models.Model):
    """A seat on a council, for a member of staff whose membership has the council_member role."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="seats")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_seats")
    seat_role = models.CharField(_("seat"), max_length=10, choices=SeatRole.choices, default=SeatRole.MEMBER)
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["council", "user"], condition=Q(ended_at__isnull=True), name="deviation_one_seat_per_council"
            ),
        ]


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Action(models.Model):
    """A council's action plan item, made of one or more cases (the annual follow-up's handlingsplan)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="deviation_actions")
    what = models.TextField(_("what is to be done"), max_length=TEXT_MAX)
    who = models.CharField(_("who is responsible"), max_length=SHORT_MAX)
    due_on = models.DateField(_("by when"))
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    follow_up = models.TextField(_("follow-up"), max_length=TEXT_MAX, blank=True)
    reports = models.ManyToManyField(Report, related_name="actions", verbose_name=_("cases"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ActionStatus.values), name="deviation_action_status"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("deviations:council_action", args=[self.uuid])
