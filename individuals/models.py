import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from individuals.identity import IdentityKind, LegalSex
from organisations.models import Principal, PrincipalKind, Unit


class Individual(models.Model):
    """The person (brukare/patient). Identity number, names and contact details are encrypted;
    look-up goes through ``identity_hash`` (a keyed HMAC), and URLs carry only ``uuid``."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    identity_kind = models.CharField(_("kind of number"), max_length=20, choices=IdentityKind.choices)
    identity_number = EncryptedTextField(_("identity number"), max_length=20)
    identity_hash = models.CharField(max_length=64, unique=True, editable=False)
    first_name = EncryptedTextField(_("first name"), max_length=100)
    last_name = EncryptedTextField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    legal_sex = models.CharField(_("legal sex"), max_length=10, choices=LegalSex.choices, default=LegalSex.UNKNOWN)
    municipality = models.ForeignKey(
        Principal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": PrincipalKind.MUNICIPALITY},
        related_name="residents",
        verbose_name=_("municipality of residence"),
    )
    address = EncryptedTextField(_("address"), max_length=300, blank=True)
    phone = EncryptedTextField(_("phone"), max_length=30, blank=True)
    email = EncryptedTextField(_("e-mail"), max_length=254, blank=True)
    protected_identity = models.BooleanField(
        _("protected identity"),
        default=False,
        help_text=_("Sekretessmarkering or skyddad folkbokföring: contact details are shown only to named staff."),
    )
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    is_fictional = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("individual")
        verbose_name_plural = _("individuals")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self) -> str:
        return reverse("individual_detail", args=[self.uuid])

    @property
    def identity_display(self) -> str:
        n = self.identity_number
        return n if self.identity_kind == IdentityKind.RESERVNUMMER else f"{n[:8]}-{n[8:]}"


class PreviousIdentity(models.Model):
    """A number the individual had before (e.g. a samordningsnummer replaced by a personnummer)."""

    individual = models.ForeignKey(Individual, on_delete=models.CASCADE, related_name="previous_identities")
    identity_kind = models.CharField(max_length=20, choices=IdentityKind.choices)
    identity_number = EncryptedTextField(max_length=20)
    identity_hash = models.CharField(max_length=64, unique=True)
    replaced_at = models.DateTimeField(auto_now_add=True)


class RelativeKind(models.TextChoices):
    PARENT = "parent", _("Parent")
    PARTNER = "partner", _("Partner")
    CHILD = "child", _("Adult child")
    SIBLING = "sibling", _("Sibling")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    FRIEND = "friend", _("Friend or other close person")
    GUARDIAN = "guardian", _("Guardian")


class Relative(models.Model):
    """A närstående: someone close to the individual."""

    individual = models.ForeignKey(Individual, on_delete=models.CASCADE, related_name="relatives")
    name = EncryptedTextField(_("name"), max_length=200)
    relation = models.CharField(_("relation"), max_length=20, choices=RelativeKind.choices)
    phone = EncryptedTextField(_("phone"), max_length=30, blank=True)
    may_be_contacted = models.BooleanField(_("may be contacted"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # The unit that recorded it: a block on that unit hides it (access.policy, "What a grant opens").
    # Null only for rows recorded before units were kept: everyone's shared basics.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relation_display()})"


class Child(models.Model):
    """A child in the household, for the child perspective (SoL 14 kap 1 §)."""

    individual = models.ForeignKey(Individual, on_delete=models.CASCADE, related_name="children")
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    lives_with_individual = models.BooleanField(_("lives with the individual"), default=True)
    note = EncryptedTextField(_("note"), max_length=500, blank=True)
    # The unit that recorded it (see Relative.unit).
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(birth_year__gte=1990), name="child_birth_year_plausible"),
        ]


class ContactKind(models.TextChoices):
    INVESTIGATION = "investigation", _("Investigation")
    TREATMENT = "treatment", _("Treatment")
    SUPPORT = "support", _("Support")
    CARE = "care", _("Care")


class ActiveRelationQuerySet(models.QuerySet["ActiveRelation"]):
    def current(self) -> "ActiveRelationQuerySet":
        """Relations in force now. Closing ends one at once (``ended_at``), not at midnight;
        ``ended_on`` (the day, inclusive) still ends rows that have no time, such as imported ones."""
        today = timezone.localdate()
        return (
            self.filter(started_on__lte=today)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
            .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=timezone.now()))
        )


class ActiveRelation(models.Model):
    """Aktualitet: the individual is a current client or patient at the unit (PDL 4 kap 1 §)."""

    individual = models.ForeignKey(Individual, on_delete=models.PROTECT, related_name="relations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="relations")
    contact_kind = models.CharField(_("kind of contact"), max_length=20, choices=ContactKind.choices)
    started_on = models.DateField(_("from"), default=timezone.localdate)
    ended_on = models.DateField(_("to"), null=True, blank=True)
    # The moment the relation was closed: access ends then, not at the end of the day.
    ended_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ActiveRelationQuerySet.as_manager()

    class Meta:
        verbose_name = _("active relation")
        verbose_name_plural = _("active relations")
        constraints = [
            models.UniqueConstraint(
                fields=["individual", "unit"], condition=Q(ended_on__isnull=True), name="relation_one_open_per_unit"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="relation_end_after_start"
            ),
        ]
        indexes = [models.Index(fields=["unit", "ended_on"], name="relation_unit_open")]


class ConsentGiver(models.TextChoices):
    INDIVIDUAL = "individual", _("The individual")
    GUARDIAN = "guardian", _("Guardian")


class ConsentForm(models.TextChoices):
    ORAL = "oral", _("Oral")
    WRITTEN = "written", _("Written")
    DIGITAL = "digital", _("Digital")


class Consent(models.Model):
    """Samtycke: who agreed that which parties may do what, how, until when (OSL 12 kap 2 §)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    individual = models.ForeignKey(Individual, on_delete=models.PROTECT, related_name="consents")
    given_by = models.CharField(_("given by"), max_length=20, choices=ConsentGiver.choices)
    guardian_name = EncryptedTextField(_("guardian's name"), max_length=200, blank=True)
    for_sip = models.BooleanField(_("to establish a coordinated individual plan (SIP)"), default=False)
    for_sharing = models.BooleanField(_("to share information between the parties"), default=False)
    for_relatives = models.BooleanField(_("to let the named relatives take part"), default=False)
    parties = models.ManyToManyField(Unit, related_name="consents", verbose_name=_("parties"))
    relatives = models.ManyToManyField(Relative, blank=True, related_name="consents", verbose_name=_("relatives"))
    form = models.CharField(_("how it was given"), max_length=10, choices=ConsentForm.choices)
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The unit that recorded it (see Relative.unit); not necessarily one of the parties.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="consent_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(for_sip=True) | Q(for_sharing=True) | Q(for_relatives=True),
                name="consent_has_purpose",
            ),
        ]

    def is_in_force(self) -> bool:
        today = timezone.localdate()
        return (
            self.withdrawn_at is None
            and self.valid_from <= today
            and (self.valid_until is None or self.valid_until >= today)
        )


class Merge(models.Model):
    """Two records found to be the same person, merged by a unit manager: what moved, and the
    survivor's values before, so that the merge can be undone for a period (settings.MERGE_UNDO_DAYS)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    survivor = models.ForeignKey(Individual, on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey(Individual, on_delete=models.PROTECT, related_name="+")
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    # {model label: [ids moved from the merged record to the survivor], ...} and the like: ids only.
    moved = models.JSONField(default=dict)
    # The survivor's fields before the merge, as JSON: personal data, so encrypted.
    survivor_before = EncryptedTextField()
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("merge of records")
        verbose_name_plural = _("merges of records")
        constraints = [
            models.CheckConstraint(condition=~Q(survivor=F("merged")), name="merge_two_records"),
            models.UniqueConstraint(fields=["merged"], condition=Q(undone_at__isnull=True), name="merge_once"),
        ]
