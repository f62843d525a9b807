"""What care records about one individual: instruments given (Result), the advice and referral that
followed (on the result, and Referral), diagnostic checklists (Checklist), ASI and ADAD interviews
(Interview), and a SIP goal citing a result (GoalCitation).

Imported at the end of screening/models.py (Django finds an app's models in its models module).
Every row carries the unit that recorded it: the door (screening/care_access.py) and the panel on
the individual's page show a unit's records only where the grant opens that unit's shared basics,
and a block hides them as it hides the unit's other information.

A Result keeps the InstrumentVersion it was scored with (PROTECT: the version is then frozen, see
InstrumentVersion.save) and the scoring output as JSON, so a later version never changes it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from individuals.models import Individual
from organisations.models import Unit


class Setting(models.TextChoices):
    NEW_VISIT = "new_visit", _("New visit")
    FOLLOW_UP = "follow_up", _("Follow-up")
    AFTER_TREATMENT = "after_treatment", _("After treatment")


class Mode(models.TextChoices):
    SELF = "self", _("Filled in by the individual (e.g. on a tablet)")
    INTERVIEW = "interview", _("Filled in by staff in an interview")


class AdviceMethod(models.TextChoices):
    NONE = "", _("No method named")
    MI = "motivational_interviewing", _("Motivational interviewing (MI)")
    BRIEF_INTERVENTION = "brief_intervention", _("Brief intervention (FRAMES)")
    WRITTEN = "written_material", _("Written material")
    OTHER = "other", _("Another method")


class Result(models.Model):
    """One instrument given to an individual, scored by screening.scoring with the current version."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    individual = models.ForeignKey(Individual, on_delete=models.PROTECT, related_name="screening_results")
    version = models.ForeignKey(
        "screening.InstrumentVersion", on_delete=models.PROTECT, related_name="results", verbose_name=_("version")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("given by")
    )
    given_on = models.DateField(_("date given"))
    setting = models.CharField(_("setting"), max_length=20, choices=Setting.choices)
    mode = models.CharField(_("how it was filled in"), max_length=20, choices=Mode.choices)
    answers = models.JSONField(_("answers"))  # the points as given, None where the skip rule left one out
    scoring = models.JSONField(_("scoring"))  # screening.scoring.Score.as_dict() at the time
    total = models.PositiveSmallIntegerField(_("total"))
    zone = models.CharField(_("zone"), max_length=30, blank=True)  # "" when withheld (sex unknown)
    positive = models.BooleanField(_("positive"), null=True)
    # What followed, recorded on the result's page (None: not yet recorded).
    brief_advice = models.BooleanField(_("brief advice given"), null=True)
    advice_method = models.CharField(
        _("method"), max_length=30, choices=AdviceMethod.choices, blank=True, default=AdviceMethod.NONE
    )
    advice_recorded_at = models.DateTimeField(null=True, blank=True)
    advice_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("screening result")
        verbose_name_plural = _("screening results")
        ordering = ["given_on", "pk"]
        indexes = [
            models.Index(fields=["individual", "given_on"], name="screening_result_person"),
            models.Index(fields=["unit", "setting", "given_on"], name="screening_result_coverage"),
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.given_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("screening:result", args=[self.uuid])


class Referral(models.Model):
    """A referral to a unit after a result; with the individual's consent it becomes the unit's task
    (a reminder to the unit, with no personal data in it)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    result = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="referrals")
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("referred to"))
    consent = models.BooleanField(_("the individual consents to the referral"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["created_at", "pk"]


class ChecklistSystem(models.TextChoices):
    DSM5_SUD = "dsm5_sud", _("DSM-5 substance use disorder")
    ICD10_DEPENDENCE = "icd10_dependence", _("ICD-10 dependence syndrome (F1x.2)")
    ICD11_DEPENDENCE = "icd11_dependence", _("ICD-11 dependence")
    DSM5_GAMBLING = "dsm5_gambling", _("DSM-5 gambling disorder")


class Substance(models.TextChoices):
    F10 = "F10", _("F10 Alcohol")
    F11 = "F11", _("F11 Opioids")
    F12 = "F12", _("F12 Cannabinoids")
    F13 = "F13", _("F13 Sedatives or hypnotics")
    F14 = "F14", _("F14 Cocaine")
    F15 = "F15", _("F15 Other stimulants")
    F16 = "F16", _("F16 Hallucinogens")
    F17 = "F17", _("F17 Tobacco")
    F18 = "F18", _("F18 Volatile solvents")
    F19 = "F19", _("F19 Multiple or other substances")
    F63_0 = "F63.0", _("F63.0 Pathological gambling")


class Checklist(models.Model):
    """A diagnostic criteria checklist filled in by a clinician: decision support, not a diagnosis."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    individual = models.ForeignKey(Individual, on_delete=models.PROTECT, related_name="screening_checklists")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_on = models.DateField(_("date assessed"))
    system = models.CharField(_("checklist"), max_length=30, choices=ChecklistSystem.choices)
    substance = models.CharField(_("substance"), max_length=6, choices=Substance.choices)
    criteria = models.JSONField(_("criteria present"))  # the codes ticked (screening.checklists)
    supervised_treatment = models.BooleanField(_("taken only under appropriate medical supervision"), default=False)
    count = models.PositiveSmallIntegerField(_("criteria counted"))
    met = models.BooleanField(_("threshold met"))
    severity = models.CharField(_("severity"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("diagnostic checklist")
        verbose_name_plural = _("diagnostic checklists")
        ordering = ["assessed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(system="dsm5_gambling", substance="F63.0")
                | (~Q(system="dsm5_gambling") & ~Q(substance="F63.0")),
                name="screening_checklist_gambling_substance",
            )
        ]


class InterviewInstrument(models.TextChoices):
    ASI = "asi", _("ASI (Addiction Severity Index)")
    ADAD = "adad", _("ADAD (Adolescent Drug Abuse Diagnosis)")


class Interview(models.Model):
    """That an ASI or ADAD interview was done, by whom, and the interviewer's severity ratings (0–9)
    per life area. Never the instruments' question text (copyrighted, certified use)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    individual = models.ForeignKey(Individual, on_delete=models.PROTECT, related_name="screening_interviews")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    instrument = models.CharField(_("interview"), max_length=10, choices=InterviewInstrument.choices)
    kind = models.CharField(_("kind of interview"), max_length=20, blank=True)  # intake / follow-up
    done_on = models.DateField(_("date of the interview"))
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("interviewer")
    )
    certification = models.CharField(_("the interviewer's certification"), max_length=120)
    ratings = models.JSONField(_("severity ratings"))  # {life area code: 0–9}
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ASI or ADAD interview")
        verbose_name_plural = _("ASI and ADAD interviews")
        ordering = ["done_on", "pk"]


class GoalCitation(models.Model):
    """A SIP goal cites a screening result (e.g. "AUDIT below 8 by the next follow-up")."""

    goal = models.ForeignKey("sip.Goal", on_delete=models.CASCADE, related_name="screening_citations")
    result = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="citations")
    cited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("goal citing a result")
        verbose_name_plural = _("goals citing results")
        constraints = [models.UniqueConstraint(fields=["goal", "result"], name="screening_citation_unique")]


__all__ = [
    "AdviceMethod",
    "Checklist",
    "ChecklistSystem",
    "GoalCitation",
    "Interview",
    "InterviewInstrument",
    "Mode",
    "Referral",
    "Result",
    "Setting",
    "Substance",
]
