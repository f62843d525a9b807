import datetime
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Responsibility(models.TextChoices):
    """Which principal is responsible for an intervention (seed 004, 1.3)."""

    REGION = "region", _("Region")
    MUNICIPALITY = "municipality", _("Municipality")
    JOINT = "joint", _("Joint")


class InterventionType(models.Model):
    """The county's one list of interventions (insatser).

    SIP interventions, the responsibility matrix, the guide and statistics all use these codes.
    The names are data (a county adds its own types), so each carries both languages.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    responsibility = models.CharField(
        _("responsible principal"), max_length=20, choices=Responsibility.choices,
        help_text=_("The principal responsible unless an agreement says otherwise."),
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("intervention type")
        verbose_name_plural = _("intervention types")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "sv").startswith("en") else self.name_sv


TEXT_MAX = 4000
LIST_MAX = 4000


class Scope(models.TextChoices):
    """What an agreement covers (the duties to agree in writing, HSL 16 kap 3 §, SoL 5 kap 9 a §)."""

    ADDICTION = "addiction", _("Addiction")
    PSYCHIATRIC = "psychiatric", _("Psychiatric illness")
    GAMBLING = "gambling", _("Gambling")
    HOMELESSNESS = "homelessness", _("Homelessness between municipalities")
    CHILDREN = "children", _("Children and young people")


class Agreement(models.Model):
    """An överenskommelse between principals, kept as data rather than a PDF no one reads."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    parties = models.ManyToManyField("organisations.Principal", related_name="agreements", verbose_name=_("parties"))
    summary = models.TextField(_("summary"), max_length=TEXT_MAX, blank=True)
    adopted_on = models.DateField(_("adopted"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Empty: until further notice."))
    revision_due = models.DateField(
        _("next follow-up"), null=True, blank=True,
        help_text=_("The annual follow-up of the agreement (and its revision) is due by this date."),
    )  # fmt: skip
    target_groups = models.TextField(_("target groups"), max_length=LIST_MAX, blank=True,
                                     help_text=_("One per line."))  # fmt: skip
    special_interventions = models.TextField(_("special interventions"), max_length=LIST_MAX, blank=True,
                                             help_text=_("One per line."))  # fmt: skip
    dispute_path = models.TextField(
        _("dispute path"), max_length=TEXT_MAX, blank=True,
        help_text=_("The steps of a dispute about responsibility, one per line, in order."),
    )  # fmt: skip
    process_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("process leader"), help_text=_("Reminded when the agreement expires or its follow-up is due."),
    )  # fmt: skip
    followed_up_on = models.DateField(_("last followed up"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["scope", "-valid_from", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="agreement_ends_after_start",
                violation_error_message=_("The agreement cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(revision_due__isnull=True) | Q(revision_due__gte=F("adopted_on")),
                name="agreement_revision_after_adoption",
                violation_error_message=_("The follow-up cannot be due before the agreement was adopted."),
            ),
            models.CheckConstraint(condition=Q(scope__in=Scope.values), name="agreement_scope_known"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement_detail", args=[self.uuid])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The agreement cannot end before it starts: give an end on or after %(date)s.") % {
                "date": self.valid_from.isoformat()
            }
        if self.adopted_on and self.revision_due and self.revision_due < self.adopted_on:
            errors["revision_due"] = _(
                "The follow-up cannot be due before the agreement was adopted: give a date on or after %(date)s."
            ) % {"date": self.adopted_on.isoformat()}
        if errors:
            raise ValidationError(errors)

    def in_force(self, today: datetime.date) -> bool:
        return self.valid_from <= today and (self.valid_to is None or self.valid_to >= today)

    @property
    def target_group_list(self) -> list[str]:
        return _lines(self.target_groups)

    @property
    def special_intervention_list(self) -> list[str]:
        return _lines(self.special_interventions)

    @property
    def dispute_steps(self) -> list[str]:
        return _lines(self.dispute_path)


def _lines(text: str) -> list[str]:
    return [line.strip().lstrip("-•* ").strip() for line in text.splitlines() if line.strip()]


class Level(models.TextChoices):
    POLITICAL = "political", _("Political")
    OFFICIAL = "official", _("Official")
    LOCAL = "local", _("Local")


class CollaborationBody(models.Model):
    """A body that governs the agreement at one level (seed 002: SocialKOLA, its officials' group, LokalKOLA)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="bodies",
                                  verbose_name=_("agreement"))  # fmt: skip
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    description = models.TextField(_("what it does"), max_length=TEXT_MAX, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("collaboration body")
        verbose_name_plural = _("collaboration bodies")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                "agreement",
                Lower("name"),
                name="body_name_unique_per_agreement",
                violation_error_message=_("The agreement already has a body with this name."),
            ),  # fmt: skip
            models.CheckConstraint(condition=Q(level__in=Level.values), name="body_level_known"),
        ]

    def __str__(self) -> str:
        return self.name


class AgreementDocument(models.Model):
    """The signed agreement as a PDF, checked by its content, stored outside the web root
    (settings.AGREEMENT_DOCUMENT_DIR) and served only to staff through a view."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents",
                                  verbose_name=_("agreement"))  # fmt: skip
    stored_name = models.CharField(max_length=80, unique=True)  # "<uuid>.pdf": never the uploader's name
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField(_("pages"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("uploaded by"))  # fmt: skip

    class Meta:
        verbose_name = _("signed document")
        verbose_name_plural = _("signed documents")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name


class AgreedResponsibility(models.Model):
    """One row of the responsibility matrix: under ``agreement``, ``intervention_type`` is the
    ``responsible`` principal's (region, municipality or joint)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="responsibilities",
                                  verbose_name=_("agreement"))  # fmt: skip
    intervention_type = models.ForeignKey(InterventionType, on_delete=models.PROTECT, related_name="agreed",
                                          verbose_name=_("intervention"))  # fmt: skip
    responsible = models.CharField(_("responsible principal"), max_length=20, choices=Responsibility.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("agreed responsibility")
        verbose_name_plural = _("agreed responsibilities")
        ordering = ["intervention_type__order", "intervention_type__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "intervention_type"],
                name="responsibility_once_per_agreement",
                violation_error_message=_("The agreement already says who is responsible for this intervention."),
            ),  # fmt: skip
            # A row with no responsible principal is the very gap the matrix exists to close.
            models.CheckConstraint(
                condition=Q(responsible__in=Responsibility.values), name="responsibility_has_principal"
            ),  # fmt: skip
        ]

    def __str__(self) -> str:
        return f"{self.intervention_type}: {self.get_responsible_display()}"


class Provision(models.Model):
    """Which unit provides an agreed intervention to people from which municipality."""

    responsibility = models.ForeignKey(AgreedResponsibility, on_delete=models.CASCADE, related_name="provisions",
                                       verbose_name=_("intervention under the agreement"))  # fmt: skip
    unit = models.ForeignKey("organisations.Unit", on_delete=models.CASCADE, related_name="provisions",
                             verbose_name=_("unit"))  # fmt: skip
    municipality = models.ForeignKey(
        "organisations.Principal", on_delete=models.CASCADE, related_name="provisions",
        limit_choices_to={"kind": "municipality"}, verbose_name=_("for people in"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        constraints = [
            models.UniqueConstraint(
                fields=["responsibility", "unit", "municipality"],
                name="provision_once",
                violation_error_message=_("The unit already provides this intervention in this municipality."),
            ),  # fmt: skip
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.responsibility.intervention_type} ({self.municipality})"
