import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organisations.roles import Role
from organisations.validators import (
    UNIT_CODE_DB_REGEX,
    UNIT_CODE_MAX,
    normalise_unit_code,
    validate_municipality_code,
    validate_organisation_number,
    validate_phone,
    validate_unit_code,
)

NAME_MAX = 200
TEXT_MAX = 2000


class PrincipalKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    REGION = "region", _("Region")
    PRIVATE_PROVIDER = "private_provider", _("Contracted private provider")
    # User organisations and other non-profits run units of their own (e.g. peer support).
    NON_PROFIT = "non_profit", _("Non-profit organisation")


class Principal(models.Model):
    """A huvudman (municipality, region), a contracted private provider or a non-profit organisation."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=NAME_MAX)
    kind = models.CharField(_("kind"), max_length=20, choices=PrincipalKind.choices)
    municipality_code = models.CharField(
        _("municipality code (SCB)"),
        max_length=4,
        blank=True,
        validators=[validate_municipality_code],
        help_text=_("Four digits, for example 2281 for Sundsvall."),
    )
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=10,
        blank=True,
        validators=[validate_organisation_number],
        help_text=_("Ten digits, NNNNNN-NNNN."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("principal")
        verbose_name_plural = _("principals")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="principal_name_unique_ci",
                violation_error_message=_("There is already a principal with this name."),
            ),
            models.UniqueConstraint(
                fields=["municipality_code"],
                condition=~Q(municipality_code=""),
                name="principal_municipality_code_unique",
                violation_error_message=_("There is already a principal with this municipality code."),
            ),
            models.UniqueConstraint(
                fields=["organisation_number"],
                condition=~Q(organisation_number=""),
                name="principal_organisation_number_unique",
                violation_error_message=_("There is already a principal with this organisation number."),
            ),
            # A municipality is identified by its SCB code; the others by organisation number.
            models.CheckConstraint(
                condition=~Q(kind=PrincipalKind.MUNICIPALITY) | ~Q(municipality_code=""),
                name="principal_municipality_has_code",
            ),
            models.CheckConstraint(
                condition=Q(kind=PrincipalKind.MUNICIPALITY) | ~Q(organisation_number=""),
                name="principal_other_has_orgnr",
            ),
            models.CheckConstraint(
                condition=Q(kind=PrincipalKind.MUNICIPALITY) | Q(municipality_code=""),
                name="principal_code_only_for_municipality",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("principal_detail", args=[self.uuid])

    def clean(self) -> None:
        if self.kind == PrincipalKind.MUNICIPALITY and not self.municipality_code:
            raise ValidationError({"municipality_code": _("A municipality needs its SCB municipality code.")})
        if self.kind != PrincipalKind.MUNICIPALITY:
            if self.municipality_code:
                raise ValidationError(
                    {"municipality_code": _("Only municipalities have a municipality code; leave it empty.")}
                )
            if not self.organisation_number:
                raise ValidationError(
                    {"organisation_number": _("A region, a provider or an organisation needs its organisation number.")}
                )

    @property
    def organisation_number_display(self) -> str:
        n = self.organisation_number
        return f"{n[:6]}-{n[6:]}" if n else ""


class UnitType(models.TextChoices):
    ADULT_SOCIAL_SERVICES = "adult_social_services", _("Adult social services")
    ADDICTION_UNIT = "addiction_unit", _("Addiction unit")
    PSYCHIATRY_OUTPATIENT = "psychiatry_outpatient", _("Psychiatry, outpatient")
    PSYCHIATRY_INPATIENT = "psychiatry_inpatient", _("Psychiatry, inpatient")
    PRIMARY_CARE = "primary_care", _("Primary care centre")
    MATERNITY_CARE = "maternity_care", _("Maternity care")
    CHILD_HEALTH_CARE = "child_health_care", _("Child health care")
    YOUTH_CLINIC = "youth_clinic", _("Youth clinic")
    JOINT_RECEPTION = "joint_reception", _("Joint reception")
    USER_ORGANISATION = "user_organisation", _("User organisation")
    OTHER = "other", _("Other")


class ServiceCode(models.TextChoices):
    COUNSELLING = "counselling", _("Advice and counselling")
    INVESTIGATION = "investigation", _("Investigation of needs")
    PSYCHOSOCIAL_TREATMENT = "psychosocial_treatment", _("Psychosocial treatment")
    WITHDRAWAL_TREATMENT = "withdrawal_treatment", _("Withdrawal treatment")
    MEDICATION_ASSISTED = "medication_assisted", _("Medication-assisted treatment")
    SCREENING = "screening", _("Screening (AUDIT/DUDIT)")
    PSYCHIATRIC_CARE = "psychiatric_care", _("Psychiatric care")
    HOUSING_SUPPORT = "housing_support", _("Housing support")
    EMPLOYMENT_SUPPORT = "employment_support", _("Employment and occupation")
    RELATIVES_SUPPORT = "relatives_support", _("Support for relatives")
    GAMBLING_TREATMENT = "gambling_treatment", _("Gambling treatment")
    YOUTH_SUPPORT = "youth_support", _("Support for young people")
    PREGNANCY_SUPPORT = "pregnancy_support", _("Support during pregnancy")
    PEER_SUPPORT = "peer_support", _("Peer support")
    SIP_COORDINATION = "sip_coordination", _("SIP coordination")


class Service(models.Model):
    """One kind of help a unit offers. Rows mirror ServiceCode, so names translate."""

    code = models.CharField(_("code"), max_length=40, choices=ServiceCode.choices, unique=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.get_code_display())


class Unit(models.Model):
    """A verksamhet: the place where staff work and individuals are served."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    principal = models.ForeignKey(
        Principal, on_delete=models.PROTECT, related_name="units", verbose_name=_("principal")
    )
    # A stable code other systems know the unit by: the HSA-id for the region's units, the
    # municipality's own code otherwise. The API's `code`; unique, in capitals.
    code = models.CharField(
        _("code"),
        max_length=UNIT_CODE_MAX,
        unique=True,
        validators=[validate_unit_code],
        help_text=_("The HSA-id (e.g. SE2321000206-B123) or the municipality's own code: letters, digits and dashes."),
        error_messages={"unique": _("There is already a unit with this code.")},
    )
    name = models.CharField(_("name"), max_length=NAME_MAX)
    unit_type = models.CharField(_("type"), max_length=30, choices=UnitType.choices)
    description = models.TextField(_("description"), max_length=TEXT_MAX, blank=True)
    services = models.ManyToManyField(Service, blank=True, related_name="units", verbose_name=_("services"))
    street_address = models.CharField(_("street address"), max_length=NAME_MAX, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone])
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=500, blank=True)
    age_min = models.PositiveSmallIntegerField(_("youngest age served"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("oldest age served"), null=True, blank=True)
    serves_municipalities = models.ManyToManyField(
        Principal,
        blank=True,
        related_name="served_by_units",
        limit_choices_to={"kind": PrincipalKind.MUNICIPALITY},
        verbose_name=_("serves municipalities"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # What colleagues need to reach the unit, kept current by its manager (issue 12 §5).
    how_to_refer = models.TextField(
        _("how to refer"), max_length=TEXT_MAX, blank=True,
        help_text=_("How other units refer someone here: form, address, what to include."),
    )  # fmt: skip
    whom_to_call = models.CharField(
        _("whom to call"), max_length=500, blank=True,
        help_text=_("The function or line colleagues call, e.g. the duty social worker, and when."),
    )  # fmt: skip
    confirmed_at = models.DateTimeField(_("confirmed current"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("confirmed by"),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "principal",
                Lower("name"),
                name="unit_name_unique_per_principal_ci",
                violation_error_message=_("The principal already has a unit with this name."),
            ),
            # The form's rules, kept by the database for every other writer too.
            models.CheckConstraint(condition=Q(code__regex=UNIT_CODE_DB_REGEX), name="unit_code_format"),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True) | Q(age_max__isnull=True) | Q(age_min__lte=models.F("age_max")),
                name="unit_age_range_ordered",
            ),
            models.CheckConstraint(
                condition=(Q(age_min__isnull=True) | Q(age_min__lte=120))
                & (Q(age_max__isnull=True) | Q(age_max__lte=120)),
                name="unit_age_range_plausible",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("unit_detail", args=[self.uuid])

    def clean_fields(self, exclude: Any = None) -> None:
        # Before the field validators, so "se2321000206-b1" is checked (and kept) as the capitals it means.
        self.code = normalise_unit_code(self.code)
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        errors = {}
        for field in ("age_min", "age_max"):
            value = getattr(self, field)
            if value is not None and value > 120:
                errors[field] = _("Give an age between 0 and 120.")
        if not errors and self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors["age_max"] = _("The oldest age must not be lower than the youngest.")
        if self.postal_code and not (
            len(self.postal_code.replace(" ", "")) == 5
            and self.postal_code.replace(" ", "").isdigit()
            and self.postal_code.isascii()
        ):
            errors["postal_code"] = _("A postal code is five digits, e.g. 852 30.")
        if errors:
            raise ValidationError(errors)


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> "MembershipQuerySet":
        return self.filter(ended_at__isnull=True)


class Membership(models.Model):
    """A user's place in a unit, with one role there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            # One active place per unit; a changed role ends the old membership first.
            models.UniqueConstraint(
                fields=["user", "unit"],
                condition=Q(ended_at__isnull=True),
                name="membership_one_active_per_unit",
                violation_error_message=_("The person already works at this unit."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.unit} ({self.get_role_display()})"

    @property
    def role_enum(self) -> Role:
        return Role(self.role)


class CouncilKind(models.TextChoices):
    # Lokalt samråd: one per municipality, where the municipality and the region meet.
    LOCAL = "local", _("Local council")
    # Regionalt samråd: the county's municipalities and the region together.
    REGIONAL = "regional", _("Regional council")


class Council(models.Model):
    """A samråd where principals govern their collaboration; deficiencies and agreements go there."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=NAME_MAX)
    kind = models.CharField(_("kind"), max_length=20, choices=CouncilKind.choices)
    municipality = models.ForeignKey(
        Principal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="local_councils",
        limit_choices_to={"kind": PrincipalKind.MUNICIPALITY},
        verbose_name=_("municipality"),
        help_text=_("The municipality of a local council; empty for the regional council."),
    )
    principals = models.ManyToManyField(
        Principal, blank=True, related_name="councils", verbose_name=_("principals taking part")
    )
    contact_email = models.EmailField(_("contact e-mail"), max_length=254, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True, validators=[validate_phone])
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="council_name_unique_ci",
                violation_error_message=_("There is already a council with this name."),
            ),
            models.CheckConstraint(
                condition=(Q(kind=CouncilKind.LOCAL) & Q(municipality__isnull=False))
                | (Q(kind=CouncilKind.REGIONAL) & Q(municipality__isnull=True)),
                name="council_local_has_municipality",
                violation_error_message=_("A local council has a municipality; the regional council has none."),
            ),
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(kind=CouncilKind.LOCAL),
                name="council_one_local_per_municipality",
                violation_error_message=_("The municipality already has a local council."),
            ),
            # The county has one regional council.
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind=CouncilKind.REGIONAL),
                name="council_one_regional",
                violation_error_message=_("There is already a regional council."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == CouncilKind.LOCAL:
            if self.municipality_id is None:
                raise ValidationError({"municipality": _("A local council needs its municipality.")})
            if self.municipality.kind != PrincipalKind.MUNICIPALITY:  # type: ignore[union-attr]
                raise ValidationError({"municipality": _("Choose a municipality.")})
        elif self.kind == CouncilKind.REGIONAL and self.municipality_id is not None:
            raise ValidationError({"municipality": _("The regional council has no municipality; leave it empty.")})
