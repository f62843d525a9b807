import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from individuals.models import Individual
from organisations.models import Unit

EMERGENCY_ACCESS_DURATION = datetime.timedelta(hours=4)


class EmergencyReason(models.TextChoices):
    LIFE_OR_HEALTH = "life_or_health", _("Serious risk to life or health")
    UNCONSCIOUS = "unconscious", _("The individual cannot give consent (e.g. unconscious)")
    ACUTE_CARE = "acute_care", _("Acute care needs information now")
    OTHER = "other", _("Other serious emergency")


class EmergencyAccess(models.Model):
    """Nödåtkomst: one user, one individual, four hours, a stated reason; flagged for review."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    individual = models.ForeignKey(Individual, on_delete=models.PROTECT, related_name="emergency_accesses")
    reason = models.CharField(_("reason"), max_length=20, choices=EmergencyReason.choices)
    explanation = EncryptedTextField(_("explanation"), max_length=1000)
    started_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=F("started_at")), name="emergency_expires_after_start")
        ]


class ProtectedIdentityAccess(models.Model):
    """Named staff who may see a protected individual's address and contact details."""

    individual = models.ForeignKey(Individual, on_delete=models.CASCADE, related_name="protected_access")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["individual", "user"], name="protected_access_once")]


class Block(models.Model):
    """Spärr: what a unit holds about the individual is hidden from other units; they see only that it exists."""

    individual = models.ForeignKey(Individual, on_delete=models.CASCADE, related_name="blocks")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("blocked unit"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["individual", "unit"], condition=Q(lifted_at__isnull=True), name="block_one_active"
            )
        ]


class SecrecyAssessment(models.Model):
    """A recorded secrecy assessment (sekretessprövning), required before a protected individual's data leaves."""

    individual = models.ForeignKey(Individual, on_delete=models.PROTECT, related_name="secrecy_assessments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=50)
    disclosure_allowed = models.BooleanField(_("may be disclosed"))
    reasoning = EncryptedTextField(_("reasoning"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)


class DisclosureGround(models.TextChoices):
    """Exceptions from secrecy without consent; each is a decision of its own (security.md)."""

    NECESSARY = "osl_10_2", _("Necessary to carry out the unit's own task (OSL 10 kap 2 §)")
    LEGAL_DUTY = "osl_10_28", _("Duty to disclose by law or ordinance (OSL 10 kap 28 §)")
    EXPECTED_CHILD = "osl_25_12", _("To protect an expected child (OSL 25 kap 12 §, 26 kap 9 §)")
    CHILD_CONCERN = "sol_14_1", _("Report of concern about a child (SoL 14 kap 1 §)")


class DisclosureDecision(models.Model):
    """A recorded decision to disclose without consent, with its own assessment and legal ground."""

    individual = models.ForeignKey(Individual, on_delete=models.PROTECT, related_name="disclosures")
    legal_ground = models.CharField(_("legal ground"), max_length=20, choices=DisclosureGround.choices)
    recipient = EncryptedTextField(_("recipient"), max_length=200)
    assessment = EncryptedTextField(_("assessment"), max_length=2000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
